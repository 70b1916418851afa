package org.carbonregistry.access;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problems whose {@code detail} says what to change. Spring MVC writes them as application/problem+json. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    public static ErrorResponseException unauthorized(String detail) {
        ErrorResponseException problem = problem(HttpStatus.UNAUTHORIZED, detail);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return problem;
    }

    public static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, detail);
    }

    public static ErrorResponseException unavailable(String detail) {
        ErrorResponseException problem = problem(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return problem;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
