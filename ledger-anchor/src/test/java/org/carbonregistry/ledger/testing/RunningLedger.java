package org.carbonregistry.ledger.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.carbonregistry.ledger.LedgerAnchorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The ledger service in this JVM on a random port, with a database, topic and signing key of the test's choosing. */
public final class RunningLedger implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    public final LedgerHttp http;

    private RunningLedger(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.http = new LedgerHttp("http://127.0.0.1:" + port);
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
        properties.putAll(extra);
        // As command-line arguments: they take precedence over application.yml (builder properties would not).
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerAnchorApplication.class).run(arguments);
        return new RunningLedger(context);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
