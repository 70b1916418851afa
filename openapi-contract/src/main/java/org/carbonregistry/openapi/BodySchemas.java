package org.carbonregistry.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bodies checked against the schemas of an OpenAPI 3.1 document by networknt's JSON Schema validator, in the
 * document's dialect (JSON Schema 2020-12). Each schema is the document itself with a {@code $ref} to the schema's
 * place in it, so the {@code #/components/schemas/...} references inside resolve as they do for any client.
 */
final class BodySchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT_URI = "https://openapi-contract.invalid/openapi.json";

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    BodySchemas(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with {@code body} under the schema at {@code pointer} (a JSON pointer into the document). */
    List<String> errors(String pointer, String body) {
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        return schemas.computeIfAbsent(pointer, this::schema).validate(instance).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
    }

    private Schema schema(String pointer) {
        ObjectNode root = document.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#" + pointer);
        return registry.getSchema(SchemaLocation.of(DOCUMENT_URI), root);
    }
}
