package org.carbonregistry.registry.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailuresAsProblemsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final FailuresAsProblems filter = new FailuresAsProblems(new Problems(json));

    @Test
    void aDatabaseWithoutAFreeConnectionInAFilterIsA503WithRetryAfter() throws Exception {
        MockHttpServletResponse response = run((request, reply) -> {
            throw new CannotCreateTransactionException("no connection", new SQLTransientConnectionException("timeout"));
        });
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.getContentAsString()).get("detail").asText())
                .contains("nothing was changed").contains("Idempotency-Key");
    }

    @Test
    void anyOtherFailureIsA500ProblemNamingItsKind() throws Exception {
        MockHttpServletResponse response = run((request, reply) -> {
            throw new ServletException("wrapped", new IllegalStateException("broken"));
        });
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.getContentAsString()).get("detail").asText()).contains("IllegalStateException");
    }

    @Test
    void aResponseAlreadyUnderWayIsLeftAlone() {
        assertThatThrownBy(() -> run((request, reply) -> {
            reply.getWriter().write("partial");
            reply.flushBuffer();
            throw new IllegalStateException("late");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSuccessfulRequestPassesUntouched() throws Exception {
        MockHttpServletResponse response = run((request, reply) -> ((jakarta.servlet.http.HttpServletResponse) reply).setStatus(201));
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEmpty();
    }

    private MockHttpServletResponse run(jakarta.servlet.FilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/batches"), response, chain);
        return response;
    }
}
