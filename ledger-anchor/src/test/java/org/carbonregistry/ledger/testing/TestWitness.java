package org.carbonregistry.ledger.testing;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.cli.WitnessServer;

/**
 * The production witness ({@link WitnessServer}, the jar's {@code witness} command) in the test's JVM, on a free
 * port of 127.0.0.1, with a fresh key and its state in memory; it can be stopped and restarted on the same port.
 */
public final class TestWitness implements AutoCloseable {

    private final String name;
    private final WitnessServer server;
    private int port;

    private TestWitness(String name, String logVerifierKey, boolean signWithAnotherKey) throws NoteException, IOException {
        this.name = name;
        KeyPair key = Ed25519.generate();
        this.server = new WitnessServer(name, key, signWithAnotherKey ? Ed25519.generate() : key, logVerifierKey, null);
    }

    /** A witness for the log with {@code logVerifierKey} (whose name is the log's origin), listening on a free port. */
    public static TestWitness start(String name, String logVerifierKey) throws Exception {
        TestWitness witness = new TestWitness(name, logVerifierKey, false);
        witness.listen(0);
        return witness;
    }

    /** A witness that advertises one key and cosigns with another: its cosignatures must not be accepted. */
    public static TestWitness startDishonest(String name, String logVerifierKey) throws Exception {
        TestWitness witness = new TestWitness(name, logVerifierKey, true);
        witness.listen(0);
        return witness;
    }

    public String verifierKey() {
        return server.verifierKey();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code LEDGER_WITNESSES} entry for this witness. */
    public String configEntry() {
        return name + "=" + url() + "=" + verifierKey();
    }

    /** Requests seen, as {@code old=<n> size=<m> -> <status>}. */
    public List<String> requests() {
        return server.requests();
    }

    public long size() {
        return server.size();
    }

    /** Stops answering: connections are refused until {@link #restart()}. */
    public void stop() {
        server.stop();
    }

    /** Listens again on the same port with the same state. */
    public void restart() throws IOException {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int onPort) throws IOException {
        server.listen(onPort);
        port = server.port();
    }
}
