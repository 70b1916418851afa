package org.carbonregistry.system.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service's executable jar running as a separate OS process, as in production. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path workDir;
    private final int port;
    private Process process;

    ServiceProcess(String name, Path jar, Map<String, String> environment, Path workDir, int port) {
        this.name = name;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.port = port;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return workDir.resolve(name + ".log");
    }

    public synchronized ServiceProcess start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        // C1 only and the serial collector: three services and the broker share 2 cores, and C2's and G1's
        // threads would compete with them for the whole (short) life of the process
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true",
                "-jar", jar.toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    public void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/liveness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy within " + timeout + "; see " + log());
    }

    /** Prints up to {@code errors} ERROR entries of the log, each with at most {@code lines} lines of stack trace. */
    public void printLoggedErrors(java.io.PrintStream out, int errors, int lines) {
        List<String> log;
        try {
            log = Files.readAllLines(log(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println(name + ": cannot read " + log() + ": " + e);
            return;
        }
        int printed = 0;
        for (int i = 0; i < log.size() && printed < errors; i++) {
            if (log.get(i).contains(" ERROR ")) {
                printed++;
                out.println("--- " + name + " logged:");
                for (int j = i; j < Math.min(log.size(), i + lines); j++) {
                    out.println(log.get(j));
                }
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public synchronized void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the service drains and exits. */
    public synchronized int terminate() throws InterruptedException {
        if (process == null) {
            return 0;
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return process.exitValue();
    }

    public synchronized void restart(Duration healthyWithin) throws IOException, InterruptedException {
        terminate();
        start();
        awaitHealthy(healthyWithin);
    }

    @Override
    public void close() throws InterruptedException {
        terminate();
    }
}
