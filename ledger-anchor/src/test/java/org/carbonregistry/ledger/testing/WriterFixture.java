package org.carbonregistry.ledger.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.sequencer.CheckpointPolicy;
import org.carbonregistry.ledger.sequencer.LeaseGrant;
import org.carbonregistry.ledger.sequencer.LedgerMetrics;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.sequencer.SequencerLease;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.witness.WitnessClient;
import org.carbonregistry.ledger.witness.WitnessEndpoint;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.carbonregistry.ledger.witness.WitnessedCheckpoints;

/** A ledger writer over a test database, driven without Kafka, with a clock the test moves. */
public final class WriterFixture {

    public static final String ORIGIN = "test.example/ledger";

    public final TestDatabase.Connected db;
    public final LedgerStorage storage;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    public final NoteSigner signer;

    public WriterFixture(TestDatabase.Connected db, KeyPair key) {
        this.db = db;
        this.storage = LedgerStorage.over(db.jdbc());
        this.signer = new NoteSigner(ORIGIN, key);
    }

    public WriterFixture(TestDatabase.Connected db) {
        this(db, Ed25519.generate());
    }

    public SequencerLease lease(String holder, Duration duration) {
        return new SequencerLease(db.jdbc(), db.transactions(), holder, duration, clock);
    }

    public LedgerWriter writer(SequencerLease lease, CheckpointPolicy policy) {
        return writer(lease, policy, signer);
    }

    public LedgerWriter writer(SequencerLease lease, CheckpointPolicy policy, NoteSigner withSigner) {
        return new LedgerWriter(storage, db.transactions(), lease, withSigner, policy, clock,
                new LedgerMetrics(new SimpleMeterRegistry()), TestRegistry.trustedKeys());
    }

    /** A writer that holds the lease and is open, sealing every {@code maxLeaves} leaves (and hourly). */
    public LedgerWriter openWriter(String holder, long maxLeaves) {
        SequencerLease lease = lease(holder, Duration.ofSeconds(30));
        LedgerWriter writer = writer(lease, new CheckpointPolicy(Duration.ofHours(1), maxLeaves));
        LeaseGrant grant = lease.tryAcquire().orElseThrow(() -> new AssertionError(holder + " did not get the lease"));
        writer.open(grant);
        return writer;
    }

    /** A publisher sending this log's checkpoints to {@code witness} (quorum any); add it to a writer as a listener. */
    public WitnessPublisher witnessPublisher(TestWitness witness) {
        List<WitnessEndpoint> endpoints = WitnessEndpoint.parseAll(witness.configEntry());
        return new WitnessPublisher(endpoints, storage, new WitnessedCheckpoints(signer, storage.checkpoints(), endpoints, "any"),
                new WitnessClient(HttpClient.newHttpClient(), Duration.ofSeconds(5)), Duration.ofMillis(100),
                Duration.ofMillis(500), new SimpleMeterRegistry());
    }
}
