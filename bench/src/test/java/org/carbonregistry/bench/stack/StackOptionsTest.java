package org.carbonregistry.bench.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackOptionsTest {

    @Test
    void defaultsAreTheOperatorsClients() {
        StackOptions options = StackOptions.parse(new String[0]);
        assertThat(options.database()).isEqualTo(StackOptions.Database.H2);
        assertThat(options.clients()).isEqualTo(12);
        assertThat(options.seconds()).isEqualTo(30);
        assertThat(options.oneBatch()).isFalse();
        assertThat(options.openLoop()).isFalse();
        assertThat(options.attach()).isNull();
        assertThat(options.label()).isEqualTo("H2, 12 clients, one batch per client");
    }

    @Test
    void bothSpellingsOfValuesWork() {
        StackOptions options = StackOptions.parse(new String[] {"--db=postgresql", "--batches", "one", "--seconds=20",
                "--rate", "300", "--warmup", "0"});
        assertThat(options.database()).isEqualTo(StackOptions.Database.POSTGRESQL);
        assertThat(options.oneBatch()).isTrue();
        assertThat(options.seconds()).isEqualTo(20);
        assertThat(options.rate()).isEqualTo(300);
        assertThat(options.warmupSeconds()).isZero();
        assertThat(options.label()).isEqualTo("PostgreSQL, open loop 300/s, one batch");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--db", "mysql"})).hasMessageContaining("h2 or postgresql");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--clients", "0"})).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--seconds"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--threads", "4"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--registry", "http://x"}))
                .hasMessageContaining("--admin-key");
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--help"})).hasMessage("");
    }

    @Test
    void attachesByUrls() {
        StackOptions options = StackOptions.parse(new String[] {"--registry", "http://127.0.0.1:1", "--ledger",
                "http://127.0.0.1:2", "--reporting", "http://127.0.0.1:3", "--admin-key", "k", "--pid", "kafka=42"});
        assertThat(options.attach().ledger()).isEqualTo(URI.create("http://127.0.0.1:2"));
        assertThat(options.attach().pids()).isEqualTo(Map.of("kafka", 42L));
    }

    @Test
    void attachesToTheDataDirectoryOfRegistryUp(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("stack.env"), "REGISTRY_PORT=8080\nREGISTRY_URL=http://127.0.0.1:8080\n"
                + "LEDGER_URL=http://127.0.0.1:8081\nREPORTING_URL=http://127.0.0.1:8082\n");
        Files.writeString(dir.resolve("admin.key"), "crk_admin\n");
        Files.createDirectories(dir.resolve("pids"));
        Files.writeString(dir.resolve("pids/registry-service"), "1234\n");
        Files.writeString(dir.resolve("pids/kafka"), "99\n");
        StackOptions options = StackOptions.parse(new String[] {"--data-dir", dir.toString(), "--pid", "kafka=100"});
        assertThat(options.attach().reporting()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(options.attach().adminKey()).isEqualTo("crk_admin");
        assertThat(options.attach().pids()).isEqualTo(Map.of("registry-service", 1234L, "kafka", 100L));
    }
}
