package org.carbonregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Webhook deliveries under load: registry-service in this JVM (as {@link RegistryLoadDriver} boots it), registry-wide
 * webhooks pointing at a JDK HTTP receiver on 127.0.0.1, and transfers and retirements sent through the command
 * gateway. Prints deliveries per second and the lag from an event's {@code occurredAt} (stamped when the rule
 * accepted it, just before its commit) to its arrival at the receiver. Figures only, nothing asserted.
 */
public final class WebhookDeliveryBenchmark {

    static final String USAGE = """
            WebhookDeliveryBenchmark: webhook deliveries/s and lag from event to receiver, figures printed.
              --events N        measured events (default 5000)
              --warmup N        untimed events first (default 1000)
              --threads T       client threads sending commands, closed loop (default 4)
              --hooks H         registry-wide webhooks, each owed every event (default 1)
              --service K=V     a registry-service property, repeatable, e.g. registry.webhook.concurrency=16
            Database and Kafka as RegistryLoadDriver (REGISTRY_DB_URL, KAFKA_BOOTSTRAP_SERVERS).""";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** eventId + hook path -> lag in nanoseconds (the first arrival; retries would not count twice) */
    private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
    private volatile Instant measuredFrom = Instant.MAX;
    private volatile long lastArrivalNanos;
    private volatile long lastAnyArrivalNanos = System.nanoTime();

    public static void main(String[] args) {
        int status = 0;
        try {
            new WebhookDeliveryBenchmark().run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status); // Axon leaves a non-daemon thread behind, as RegistryLoadDriver explains
    }

    private void run(String[] args) throws Exception {
        int events = 5000;
        int warmup = 1000;
        int threads = 4;
        int hooks = 1;
        List<String> service = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--hooks" -> hooks = Integer.parseInt(args[i + 1]);
                case "--service" -> service.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (System.getProperty("bench.log.file") == null) {
            System.setProperty("bench.log.file", Path.of(System.getProperty("java.io.tmpdir"),
                    "registry-bench-webhooks-" + System.currentTimeMillis() + ".log").toString());
        }
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService receiving = Executors.newFixedThreadPool(8, GatewayLoad.daemonThreads("receiver-"));
        receiver.setExecutor(receiving);
        receiver.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            lastAnyArrivalNanos = arrived;
            Instant now = Instant.now();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            JsonNode json = JSON.readTree(body);
            Instant occurred = Instant.parse(json.path("occurredAt").asText());
            if (!occurred.isBefore(measuredFrom)) {
                arrivals.putIfAbsent(exchange.getRequestURI().getPath() + " " + json.path("eventId").asText(),
                        Duration.between(occurred, now).toNanos());
                lastArrivalNanos = arrived;
            }
        });
        receiver.start();
        String topic = "registry.bench.webhooks-" + System.currentTimeMillis();
        try (BenchDatabase database = BenchDatabase.fromEnvironment();
             BenchKafka kafka = BenchKafka.fromEnvironment()) {
            kafka.createTopic(topic);
            try (RunningRegistry registry = RunningRegistry.boot(database, kafka.bootstrapServers(), topic, service)) {
                say("database " + database.label() + ", kafka " + kafka.label());
                say("webhook concurrency " + registry.property("registry.webhook.concurrency") + ", request timeout "
                        + registry.property("registry.webhook.request-timeout") + ", client threads " + threads
                        + ", hooks " + hooks);
                for (int h = 0; h < hooks; h++) {
                    subscribe(registry, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook-" + h);
                }
                GatewayLoad load = new GatewayLoad(registry.gateway());
                Fixture fixture = load.setUp("webhooks", 100);
                LatencyRecorder commands = new LatencyRecorder(events + warmup);
                load.run(fixture, warmup, threads, commands, 7, Duration.ofMinutes(5));
                // the warm-up's deliveries drain first, or the measured lag would include their backlog
                while (System.nanoTime() - lastAnyArrivalNanos < Duration.ofSeconds(3).toNanos()) {
                    Thread.sleep(100);
                }

                measuredFrom = Instant.now();
                LatencyRecorder measured = new LatencyRecorder(events);
                long began = System.nanoTime();
                Duration sending = load.run(fixture, events, threads, measured, 11, Duration.ofMinutes(10));
                long expected = (long) measured.count() * hooks;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (arrivals.size() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long[] lags = arrivals.values().stream().mapToLong(Long::longValue).sorted().toArray();
                double seconds = (lastArrivalNanos - began) / 1e9;
                System.out.printf(Locale.ROOT, "events %d in %.1f s (%.0f events/s, %d command errors)%n",
                        measured.count(), sending.toNanos() / 1e9, measured.count() / (sending.toNanos() / 1e9),
                        measured.errors());
                System.out.printf(Locale.ROOT, "deliveries %d of %d in %.1f s: %.0f deliveries/s%n",
                        arrivals.size(), expected, seconds, arrivals.size() / seconds);
                System.out.printf(Locale.ROOT, "lag occurredAt -> receiver: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        LatencyRecorder.percentileMillis(lags, 0.50), LatencyRecorder.percentileMillis(lags, 0.99),
                        LatencyRecorder.percentileMillis(lags, 1.0));
            }
        } finally {
            receiver.stop(0);
            receiving.shutdownNow();
        }
    }

    private static void subscribe(RunningRegistry registry, String url) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("url", url,
                "eventTypes", List.of("CreditsTransferred", "CreditsRetired")));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry.baseUri() + "/api/webhooks"))
                .header("Authorization", "Bearer " + registry.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscribing failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }

}
