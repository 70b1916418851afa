package org.carbonregistry.registry.webhook;

import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * What is owed survives a restart: events stored while the receiver was down, on an instance that then stops, are
 * delivered by the next instance on the same database, under the same webhook-id.
 */
// slow: restarts a whole registry; the database work it relies on is on PostgreSQL in the API tests
@Tag("slow")
@ExtendWith(SharedKafka.Extension.class)
class WebhookRestartIT {

    @Test
    void deliveriesOwedWhenTheRegistryStopsAreSentAfterItStartsAgain() throws Exception {
        try (RegistryInstances instances = RegistryInstances.create(); WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            ConfigurableApplicationContext first = instances.start(Map.of());
            Api api = new Api(RegistryInstances.port(first));
            Api.Response created = api.post("/api/webhooks", RegistryInstances.ADMIN_KEY,
                    body("url", receiver.url(), "eventTypes", List.of("AccountOpened")));
            Api.require(created, 201);
            String secret = created.body().path("secret").asText();
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accounts.add(api.openAccount(RegistryInstances.ADMIN_KEY, "Restart " + i, "CORPORATE", "DE"));
            }
            // AccountOpened's eventId is not in the answer: the receiver tells which events were attempted
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().stream()
                    .map(r -> r.json().at("/data/accountId").asText()).distinct().filter(accounts::contains).count() == 3);
            first.close();
            int attemptsBefore = receiver.received().size();

            receiver.answer(204);
            ConfigurableApplicationContext second = instances.start(Map.of());
            await().atMost(Duration.ofSeconds(90)).until(() -> accounts.stream().allMatch(account ->
                    receiver.received().stream().anyMatch(r -> r.answered() == 204
                            && r.json().at("/data/accountId").asText().equals(account))));

            assertThat(receiver.received().size()).isGreaterThan(attemptsBefore);
            for (String account : accounts) {
                List<WebhookReceiver.Received> sent = receiver.received().stream()
                        .filter(r -> r.json().at("/data/accountId").asText().equals(account)).toList();
                assertThat(sent).extracting(WebhookReceiver.Received::webhookId).containsOnly(sent.get(0).webhookId());
                assertThat(sent).extracting(WebhookReceiver.Received::body).containsOnly(sent.get(0).body());
                assertThat(sent).anySatisfy(r -> assertThat(r.answered()).isEqualTo(503))
                        .anySatisfy(r -> assertThat(r.answered()).isEqualTo(204));
                sent.forEach(r -> WebhooksIT.assertSignedBy(secret, r));
            }
            assertThat(second.isActive()).isTrue();
        }
    }
}
