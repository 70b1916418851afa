package org.carbonregistry.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures transfers and retirements against registry-service booted in this JVM: through Axon's
 * CommandGateway (closed loop, N client threads) and over HTTP (open loop at a fixed rate), on one hot batch
 * and spread over 100 batches. Prints throughput, latency percentiles, heap after GC, errors and Kafka
 * publishing progress; asserts nothing.
 */
public final class RegistryLoadDriver {

    /**
     * The longest wait for the Kafka publisher, before a measured run (to start from quiet) and after it (to time
     * its drain); bounded so that a slow publisher cannot stretch a run without end.
     */
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(15);
    private static final long SEED = 20_260_101L;
    /** Read by logback.xml: the service's and the broker's logs go there, the figures to stdout. */
    private static final String LOG_FILE_PROPERTY = "bench.log.file";

    private final DriverOptions options;
    private final RunningRegistry registry;
    private final String databaseName;

    private RegistryLoadDriver(DriverOptions options, BenchDatabase database, RunningRegistry registry) {
        this.options = options;
        this.registry = registry;
        this.databaseName = database.url().startsWith("jdbc:postgresql:") ? "postgresql"
                : database.url().startsWith("jdbc:h2:") ? "h2" : "other";
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            drive(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        exitDespiteLeftoverThreads(status);
    }

    /**
     * Some of the service's libraries leave non-daemon threads behind after shutdown (Axon's "axon-janitor"
     * among them), and exec:java waits for every non-daemon thread: the driver names them and ends the JVM.
     */
    private static void exitDespiteLeftoverThreads(int status) {
        List<String> leftovers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread()
                        && !thread.getName().equals("main"))
                .map(Thread::getName).sorted().toList();
        if (!leftovers.isEmpty()) {
            say("ending the JVM despite non-daemon threads left by the service: " + String.join(", ", leftovers));
        }
        System.out.flush();
        System.exit(status);
    }

    private static void drive(String[] args) throws Exception {
        DriverOptions options;
        try {
            options = DriverOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(DriverOptions.USAGE);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "registry-bench-" + stamp + ".log").toString());
        }
        say("service and broker logs: " + System.getProperty(LOG_FILE_PROPERTY));
        String topic = "registry.bench." + stamp;
        long began = System.nanoTime();
        try (BenchDatabase database = BenchDatabase.fromEnvironment()) {
            say("database: " + database.label());
            try (BenchKafka kafka = BenchKafka.fromEnvironment()) {
                say("kafka: " + kafka.label() + ", topic " + topic);
                kafka.createTopic(topic);
                List<ScenarioResult> results;
                long records;
                try (RunningRegistry registry = RunningRegistry.boot(database, kafka.bootstrapServers(), topic,
                        options.serviceProperties())) {
                    say("registry-service at " + registry.baseUri() + " (up " + seconds(System.nanoTime() - began)
                            + " s after start)");
                    results = new RegistryLoadDriver(options, database, registry).runAll();
                    records = kafka.records(topic);
                }
                printSummary(results, records);
            }
        }
        say("done in " + seconds(System.nanoTime() - began) + " s");
    }

    private List<ScenarioResult> runAll() throws Exception {
        printSettings();
        List<ScenarioResult> results = new ArrayList<>();
        Recording recording = startProfile();
        try {
            for (Scenario scenario : options.scenarios()) {
                ScenarioResult result = run(scenario);
                results.add(result);
                System.out.println(ScenarioResult.header());
                System.out.println(result.row());
                result.firstErrors().forEach(error -> System.out.println("    error: " + error));
                System.out.println("    " + registry.kafkaProducerMetrics());
                System.out.println();
            }
        } finally {
            if (recording != null) {
                recording.stop();
                recording.close();
                say("JFR profile written to " + options.jfr());
            }
        }
        return results;
    }

    private ScenarioResult run(Scenario scenario) throws Exception {
        String name = "bench " + scenario.label() + " " + System.currentTimeMillis();
        long setUpStart = System.nanoTime();
        return switch (scenario.transport()) {
            case GATEWAY -> {
                GatewayLoad load = new GatewayLoad(registry.gateway());
                Fixture fixture = load.setUp(name, scenario.batches());
                say(scenario.label() + ": set up " + scenario.batches() + " batch(es) in "
                        + seconds(System.nanoTime() - setUpStart) + " s; warming up with " + options.warmup()
                        + " commands");
                load.run(fixture, options.warmup(), options.threads(), new LatencyRecorder(options.warmup()), SEED,
                        Duration.ofSeconds(options.maxSeconds()));
                settle();
                say(scenario.label() + ": measuring " + options.commands() + " commands from " + options.threads()
                        + " threads");
                LatencyRecorder recorder = new LatencyRecorder(options.commands());
                long publishedBefore = registry.newestPublished();
                CpuUsage cpuBefore = CpuUsage.now();
                Duration duration = load.run(fixture, options.commands(), options.threads(), recorder, SEED + 1_000,
                        Duration.ofSeconds(options.maxSeconds()));
                yield finish(scenario, options.threads() + " threads", recorder, duration, cpuBefore,
                        publishedBefore, fixture);
            }
            case HTTP -> {
                HttpLoad load = new HttpLoad(registry.baseUri(), registry.adminKey(), options.window());
                try {
                    Fixture fixture = load.setUp(name, scenario.batches());
                    say(scenario.label() + ": set up " + scenario.batches() + " batch(es) in "
                            + seconds(System.nanoTime() - setUpStart) + " s; warming up with " + options.warmup()
                            + " requests at " + options.rate() + "/s");
                    load.run(fixture, options.rate(), options.warmup(), new LatencyRecorder(options.warmup()), SEED);
                    settle();
                    int count = options.rate() * options.seconds();
                    say(scenario.label() + ": measuring " + count + " requests at " + options.rate() + "/s");
                    LatencyRecorder recorder = new LatencyRecorder(count);
                    long publishedBefore = registry.newestPublished();
                    CpuUsage cpuBefore = CpuUsage.now();
                    Duration duration = load.run(fixture, options.rate(), count, recorder, SEED + 1_000);
                    yield finish(scenario, options.rate() + "/s, window " + options.window(), recorder, duration,
                            cpuBefore, publishedBefore, fixture);
                } finally {
                    load.close();
                }
            }
        };
    }

    /** Lets the Kafka publisher catch up with set-up and warm-up, so the measured run starts from quiet. */
    private void settle() throws InterruptedException {
        if (registry.awaitKafkaPublished(KAFKA_WAIT) == null) {
            say("the Kafka publisher did not catch up within " + KAFKA_WAIT.toSeconds() + " s; measuring anyway");
        }
        System.gc();
    }

    private ScenarioResult finish(Scenario scenario, String load, LatencyRecorder recorder, Duration duration,
                                  CpuUsage cpuBefore, long publishedBefore, Fixture fixture) throws Exception {
        CpuUsage cpuAfter = CpuUsage.now();
        long published = registry.newestPublished();
        long backlog = Math.max(0, registry.newestEvent() - published);
        var publishing = new ScenarioResult.Publishing((published - publishedBefore) / (duration.toNanos() / 1e9),
                backlog, registry.awaitKafkaPublished(KAFKA_WAIT));
        String conservation = ConservationCheck.run(registry.baseUri(), fixture.batchIds());
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        return ScenarioResult.of(scenario.label(), databaseName, load, recorder, duration, cpuBefore, cpuAfter,
                heapUsed, publishing, conservation);
    }

    private Recording startProfile() throws Exception {
        if (options.jfr() == null) {
            return null;
        }
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setDestination(options.jfr());
        recording.start();
        return recording;
    }

    private void printSettings() {
        var runtime = Runtime.getRuntime();
        say(String.format(Locale.ROOT, "java %s, %d cores, max heap %d MB; hikari pool %s, snapshot threshold %s, "
                        + "kafka publish batch %s",
                System.getProperty("java.version"), runtime.availableProcessors(), runtime.maxMemory() >> 20,
                registry.property("spring.datasource.hikari.maximum-pool-size"),
                registry.property("registry.batch.snapshot-threshold"),
                registry.property("registry.kafka.publish-batch-size")));
        options.serviceProperties().forEach(property -> say("service property " + property));
    }

    private static void printSummary(List<ScenarioResult> results, long records) {
        System.out.println();
        System.out.println("== summary ==");
        System.out.println(ScenarioResult.header());
        results.forEach(result -> System.out.println(result.row()));
        System.out.println("""
                latency: gateway from send to answer; HTTP from the request's due time to its response.
                heap MB: used after a GC, whole JVM (driver, service and in-process broker).
                cpu ms: this JVM's CPU time per command (driver, service, in-process broker; not PostgreSQL's).
                jvm% / box%: this JVM's and the whole machine's busy share of all cores during the run.
                pub/s: events the Kafka publisher sent per second during the run; backlog: events stored but not
                  yet published when the run ended; drain s: time after the run until all were published.
                conservation: held + retired + cancelled = issued in the views of every batch of the scenario.""");
        System.out.println("records in the Kafka topic at the end (set-up, warm-up and measured events): " + records);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static void say(String line) {
        System.out.println("[bench] " + line);
    }
}
