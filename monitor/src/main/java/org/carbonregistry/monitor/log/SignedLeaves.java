package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.client.LogClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry's signatures on leaves: the tiles carry only the canonical envelopes, so the signatures Kafka carried
 * beside them come from the ledger's {@code /api/leaves}, one page per entry bundle.
 */
public final class SignedLeaves {

    private final LogClient log;

    public SignedLeaves(LogClient log) {
        this.log = log;
    }

    /** Leaves {@code [start, end)} with their signatures (null for leaves logged before the registry signed). */
    public List<SignedEnvelope> range(long start, long end) {
        JsonNode page = log.json("/api/leaves?start=" + start + "&end=" + end);
        List<SignedEnvelope> leaves = new ArrayList<>((int) (end - start));
        for (JsonNode leaf : page.path("leaves")) {
            long index = leaf.path("leafIndex").asLong(-1);
            if (index != start + leaves.size()) {
                throw new LogClient.Unreachable("/api/leaves?start=" + start + " returned leaf " + index
                        + " where leaf " + (start + leaves.size()) + " belongs");
            }
            byte[] envelope = StdBase64.decode(leaf.path("envelope").asText())
                    .orElseThrow(() -> new LogClient.Unreachable("leaf " + index + " has an envelope that is not base64"));
            leaves.add(new SignedEnvelope(envelope, textOrNull(leaf.get("registrySignature")),
                    textOrNull(leaf.get("registryKeyId"))));
        }
        if (leaves.size() != end - start) {
            throw new LogClient.Unreachable("/api/leaves?start=" + start + "&end=" + end + " returned "
                    + leaves.size() + " leaves");
        }
        return leaves;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
