package org.carbonregistry.ledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.carbonregistry.kafka.local.LocalKafkaBroker;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.proof.ProofService;
import org.carbonregistry.ledger.sequencer.CheckpointListener;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredLeaf;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for the README, printed, not asserted. Runs only on demand:
 * <pre>
 * ./mvnw -o -q -pl ledger-anchor test -Dtest=LedgerBenchmark -Dledger.bench=true \
 *     [-Dledger.bench.append-leaves=500000] [-Dledger.bench.proof-sizes=1000000,10000000] [-Dledger.bench.postgres=false]
 * </pre>
 * PostgreSQL runs use a throwaway database on 127.0.0.1:5432 (user postgres, trust auth), dropped afterwards;
 * they are skipped when no server answers there. Results also go to target/ledger-bench.txt.
 */
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class LedgerBenchmark {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    static final int BATCH = 5_000;

    @TempDir
    Path directory;
    final List<String> report = new ArrayList<>();

    @Test
    void run() throws Exception {
        int appendLeaves = Integer.getInteger("ledger.bench.append-leaves", 500_000);
        long[] proofSizes = Arrays.stream(System.getProperty("ledger.bench.proof-sizes", "1000000,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        boolean postgres = Boolean.parseBoolean(System.getProperty("ledger.bench.postgres", "true")) && postgresAnswers();
        line("machine: %d cores, Java %s, max heap %d MB", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);

        double sha = sha256Throughput();

        double h2 = appendThroughput("H2 (file)", h2File("append"), appendLeaves);
        line("  ratio to raw SHA-256 of one envelope: %.3f", h2 / sha);
        if (postgres) {
            double pg = appendThroughput("PostgreSQL", postgresDatabase("append"), appendLeaves);
            line("  ratio to raw SHA-256 of one envelope: %.3f", pg / sha);
        }

        sealingLatency("H2 (file)", h2File("seal"));
        if (postgres) {
            sealingLatency("PostgreSQL", postgresDatabase("seal"));
        }

        for (long size : proofSizes) {
            proofLatency("H2 (file)", h2File("proofs-" + size), size);
        }
        if (postgres) {
            proofLatency("PostgreSQL", postgresDatabase("proofs"), proofSizes[0]);
        }

        publishedToCheckpointed();

        Path out = Path.of("target", "ledger-bench.txt");
        Files.write(out, report, StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath());
    }

    /** Raw SHA-256 over envelope-sized messages, single thread: the base of the ratios. */
    private double sha256Throughput() {
        byte[] message = Envelopes.accountOpened(1);
        long count = 0;
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < end) { // warm-up
            MerkleHash.sha256(message);
        }
        long started = System.nanoTime();
        end = started + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                MerkleHash.sha256(message);
            }
            count += 1_000;
        }
        double perSecond = count / ((System.nanoTime() - started) / 1e9);
        line("raw SHA-256 of a %d-byte envelope: %,.0f hashes/s (%.0f MB/s), one thread", message.length, perSecond,
                perSecond * message.length / 1e6);
        return perSecond;
    }

    /**
     * Leaves per second through the real writer: every record's canonical form checked, leaf hashed, deduplicated
     * against the database, appended with its nodes, offsets committed, a checkpoint signed every 10,000 leaves.
     */
    private double appendThroughput(String database, TestDatabase target, int leaves) {
        byte[] template = Envelopes.accountOpened(1);
        String templateText = new String(template, StandardCharsets.UTF_8);
        String templateId = Envelopes.eventIdOf(template);
        try (TestDatabase.Connected db = target.connect()) {
            WriterFixture fixture = new WriterFixture(db);
            LedgerWriter writer = fixture.openWriter("bench", 10_000);
            long offset = 0;
            long measuredLeaves = 0;
            long measuredNanos = 0;
            long measuredCpuNanos = 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int warmUp = Math.min(50_000, leaves / 10);
            while (offset < leaves) {
                List<IncomingRecord> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++, offset++) {
                    byte[] envelope = templateText.replace(templateId, UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
                    batch.add(TestRegistry.signedRecord("registry.events", (int) (offset % 3), offset, envelope));
                }
                long started = System.nanoTime();
                long startedCpu = threads.getCurrentThreadCpuTime();
                writer.append(batch);
                if (offset > warmUp) {
                    measuredNanos += System.nanoTime() - started;
                    measuredCpuNanos += threads.getCurrentThreadCpuTime() - startedCpu;
                    measuredLeaves += BATCH;
                }
            }
            double perSecond = measuredLeaves / (measuredNanos / 1e9);
            line("append, %s: %,.0f leaves/s sustained over %,d leaves (wall clock; %,.0f per CPU-second of the sequencer"
                    + " thread; batches of %,d, %d-byte envelopes, checkpoint every 10,000)", database, perSecond,
                    measuredLeaves, measuredLeaves / (measuredCpuNanos / 1e9), BATCH, template.length);
            return perSecond;
        }
    }

    /** Time to sign and store a checkpoint, as a transaction of its own holding the lease. */
    private void sealingLatency(String database, TestDatabase target) {
        try (TestDatabase.Connected db = target.connect()) {
            WriterFixture fixture = new WriterFixture(db);
            LedgerWriter writer = fixture.openWriter("bench", Long.MAX_VALUE);
            long[] nanos = new long[500];
            for (int i = 0; i < nanos.length + 50; i++) {
                writer.append(List.of(TestRegistry.signedRecord("registry.events", 0, i, Envelopes.accountOpened(i))));
                long started = System.nanoTime();
                writer.sealNow().orElseThrow();
                if (i >= 50) {
                    nanos[i - 50] = System.nanoTime() - started;
                }
            }
            line("checkpoint sealing, %s: p50 %.2f ms, p99 %.2f ms (sign + insert + commit)", database,
                    percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6);
        }
    }

    /**
     * Builds a tree of {@code size} leaves straight through the storage code (small envelopes, no Kafka), seals a
     * checkpoint, then times ProofService.inclusion (leaf by event id, checkpoint, one node query, path) and
     * consistency for random leaves.
     */
    private void proofLatency(String database, TestDatabase target, long size) {
        try (TestDatabase.Connected db = target.connect()) {
            WriterFixture fixture = new WriterFixture(db);
            long started = System.nanoTime();
            CompactRange range = CompactRange.empty();
            int batch = 20_000;
            for (long first = 0; first < size; first += batch) {
                int count = (int) Math.min(batch, size - first);
                List<StoredLeaf> leaves = new ArrayList<>(count);
                List<byte[]> hashes = new ArrayList<>(count);
                for (long index = first; index < first + count; index++) {
                    byte[] entry = ("{\"leaf\":" + index + "}").getBytes(StandardCharsets.UTF_8);
                    byte[] hash = MerkleHash.leafHash(entry);
                    leaves.add(new StoredLeaf(index, eventId(index), hash, entry));
                    hashes.add(hash);
                }
                AppendResult grown = range.append(hashes);
                CompactRange before = range;
                db.transactions().executeWithoutResult(status -> {
                    fixture.storage.leaves().insert(leaves);
                    fixture.storage.nodes().insert(grown.newNodes());
                });
                range = grown.range();
                if (before.size() == 0 || (first / batch) % 50 == 0) {
                    System.out.printf("  built %,d of %,d leaves%n", range.size(), size);
                }
            }
            double buildSeconds = (System.nanoTime() - started) / 1e9;
            fixture.storage.checkpoints().insert(new StoredCheckpoint(size,
                    fixture.signer.sign(Checkpoint.first(WriterFixture.ORIGIN, size, range.root())), java.time.Instant.now()));
            ProofService proofs = new ProofService(fixture.storage, 1);
            Random random = new Random(11);
            for (int i = 0; i < 2_000; i++) { // warm-up
                proofs.inclusion(eventId(random.nextLong(size)), null);
            }
            long[] inclusion = new long[5_000];
            for (int i = 0; i < inclusion.length; i++) {
                String eventId = eventId(random.nextLong(size));
                long t = System.nanoTime();
                proofs.inclusion(eventId, null);
                inclusion[i] = System.nanoTime() - t;
            }
            line("inclusion proof at %,d leaves, %s: p50 %.2f ms, p99 %.2f ms (lookup by event id + checkpoint + one node"
                    + " query); tree built in %.0f s", size, database, percentile(inclusion, 0.5) / 1e6,
                    percentile(inclusion, 0.99) / 1e6, buildSeconds);
        }
    }

    /**
     * The whole pipeline on a real broker: events published at a steady rate, the time from each send to the
     * commit of the first checkpoint that covers it (default policy: every 2 s or 10,000 leaves).
     */
    private void publishedToCheckpointed() throws Exception {
        int rate = Integer.getInteger("ledger.bench.rate", 2_000);
        int seconds = Integer.getInteger("ledger.bench.seconds", 30);
        String topic = "registry.events.bench";
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(directory.resolve("kafka"), 0, 0)) {
            kafka.createTopic(topic, 3);
            List<long[]> sealed = new CopyOnWriteArrayList<>();
            try (RunningLedger ledger = RunningLedger.start(h2File("pipeline"), kafka.bootstrapServers(), topic,
                    directory.resolve("pipeline-key.pem"), Map.of("ledger.checkpoint.interval", "2s"));
                 EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic)) {
                ledger.bean(LedgerWriter.class).addListener(new CheckpointListener() {
                    @Override
                    public void checkpointSealed(StoredCheckpoint checkpoint) {
                        sealed.add(new long[] {checkpoint.treeSize(), System.currentTimeMillis()});
                    }
                });
                Map<String, Long> sentAt = new ConcurrentHashMap<>();
                long start = System.nanoTime();
                int total = rate * seconds;
                for (int i = 0; i < total; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    byte[] envelope = Envelopes.accountOpened(i);
                    sentAt.put(Envelopes.eventIdOf(envelope), System.currentTimeMillis());
                    producer.send("aggregate-" + ThreadLocalRandom.current().nextInt(100), envelope);
                }
                producer.flush();
                long deadline = System.currentTimeMillis() + 60_000;
                while (ledger.http.checkpointedSize() < total && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                Map<String, Long> leafIndex = new HashMap<>();
                for (long first = 0; first < total; first += 1_000) {
                    ledger.http.get("/api/leaves?start=" + first + "&end=" + (first + 1_000)).json().get("leaves")
                            .forEach(leaf -> leafIndex.put(leaf.get("eventId").asText(), leaf.get("leafIndex").asLong()));
                }
                long[] latencies = new long[total];
                int n = 0;
                for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
                    long index = leafIndex.get(sent.getKey());
                    long sealedAt = sealed.stream().filter(s -> s[0] > index).mapToLong(s -> s[1]).min().orElseThrow();
                    latencies[n++] = (sealedAt - sent.getValue()) * 1_000_000L;
                }
                long[] gaps = new long[sealed.size() - 1];
                for (int i = 1; i < sealed.size(); i++) {
                    gaps[i - 1] = (sealed.get(i)[1] - sealed.get(i - 1)[1]) * 1_000_000L;
                }
                line("published to checkpointed (%,d events at %,d/s over a real broker, checkpoint every 2 s): p50 %.0f ms,"
                        + " p99 %.0f ms, max %.0f ms; %d checkpoints, %.0f ms apart at p50, %.0f ms at most", total, rate,
                        percentile(latencies, 0.5) / 1e6, percentile(latencies, 0.99) / 1e6, percentile(latencies, 1.0) / 1e6,
                        sealed.size(), percentile(gaps, 0.5) / 1e6, percentile(gaps, 1.0) / 1e6);
            }
        }
    }

    private TestDatabase h2File(String name) {
        return new TestDatabase("jdbc:h2:file:" + directory.resolve(name).resolve("ledger").toAbsolutePath() + System.getProperty("ledger.bench.h2-settings", ""), "sa", "");
    }

    private TestDatabase postgresDatabase(String purpose) {
        String name = "ledger_bench_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // a throwaway database left behind is harmless
            }
        }));
        return new TestDatabase(POSTGRES + name, "postgres", "");
    }

    private static boolean postgresAnswers() {
        try (Connection ignored = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            return true;
        } catch (SQLException e) {
            System.out.println("PostgreSQL at 127.0.0.1:5432 does not answer; PostgreSQL figures skipped");
            return false;
        }
    }

    private static String eventId(long index) {
        return new UUID(0x4000_0000_0000_0000L, index).toString();
    }

    private static double percentile(long[] values, double quantile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.add(text);
    }

}
