package org.carbonregistry.reporting.bench;

import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.esrs.ReportFormat;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionIngest;
import org.carbonregistry.reporting.projection.ProjectionSchema;
import org.carbonregistry.reporting.testing.Reports;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Catch-up throughput of the projection and the cost of a large ESRS report. Prints figures, asserts nothing;
 * runs only on demand:
 * <pre>
 * ./mvnw -o -q -pl reporting verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ProjectionBenchmark -DargLine=-Xmx512m
 * </pre>
 * Envelopes are made in poll-sized chunks (2,000) and only ingesting them is timed: parse and check the canonical
 * envelope, project, write rows and offsets in one transaction per chunk, exactly as the Kafka consumer does, into
 * an H2 file database (or a schema on REPORTING_DB_URL's PostgreSQL). {@code -Dbench.events},
 * {@code -Dbench.reportRetirements} change the sizes, {@code -Dbench.h2Options=;CACHE_SIZE=131072} adds H2 URL settings. Figures go to standard output and target/projection-benchmark.txt.
 */
@EnabledIfSystemProperty(named = "it.test", matches = ".*ProjectionBenchmark.*",
        disabledReason = "on demand only: -Dit.test=ProjectionBenchmark")
class ProjectionBenchmark {

    private static final String TOPIC = "registry.events";
    private static final int CHUNK = 2_000;
    private static final int REPORT_YEAR = 2024;

    private final List<String> figures = new ArrayList<>();

    @Test
    void catchUpAndReport() throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int reportRetirements = Integer.getInteger("bench.reportRetirements", 100_000);
        Path dir = Files.createTempDirectory("reporting-bench-");
        try (HeapSampler heap = new HeapSampler()) {
            DataSource dataSource = TestDatabase.usesPostgres() ? TestDatabase.fresh("bench").dataSource()
                    : TestDatabase.pooled("jdbc:h2:file:" + dir.resolve("reporting") + System.getProperty("bench.h2Options", ""), "sa", "");
            ProjectionSchema.create(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            // Envelopes are signed (SyntheticRegistry), so the catch-up figure includes verifying every signature.
            ProjectionIngest ingest = new ProjectionIngest(new JdbcProjectionStore(jdbc), transactions, TOPIC,
                    org.carbonregistry.reporting.testing.TestKeys::registryVerifier,
                    new org.carbonregistry.reporting.personaldata.PersonalDataStore(jdbc),
                    new org.carbonregistry.reporting.personaldata.PersonalDataCounters(meters), meters);
            note("database: " + (TestDatabase.usesPostgres() ? "PostgreSQL (REPORTING_DB_URL)"
                    : "H2 file in " + dir + System.getProperty("bench.h2Options", "")));
            note("max heap: " + mb(Runtime.getRuntime().maxMemory()) + " MiB, " + Runtime.getRuntime().availableProcessors() + " cores");

            Generator generator = new Generator(reportRetirements);
            heap.reset();
            CpuClock cpu = new CpuClock(TestDatabase.usesPostgres() ? databaseName(System.getenv("REPORTING_DB_URL")) : null);
            long ingestNanos = 0;
            int fed = 0;
            while (fed < events) {
                List<ConsumedRecord> chunk = generator.next(Math.min(CHUNK, events - fed));
                long start = System.nanoTime();
                cpu.start();
                ingest.ingest(chunk);
                cpu.stop();
                ingestNanos += System.nanoTime() - start;
                fed += chunk.size();
            }
            double seconds = ingestNanos / 1e9;
            note(String.format(Locale.ROOT, "catch-up: %,d envelopes in %.1f s = %,.0f events/s (target >= 20,000); "
                            + "%,d retirements, %,d transfers; peak heap %d MiB, after GC %d MiB",
                    fed, seconds, fed / seconds, generator.retirements, generator.transfers, mb(heap.peak()), mb(heap.afterGc())));
            note(String.format(Locale.ROOT, "CPU per event while ingesting: benchmark JVM %.1f µs%s; load average %s",
                    cpu.jvmNanos / 1e3 / fed, TestDatabase.usesPostgres() ? String.format(Locale.ROOT,
                            ", PostgreSQL backends of this database %.1f µs, all PostgreSQL processes %.1f µs",
                            cpu.backendNanos / 1e3 / fed, cpu.postgresNanos / 1e3 / fed) : "",
                    Files.readString(Path.of("/proc/loadavg")).trim()));
            long anomalies = jdbc.queryForObject("SELECT COUNT(*) FROM rpt_anomalies", Long.class);
            note("anomalies: " + anomalies + ", events stored: " + jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events", Long.class));

            Reports reports = new Reports(jdbc, TOPIC);
            Long inReport = jdbc.queryForObject("SELECT COUNT(*) FROM rpt_retirements WHERE reporting_year = ?", Long.class, REPORT_YEAR);
            for (ReportFormat format : List.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.JSON, ReportFormat.CSV, ReportFormat.PDF)) {
                System.gc();
                heap.reset();
                CountingStream out = new CountingStream();
                long start = System.nanoTime();
                reports.write(null, REPORT_YEAR, null, format, out);
                double took = (System.nanoTime() - start) / 1e9;
                note(String.format(Locale.ROOT, "ESRS E1-7 registry-wide %d, %s, %,d retirements: %.2f s, %,d bytes, peak heap %d MiB",
                        REPORT_YEAR, format, inReport, took, out.bytes.get(), mb(heap.peak())));
            }
            heap.reset();
            long start = System.nanoTime();
            CountingStream out = new CountingStream();
            reports.write(null, REPORT_YEAR, generator.asOfMidway, ReportFormat.JSON, out);
            note(String.format(Locale.ROOT, "ESRS E1-7 registry-wide as of %s, JSON: %.2f s, %,d bytes, peak heap %d MiB",
                    generator.asOfMidway, (System.nanoTime() - start) / 1e9, out.bytes.get(), mb(heap.peak())));
        } finally {
            Files.write(Path.of("target", "projection-benchmark.txt"), figures);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String databaseName(String url) {
        String path = url.substring(url.indexOf("//") + 2);
        path = path.substring(path.indexOf('/') + 1);
        int end = path.indexOf('?');
        return end < 0 ? path : path.substring(0, end);
    }

    /**
     * CPU spent while ingesting, summed over the timed intervals: this JVM (every thread, so the parallel signature
     * checks and the garbage collector count), and on a local PostgreSQL the server processes read from /proc: the
     * backends serving {@code database} (their process title names it) and all of the server's processes
     * (background writers, WAL, autovacuum; other databases' work too, if any).
     */
    private static final class CpuClock {
        private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ, 100 on Linux
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final String database;
        long jvmNanos;
        long backendNanos;
        long postgresNanos;
        private long jvmAt;
        /** pid -> {ticks, whether it serves the database} when the interval started */
        private java.util.Map<Long, long[]> postgresAt = java.util.Map.of();

        CpuClock(String database) {
            this.database = database;
        }

        void start() {
            postgresAt = postgresTicks(); // before the JVM's clock starts, so reading /proc is not counted
            jvmAt = os.getProcessCpuTime();
        }

        void stop() {
            jvmNanos += os.getProcessCpuTime() - jvmAt;
            // per process, so that one ending during the interval (its CPU lost) never makes the sum go backwards
            for (java.util.Map.Entry<Long, long[]> process : postgresTicks().entrySet()) {
                long[] before = postgresAt.get(process.getKey());
                long used = process.getValue()[0] - (before == null ? 0 : before[0]);
                postgresNanos += (long) (used * NANOS_PER_TICK);
                if (process.getValue()[1] == 1) {
                    backendNanos += (long) (used * NANOS_PER_TICK);
                }
            }
        }

        /** pid -> {utime + stime in clock ticks, 1 if it serves the database}, for every postgres process. */
        private java.util.Map<Long, long[]> postgresTicks() {
            java.util.Map<Long, long[]> ticks = new java.util.HashMap<>();
            if (database == null) {
                return ticks;
            }
            java.io.File[] processes = new java.io.File("/proc").listFiles(f -> f.getName().chars().allMatch(Character::isDigit));
            for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
                try {
                    String stat = Files.readString(process.toPath().resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    String title = Files.readString(process.toPath().resolve("cmdline")).replace('\0', ' ');
                    ticks.put(Long.parseLong(process.getName()), new long[] {used, title.contains(" " + database + " ") ? 1 : 0});
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading
                }
            }
            return ticks;
        }
    }

    private void note(String line) {
        figures.add(line);
        System.out.println("[bench] " + line);
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /**
     * A registry at work: 1,000 accounts, 100 projects, 10,000 batches, then transfers to corporates (50 %),
     * retirements of what they received (40 %), cancellations (5 %) and freezes (5 %). The first
     * {@code reportRetirements} retirements are claimed for 2024, the rest for 2023.
     */
    private static final class Generator {
        private final SyntheticRegistry registry = new SyntheticRegistry(3, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMillis(100));
        private final int reportRetirements;
        private final Deque<String[]> setup = new ArrayDeque<>();
        private final Deque<long[]> lots = new ArrayDeque<>(); // corporate index, batch index, remaining
        private final Standard[] standards = Standard.values();
        private final String[] countries = {"BR", "DE", "KE", "FR", "IN", "ID", "PL", "US"};
        private long step;
        private long retirements;
        private long transfers;
        private Instant asOfMidway;

        Generator(int reportRetirements) {
            this.reportRetirements = reportRetirements;
            for (int i = 0; i < 10; i++) {
                setup.add(new String[] {"account", "dev-" + i, "PROJECT_DEVELOPER"});
            }
            for (int i = 0; i < 990; i++) {
                setup.add(new String[] {"account", "corp-" + i, "CORPORATE"});
            }
            for (int i = 0; i < 100; i++) {
                setup.add(new String[] {"project", String.valueOf(i)});
            }
            for (int i = 0; i < 10_000; i++) {
                setup.add(new String[] {"batch", String.valueOf(i)});
            }
        }

        List<ConsumedRecord> next(int count) {
            List<ConsumedRecord> records = new ArrayList<>(count);
            while (records.size() < count) {
                records.add(setup.isEmpty() ? activity() : setUp(setup.poll()));
            }
            return records;
        }

        private ConsumedRecord setUp(String[] what) {
            switch (what[0]) {
                case "account":
                    return registry.openAccount(what[1], AccountType.valueOf(what[2]), countries[what[1].hashCode() & 7]);
                case "project": {
                    int i = Integer.parseInt(what[1]);
                    boolean removal = i % 2 == 0;
                    return registry.registerProject("project-" + i, standards[i % standards.length], countries[i % countries.length],
                            removal ? ProjectCategory.REMOVAL : ProjectCategory.REDUCTION,
                            removal ? (i % 4 == 0 ? RemovalSink.BIOGENIC : RemovalSink.TECHNOLOGICAL) : null,
                            "type-" + (i % 7), "dev-" + (i % 10));
                }
                default: {
                    int i = Integer.parseInt(what[1]);
                    int project = i % 100;
                    boolean removal = project % 2 == 0;
                    return registry.issue("batch-" + i, "project-" + project, standards[project % standards.length],
                            countries[project % countries.length], removal ? ProjectCategory.REMOVAL : ProjectCategory.REDUCTION,
                            removal ? (project % 4 == 0 ? RemovalSink.BIOGENIC : RemovalSink.TECHNOLOGICAL) : null,
                            2018 + i % 7, 1_000_000, "dev-" + (project % 10), i % 5 == 0);
                }
            }
        }

        private ConsumedRecord activity() {
            long n = step++;
            int kind = (int) (n % 20);
            if (kind < 10 || lots.isEmpty()) {
                int batch = (int) (n % 10_000);
                int corporate = batch % 990; // one buyer per batch keeps the generator's own bookkeeping small
                transfers++;
                lots.add(new long[] {corporate, batch, 100});
                return registry.transfer("batch-" + batch, "dev-" + (batch % 100 % 10), "corp-" + corporate, 100);
            }
            if (kind < 18) {
                long[] lot = lots.peek();
                long quantity = Math.min(lot[2], 1 + n % 10);
                lot[2] -= quantity;
                if (lot[2] == 0) {
                    lots.poll();
                }
                retirements++;
                if (retirements == reportRetirements / 2) {
                    asOfMidway = registry.now();
                }
                int year = retirements <= reportRetirements ? REPORT_YEAR : REPORT_YEAR - 1;
                return registry.retire("batch-" + lot[1], "corp-" + lot[0], quantity, "Beneficiary " + lot[0], year);
            }
            int batch = (int) (n % 10_000);
            if (kind == 18) {
                return registry.cancel("batch-" + batch, "dev-" + (batch % 100 % 10), 1);
            }
            return (n / 20) % 2 == 0 ? registry.freeze("batch-" + batch) : registry.unfreeze("batch-" + batch);
        }
    }

    private static final class CountingStream extends OutputStream {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void write(int b) {
            bytes.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.addAndGet(len);
        }
    }

    /** Samples used heap every 10 ms: the peak between resets. */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        long peak() {
            return peak.get();
        }

        long afterGc() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        @Override
        public void close() throws IOException {
            running = false;
            thread.interrupt();
        }
    }
}
