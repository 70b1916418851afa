package org.carbonregistry.monitor.testlog;

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
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.NodeId;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.carbonregistry.ledger.tiles.Tiles;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongPredicate;

/**
 * A small transparency log on 127.0.0.1 built on ledger-core: leaves signed by a registry key, checkpoints signed
 * by the log's key and cosigned by witnesses, served over real HTTP the way ledger-anchor serves them
 * ({@code /log/checkpoint}, {@code /log/tile/...} from ledger-core's tile codec, {@code /api/leaves}). Every
 * request is recorded, so tests can count what a monitor read. {@link #fork()} starts another history under the
 * same keys, which is exactly what an honest log must never do.
 */
public final class TestLog implements AutoCloseable {

    public static final String ORIGIN = "test.carbon-registry.local/log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NoteSigner logSigner;
    private final EnvelopeSigner registrySigner;
    private final List<Witness> witnesses = new ArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile History history = new History();
    private volatile LongPredicate holdLeavesFrom = start -> false;
    private volatile long tamperedLeaf = -1;
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final HttpServer server;
    private boolean closed;

    private record Witness(String name, KeyPair key, VerifierKey verifierKey) {
    }

    /** One history of the log: its leaves, their tree and the checkpoint served. */
    private static final class History {
        final List<SignedEnvelope> leaves = new ArrayList<>();
        final InMemoryNodeStore nodes = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        String checkpoint;
        long checkpointSize;
    }

    public TestLog(int witnessCount) throws IOException {
        logSigner = new NoteSigner(ORIGIN, Ed25519.generate());
        registrySigner = new EnvelopeSigner("test.carbon-registry.local/registry", Ed25519.generate());
        for (int i = 0; i < witnessCount; i++) {
            KeyPair key = Ed25519.generate();
            String name = "witness-" + i + ".example";
            witnesses.add(new Witness(name, key,
                    VerifierKey.of(name, VerifierKey.TYPE_ED25519_COSIGNATURE, Ed25519.rawPublicKey(key.getPublic()))));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String registryKey() {
        return registrySigner.verifierKey().encode();
    }

    /** The c2sp.org/tlog-policy: the log key, every witness, and {@code quorum} of them (0: none). */
    public String policy(int quorum) {
        try {
            return TlogPolicy.of(VerifierKey.parse(logSigner.verifierKey()),
                    witnesses.stream().map(witness -> new TlogPolicy.Witness(witness.name(), witness.verifierKey(), null)).toList(),
                    quorum == 0 ? TlogPolicy.NONE : String.valueOf(quorum), "witnesses").encode();
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends an envelope signed by the registry. */
    public synchronized void append(EventEnvelope envelope) {
        byte[] bytes = envelope.canonicalBytes();
        SignedEnvelope signed = registrySigner.sign(bytes);
        appendRaw(signed);
    }

    /** Appends an envelope with a signature by some other key. */
    public synchronized void appendSignedByStranger(EventEnvelope envelope) {
        EnvelopeSigner stranger = new EnvelopeSigner("test.carbon-registry.local/registry", Ed25519.generate());
        SignedEnvelope signed = stranger.sign(envelope.canonicalBytes());
        appendRaw(new SignedEnvelope(signed.envelope(), signed.signature(), registrySigner.verifierKey().keyIdHex()));
    }

    /** Appends an envelope without a signature, as the ledger logged them before the registry signed events. */
    public synchronized void appendUnsigned(EventEnvelope envelope) {
        appendRaw(new SignedEnvelope(envelope.canonicalBytes(), null, null));
    }

    private void appendRaw(SignedEnvelope signed) {
        History current = history;
        AppendResult appended = current.range.append(List.of(MerkleHash.leafHash(signed.envelope())));
        current.nodes.write(appended.newNodes());
        current.range = appended.range();
        current.leaves.add(signed);
    }

    public synchronized long size() {
        return history.leaves.size();
    }

    /** Seals a checkpoint over every leaf so far, cosigned by the first {@code cosigners} witnesses. */
    public synchronized void checkpoint(int cosigners) {
        History current = history;
        Checkpoint checkpoint = Checkpoint.first(ORIGIN, current.range.size(), current.range.root());
        String signed = logSigner.sign(checkpoint);
        try {
            SignedNote note = SignedNote.parse(signed);
            List<NoteSignature> signatures = new ArrayList<>(note.signatures());
            long now = System.currentTimeMillis() / 1000;
            for (Witness witness : witnesses.subList(0, cosigners)) {
                byte[] signature = Ed25519.sign(witness.key(), CosignatureVerifier.signedMessage(now, note.text()));
                signatures.add(new NoteSignature(witness.name(), witness.verifierKey().keyId(),
                        ByteBuffer.allocate(8 + signature.length).putLong(now).put(signature).array()));
            }
            current.checkpoint = new SignedNote(note.text(), signatures).encode();
            current.checkpointSize = current.range.size();
        } catch (NoteException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on the log serves a new, empty history under the same keys. */
    public synchronized void fork() {
        history = new History();
    }

    /** Leaf pages starting at or after {@code start} wait until {@link #release()}: a slow log to kill a run on. */
    public void holdLeavesFrom(long start) {
        release = new CountDownLatch(1);
        holdLeavesFrom = from -> from >= start;
    }

    public void release() {
        holdLeavesFrom = from -> false;
        release.countDown();
    }

    /** From now on the entry bundles serve leaf {@code index} with one byte changed, its hash tiles unchanged. */
    public void tamperWithEntry(long index) {
        tamperedLeaf = index;
    }

    /** Paths and queries of every request so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(uri.getPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        Map<String, String> query = query(uri.getRawQuery());
        History current;
        synchronized (this) {
            current = history;
        }
        try {
            if (uri.getPath().startsWith("/log/tile/")) {
                send(exchange, 200, "application/octet-stream", tile(current, TileAddress.parse(uri.getPath().substring("/log/".length()))));
                return;
            }
            switch (uri.getPath()) {
                case "/log/checkpoint" -> send(exchange, 200, "text/plain; charset=utf-8", current.checkpoint);
                case "/api/leaves" -> {
                    long start = Long.parseLong(query.get("start"));
                    long end = Long.parseLong(query.get("end"));
                    if (holdLeavesFrom.test(start)) {
                        release.await();
                    }
                    send(exchange, 200, "application/json", leaves(current, start, end));
                }
                default -> send(exchange, 404, "text/plain", "not found");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "text/plain", "interrupted");
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", String.valueOf(e));
        }
    }

    /** A Merkle tile from the stored nodes, or an entry bundle from the leaves, as ledger-anchor serves them. */
    private byte[] tile(History current, TileAddress address) {
        synchronized (this) {
            if (address.kind() == TileAddress.Kind.ENTRIES) {
                List<byte[]> entries = new ArrayList<>();
                for (long index = address.firstNode(); index < address.firstNode() + address.width(); index++) {
                    byte[] entry = current.leaves.get((int) index).envelope().clone();
                    if (index == tamperedLeaf) {
                        entry[entry.length - 2] ^= 1;
                    }
                    entries.add(entry);
                }
                return EntryBundle.encode(entries);
            }
            List<NodeId> ids = new ArrayList<>();
            for (int i = 0; i < address.width(); i++) {
                ids.add(new NodeId(Tiles.merkleLevel(address.level()), address.firstNode() + i));
            }
            Map<NodeId, byte[]> nodes = current.nodes.read(ids);
            return Tiles.encodeHashes(ids.stream().map(nodes::get).toList());
        }
    }

    private String leaves(History current, long start, long end) {
        ObjectNode page = JSON.createObjectNode().put("start", start).put("end", end).put("treeSize", current.checkpointSize);
        ArrayNode leaves = page.putArray("leaves");
        synchronized (this) {
            for (long index = start; index < Math.min(end, current.leaves.size()); index++) {
                SignedEnvelope leaf = current.leaves.get((int) index);
                leaves.addObject().put("leafIndex", index)
                        .put("envelope", StdBase64.encode(leaf.envelope()))
                        .put("registrySignature", leaf.signature())
                        .put("registryKeyId", leaf.keyId());
            }
        }
        return page.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                query.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        release();
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }
}
