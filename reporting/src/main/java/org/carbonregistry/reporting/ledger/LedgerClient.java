package org.carbonregistry.reporting.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Asks the ledger-anchor service ({@code GET <LEDGER_URL>/api/proofs/inclusion?eventId=E}) where an event sits in
 * the log, and checks the answer before a certificate cites it: the leaf must be the event as reporting received it,
 * and the audit path must lead to the checkpoint's root. Never throws: an unreachable ledger or an event not yet
 * anchored is an answer like any other.
 */
public class LedgerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public LedgerClient(URI ledgerUrl, Duration timeout) {
        String url = ledgerUrl.toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Where anyone can fetch the event's inclusion proof; what the certificate's QR code encodes. */
    public URI proofUrl(UUID eventId) {
        return URI.create(proofUrlText(eventId));
    }

    /** {@link #proofUrl} as text, without parsing it again (reports write one per row). */
    public String proofUrlText(UUID eventId) {
        return baseUrl + "/api/proofs/inclusion?eventId=" + eventId;
    }

    /**
     * @param expectedLeafHash base64 SHA-256(0x00 || canonical envelope) of the event as reporting received it
     */
    public LedgerAnswer inclusion(UUID eventId, String expectedLeafHash) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(proofUrl(eventId)).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new LedgerAnswer.Unreachable("the ledger at " + baseUrl + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LedgerAnswer.Unreachable("interrupted while asking the ledger");
        }
        if (response.statusCode() == 404) {
            return new LedgerAnswer.NotYetAnchored(response.headers().firstValue("Retry-After").orElse(null));
        }
        if (response.statusCode() != 200) {
            return new LedgerAnswer.Unreachable("the ledger answered HTTP " + response.statusCode());
        }
        try {
            return check(eventId, expectedLeafHash, JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return new LedgerAnswer.Unverified("the ledger's answer is not a valid inclusion proof: " + e.getMessage());
        }
    }

    static LedgerAnswer check(UUID eventId, String expectedLeafHash, JsonNode proof) {
        if (!eventId.toString().equals(proof.path("eventId").asText())) {
            return new LedgerAnswer.Unverified("the ledger answered for event " + proof.path("eventId").asText());
        }
        long leafIndex = requiredLong(proof, "leafIndex");
        long treeSize = requiredLong(proof, "treeSize");
        byte[] leafHash = Base64.getDecoder().decode(proof.path("leafHash").asText());
        if (expectedLeafHash != null && !MessageDigest.isEqual(leafHash, Base64.getDecoder().decode(expectedLeafHash))) {
            return new LedgerAnswer.Unverified("the ledger's leaf is not the event as reporting received it");
        }
        if (proof.hasNonNull("envelope")) {
            byte[] envelope = Base64.getDecoder().decode(proof.get("envelope").asText());
            if (!MessageDigest.isEqual(InclusionProof.leafHash(envelope), leafHash)) {
                return new LedgerAnswer.Unverified("the ledger's leaf hash does not match its envelope");
            }
        }
        List<byte[]> path = new ArrayList<>();
        proof.path("auditPath").forEach(node -> path.add(Base64.getDecoder().decode(node.asText())));
        Checkpoint checkpoint = Checkpoint.parse(proof.path("checkpoint").asText(null));
        if (checkpoint.treeSize() != treeSize) {
            return new LedgerAnswer.Unverified("the proof is for tree size " + treeSize + " but the checkpoint is for "
                    + checkpoint.treeSize());
        }
        if (!InclusionProof.verify(leafIndex, treeSize, leafHash, path, Base64.getDecoder().decode(checkpoint.rootHash()))) {
            return new LedgerAnswer.Unverified("the audit path does not lead to the checkpoint's root");
        }
        return new LedgerAnswer.Anchored(leafIndex, treeSize, checkpoint.rootHash(), checkpoint.origin(),
                proof.path("checkpoint").asText());
    }

    private static long requiredLong(JsonNode proof, String field) {
        JsonNode value = proof.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is missing or not a number");
        }
        return value.asLong();
    }
}
