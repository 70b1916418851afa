package org.carbonregistry.ledger.proof;

import java.util.OptionalInt;
import org.springframework.http.HttpStatus;

/** A request the ledger cannot answer as asked, turned into an RFC 9457 problem by {@link ProblemHandling}. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String title;
    private final Integer retryAfterSeconds;

    ProblemException(HttpStatus status, String title, String detail, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException notFound(String title, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, title, detail, null);
    }

    /** Not there yet, but expected soon: a 404 with {@code Retry-After}. */
    public static ProblemException notYet(String title, String detail, int retryAfterSeconds) {
        return new ProblemException(HttpStatus.NOT_FOUND, title, detail, retryAfterSeconds);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "Invalid request", detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    }
}
