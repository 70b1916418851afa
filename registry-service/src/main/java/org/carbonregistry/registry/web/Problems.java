package org.carbonregistry.registry.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;

/** RFC 9457 problem documents: for failures nothing else handled, and written outside Spring MVC (by filters). */
@Component
public class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper objectMapper;

    Problems(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail)));
    }

    void write(HttpServletResponse response, ResponseEntity<ProblemDetail> problem) throws IOException {
        response.setStatus(problem.getStatusCode().value());
        problem.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem.getBody());
    }

    /**
     * A failure no rule or handler foresaw: a database that timed out on a lock or had no connection to give is
     * busy, not broken, and the transaction was rolled back, so the client may send the same request again
     * (503); the rest is ours (500). Either way the client gets a problem and the log the stack trace.
     */
    ResponseEntity<ProblemDetail> failure(Throwable failure) {
        if (TransientFailures.isTransient(failure)) {
            log.warn("request refused as the database was busy: {}", failure.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                            "the registry's database is busy and nothing was changed; retry the request"
                                    + " (with the same " + IdempotentRequest.HEADER + " if you sent one)"));
        }
        log.error("request failed", failure);
        return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "the registry could not handle this request ("
                        + failure.getClass().getSimpleName() + "); it has been logged"));
    }
}
