package org.carbonregistry.registry.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.access.AdminBootstrap;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * registry-service started on a database of an older release: Hibernate's schema update adds the columns added
 * since ({@code idempotency_record.role}, {@code webhook_subscription.disabled_reason} and {@code reenabled_at}) to the existing tables, and
 * the rows stored before are read as the README says (H2, or PostgreSQL with {@code REGISTRY_DB_URL}).
 */
@ExtendWith(SharedKafka.Extension.class)
class SchemaUpgradeIT {

    /*
     * The two tables as Hibernate created them before those columns (the same DDL on H2 and PostgreSQL, read back
     * from both with information_schema), and nothing else: the other tables are created at start as on a fresh
     * database.
     */
    private static final String IDEMPOTENCY_RECORD_WITHOUT_ROLE = """
            create table idempotency_record (
                id varchar(400) not null,
                created_at timestamp(6) with time zone,
                personal_data_hash varchar(64),
                request_hash varchar(64) not null,
                result varchar(1000000),
                result_type varchar(255),
                primary key (id))""";
    private static final String WEBHOOK_SUBSCRIPTION_WITHOUT_DISABLED_REASON = """
            create table webhook_subscription (
                webhook_id varchar(36) not null,
                account_id varchar(64),
                created_at timestamp(6) with time zone not null,
                disabled_at timestamp(6) with time zone,
                event_types varchar(2000) not null,
                failing_since timestamp(6) with time zone,
                secret varchar(200) not null,
                status varchar(16) not null check (status in ('ACTIVE', 'DISABLED')),
                url varchar(2000) not null,
                primary key (webhook_id))""";

    private static final String ADMIN_KEY = RegistryInstances.ADMIN_KEY;
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime DISABLED = CREATED.plusDays(2);

    @Test
    void theNewColumnsAreAddedAndOlderRowsAreReadAsBefore() throws Exception {
        try (RegistryInstances instances = RegistryInstances.create()) {
            // An administrator subscribed with an Idempotency-Key before roles were kept; the hook was disabled
            // before reasons were kept.
            String webhookId = UUID.randomUUID().toString();
            String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
            String key = "subscribe-before-upgrade";
            Map<String, Object> subscription = body("url", "https://old.example/hooks", "eventTypes", List.of("AccountOpened"));
            // the subscription's request as WebhookController hashes it: its fields re-serialised in their order
            String requestHash = IdempotentRequest.of(key, "POST /api/webhooks",
                    "{\"url\":\"https://old.example/hooks\",\"eventTypes\":[\"AccountOpened\"]}").requestHash();
            try (Connection connection = instances.connection(); Statement ddl = connection.createStatement()) {
                ddl.execute(IDEMPOTENCY_RECORD_WITHOUT_ROLE);
                ddl.execute(WEBHOOK_SUBSCRIPTION_WITHOUT_DISABLED_REASON);
                insert(connection, "insert into webhook_subscription (webhook_id, account_id, created_at, disabled_at,"
                                + " event_types, failing_since, secret, status, url) values (?, null, ?, ?, ?, ?, ?, ?, ?)",
                        webhookId, CREATED, DISABLED, "AccountOpened", CREATED.plusDays(1), secret, "DISABLED",
                        "https://old.example/hooks");
                insert(connection, "insert into idempotency_record (id, created_at, personal_data_hash, request_hash,"
                                + " result, result_type) values (?, ?, null, ?, ?, ?)",
                        AdminBootstrap.REGISTRY_ACCOUNT + ":" + key, CREATED, requestHash, "\"" + webhookId + "\"",
                        String.class.getName());
                assertThat(columns(connection)).doesNotContain("idempotency_record.role",
                        "webhook_subscription.disabled_reason", "webhook_subscription.reenabled_at");
            }

            ConfigurableApplicationContext registry = instances.start(Map.of());

            try (Connection connection = instances.connection()) {
                assertThat(columns(connection)).contains("idempotency_record.role", "webhook_subscription.disabled_reason",
                        "webhook_subscription.reenabled_at");
            }
            Api api = new Api(RegistryInstances.port(registry));
            // the registry account's own key may have webhooks, but a record without a role cannot say it sent this
            String accountHolder = api.createKey(ADMIN_KEY, AdminBootstrap.REGISTRY_ACCOUNT, "ACCOUNT_HOLDER");
            Api.Response refused = assertProblem(api.post("/api/webhooks", accountHolder, subscription, key), 403,
                    "Idempotency-Key", "before the registry kept the role", "administrator");
            assertThat(refused.headers()).doesNotContainKey("idempotent-replayed");
            assertThat(refused.body().toString()).doesNotContain(secret).doesNotContain(webhookId);

            Api.Response replayed = api.post("/api/webhooks", ADMIN_KEY, subscription, key);
            assertThat(replayed.status()).as("replay of %s", replayed.body()).isEqualTo(201);
            assertThat(replayed.headers().get("idempotent-replayed")).isEqualTo("true");
            assertThat(replayed.body().path("webhookId").asText()).isEqualTo(webhookId);
            assertThat(replayed.body().path("secret").asText()).isEqualTo(secret);

            Api.Response hooks = api.get("/api/webhooks", ADMIN_KEY);
            Api.require(hooks, 200);
            assertThat(hooks.body()).as("the administrator's hooks: the old one, and none created by the requests above")
                    .hasSize(1);
            JsonNode hook = hooks.body().get(0);
            assertThat(hook.path("webhookId").asText()).isEqualTo(webhookId);
            assertThat(hook.path("status").asText()).isEqualTo("DISABLED");
            assertThat(Instant.parse(hook.path("disabledAt").asText())).isEqualTo(DISABLED.toInstant());
            assertThat(hook.has("disabledReason")).as("disabledReason listed, as null").isTrue();
            assertThat(hook.path("disabledReason").isNull()).as("disabledReason of %s", hook).isTrue();
            assertThat(hook.path("reenabledAt").isNull()).as("reenabledAt of %s", hook).isTrue();
        }
    }

    private static void insert(Connection connection, String sql, Object... values) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    /** "table.column" of the two tables, in lower case (H2 keeps names in upper case). */
    private static List<String> columns(Connection connection) throws Exception {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery("select lower(table_name), lower(column_name)"
                + " from information_schema.columns"
                + " where lower(table_name) in ('idempotency_record', 'webhook_subscription')")) {
            while (rows.next()) {
                columns.add(rows.getString(1) + "." + rows.getString(2));
            }
        }
        return columns;
    }
}
