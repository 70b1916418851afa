package org.carbonregistry.registry.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Outermost filter: a failure in a filter (looking up the caller's API key, say) never reaches the controller
 * advice, and would leave as the servlet container's error page; it leaves as a problem too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FailuresAsProblems extends OncePerRequestFilter {

    private final Problems problems;

    FailuresAsProblems(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException failure) {
            if (response.isCommitted()) {
                throw failure;
            }
            Throwable cause = failure instanceof ServletException servlet && servlet.getRootCause() != null
                    ? servlet.getRootCause() : failure;
            response.reset();
            problems.write(response, problems.failure(cause));
        }
    }
}
