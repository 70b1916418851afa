package org.carbonregistry.ledger.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.storage.LeafStore.LeafColumn;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiled log end to end, printed, not asserted. Runs only on demand:
 * <pre>
 * ./mvnw -o -q -pl monitor package -DskipTests
 * ./mvnw -o -q -pl ledger-anchor test -Dtest=TlogBenchmark -Dledger.bench=true \
 *     [-Dtlog.bench.leaves=1000000] [-Dtlog.bench.monitor-xmx=256m] [-Dtlog.bench.clients=4] [-Dtlog.bench.seconds=20]
 *     [-Dtlog.bench.monitor-runs=1] [-Dtlog.bench.compare-jar=/path/to/another/monitor.jar]
 * </pre>
 * Writes realistic signed leaves (per batch: one issuance, then transfers and retirements of its serials, valid under the
 * registry's rules) into an H2 file database through the ledger's own writer, cosigned by a test witness, serves them
 * with the real ledger-anchor, runs {@code java -jar monitor/target/monitor.jar} over HTTP in its own JVM, then measures
 * tile serving with a few concurrent JDK HttpClients. Results also go to target/tlog-bench.txt.
 */
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class TlogBenchmark {

    /** Per batch: one issuance of {@code STEPS * 20} serials, then STEPS times a transfer of 20 and a retirement of 10. */
    static final int STEPS = 50;
    static final int CHUNK = 5_000;

    @TempDir
    Path directory;
    final List<String> report = new ArrayList<>();

    @Test
    void run() throws Exception {
        int leaves = Integer.getInteger("tlog.bench.leaves", 1_000_000);
        String xmx = System.getProperty("tlog.bench.monitor-xmx", "256m");
        int clients = Integer.getInteger("tlog.bench.clients", 4);
        int seconds = Integer.getInteger("tlog.bench.seconds", 20);
        line("machine: %d cores, Java %s, load average at start %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), load());

        TestDatabase database = TestDatabase.fileOrShared(directory.resolve("db"));
        var key = Ed25519.generate();
        Path keyFile = directory.resolve("signing-key.pem");
        SigningKeys.write(keyFile, key.getPrivate());
        try (TestDatabase.Connected db = database.connect()) {
            WriterFixture fixture = new WriterFixture(db, key);
            try (TestWitness witness = TestWitness.start("witness.test/w1", fixture.signer.verifierKey());
                 WitnessPublisher publisher = fixture.witnessPublisher(witness)) {
                LedgerWriter writer = fixture.openWriter("sequencer", 10_000);
                writer.addListener(publisher);
                long size = build(writer, leaves);
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> !fixture.storage.checkpoints().cosignatures(size).isEmpty());
                try (RunningLedger ledger = RunningLedger.start(database, "127.0.0.1:1", "unused", keyFile, Map.of(
                        "ledger.sequencer.enabled", "false", "ledger.witness.witnesses", witness.configEntry(),
                        "ledger.witness.quorum", "any"))) {
                    Path jar = Path.of("../monitor/target/monitor.jar").toAbsolutePath().normalize();
                    String other = System.getProperty("tlog.bench.compare-jar", "");
                    for (int round = 0; round < Integer.getInteger("tlog.bench.monitor-runs", 1); round++) {
                        // alternating with another build of the monitor: both see the same load, turn by turn
                        monitor(ledger, size, xmx, jar);
                        if (!other.isBlank()) {
                            monitor(ledger, size, xmx, Path.of(other).toAbsolutePath());
                        }
                    }
                    tiles(ledger.baseUrl(), size, clients, seconds);
                    bundleCosts(fixture.storage, size);
                }
            }
        }
        Files.write(Path.of("target/tlog-bench.txt"), report);
    }

    private long build(LedgerWriter writer, int leaves) {
        long start = System.nanoTime();
        long offset = 0;
        int batch = 0;
        List<byte[]> pending = new ArrayList<>();
        while (offset + pending.size() < leaves) {
            pending.addAll(batchEvents(batch++));
            if (pending.size() >= CHUNK) {
                offset = flush(writer, offset, pending);
            }
        }
        offset = flush(writer, offset, pending);
        writer.sealNow().orElseThrow();
        double s = (System.nanoTime() - start) / 1e9;
        line("build: %,d leaves (%,d batches; issuance, transfers, retirements) signed and appended through LedgerWriter "
                + "into H2 (file) in %.1f s = %,.0f leaves/s (signing included); load %s", offset, batch, s, offset / s, load());
        return offset;
    }

    private static long flush(LedgerWriter writer, long offset, List<byte[]> pending) {
        IncomingRecord[] records = new IncomingRecord[pending.size()];
        IntStream.range(0, records.length).parallel().forEach(i ->
                records[i] = TestRegistry.signedRecord("registry.events", 0, offset + i, pending.get(i)));
        writer.append(Arrays.asList(records));
        pending.clear();
        return offset + records.length;
    }

    private static List<byte[]> batchEvents(int n) {
        String batch = "batch-" + n;
        String developer = "developer-" + (n % 97);
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * 1000L);
        long base = n * STEPS * 20L; // serials are registry-wide: each batch has its own range
        List<RegistryEvent> events = new ArrayList<>();
        events.add(new CreditsIssued(UUID.randomUUID(), at, batch, "project-" + (n % 1000), Standard.VCS, "BR",
                ProjectCategory.REDUCTION, null, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), STEPS * 20L,
                developer, "VCS-" + n + "-2023", List.of(new SerialBlock(base + 1, base + STEPS * 20L)), List.of(), false));
        for (int i = 0; i < STEPS; i++) {
            String holder = "holder-" + ((n + i) % 400);
            long first = base + i * 20L + 1;
            events.add(new CreditsTransferred(UUID.randomUUID(), at.plusSeconds(2 * i + 1), batch, developer, holder, 20,
                    List.of(new SerialBlock(first, first + 19))));
            events.add(new CreditsRetired(UUID.randomUUID(), at.plusSeconds(2 * i + 2), batch, UUID.randomUUID().toString(),
                    holder, 10, List.of(new SerialBlock(first, first + 9)), "beneficiary " + holder, "offsetting", 2025, "DE"));
        }
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            envelopes.add(EventEnvelope.of(events.get(i), batch, i, "registry-admin").canonicalBytes());
        }
        return envelopes;
    }

    private void monitor(RunningLedger ledger, long size, String xmx, Path jar) throws Exception {
        Path run = Files.createTempDirectory(directory, "monitor");
        Path policy = directory.resolve("policy.txt");
        Files.writeString(policy, ledger.http.get("/log/policy").body());
        Path gcLog = run.resolve("monitor-gc.log");
        Path out = run.resolve("monitor-out.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "--log", ledger.baseUrl(), "--policy", policy.toString(),
                "--registry-key", TestRegistry.verifierKey(), "--state", run.resolve("state").toString());
        long start = System.nanoTime();
        long serverCpuStart = serverCpuNanos();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // on a shared machine wall time says as much about the others as about the monitor: CPU time says what it costs
        Duration monitorCpu = Duration.ZERO;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            monitorCpu = process.info().totalCpuDuration().orElse(monitorCpu);
        }
        int exit = process.exitValue();
        double s = (System.nanoTime() - start) / 1e9;
        double serverCpu = (serverCpuNanos() - serverCpuStart) / 1e9;
        String printed = Files.readString(out);
        line("monitor: java -Xmx%s -jar %s, exit %d, %,d events in %.1f s wall (JVM start included) = %,.0f events/s; "
                + "monitor CPU %.1f s (sampled every 100 ms) = %,.0f events per CPU-second; ledger JVM CPU meanwhile %.1f s; "
                + "peak heap before a GC %d MB, largest heap after a GC %d MB, GCs %d; load %s", xmx, jar, exit, size, s, size / s,
                monitorCpu.toMillis() / 1e3, size / (monitorCpu.toMillis() / 1e3), serverCpu, peakHeapMb(gcLog, 1),
                peakHeapMb(gcLog, 2), countGcs(gcLog), load());
        String said = printed.strip().replace('\n', '|');
        line("  monitor said: %s", said.length() > 400 ? said.substring(0, 400) + "..." : said);
    }

    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The largest heap in the GC log: before a GC ({@code group} 1) or after it (2, what was still live). */
    private static long peakHeapMb(Path gcLog, int group) throws IOException {
        long peak = 0;
        for (String l : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(l);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(group)));
            }
        }
        return peak;
    }

    private static long serverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long countGcs(Path gcLog) throws IOException {
        return Files.readAllLines(gcLog).stream().filter(l -> GC.matcher(l).find()).count();
    }

    private void tiles(String base, long size, int clients, int seconds) throws Exception {
        long fullTiles = size / 256;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String kind : List.of("tile/0/", "tile/entries/")) {
            load(http, base, kind, fullTiles, clients, Math.max(2, seconds / 4)); // warm-up
            long[] gcBefore = gc();
            long[][] all = load(http, base, kind, fullTiles, clients, seconds);
            long[] gcAfter = gc();
            long[] latencies = Arrays.stream(all).flatMapToLong(Arrays::stream).sorted().toArray();
            line("tiles %-13s %d clients, %d s warm: %,d requests = %,.0f tiles/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                            + "GCs meanwhile %d taking %d ms; load %s",
                    kind, clients, seconds, latencies.length, latencies.length / (double) seconds,
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    latencies[latencies.length - 1] / 1e6, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], load());
        }
    }

    private static long[][] load(HttpClient http, String base, String kind, long fullTiles, int clients, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long index = ThreadLocalRandom.current().nextLong(fullTiles);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/log/" + kind + path(index))).build();
                    long t = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long d = System.nanoTime() - t;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = d;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        long[][] result = new long[clients][];
        for (int c = 0; c < clients; c++) {
            result[c] = futures.get(c).get();
        }
        pool.shutdown();
        return result;
    }

    /** Collections and their milliseconds so far, all collectors of this JVM (the ledger runs in it). */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * Where an uncached full entry bundle's time goes on the server, one thread, random bundles: the range query of its
     * 256 envelopes, encoding them, and the read of the stored bundle that replaces both.
     */
    private void bundleCosts(LedgerStorage storage, long size) {
        long fullBundles = size / 256;
        int samples = 1_000;
        long[] query = new long[samples];
        long[] encode = new long[samples];
        long[] stored = new long[samples];
        for (int i = 0; i < samples; i++) {
            long bundle = ThreadLocalRandom.current().nextLong(fullBundles);
            long t0 = System.nanoTime();
            List<byte[]> envelopes = storage.leaves().column(LeafColumn.ENVELOPE, bundle * 256, bundle * 256 + 256);
            long t1 = System.nanoTime();
            byte[] assembled = EntryBundle.encode(envelopes);
            long t2 = System.nanoTime();
            byte[] row = storage.entryBundles().full(bundle).orElseThrow();
            long t3 = System.nanoTime();
            if (!Arrays.equals(assembled, row)) {
                throw new IllegalStateException("stored bundle " + bundle + " differs from the one assembled from its leaves");
            }
            query[i] = t1 - t0;
            encode[i] = t2 - t1;
            stored[i] = t3 - t2;
        }
        line("uncached full entry bundle on the server, %,d random bundles, one thread: range query of 256 envelopes %s; "
                + "EntryBundle.encode %s; read of the stored bundle %s; load %s", samples, percentiles(query),
                percentiles(encode), percentiles(stored), load());
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.3f ms, p99 %.3f ms", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    /** c2sp.org/tlog-tiles index encoding: groups of three digits, all but the last prefixed with x. */
    static String path(long index) {
        String digits = Long.toString(index);
        while (digits.length() % 3 != 0) {
            digits = "0" + digits;
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                path.append('/');
            }
            if (i + 3 < digits.length()) {
                path.append('x');
            }
            path.append(digits, i, i + 3);
        }
        return path.toString();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.add(text);
    }
}
