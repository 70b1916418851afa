package org.carbonregistry.reporting.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An HTTP server on 127.0.0.1 that answers {@code GET /api/proofs/inclusion?eventId=E} and {@code GET /api/public-key}
 * exactly as the ledger-anchor contract says, with real RFC 9162 proofs (ledger-core's Merkle code) over the
 * envelopes it has been given and checkpoints signed with its key: 200 with the proof for an anchored event, 404 with
 * Retry-After for any other. {@link #signCheckpointsWith} plays a ledger whose checkpoints someone else signed.
 */
public final class LedgerContractServer implements AutoCloseable {

    public static final String ORIGIN = "ledger.carbonregistry.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<UUID> eventIds = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile UnaryOperator<ObjectNode> tamper = UnaryOperator.identity();
    private final NoteSigner key = TestKeys.newLedgerSigner(ORIGIN);
    private volatile NoteSigner checkpointSigner = key;

    public LedgerContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/proofs/inclusion", this::inclusion);
        server.createContext("/api/public-key", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            send(exchange, 200, key.verifierKey() + "\n");
        });
        server.start();
    }

    /** The note verifier key it serves at {@code /api/public-key}, as {@code LEDGER_PUBLIC_KEY} would name it. */
    public String publicKey() {
        return key.verifierKey();
    }

    /** Signs the checkpoints of later proofs with another key, while still serving its own public key. */
    public void signCheckpointsWith(NoteSigner signer) {
        this.checkpointSigner = signer;
    }

    /** Back to its own key. */
    public void signCheckpointsWithOwnKey() {
        this.checkpointSigner = key;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Appends an envelope (its canonical bytes) as the next leaf; returns its leaf index. */
    public synchronized int anchor(byte[] canonicalEnvelope) {
        leaves.add(canonicalEnvelope.clone());
        eventIds.add(EventEnvelope.fromCanonicalBytes(canonicalEnvelope).eventId());
        return leaves.size() - 1;
    }

    /** Changes every proof before it is sent, to play a ledger that lies or is broken. */
    public void tamper(UnaryOperator<ObjectNode> change) {
        this.tamper = change;
    }

    public int requests() {
        return requests.get();
    }

    private void inclusion(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        String eventId = query != null && query.startsWith("eventId=") ? query.substring("eventId=".length()) : "";
        ObjectNode proof = proofFor(eventId);
        if (proof == null) {
            exchange.getResponseHeaders().set("Retry-After", "3");
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            send(exchange, 404, "{\"status\":404,\"detail\":\"event " + eventId + " is not anchored yet\"}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, JSON.writeValueAsString(tamper.apply(proof)));
    }

    private synchronized ObjectNode proofFor(String eventId) {
        int index = -1;
        for (int i = 0; i < eventIds.size(); i++) {
            if (eventIds.get(i).toString().equals(eventId)) {
                index = i;
            }
        }
        if (index < 0) {
            return null;
        }
        List<byte[]> leafHashes = leaves.stream().map(MerkleHash::leafHash).toList();
        InMemoryNodeStore nodes = new InMemoryNodeStore();
        nodes.write(CompactRange.empty().append(leafHashes).newNodes());
        Proofs proofs = new Proofs(nodes);
        long size = leaves.size();
        ObjectNode proof = JSON.createObjectNode();
        proof.put("eventId", eventId);
        proof.put("leafIndex", index);
        proof.put("treeSize", size);
        proof.put("envelope", Base64.getEncoder().encodeToString(leaves.get(index)));
        proof.put("leafHash", Base64.getEncoder().encodeToString(leafHashes.get(index)));
        ArrayNode path = proof.putArray("auditPath");
        proofs.inclusion(index, size).forEach(node -> path.add(Base64.getEncoder().encodeToString(node)));
        proof.put("checkpoint", checkpointSigner.sign(Checkpoint.first(ORIGIN, size, proofs.root(size))));
        return proof;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
