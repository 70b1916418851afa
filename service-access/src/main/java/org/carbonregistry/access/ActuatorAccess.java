package org.carbonregistry.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * Who sees what of {@code /actuator}: the health status (and the liveness and readiness probes) is public; its
 * details, metrics, Prometheus scrapes and every other actuator endpoint need an administrator's or auditor's key
 * (401 without one, 403 with another role, 503 while the registry cannot be asked; all problem+json). The services
 * that use it have no Spring Security: this filter checks the key with the registry and puts the caller's role on
 * the request, where the actuator's {@code show-details: when-authorized} looks for it ({@code isUserInRole}).
 * Declared as a bean it is registered for every path by Spring Boot; it acts only on {@code /actuator}.
 */
public class ActuatorAccess extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient AccessPolicy access;

    public ActuatorAccess(AccessPolicy access) {
        this.access = access;
    }

    private static boolean isActuator(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    /**
     * The path as the container maps it: decoded and normalized. Not {@code getRequestURI()}, which is raw: a
     * request for {@code /actuator/health/../prometheus} would pass as health and be served as the scrape.
     */
    private static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        if (!isActuator(path)) {
            chain.doFilter(request, response);
            return;
        }
        boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        Optional<Caller> caller;
        try {
            caller = health ? access.caller(request.getHeader(HttpHeaders.AUTHORIZATION))
                    : Optional.of(access.requireReadsEverything(request.getHeader(HttpHeaders.AUTHORIZATION),
                    "the actuator's " + (path.equals("/actuator") ? "index" : path.substring("/actuator".length())) + " endpoint"));
        } catch (ErrorResponseException refused) {
            writeProblem(response, refused);
            return;
        }
        chain.doFilter(caller.<HttpServletRequest>map(c -> new CallerRequest(request, c)).orElse(request), response);
    }

    private static void writeProblem(HttpServletResponse response, ErrorResponseException refused) throws IOException {
        ProblemDetail problem = refused.getBody();
        response.setStatus(problem.getStatus());
        refused.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }

    /** The request as the actuator sees it: a principal named after the key's account, in the key's role. */
    private static final class CallerRequest extends HttpServletRequestWrapper {
        private final Caller caller;

        CallerRequest(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller::accountId;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().name().equals(role);
        }
    }
}
