package org.carbonregistry.reporting.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSignature;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.verify.TlogProof;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An HTTP server on 127.0.0.1 that answers {@code GET /api/proofs/inclusion?eventId=E} and {@code GET /api/public-key}
 * exactly as the ledger-anchor contract says, with real RFC 9162 proofs (ledger-core's Merkle code) over the
 * envelopes it has been given and checkpoints signed with its key: 200 with the proof for an anchored event, 404 with
 * Retry-After for any other. {@link #signCheckpointsWith} plays a ledger whose checkpoints someone else signed.
 * Likewise {@code GET /api/proofs/tlog-proof?eventId=E} (c2sp.org/tlog-proof@v1, the plain checkpoint cosigned by one
 * witness whose key only this server holds) and {@code GET /log/policy} (the ledger key, that witness, quorum it).
 */
public final class LedgerContractServer implements AutoCloseable {

    public static final String ORIGIN = "ledger.carbonregistry.test";
    public static final String WITNESS = "witness.carbonregistry.test/w1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<UUID> eventIds = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile UnaryOperator<ObjectNode> tamper = UnaryOperator.identity();
    private final NoteSigner key = TestKeys.newLedgerSigner(ORIGIN);
    private volatile NoteSigner checkpointSigner = key;
    private final KeyPair witnessKey = TestKeys.newKeyPair();
    private final VerifierKey witness = VerifierKey.of(WITNESS, VerifierKey.TYPE_ED25519_COSIGNATURE,
            Ed25519.rawPublicKey(witnessKey.getPublic()));

    public LedgerContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/proofs/inclusion", this::inclusion);
        server.createContext("/api/public-key", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            send(exchange, 200, key.verifierKey() + "\n");
        });
        server.createContext("/api/proofs/tlog-proof", this::tlogProof);
        server.createContext("/log/policy", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            send(exchange, 200, policy().encode());
        });
        server.start();
    }

    /** The c2sp.org/tlog-policy it serves at {@code /log/policy}: its key, its witness, quorum that witness. */
    public TlogPolicy policy() {
        try {
            return TlogPolicy.of(VerifierKey.parse(key.verifierKey()), List.of(new TlogPolicy.Witness(WITNESS, witness, null)),
                    "any", "witnesses");
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
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
        ObjectNode proof = proofOrNotFound(exchange, "is not anchored yet");
        if (proof == null) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, JSON.writeValueAsString(tamper.apply(proof)));
    }

    private void tlogProof(HttpExchange exchange) throws IOException {
        ObjectNode proof = proofOrNotFound(exchange, "is not covered by a checkpoint yet");
        if (proof == null) {
            return;
        }
        proof = tamper.apply(proof);
        Base64.Decoder base64 = Base64.getDecoder();
        List<byte[]> path = new ArrayList<>();
        proof.get("auditPath").forEach(hash -> path.add(base64.decode(hash.asText())));
        String text = new TlogProof(Optional.of(base64.decode(proof.get("envelope").asText())), proof.get("leafIndex").asLong(),
                path, cosigned(proof.get("checkpoint").asText())).encode();
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, 200, text);
    }

    /** The event's proof as JSON, or null after answering 404 with Retry-After as the ledger does. */
    private ObjectNode proofOrNotFound(HttpExchange exchange, String notFound) throws IOException {
        requests.incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        String eventId = query != null && query.startsWith("eventId=") ? query.substring("eventId=".length()) : "";
        ObjectNode proof = proofFor(eventId);
        if (proof == null) {
            exchange.getResponseHeaders().set("Retry-After", "3");
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            send(exchange, 404, "{\"status\":404,\"detail\":\"event " + eventId + " " + notFound + "\"}");
        }
        return proof;
    }

    /** The signed note with the witness's cosignature/v1 line (c2sp.org/tlog-cosignature) over its text. */
    private String cosigned(String signedNote) {
        String text = signedNote.substring(0, signedNote.indexOf("\n\n") + 1);
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] signature = Ed25519.sign(witnessKey, CosignatureVerifier.signedMessage(timestamp, text));
        byte[] payload = ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
        return signedNote + new NoteSignature(WITNESS, witness.keyId(), payload).line();
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
