package org.carbonregistry.ledger.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSignature;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;

/**
 * A small witness (the server side of c2sp.org/tlog-witness) on 127.0.0.1: it knows one log by origin and verifier
 * key, checks the log's signature and the consistency proof from the size it last cosigned, answers 409 with
 * {@code text/x.tlog.size} on a stale old size, and cosigns (c2sp.org/tlog-cosignature, cosignature/v1) with its own
 * Ed25519 key. With a state file it keeps the last cosigned checkpoint there (written to a temporary file and renamed
 * over it), so a restart does not forget what it cosigned.
 */
public final class WitnessServer implements AutoCloseable {

    private final String name;
    private final String logOrigin;
    private final NoteVerifier logVerifier;
    private final KeyPair signingKey;
    private final VerifierKey verifierKey;
    private final Path stateFile;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;
    private long size;
    private byte[] root;

    /**
     * A witness named {@code name} with key {@code key} for the log with {@code logVerifierKey} (whose name is the
     * log's origin); it signs with {@code signingKey} (the same key, but for tests of a dishonest witness), and keeps
     * its state in {@code stateFile} if that is not null.
     */
    public WitnessServer(String name, KeyPair key, KeyPair signingKey, String logVerifierKey, Path stateFile)
            throws NoteException, IOException {
        this.name = name;
        this.logVerifier = NoteVerifier.fromVerifierKey(logVerifierKey);
        this.logOrigin = logVerifier.name();
        this.signingKey = signingKey;
        this.verifierKey = VerifierKey.of(name, VerifierKey.TYPE_ED25519_COSIGNATURE, Ed25519.rawPublicKey(key.getPublic()));
        this.stateFile = stateFile;
        if (stateFile != null && Files.exists(stateFile)) {
            Checkpoint last = Checkpoint.parse(Files.readString(stateFile, StandardCharsets.UTF_8));
            if (!last.origin().equals(logOrigin)) {
                throw new IOException("state file " + stateFile + " is for log " + last.origin() + ", not " + logOrigin);
            }
            size = last.treeSize();
            root = last.rootHash();
        }
    }

    public String verifierKey() {
        return verifierKey.encode();
    }

    public String logOrigin() {
        return logOrigin;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Requests seen, as {@code old=<n> size=<m> -> <status>}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized long size() {
        return size;
    }

    /** Listens on 127.0.0.1 at {@code onPort} (0: a free port). */
    public void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        server.createContext("/add-checkpoint", this::addCheckpoint);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops answering. */
    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }

    private void addCheckpoint(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "POST only\n");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer answer = answer(body);
            requests.add(answer.describe);
            respond(exchange, answer.status, answer.contentType, answer.body);
        }
    }

    private record Answer(int status, String contentType, String body, String describe) {
    }

    private Answer answer(String body) {
        int blank = body.indexOf("\n\n");
        if (!body.startsWith("old ") || blank < 0) {
            return plain(400, "malformed request body", "malformed");
        }
        String[] head = body.substring(0, blank).split("\n");
        if (!head[0].substring(4).matches("0|[1-9][0-9]{0,18}")) {
            return plain(400, "malformed old size", "malformed");
        }
        long old = Long.parseLong(head[0].substring(4));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            Optional<byte[]> hash = StdBase64.decode(head[i]);
            if (hash.isEmpty() || hash.get().length != 32) {
                return plain(400, "proof line " + i + " is not a base64 hash", "malformed");
            }
            proof.add(hash.get());
        }
        String note = body.substring(blank + 2);
        Checkpoint checkpoint;
        String text;
        try {
            text = SignedNote.parse(note).text();
            if (!Checkpoint.parse(text).origin().equals(logOrigin)) {
                return plain(404, "unknown log origin", "old=" + old + " -> 404");
            }
            checkpoint = logVerifier.verify(note);
        } catch (NoteException e) {
            return plain(403, "checkpoint not signed by a known log key: " + e.getMessage(), "old=" + old + " -> 403");
        }
        String describe = "old=" + old + " size=" + checkpoint.treeSize();
        if (checkpoint.prevNoteHash().isPresent()) {
            // As litewitness: a checkpoint with extension lines is not cosigned.
            return plain(400, "checkpoint has extension lines; only plain tlog-checkpoints are cosigned", describe + " -> 400");
        }
        if (old > checkpoint.treeSize()) {
            return plain(400, "old size is larger than the checkpoint", describe + " -> 400");
        }
        synchronized (this) {
            if (old != size) {
                return new Answer(409, "text/x.tlog.size", size + "\n", describe + " -> 409");
            }
            if (old == checkpoint.treeSize()) {
                if (root != null && !MessageDigest.isEqual(root, checkpoint.rootHash())) {
                    return plain(409, "same size, different root", describe + " -> 409 fork");
                }
            } else if (old == 0) {
                if (!proof.isEmpty()) {
                    return plain(400, "the proof from size 0 must be empty", describe + " -> 400");
                }
            } else {
                try {
                    ProofVerifier.verifyConsistency(old, checkpoint.treeSize(), root, checkpoint.rootHash(), proof);
                } catch (ProofException e) {
                    return plain(422, "consistency proof does not verify: " + e.getMessage(), describe + " -> 422");
                }
            }
            try {
                persist(text);
            } catch (IOException e) {
                return plain(500, "cannot persist the witness state: " + e.getMessage(), describe + " -> 500");
            }
            size = checkpoint.treeSize();
            root = checkpoint.rootHash();
        }
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] signature = Ed25519.sign(signingKey.getPrivate(), CosignatureVerifier.signedMessage(timestamp, text));
        byte[] payload = ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
        String line = new NoteSignature(name, verifierKey.keyId(), payload).line();
        return new Answer(200, "text/plain; charset=utf-8", line, describe + " -> 200 proof=" + proof.size());
    }

    /** Writes the checkpoint to be cosigned before the cosignature leaves: a temporary file renamed over the state. */
    private void persist(String checkpointText) throws IOException {
        if (stateFile == null) {
            return;
        }
        Path dir = stateFile.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, stateFile.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, checkpointText, StandardCharsets.UTF_8);
            Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Answer plain(int status, String message, String describe) {
        return new Answer(status, "text/plain; charset=utf-8", message + "\n", describe);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
