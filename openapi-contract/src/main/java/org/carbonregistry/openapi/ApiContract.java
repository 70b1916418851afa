package org.carbonregistry.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's served OpenAPI document as a contract: every exchange sent through {@link #send} is real HTTP, and its
 * request and response are checked against the document by Atlassian's swagger-request-validator (nobody here wrote
 * it). Each exchange is recorded under the document's operation, so that {@link #assertEveryOperationExercised()}
 * fails for an operation the test never called, and for one that can be refused but was never seen refused: a new
 * endpoint cannot slip by undocumented or untested.
 */
public final class ApiContract {

    public static final String DOCUMENT_PATH = "/v3/api-docs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final String baseUrl;
    private final JsonNode document;
    private final OpenApiInteractionValidator validator;
    private final BodySchemas bodies;
    /** "METHOD /template" to the statuses seen. */
    private final Map<String, Set<Integer>> exercised = new TreeMap<>();

    private ApiContract(String baseUrl, JsonNode document, String text) {
        this.baseUrl = baseUrl;
        this.document = document;
        // swagger-request-validator 2.x reads schemas as OpenAPI 3.0 (JSON Schema draft 4): given 3.1 schemas it passes
        // every body unchecked and misreads parameter schemas. So it judges operations, statuses, media types, required
        // parameters and security, and BodySchemas judges bodies in the 3.1 dialect, JSON Schema 2020-12.
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.parameter.schema", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.body.schema", ValidationReport.Level.IGNORE)
                        .withLevel("validation.response.body.schema", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        this.bodies = new BodySchemas(document);
    }

    /** Fetches the document from the running service, without a key, as any client would. */
    public static ApiContract served(String baseUrl) {
        Exchange docs = raw(baseUrl, "GET", DOCUMENT_PATH, null, null, null, Map.of());
        if (docs.status() != 200) {
            throw new AssertionError("GET " + DOCUMENT_PATH + " without a key answered " + docs.status() + ": " + docs.body());
        }
        JsonNode document = docs.json();
        if (!document.path("openapi").asText().startsWith("3.1.")) {
            throw new AssertionError("the served document is OpenAPI " + document.path("openapi").asText() + ", not 3.1");
        }
        return new ApiContract(baseUrl, document, docs.body());
    }

    public JsonNode document() {
        return document;
    }

    /** Keeps the document as served (e.g. under target/), for reading it after a failure. */
    public ApiContract saveTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, document.toPrettyString());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer as received. */
    public record Exchange(int status, String contentType, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + ", " + contentType + "): " + body, e);
            }
        }

        public Exchange expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public Exchange get(String path, String key) {
        return send("GET", path, key, null, null, Map.of());
    }

    public Exchange post(String path, String key, Object jsonBody) {
        return send("POST", path, key, "application/json", jsonBody == null ? null : write(jsonBody), Map.of());
    }

    public Exchange delete(String path, String key) {
        return send("DELETE", path, key, null, null, Map.of());
    }

    /**
     * Sends the request and checks it and its answer against the document; an answer the document does not describe
     * (status, media type, body, headers), or a 401 from an operation that declares no security, fails the test.
     */
    public Exchange send(String method, String pathAndQuery, String key, String contentType, String body,
                         Map<String, String> headers) {
        Exchange answer = raw(baseUrl, method, pathAndQuery, key, contentType, body, headers);
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String operation = method.toUpperCase(Locale.ROOT) + " " + template(method, path).orElseThrow(() ->
                new AssertionError(method + " " + path + " (HTTP " + answer.status() + ") is not in the served document"));

        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), path);
        query(pathAndQuery).forEach((name, values) -> request.withQueryParam(name, values));
        if (key != null) {
            request.withAuthorization("Bearer " + key);
        }
        if (contentType != null) {
            request.withContentType(contentType);
        }
        headers.forEach(request::withHeader);
        if (body != null) {
            request.withBody(body);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
        answer.headers().forEach((name, values) -> response.withHeader(name, values));
        if (!answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        // A refusal is often the answer to a request that breaks the document (no key, a bad body): then only the
        // answer has to be as documented. A success must be both.
        boolean refused = answer.status() >= 400;
        String template = operation.substring(operation.indexOf(' ') + 1);
        List<String> errors = new ArrayList<>(validator.validate(request.build(), response.build()).getMessages()
                .stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(refused && m.getKey().startsWith("validation.request.")))
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList());
        responseSchema(method, template, answer).ifPresent(pointer -> errors.addAll(
                bodies.errors(pointer, answer.body()).stream().map(e -> "response body: " + e).toList()));
        if (!refused && body != null && contentType != null && contentType.contains("json")) {
            mediaType(operationPointer(method, template) + "/requestBody/content", contentType)
                    .ifPresent(pointer -> errors.addAll(bodies.errors(pointer, body).stream()
                            .map(e -> "request body: " + e).toList()));
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(operation + " answered " + answer.status() + " (" + answer.contentType() + ") "
                    + answer.body() + "\nnot as the served document says:\n  " + String.join("\n  ", errors));
        }
        if (answer.status() == 401 && !declaresSecurity(method, operation.substring(operation.indexOf(' ') + 1))) {
            throw new AssertionError(operation + " asks for a key (401) but its document declares no security");
        }
        exercised.computeIfAbsent(operation, o -> new TreeSet<>()).add(answer.status());
        return answer;
    }

    /**
     * Every operation of the document was answered with success at least once, and, where it can be refused (it
     * has parameters, a request body or security), with a 4xx at least once.
     */
    public void assertEveryOperationExercised() {
        List<String> missing = new ArrayList<>();
        operations().forEach((operation, spec) -> {
            Set<Integer> statuses = exercised.getOrDefault(operation, Set.of());
            if (statuses.stream().noneMatch(s -> s >= 200 && s < 300)) {
                missing.add(operation + ": no successful answer exercised (seen " + statuses + ")");
            }
            boolean refusable = spec.has("parameters") || spec.has("requestBody") || spec.has("security");
            if (refusable && statuses.stream().noneMatch(s -> s >= 400 && s < 500)) {
                missing.add(operation + ": can be refused, but no refusal exercised (seen " + statuses + ")");
            }
        });
        if (!missing.isEmpty()) {
            throw new AssertionError("operations of the served document this test did not exercise:\n  "
                    + String.join("\n  ", missing));
        }
    }

    /** "METHOD /template" to the operation object, for every operation in the document. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return operations;
    }

    private static String operationPointer(String method, String template) {
        return "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    }

    /** The JSON pointer of the documented schema of this answer's body, if it is JSON and one is documented. */
    private Optional<String> responseSchema(String method, String template, Exchange answer) {
        if (answer.contentType() == null || !answer.contentType().contains("json") || answer.body().isEmpty()) {
            return Optional.empty();
        }
        String responses = operationPointer(method, template) + "/responses";
        String status = document.at(responses).has(Integer.toString(answer.status()))
                ? Integer.toString(answer.status()) : "default";
        return mediaType(responses + "/" + status + "/content", answer.contentType());
    }

    /** The pointer to the schema for {@code contentType} (its parameters ignored) among the media types at {@code content}. */
    private Optional<String> mediaType(String content, String contentType) {
        String bare = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode types = document.at(content);
        String key = types.has(bare) ? bare : types.has("*/*") ? "*/*" : null;
        if (key == null || !types.path(key).has("schema")) {
            return Optional.empty();
        }
        return Optional.of(content + "/" + escape(key) + "/schema");
    }

    /** RFC 6901. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private boolean declaresSecurity(String method, String template) {
        JsonNode security = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT)).path("security");
        return security.isArray() && !security.isEmpty();
    }

    /** The document's path template that serves {@code path} for {@code method}; literal segments win over variables. */
    private Optional<String> template(String method, String path) {
        List<String> matches = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(entry -> {
            if (entry.getValue().has(method.toLowerCase(Locale.ROOT)) && matches(entry.getKey(), path)) {
                matches.add(entry.getKey());
            }
        });
        return matches.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
    }

    private static boolean matches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean variable = expected[i].startsWith("{") && expected[i].endsWith("}") && !actual[i].isEmpty();
            if (!variable && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> query(String pathAndQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int at = pathAndQuery.indexOf('?');
        if (at < 0) {
            return query;
        }
        for (String pair : pathAndQuery.substring(at + 1).split("&")) {
            String[] nameValue = pair.split("=", 2);
            query.computeIfAbsent(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8), n -> new ArrayList<>())
                    .add(nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static Exchange raw(String baseUrl, String method, String pathAndQuery, String key, String contentType,
                                String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
