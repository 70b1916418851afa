package org.carbonregistry.ledger.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.StdBase64;

/** Strict reading and writing of the proof documents' JSON. */
final class ProofJson {

    // Duplicate keys are refused: with them, two readers could see two different documents.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ProofJson() {
    }

    static ObjectNode readObject(byte[] json, String what) throws ProofDocumentException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ProofDocumentException(what + " is not valid JSON: " + firstLine(e));
        }
        if (node == null || !node.isObject()) {
            throw new ProofDocumentException(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static String text(ObjectNode object, String field) throws ProofDocumentException {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProofDocumentException("field \"" + field + "\" must be a string");
        }
        return node.textValue();
    }

    /** A string field that may be absent or null (then null). */
    static String optionalText(ObjectNode object, String field) throws ProofDocumentException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProofDocumentException("field \"" + field + "\" must be a string when present");
        }
        return node.textValue();
    }

    static long nonNegativeLong(ObjectNode object, String field) throws ProofDocumentException {
        JsonNode node = object.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new ProofDocumentException("field \"" + field + "\" must be a non-negative integer");
        }
        return node.longValue();
    }

    static byte[] base64(ObjectNode object, String field) throws ProofDocumentException {
        String text = text(object, field);
        return StdBase64.decode(text)
                .orElseThrow(() -> new ProofDocumentException("field \"" + field + "\" is not standard base64"));
    }

    static List<byte[]> base64List(ObjectNode object, String field) throws ProofDocumentException {
        JsonNode node = object.get(field);
        if (node == null || !node.isArray()) {
            throw new ProofDocumentException("field \"" + field + "\" must be an array of base64 strings");
        }
        List<byte[]> hashes = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            int index = i;
            if (!element.isTextual()) {
                throw new ProofDocumentException(field + "[" + i + "] must be a base64 string");
            }
            hashes.add(StdBase64.decode(element.textValue())
                    .orElseThrow(() -> new ProofDocumentException(field + "[" + index + "] is not standard base64")));
        }
        return List.copyOf(hashes);
    }

    static void putBase64List(ObjectNode object, String field, List<byte[]> hashes) {
        var array = object.putArray(field);
        hashes.forEach(hash -> array.add(StdBase64.encode(hash)));
    }

    static String write(ObjectNode object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
