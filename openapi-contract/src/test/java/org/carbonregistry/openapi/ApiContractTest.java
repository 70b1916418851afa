package org.carbonregistry.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checker must not pass what breaks the document: a real HTTP server on 127.0.0.1 serves a small OpenAPI 3.1
 * document and answers, right and wrong, and each wrong answer must fail. (swagger-request-validator 2.x alone passes
 * every body of a 3.1 document: this is the test that would have caught it.)
 */
class ApiContractTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "components": {
               "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
               "schemas": {
                 "Thing": {"type": "object", "properties": {"id": {"type": "string"}, "count": {"type": "integer"},
                           "note": {"type": ["string", "null"]}}},
                 "Problem": {"type": "object", "properties": {"status": {"type": "integer"}}}}},
             "paths": {
               "/things/{id}": {"get": {
                 "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                 "responses": {
                   "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                   "default": {"description": "problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
               "/secrets": {"get": {"security": [{"bearer": []}],
                 "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}},
                   "401": {"description": "no key", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
               "/open": {"get": {
                 "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}},
                   "default": {"description": "problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}}}
            """;

    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v3/api-docs", exchange -> answer(exchange, 200, "application/json", DOCUMENT));
        server.createContext("/things/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/things/".length());
            switch (id) {
                case "good" -> answer(exchange, 200, "application/json", "{\"id\": \"good\", \"count\": 2, \"note\": null}");
                case "badtype" -> answer(exchange, 200, "application/json", "{\"id\": \"x\", \"count\": \"two\"}");
                case "notobject" -> answer(exchange, 200, "application/json", "[1, 2]");
                case "plain" -> answer(exchange, 200, "text/plain", "good");
                default -> answer(exchange, 404, "application/problem+json", "{\"status\": 404}");
            }
        });
        server.createContext("/secrets", exchange -> {
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                answer(exchange, 200, "text/plain", "s");
            } else {
                answer(exchange, 401, "application/problem+json", "{\"status\": 401}");
            }
        });
        server.createContext("/open", exchange -> answer(exchange, 401, "application/problem+json", "{\"status\": 401}"));
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void answersAsDocumentedPassAndEveryOperationCountsOnceExercised() {
        ApiContract api = ApiContract.served(baseUrl);
        api.get("/things/good", null).expect(200);
        api.get("/things/missing", null).expect(404);
        api.get("/secrets", "a-key").expect(200);
        api.get("/secrets", null).expect(401);

        assertThatThrownBy(api::assertEveryOperationExercised)
                .hasMessageContaining("GET /open: no successful answer exercised");
    }

    @Test
    void aBodyOfTheWrongShapeFails() {
        ApiContract api = ApiContract.served(baseUrl);
        assertThatThrownBy(() -> api.get("/things/badtype", null)).hasMessageContaining("/count");
        assertThatThrownBy(() -> api.get("/things/notobject", null)).hasMessageContaining("response body");
    }

    @Test
    void anUndocumentedMediaTypeFails() {
        ApiContract api = ApiContract.served(baseUrl);
        assertThatThrownBy(() -> api.get("/things/plain", null)).hasMessageContaining("contentType");
    }

    @Test
    void a401FromAnOperationThatDeclaresNoSecurityFails() {
        ApiContract api = ApiContract.served(baseUrl);
        assertThatThrownBy(() -> api.send("GET", "/open", null, null, null, Map.of()))
                .hasMessageContaining("declares no security");
    }

    @Test
    void aPathTheDocumentDoesNotListFails() {
        ApiContract api = ApiContract.served(baseUrl);
        assertThatThrownBy(() -> api.get("/nowhere", null)).hasMessageContaining("is not in the served document");
        assertThat(api.document().path("openapi").asText()).isEqualTo("3.1.0");
    }
}
