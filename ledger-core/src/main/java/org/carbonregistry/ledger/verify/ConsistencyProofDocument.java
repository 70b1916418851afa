package org.carbonregistry.ledger.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The consistency proof document served by {@code GET /api/proofs/consistency} and read by
 * {@code verify-consistency}: {@code {"from","to","path":[base64...]}}.
 */
public record ConsistencyProofDocument(long from, long to, List<byte[]> path) {

    public ConsistencyProofDocument {
        path = path.stream().map(byte[]::clone).toList();
    }

    public static ConsistencyProofDocument parse(byte[] json) throws ProofDocumentException {
        ObjectNode object = ProofJson.readObject(json, "consistency proof");
        return new ConsistencyProofDocument(
                ProofJson.nonNegativeLong(object, "from"),
                ProofJson.nonNegativeLong(object, "to"),
                ProofJson.base64List(object, "path"));
    }

    public String toJson() {
        ObjectNode object = ProofJson.MAPPER.createObjectNode();
        object.put("from", from);
        object.put("to", to);
        ProofJson.putBase64List(object, "path", path);
        return ProofJson.write(object);
    }

    @Override
    public List<byte[]> path() {
        return path.stream().map(byte[]::clone).toList();
    }
}
