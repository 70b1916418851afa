package org.carbonregistry.bench.stack;

import org.carbonregistry.bench.BenchDatabase;
import org.carbonregistry.bench.TempFiles;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The stack started the way users start it, {@code ./registry up}, but with a temporary data directory and free
 * ports so that it disturbs nothing else on the machine; on PostgreSQL with three fresh databases. Closing it
 * stops the stack as Ctrl-C does (SIGTERM to the script, which stops every process it started), then drops the
 * databases and deletes the directory.
 */
final class LaunchedStack implements AutoCloseable {

    /** ./registry up's own bound per service (STARTUP_TIMEOUT) is 300 s; on a busy shared machine that is short. */
    private static final Duration SERVICE_STARTUP = Duration.ofSeconds(600);
    private static final Duration STARTUP = SERVICE_STARTUP.plusSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(150);
    private static final String READY = "The registry is up.";

    private final Path dataDir;
    private final List<BenchDatabase> databases;
    private final Process script;
    private StackOptions.Attach attach;

    private LaunchedStack(Path dataDir, List<BenchDatabase> databases, Process script) {
        this.dataDir = dataDir;
        this.databases = databases;
        this.script = script;
    }

    static LaunchedStack start(StackOptions options) throws IOException, SQLException, InterruptedException {
        Path dataDir = Files.createTempDirectory("stack-load-");
        List<BenchDatabase> databases = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(options.repo().toAbsolutePath().resolve("registry").toString(), "up")
                .directory(options.repo().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("registry-up.log").toFile());
        Map<String, String> env = builder.environment();
        // Only this run's settings: a stray REGISTRY_DB_URL or KAFKA_BOOTSTRAP_SERVERS in the caller's shell would
        // point the stack somewhere else. REGISTRY_JAVA_OPTS stays: it is how a user tunes the services.
        env.keySet().removeIf(name -> (name.startsWith("REGISTRY_") || name.startsWith("LEDGER_")
                || name.startsWith("REPORTING_") || name.startsWith("KAFKA_")) && !name.equals("REGISTRY_JAVA_OPTS"));
        int base = freePortRun(5);
        env.put("REGISTRY_DATA_DIR", dataDir.toString());
        env.put("STARTUP_TIMEOUT", Long.toString(SERVICE_STARTUP.toSeconds()));
        env.put("KAFKA_PORT", Integer.toString(base));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(base + 1));
        env.put("REGISTRY_PORT", Integer.toString(base + 2));
        env.put("LEDGER_PORT", Integer.toString(base + 3));
        env.put("REPORTING_PORT", Integer.toString(base + 4));
        if (options.database() == StackOptions.Database.POSTGRESQL) {
            for (String service : List.of("REGISTRY", "LEDGER", "REPORTING")) {
                BenchDatabase database = BenchDatabase.createPostgres(options.postgresUrl(), options.postgresUser(), "",
                        "stack_load_" + service.toLowerCase());
                databases.add(database);
                env.put(service + "_DB_URL", database.url());
                env.put(service + "_DB_USER", options.postgresUser());
                env.put(service + "_DB_PASSWORD", "");
            }
            if ("off".equals(databases.get(0).serverSetting("autovacuum"))) {
                // Found so: on a server without it, a query planned while its table was empty keeps its sequential
                // scan (nothing analyses the table, so the cached plan is never replaced), and dead rows pile up.
                System.out.println("warning: autovacuum is off on this PostgreSQL server (it is on as installed): its"
                        + " tables are never analysed and dead rows are not reclaimed, so the postgresql figures are"
                        + " higher than on a server as installed, and grow with the run");
            }
        }
        if (options.kafkaClasspath() != null) {
            // saves ./registry up its own (online) Maven run; a fresh copy is newer than local-kafka/pom.xml
            Files.copy(options.kafkaClasspath(), dataDir.resolve("kafka.classpath"));
        }
        System.out.printf("starting ./registry up (data %s, ports %d-%d%s) ...%n", dataDir, base, base + 4,
                databases.isEmpty() ? "" : ", databases " + databases.stream().map(BenchDatabase::name)
                        .collect(Collectors.joining(", ")));
        LaunchedStack stack = new LaunchedStack(dataDir, databases, builder.start());
        try {
            stack.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Path log = dataDir.resolve("registry-up.log");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.readString(log).contains(READY)) {
            if (!script.isAlive()) {
                throw new IllegalStateException("./registry up ended (exit " + script.exitValue() + ") before the stack was up:\n"
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("./registry up did not say \"" + READY + "\" in " + STARTUP.toSeconds()
                        + " s:\n" + tail(log));
            }
            Thread.sleep(500);
        }
        attach = StackDataDir.read(dataDir, Map.of(), null, Map.of(),
                databases.stream().map(BenchDatabase::name).collect(Collectors.toUnmodifiableSet()));
    }

    StackOptions.Attach attach() {
        return attach;
    }

    /** The pids the script runs now: a process it restarted has a new one. */
    Map<String, Long> currentPids() throws IOException {
        return StackDataDir.pids(dataDir.resolve("pids"));
    }

    @Override
    public void close() {
        try {
            Map<String, Long> pids = Files.isDirectory(dataDir.resolve("pids")) ? currentPids() : Map.of();
            script.destroy(); // SIGTERM: the script's trap runs './registry down'
            if (!script.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("./registry up did not stop in " + SHUTDOWN.toSeconds() + " s; killing what it started");
                script.destroyForcibly();
            }
            for (Map.Entry<String, Long> process : pids.entrySet()) {
                ProcessHandle.of(process.getValue()).filter(ProcessHandle::isAlive).ifPresent(left -> {
                    System.err.println(process.getKey() + " (pid " + process.getValue() + ") still ran; killed");
                    left.destroyForcibly();
                });
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("stopping the stack: " + e);
        } finally {
            databases.forEach(BenchDatabase::close);
            TempFiles.deleteRecursively(dataDir);
        }
    }

    /** {@code n} consecutive free ports on 127.0.0.1 (Kafka wants its controller port right above its own). */
    private static int freePortRun(int n) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (int port = base; port < base + n && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports found");
    }

    /** The script's output and the end of every process's log: the directory is deleted afterwards. */
    private String tail(Path log) throws IOException {
        StringBuilder text = new StringBuilder(tail(log, 30));
        Path logs = dataDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path file : files.sorted().toList()) {
                    text.append("\n--- ").append(file.getFileName()).append(" ---\n").append(tail(file, 15));
                }
            }
        }
        return text.toString();
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
