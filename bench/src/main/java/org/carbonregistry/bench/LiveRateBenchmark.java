package org.carbonregistry.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

/**
 * The ledger under a steady live rate: its runnable jar as a separate process (as production runs it) on a real
 * broker and a real database, fed signed envelopes at fixed rates. Prints, per rate, the ledger process's CPU
 * milliseconds per event, the events per second it sealed, and the lag from send to the checkpoint that covers an
 * event. Figures only, nothing asserted: on a shared machine they are floors.
 *
 * <p>Lag is read from the checkpoint files the ledger writes ({@code LEDGER_CHECKPOINT_DIR}, their modification
 * times), so measuring costs the ledger no requests. Events are matched to checkpoints by count (the n-th event sent
 * is taken as sealed by the first checkpoint of size n or more); partitions can reorder a few, not the figures.
 */
public final class LiveRateBenchmark {

    static final String USAGE = """
            LiveRateBenchmark: the ledger's CPU per event and lag to checkpoint at steady rates, figures printed.
              --rates R,R,...      events per second, one run each (default 200,1000,4000)
              --seconds S          length of each run (default 20)
              --warmup N           untimed events first, for the JIT (default 20000)
              --ledger-jar FILE    the ledger's runnable jar (default ledger-anchor/target/ledger-anchor-*-exec.jar)
              --ledger-env K=V     a setting for the ledger process, repeatable, e.g. LEDGER_FETCH_MIN_BYTES=1
              --jfr FILE           record a JFR profile (settings=profile) of the ledger process into FILE
            Database: a fresh H2 file database, or a fresh database on the PostgreSQL server of LEDGER_DB_URL
            (LEDGER_DB_USER / LEDGER_DB_PASSWORD), dropped at the end. Kafka: KAFKA_BOOTSTRAP_SERVERS, else an
            in-process broker.""";

    private static final String TOPIC = "registry.bench.live-" + System.currentTimeMillis();
    private static final EnvelopeSigner REGISTRY = new EnvelopeSigner("bench.example/registry", Ed25519.generate());

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("ledger-live-bench-");
        try (BenchDatabase database = BenchDatabase.fromEnvironment("LEDGER", "ledger");
             BenchKafka kafka = BenchKafka.fromEnvironment()) {
            kafka.createTopic(TOPIC);
            say("ledger database: " + database.label() + "; Kafka: " + kafka.label() + "; topic " + TOPIC);
            Ledger ledger = Ledger.start(options, database, kafka.bootstrapServers(), work);
            try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                ledger.awaitReady();
                long sent = 0;
                if (options.warmup() > 0) {
                    sent += send(producer, options.warmup(), 5_000);
                    ledger.awaitCheckpointed(sent);
                    say("warm-up: " + options.warmup() + " events sealed");
                }
                CpuSample idleStart = ledger.cpu();
                Thread.sleep(5_000);
                say(String.format("idle: %.1f ms CPU per second", ledger.cpu().millisSince(idleStart) / 5.0));
                List<String> rows = new ArrayList<>();
                for (int rate : options.rates()) {
                    int events = rate * options.seconds();
                    CpuSample start = ledger.cpu();
                    long first = sent;
                    long[] sentAt = new long[events];
                    sendPaced(producer, events, rate, sentAt);
                    sent += events;
                    ledger.awaitCheckpointed(sent);
                    CpuSample end = ledger.cpu();
                    long[] lags = ledger.lagsToCheckpoint(first, sentAt);
                    double seconds = (end.wallNanos() - start.wallNanos()) / 1e9;
                    rows.add(String.format("| %d | %d | %.0f | %.3f | %d / %d / %d |", rate, events, events / seconds,
                            end.millisSince(start) / events, percentile(lags, 50), percentile(lags, 99), lags[lags.length - 1]));
                }
                System.out.println();
                System.out.println("ledger settings: " + options.ledgerEnvironment());
                System.out.println("| rate (events/s) | events | sealed events/s (send start to last seal) | ledger CPU ms/event "
                        + "| lag to checkpoint p50 / p99 / max (ms) |");
                System.out.println("| --- | --- | --- | --- | --- |");
                rows.forEach(System.out::println);
            } finally {
                ledger.stop();
            }
        } finally {
            TempFiles.deleteRecursively(work);
        }
        System.exit(0);
    }

    /** As the registry publishes: every record acknowledged by all replicas (idempotent, Kafka's default then). */
    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /** Signed records made before sending, so that signing costs neither the pace nor the ledger anything. */
    private static List<ProducerRecord<String, byte[]>> records(int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String aggregate = "account-" + UUID.randomUUID();
            AccountOpened event = new AccountOpened(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), aggregate,
                    "Organisation " + i, AccountType.CORPORATE, "DE");
            byte[] envelope = EventEnvelope.of(event, aggregate, 0, "registry").canonicalBytes();
            SignedEnvelope signed = REGISTRY.sign(envelope);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, aggregate, envelope);
            record.headers().add(SignedEnvelope.SIGNATURE_HEADER, signed.signature().getBytes(StandardCharsets.UTF_8));
            record.headers().add(SignedEnvelope.KEY_ID_HEADER, signed.keyId().getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        return records;
    }

    private static long send(KafkaProducer<String, byte[]> producer, int count, int rate) throws InterruptedException {
        sendPaced(producer, count, rate, new long[count]);
        return count;
    }

    /** Sends record i at start + i / rate (open loop) and notes its wall-clock time in {@code sentAt}. */
    private static void sendPaced(KafkaProducer<String, byte[]> producer, int count, int rate, long[] sentAt)
            throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = records(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sentAt[i] = System.currentTimeMillis();
            producer.send(records.get(i));
        }
        producer.flush();
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    static void say(String message) {
        System.out.println("[bench] " + message);
    }

    record CpuSample(long cpuNanos, long wallNanos) {
        double millisSince(CpuSample start) {
            return (cpuNanos - start.cpuNanos) / 1e6;
        }
    }

    /** The ledger process: started from its runnable jar, watched through its HTTP health and checkpoint files. */
    private record Ledger(Process process, String baseUrl, Path checkpoints, Path log) {

        static Ledger start(Options options, BenchDatabase database, String bootstrapServers, Path work) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m"));
            if (options.jfr() != null) {
                command.add("-XX:StartFlightRecording=settings=profile,filename=" + options.jfr().toAbsolutePath());
            }
            command.addAll(List.of("-jar", options.ledgerJar().toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            environment.putAll(Map.of("LEDGER_PORT", Integer.toString(port),
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "REGISTRY_EVENTS_TOPIC", TOPIC,
                    "LEDGER_DB_URL", database.url(),
                    "LEDGER_DB_USER", database.user(),
                    "LEDGER_DB_PASSWORD", database.password(),
                    "LEDGER_SIGNING_KEY", work.resolve("ledger-key.pem").toString(),
                    "LEDGER_CHECKPOINT_DIR", work.resolve("checkpoints").toString(),
                    "REGISTRY_VERIFIER_KEYS", REGISTRY.verifierKey().encode()));
            environment.putAll(options.ledgerEnvironment());
            Path log = work.resolve("ledger.log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            say("ledger: " + String.join(" ", command) + ", log " + log);
            return new Ledger(builder.start(), "http://127.0.0.1:" + port, work.resolve("checkpoints"), log);
        }

        void awaitReady() throws IOException, InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            // Generous: on a busy shared machine Spring Boot's start alone has taken two minutes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the ledger ended with " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl
                            + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("the ledger was not ready within 300 s; see " + log);
        }

        CpuSample cpu() {
            Duration cpu = process.toHandle().info().totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("this OS does not tell a process's CPU time"));
            return new CpuSample(cpu.toNanos(), System.nanoTime());
        }

        /** Sealed checkpoints by tree size, with the time their files were written (epoch milliseconds). */
        TreeMap<Long, Long> sealed() throws IOException {
            TreeMap<Long, Long> sealed = new TreeMap<>();
            if (!Files.isDirectory(checkpoints)) {
                return sealed;
            }
            try (Stream<Path> files = Files.list(checkpoints)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.matches("\\d{20}\\.checkpoint")) {
                        sealed.put(Long.parseLong(name.substring(0, 20)), Files.getLastModifiedTime(file).toMillis());
                    }
                }
            }
            return sealed;
        }

        void awaitCheckpointed(long treeSize) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (sealed().ceilingKey(treeSize) == null) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("no checkpoint of size " + treeSize + " within 300 s; see " + log);
                }
                Thread.sleep(50);
            }
        }

        /** Per event, milliseconds from its send to the first checkpoint covering as many events; sorted. */
        long[] lagsToCheckpoint(long first, long[] sentAt) throws IOException {
            TreeMap<Long, Long> sealed = sealed();
            long[] lags = new long[sentAt.length];
            for (int i = 0; i < sentAt.length; i++) {
                lags[i] = sealed.ceilingEntry(first + i + 1).getValue() - sentAt[i];
            }
            Arrays.sort(lags);
            return lags;
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: a graceful stop, which also ends a JFR recording into its file
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    record Options(List<Integer> rates, int seconds, int warmup, Path ledgerJar, Map<String, String> ledgerEnvironment,
                   Path jfr) {

        static Options parse(String[] args) throws IOException {
            List<Integer> rates = List.of(200, 1_000, 4_000);
            int seconds = 20;
            int warmup = 20_000;
            Path jar = null;
            Map<String, String> environment = new TreeMap<>();
            Path jfr = null;
            List<String> words = Arrays.stream(String.join(" ", args).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            for (int i = 0; i < words.size(); i++) {
                String name = words.get(i);
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = words.get(++i);
                switch (name) {
                    case "--rates" -> rates = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--ledger-jar" -> jar = Path.of(value);
                    case "--ledger-env" -> {
                        int equals = value.indexOf('=');
                        if (equals < 1) {
                            throw new IllegalArgumentException("--ledger-env needs KEY=VALUE, was " + value);
                        }
                        environment.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    case "--jfr" -> jfr = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return new Options(rates, seconds, warmup, jar == null ? defaultJar() : jar, new HashMap<>(environment), jfr);
        }

        /** The jar {@code ./mvnw -pl ledger-anchor package} builds, from the repository root or from bench/. */
        private static Path defaultJar() throws IOException {
            for (Path target : List.of(Path.of("ledger-anchor", "target"), Path.of("..", "ledger-anchor", "target"))) {
                if (Files.isDirectory(target)) {
                    try (Stream<Path> files = Files.list(target)) {
                        var jar = files.filter(f -> f.getFileName().toString().matches("ledger-anchor-.*-exec\\.jar")).findFirst();
                        if (jar.isPresent()) {
                            return jar.get().toAbsolutePath();
                        }
                    }
                }
            }
            throw new IllegalArgumentException("no ledger-anchor/target/ledger-anchor-*-exec.jar: build it or name it with --ledger-jar");
        }
    }
}
