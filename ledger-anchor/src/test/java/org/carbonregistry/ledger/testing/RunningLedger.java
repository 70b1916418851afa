package org.carbonregistry.ledger.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.carbonregistry.ledger.LedgerAnchorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ledger service in this JVM on a random port, with a database, topic and signing key of the test's choosing.
 * Unless the test names a registry ({@code ledger.registry.url}), the ledger checks actuator keys with an
 * {@link IntrospectionStandIn} of its own, stopped with it.
 */
public final class RunningLedger implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final IntrospectionStandIn registry;
    /** Anonymous requests. */
    public final LedgerHttp http;
    /** Requests with an auditor's key: health details, metrics, Prometheus (stand-in registry only). */
    public final LedgerHttp auditor;

    private RunningLedger(ConfigurableApplicationContext context, IntrospectionStandIn registry) {
        this.context = context;
        this.registry = registry;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.http = new LedgerHttp("http://127.0.0.1:" + port);
        this.auditor = http.withKey(IntrospectionStandIn.AUDITOR_KEY);
    }

    /**
     * @param extra further properties (e.g. {@code ledger.witness.witnesses}); they win over the defaults here
     */
    public static RunningLedger start(TestDatabase database, String bootstrapServers, String topic, Path signingKey,
                                      Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(database.springProperties());
        properties.put("server.port", "0");
        properties.put("ledger.kafka.bootstrap-servers", bootstrapServers);
        properties.put("ledger.kafka.topic", topic);
        properties.put("ledger.kafka.group-id", "ledger-" + topic);
        properties.put("ledger.signing-key", signingKey.toString());
        properties.put("ledger.origin", "test.example/ledger");
        properties.put("ledger.checkpoint.interval", "500ms");
        properties.put("ledger.sequencer.renew-interval", "500ms");
        properties.put("ledger.registry.verifier-keys", TestRegistry.verifierKey());
        IntrospectionStandIn registry = extra.containsKey("ledger.registry.url") ? null : IntrospectionStandIn.start();
        if (registry != null) {
            properties.put("ledger.registry.url", registry.url());
            properties.put("ledger.access.service-key", IntrospectionStandIn.SERVICE_KEY);
        }
        properties.putAll(extra);
        // As command-line arguments: they take precedence over application.yml (builder properties would not).
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try {
            return new RunningLedger(new SpringApplicationBuilder(LedgerAnchorApplication.class).run(arguments), registry);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            throw e;
        }
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The stand-in registry this ledger asks about keys; absent when the test named a registry. */
    public Optional<IntrospectionStandIn> registry() {
        return Optional.ofNullable(registry);
    }

    @Override
    public void close() {
        context.close();
        if (registry != null) {
            registry.close();
        }
    }
}
