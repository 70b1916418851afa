package org.carbonregistry.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.carbonregistry.registry.RegistryServiceApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** registry-service booted inside this JVM, on a free port, against the run's database and broker. */
final class RunningRegistry implements AutoCloseable {

    /** The operator account that registry-service opens at its first start and gives the admin key to. */
    static final String OPERATOR_ACCOUNT = "registry";

    private final ConfigurableApplicationContext context;
    private final String adminKey;

    private RunningRegistry(ConfigurableApplicationContext context, String adminKey) {
        this.context = context;
        this.adminKey = adminKey;
    }

    static RunningRegistry boot(BenchDatabase database, String kafkaBootstrapServers, String topic,
                                List<String> serviceProperties) {
        // The checker calls an outside host and writes ~/.axoniq; a benchmark wants neither.
        System.setProperty("axoniq.update-checker.disabled", "true");
        byte[] secret = new byte[24];
        ThreadLocalRandom.current().nextBytes(secret);
        String adminKey = "crk_bench_" + HexFormat.of().formatHex(secret);
        // Command-line arguments outrank application.yml and the REGISTRY_* environment it reads.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--registry.kafka.bootstrap-servers=" + kafkaBootstrapServers,
                "--registry.kafka.topic=" + topic,
                "--registry.admin-key=" + adminKey,
                "--spring.main.banner-mode=off"));
        serviceProperties.forEach(property -> args.add("--" + property));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RegistryServiceApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
        return new RunningRegistry(context, adminKey);
    }

    CommandGateway gateway() {
        return context.getBean(CommandGateway.class);
    }

    URI baseUri() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    String adminKey() {
        return adminKey;
    }

    String property(String key) {
        return context.getEnvironment().getProperty(key, "(default)");
    }

    /** Global index of the newest stored event, -1 if none. */
    long newestEvent() {
        return context.getBean(EventStore.class).createHeadToken().position().orElse(-1);
    }

    /** Global index of the newest event the Kafka publishing processor has handled, -1 if none. */
    long newestPublished() {
        var statuses = publisher().processingStatus().values();
        return statuses.stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1))
                .min().orElse(-1);
    }

    /**
     * Waits until the tracking processor that publishes to Kafka has passed the newest stored event, so one
     * scenario's publishing backlog does not load the next.
     *
     * @return how long that took, or null if it did not happen within the timeout
     */
    Duration awaitKafkaPublished(Duration timeout) throws InterruptedException {
        long head = newestEvent();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (newestPublished() >= head) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(5);
        }
        return null;
    }

    /**
     * The Kafka producer's own averages (it registers them as MBeans in this JVM): how many records go into one
     * produce request and how long a request takes explain the publisher's pace.
     */
    String kafkaProducerMetrics() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            StringBuilder text = new StringBuilder();
            for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                text.append(String.format(Locale.ROOT,
                        "producer %s: %.1f records/request, request latency avg %.1f ms, %.0f requests/s",
                        name.getKeyProperty("client-id"),
                        (Double) server.getAttribute(name, "records-per-request-avg"),
                        (Double) server.getAttribute(name, "request-latency-avg"),
                        (Double) server.getAttribute(name, "request-rate")));
            }
            return text.length() == 0 ? "no Kafka producer metrics" : text.toString();
        } catch (JMException e) {
            return "Kafka producer metrics unreadable: " + e.getMessage();
        }
    }

    private TrackingEventProcessor publisher() {
        return context.getBean(Configuration.class).eventProcessingConfiguration()
                .eventProcessor(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no Kafka publishing processor in registry-service"));
    }

    @Override
    public void close() {
        context.close();
    }
}
