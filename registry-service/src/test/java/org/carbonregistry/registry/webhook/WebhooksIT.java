package org.carbonregistry.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.access.AdminBootstrap;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.Racers;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * Webhooks against real receivers (JDK HTTP servers on 127.0.0.1): signatures checked with an HMAC computed here,
 * deliveries that outlast a receiver that is down, who receives what, the disable rule, re-enabling, and the API's
 * refusals.
 */
@RecordApplicationEvents
class WebhooksIT extends RunningRegistry {

    private static final List<String> MOVES = List.of("CreditsTransferred", "CreditsRetired");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    private WebhookDeliverer deliverer;
    @Autowired
    private ApplicationEvents applicationEvents;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ConfigurableApplicationContext context;
    @Autowired
    private Webhooks webhooks;
    @Autowired
    private PlatformTransactionManager transactionManager;

    private record Hook(String id, String secret) {
    }

    @Test
    void ownHooksGetTheirAccountsEventsSignedWithPersonalDataOthersNeverDo() {
        RegistryScene scene = newScene(100);
        String stranger = api.openAccount(ADMIN_KEY, "Stranger " + UUID.randomUUID(), "CORPORATE", "FR");
        String strangerKey = api.createKey(ADMIN_KEY, stranger, "ACCOUNT_HOLDER");
        try (WebhookReceiver corporate = new WebhookReceiver(); WebhookReceiver developer = new WebhookReceiver();
             WebhookReceiver registry = new WebhookReceiver(); WebhookReceiver strangers = new WebhookReceiver()) {
            Hook corporateHook = subscribe(scene.corporateKey(), corporate.url(), MOVES);
            Hook developerHook = subscribe(scene.developerKey(), developer.url(), MOVES);
            Hook registryHook = subscribe(ADMIN_KEY, registry.url(), MOVES);
            Hook strangerHook = subscribe(strangerKey, strangers.url(), MOVES);

            String transfer = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10));
            Api.Response retirement = scene.retire(scene.corporateKey(), scene.corporate(), 4);
            String retired = eventId(retirement);

            await().atMost(PATIENCE).until(() -> !corporate.accepted(transfer).isEmpty()
                    && !corporate.accepted(retired).isEmpty() && !developer.accepted(transfer).isEmpty()
                    && !registry.accepted(retired).isEmpty() && !registry.accepted(transfer).isEmpty());

            for (WebhookReceiver.Received received : corporate.received()) {
                assertSignedBy(corporateHook.secret(), received);
            }
            assertSignedBy(registryHook.secret(), registry.accepted(retired).get(0));
            assertSignedBy(developerHook.secret(), developer.accepted(transfer).get(0));

            JsonNode moved = corporate.accepted(transfer).get(0).json();
            assertThat(moved.path("type").asText()).isEqualTo("CreditsTransferred");
            assertThat(moved.path("eventId").asText()).isEqualTo(transfer);
            assertThat(Instant.parse(moved.path("occurredAt").asText())).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
            assertThat(moved.at("/data/eventId").asText()).isEqualTo(transfer);
            assertThat(moved.at("/data/from").asText()).isEqualTo(scene.developer());
            assertThat(moved.at("/data/to").asText()).isEqualTo(scene.corporate());
            assertThat(moved.at("/data/quantity").asLong()).isEqualTo(10);

            // the retiring account's own hook gets the beneficiary and purpose; the registry-wide hook only commitments
            JsonNode own = corporate.accepted(retired).get(0).json().path("data");
            assertThat(own.path("retirementId").asText()).isEqualTo(retirement.body().path("retirementId").asText());
            assertThat(own.path("beneficiary").asText()).isEqualTo("ACME Corp");
            assertThat(own.path("purpose").asText()).isEqualTo("2024 voluntary claim");
            JsonNode registryWide = registry.accepted(retired).get(0).json().path("data");
            assertThat(registryWide.path("beneficiaryCommitment").asText()).isEqualTo(own.path("beneficiaryCommitment").asText());
            assertThat(registryWide.has("beneficiary")).as("beneficiary in a registry-wide delivery").isFalse();
            assertThat(registryWide.has("purpose")).as("purpose in a registry-wide delivery").isFalse();
            assertThat(registry.received().toString()).doesNotContain("ACME Corp");

            // every delivery of the retirement was written with the registry-wide one (one transaction): the
            // developer's hook and a stranger's are owed nothing of it, and received nothing
            assertThat(deliveredEvents(scene.developerKey(), developerHook)).contains(transfer).doesNotContain(retired);
            assertThat(developer.of(retired)).isEmpty();
            assertThat(developer.received().toString()).doesNotContain("ACME Corp");
            assertThat(deliveredEvents(strangerKey, strangerHook)).isEmpty();
            assertThat(strangers.received()).isEmpty();

            for (var hook : List.of(Map.entry(scene.corporateKey(), corporateHook), Map.entry(scene.developerKey(),
                    developerHook), Map.entry(ADMIN_KEY, registryHook), Map.entry(strangerKey, strangerHook))) {
                Api.require(api.delete("/api/webhooks/" + hook.getValue().id(), hook.getKey()), 204);
            }
        }
    }

    @Test
    void aReceiverThatIsDownGetsEveryEventOnceItIsBackUnderTheSameWebhookId() {
        RegistryScene scene = newScene(100);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            Hook hook = subscribe(scene.corporateKey(), receiver.url(), List.of("CreditsTransferred"));
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1)));
            }
            // refused, and retried
            await().atMost(PATIENCE).until(() -> events.stream().allMatch(e -> receiver.of(e).size() >= 2));
            // then not listening at all
            receiver.stop();
            List<String> whileDown = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                whileDown.add(eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1)));
            }
            events.addAll(whileDown);
            // the events sent while nobody listens (the earlier ones fail the same way, and do not count)
            await().atMost(PATIENCE).until(() -> deliveries(scene.corporateKey(), hook).stream()
                    .filter(d -> whileDown.contains(d.path("eventId").asText()))
                    .filter(d -> d.path("lastError").isTextual()).count() == 3);

            receiver.answer(204);
            receiver.start();
            await().atMost(PATIENCE).until(() -> events.stream().allMatch(e -> !receiver.accepted(e).isEmpty()));

            for (String event : events) {
                List<WebhookReceiver.Received> sent = receiver.of(event);
                assertThat(sent).allSatisfy(r -> {
                    assertThat(r.webhookId()).isEqualTo(event);
                    assertThat(r.json().path("eventId").asText()).isEqualTo(event);
                    assertThat(r.body()).isEqualTo(sent.get(0).body());
                    assertSignedBy(hook.secret(), r);
                });
            }
            await().atMost(PATIENCE).until(() -> deliveries(scene.corporateKey(), hook).stream()
                    .allMatch(d -> d.path("status").asText().equals("DELIVERED")));
            List<JsonNode> log = deliveries(scene.corporateKey(), hook);
            assertThat(log).extracting(d -> d.path("eventId").asText()).containsExactlyInAnyOrderElementsOf(events);
            for (JsonNode delivery : log) {
                JsonNode attempts = delivery.path("attempts");
                assertThat(attempts.size()).as("attempts of %s", delivery).isGreaterThanOrEqualTo(2);
                assertThat(attempts.get(attempts.size() - 1).path("statusCode").asInt()).isEqualTo(204);
                assertThat(attempts.get(0).path("statusCode").isNull() ? attempts.get(0).path("error").asText()
                        : attempts.get(0).path("statusCode").asText()).isNotBlank();
            }
            assertThat(log.stream().flatMap(d -> d.path("attempts").valueStream()))
                    .anySatisfy(a -> assertThat(a.path("statusCode").asInt()).isEqualTo(503))
                    .anySatisfy(a -> assertThat(a.path("error").asText()).isNotBlank());
            Api.require(api.delete("/api/webhooks/" + hook.id(), scene.corporateKey()), 204);
        }
    }

    @Test
    void aWebhookFailingForTwentyFourHoursIsDisabledWithAnEventThatNamesNeitherUrlNorSecret() {
        RegistryScene scene = newScene(100);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            Hook hook = subscribe(scene.corporateKey(), receiver.url(), List.of("CreditsTransferred"));
            String first = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            await().atMost(PATIENCE).until(() -> !receiver.of(first).isEmpty()
                    && webhook(scene.corporateKey(), hook).path("failingSince").isTextual());
            Instant failingSince = Instant.parse(webhook(scene.corporateKey(), hook).path("failingSince").asText());
            assertThat(webhook(scene.corporateKey(), hook).path("disabledReason").isNull()).as("reason while active")
                    .isTrue();
            String delivery = deliveries(scene.corporateKey(), hook).get(0).path("deliveryId").asText();

            // the time of an attempt is what the rule reads: one failing just under a day later leaves it active
            deliverer.record(delivery, failingSince.plus(Duration.ofHours(24)).minusSeconds(1),
                    new WebhookStore.Outcome(503, null, 3));
            assertThat(webhook(scene.corporateKey(), hook).path("status").asText()).isEqualTo("ACTIVE");
            assertThat(applicationEvents.stream(WebhookDisabled.class)).isEmpty();

            Instant dayLater = failingSince.plus(Duration.ofHours(24));
            deliverer.record(delivery, dayLater, new WebhookStore.Outcome(503, null, 3));
            JsonNode disabled = webhook(scene.corporateKey(), hook);
            assertThat(disabled.path("status").asText()).isEqualTo("DISABLED");
            assertThat(Instant.parse(disabled.path("disabledAt").asText())).isEqualTo(dayLater);
            assertThat(disabled.path("disabledReason").asText()).isEqualTo("every delivery failed for 24h (since "
                    + failingSince.truncatedTo(ChronoUnit.MILLIS) + "); last attempt at "
                    + dayLater.truncatedTo(ChronoUnit.MILLIS) + ": HTTP 503");
            Api.Response one = api.get("/api/webhooks/" + hook.id(), scene.corporateKey());
            Api.require(one, 200);
            assertThat(one.body()).as("the disabled hook by its id").isEqualTo(disabled);
            assertThat(applicationEvents.stream(WebhookDisabled.class)).singleElement().satisfies(event -> {
                assertThat(event).isEqualTo(new WebhookDisabled(hook.id(), scene.corporate(), failingSince, dayLater,
                        "HTTP 503"));
                assertThat(event.toString()).doesNotContain(receiver.url(), hook.secret(), "127.0.0.1");
            });
            assertThat(deliveries(scene.corporateKey(), hook)).allSatisfy(d ->
                    assertThat(d.path("status").asText()).isEqualTo("FAILED"));

            // a disabled hook is owed nothing more: once a registry-wide hook got the next event, every delivery of
            // it has been written (one transaction), and none is the disabled hook's
            try (WebhookReceiver registry = new WebhookReceiver()) {
                Hook registryHook = subscribe(ADMIN_KEY, registry.url(), List.of("CreditsTransferred"));
                String later = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
                await().atMost(PATIENCE).until(() -> !registry.accepted(later).isEmpty());
                assertThat(deliveredEvents(scene.corporateKey(), hook)).containsExactly(first);
                assertThat(receiver.of(later)).isEmpty();
                Api.require(api.delete("/api/webhooks/" + registryHook.id(), ADMIN_KEY), 204);
            }
            Api.require(api.delete("/api/webhooks/" + hook.id(), scene.corporateKey()), 204);
        }
    }

    @Test
    void aHookDisabledByItsOwnFailedAttemptsSaysWhyWithTheLastStatusCodeOrError() {
        RegistryScene scene = newScene(100);
        String corp = scene.corporateKey();
        try (WebhookReceiver failing = new WebhookReceiver(); WebhookReceiver gone = new WebhookReceiver()) {
            failing.answer(503);
            gone.stop(); // nothing listens on its port any more: connections are refused
            Hook answers503 = subscribe(corp, failing.url(), List.of("CreditsTransferred"));
            Hook unreachable = subscribe(corp, gone.url(), List.of("CreditsTransferred"));
            String event = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            await().atMost(PATIENCE).until(() -> !failing.of(event).isEmpty()
                    && webhook(corp, answers503).path("failingSince").isTextual()
                    && webhook(corp, unreachable).path("failingSince").isTextual());
            assertThat(webhook(corp, unreachable).path("disabledReason").isNull()).as("reason while active").isTrue();

            OffsetDateTime dayAgo = failForADay(corp, answers503, unreachable);

            for (Map.Entry<Hook, String> hook : Map.of(answers503, ": HTTP 503",
                    unreachable, ": ConnectException").entrySet()) {
                JsonNode listed = webhook(corp, hook.getKey());
                Api.Response one = api.get("/api/webhooks/" + hook.getKey().id(), corp);
                Api.require(one, 200);
                assertThat(one.body()).as("the hook by its id").isEqualTo(listed);
                Instant lastAttempt = Instant.parse(listed.path("disabledAt").asText()).truncatedTo(ChronoUnit.MILLIS);
                assertThat(listed.path("disabledReason").asText()).as("why %s was disabled", hook.getKey().id())
                        .startsWith("every delivery failed for 24h (since " + dayAgo.toInstant() + "); last attempt at "
                                + lastAttempt + hook.getValue());
            }
            assertThat(webhook(corp, answers503).path("disabledReason").asText()).endsWith("Z: HTTP 503");
            Api.require(api.delete("/api/webhooks/" + answers503.id(), corp), 204);
            Api.require(api.delete("/api/webhooks/" + unreachable.id(), corp), 204);
        }
    }

    @Test
    void aDisabledHookReenabledByItsOwnerKeepsItsSecretAndGetsTheEventsFromThenOnWithItsFailuresForgotten() {
        RegistryScene scene = newScene(100);
        String corp = scene.corporateKey();
        // both announcements come from other threads (the worker's, the request's) than the test's
        List<Object> announced = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload && (payload.getPayload() instanceof WebhookDisabled
                    || payload.getPayload() instanceof WebhookReenabled)) {
                announced.add(payload.getPayload());
            }
        };
        context.addApplicationListener(listener);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            Hook hook = subscribe(corp, receiver.url(), List.of("CreditsTransferred"));
            String enable = "/api/webhooks/" + hook.id() + "/enable";
            JsonNode subscribed = webhook(corp, hook);
            String first = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            await().atMost(PATIENCE).until(() -> !receiver.of(first).isEmpty()
                    && webhook(corp, hook).path("failingSince").isTextual());

            // an active hook is answered as it is: its failures still count toward disabling it
            JsonNode failing = webhook(corp, hook);
            Api.Response whileActive = api.post(enable, corp, null);
            Api.require(whileActive, 200);
            assertThat(whileActive.body()).isEqualTo(failing);
            assertThat(whileActive.body().path("reenabledAt").isNull()).as("reenabledAt of a hook never disabled")
                    .isTrue();

            failForADay(corp, hook);
            JsonNode disabled = webhook(corp, hook);
            Instant disabledAt = Instant.parse(disabled.path("disabledAt").asText());
            await().atMost(PATIENCE).until(() -> announced.stream().anyMatch(e -> e instanceof WebhookDisabled d
                    && d.webhookId().equals(hook.id())));
            assertThat(deliveries(corp, hook)).singleElement().satisfies(d ->
                    assertThat(d.path("status").asText()).isEqualTo("FAILED"));
            int attemptsOfFirst = receiver.of(first).size();

            // another account's keys: no such hook, and it stays disabled
            assertProblem(api.post(enable, scene.developerKey(), null), 404, hook.id());
            assertProblem(api.post(enable, scene.auditorKey(), null), 404, hook.id());
            assertProblem(api.post(enable, null, null), 401, "API key");
            assertThat(webhook(corp, hook)).isEqualTo(disabled);

            // occurs while it is disabled: never owed to it, not even once it is re-enabled
            String whileDisabled = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            receiver.answer(204); // the receiver is fixed

            Api.Response reenabled = api.post(enable, corp, null);
            Api.require(reenabled, 200);
            JsonNode active = reenabled.body();
            for (String kept : List.of("webhookId", "url", "eventTypes", "accountId", "createdAt")) {
                assertThat(active.path(kept)).as(kept).isEqualTo(subscribed.path(kept));
            }
            assertThat(active.path("status").asText()).isEqualTo("ACTIVE");
            for (String cleared : List.of("failingSince", "disabledAt", "disabledReason")) {
                assertThat(active.path(cleared).isNull()).as("%s after re-enabling: %s", cleared, active).isTrue();
            }
            Instant reenabledAt = Instant.parse(active.path("reenabledAt").asText());
            assertThat(reenabledAt).isAfter(disabledAt);
            assertThat(api.get("/api/webhooks/" + hook.id(), corp).body()).isEqualTo(active);
            // a retry of the call (its answer lost): the same answer, and no second re-enabling
            Api.Response retried = api.post(enable, corp, null);
            Api.require(retried, 200);
            assertThat(retried.body()).isEqualTo(active);

            String later = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            await().atMost(PATIENCE).until(() -> !receiver.accepted(later).isEmpty()
                    && deliveries(corp, hook).stream().anyMatch(d -> d.path("eventId").asText().equals(later)
                    && d.path("status").asText().equals("DELIVERED")));
            assertSignedBy(hook.secret(), receiver.accepted(later).get(0)); // the secret it was created with
            JsonNode delivering = webhook(corp, hook);
            assertThat(delivering.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(delivering.path("failingSince").isNull()).isTrue();
            assertThat(delivering.path("disabledReason").isNull()).isTrue();

            // what was given up at disabling stays given up; what occurred while disabled was never owed
            Map<String, String> statuses = new HashMap<>();
            deliveries(corp, hook).forEach(d -> statuses.put(d.path("eventId").asText(), d.path("status").asText()));
            assertThat(statuses).containsOnly(Map.entry(first, "FAILED"), Map.entry(later, "DELIVERED"));
            assertThat(receiver.of(whileDisabled)).isEmpty();
            assertThat(receiver.of(first)).hasSize(attemptsOfFirst);

            String keyId = api.get("/api/auth/key", corp).body().path("keyId").asText();
            assertThat(announced).filteredOn(e -> e.toString().contains(hook.id())).satisfiesExactly(
                    d -> assertThat(d).isInstanceOf(WebhookDisabled.class),
                    r -> assertThat(r).isEqualTo(new WebhookReenabled(hook.id(), scene.corporate(), disabledAt,
                            reenabledAt, keyId)));
            assertThat(announced.toString()).doesNotContain(receiver.url(), hook.secret(), "127.0.0.1");
            Api.require(api.delete("/api/webhooks/" + hook.id(), corp), 204);
        } finally {
            context.removeApplicationListener(listener);
        }
    }

    /**
     * The fan-out reads the active hooks once per batch, after it has read the batch's events. An event that occurs
     * after a re-enabling took its moment, and is committed before the re-enabling is, can be in a batch whose
     * hooks are read in between: the re-enabling is held open here (its transaction not committed) until the
     * fan-out has either handled the event or waits for it.
     */
    @Test
    void anEventThatOccursWhileAReenablingCommitsIsOwedToTheHookEvenWhenTheFanOutReachesItFirst() {
        RegistryScene scene = newScene(100);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Hook hook = subscribe(scene.corporateKey(), receiver.url(), List.of("CreditsTransferred"));
            assertThat(jdbc.update("update webhook_subscription set status = 'DISABLED', disabled_at = ?"
                    + " where webhook_id = ?", OffsetDateTime.now(ZoneOffset.UTC), hook.id())).isEqualTo(1);
            Caller owner = new Caller("test-key", scene.corporate(), Role.ACCOUNT_HOLDER);
            assertOwedWhileHeldOpen(scene, () -> webhooks.reenable(owner, hook.id()), WebhookRecord::reenabledAt);
        }
    }

    /** The same for a subscription: an event that occurs while it commits is owed to it. */
    @Test
    void anEventThatOccursWhileASubscriptionCommitsIsOwedToTheNewHookEvenWhenTheFanOutReachesItFirst() {
        RegistryScene scene = newScene(100);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Caller owner = new Caller("test-key", scene.corporate(), Role.ACCOUNT_HOLDER);
            assertOwedWhileHeldOpen(scene, () -> webhooks.subscribe(owner, receiver.url(),
                    List.of("CreditsTransferred"), null).result(), WebhookRecord::createdAt);
        }
    }

    /**
     * A batch that read a hook just before it was disabled may owe it an event after the disabling gave up the rest:
     * a delivery still pending for a disabled hook, written here as that batch would. Re-enabling gives it up.
     */
    @Test
    void whatADisabledHookWasStillOwedFromBeforeIsGivenUpWhenItIsReenabledNotSent() {
        RegistryScene scene = newScene(100);
        String corp = scene.corporateKey();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Hook hook = subscribe(corp, receiver.url(), List.of("CreditsTransferred"));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            assertThat(jdbc.update("update webhook_subscription set status = 'DISABLED', disabled_at = ?"
                    + " where webhook_id = ?", now, hook.id())).isEqualTo(1);
            String stale = UUID.randomUUID().toString();
            assertThat(jdbc.update("insert into webhook_delivery (delivery_id, webhook_id, event_id, event_type,"
                            + " occurred_at, body, status, attempts, created_at, next_attempt_at)"
                            + " values (?, ?, ?, 'CreditsTransferred', ?, '{}', 'PENDING', 0, ?, ?)",
                    UUID.randomUUID().toString(), hook.id(), stale, now.minusSeconds(1), now, now)).isEqualTo(1);

            Api.require(api.post("/api/webhooks/" + hook.id() + "/enable", corp, null), 200);
            String later = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
            await().atMost(PATIENCE).until(() -> !receiver.accepted(later).isEmpty()
                    && deliveries(corp, hook).stream().anyMatch(d -> d.path("eventId").asText().equals(later)
                    && d.path("status").asText().equals("DELIVERED")));

            Map<String, String> statuses = new HashMap<>();
            deliveries(corp, hook).forEach(d -> statuses.put(d.path("eventId").asText(), d.path("status").asText()));
            assertThat(statuses).containsOnly(Map.entry(stale, "FAILED"), Map.entry(later, "DELIVERED"));
            assertThat(receiver.of(stale)).isEmpty();
            Api.require(api.delete("/api/webhooks/" + hook.id(), corp), 204);
        }
    }

    /**
     * Runs {@code change} (a subscription or a re-enabling) in a transaction held open until an event that occurs
     * after its moment has been reached by the fan-out (or the fan-out waits for the change), then commits it: the
     * event is owed to the hook all the same.
     */
    private void assertOwedWhileHeldOpen(RegistryScene scene, Supplier<WebhookRecord> change,
                                         Function<WebhookRecord, Instant> momentOf) {
        try (WebhookReceiver registry = new WebhookReceiver()) {
            // a registry-wide hook sees every event: once it is owed the event, the fan-out's batch has committed
            Hook witness = subscribe(ADMIN_KEY, registry.url(), List.of("CreditsTransferred"));
            CompletableFuture<WebhookRecord> changed = new CompletableFuture<>();
            CountDownLatch commit = new CountDownLatch(1);
            Thread changing = new Thread(() -> {
                try {
                    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
                        changed.complete(change.get());
                        try {
                            commit.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    });
                } catch (RuntimeException e) {
                    changed.completeExceptionally(e);
                }
            }, "held-open webhook change");
            changing.start();
            WebhookRecord hook;
            Instant moment;
            String event;
            try {
                hook = changed.join();
                moment = momentOf.apply(hook);
                // events carry milliseconds: this one is stamped in a later millisecond than the change's moment
                await().atMost(PATIENCE).until(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(moment));
                event = eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1));
                String reached = event;
                await().atMost(PATIENCE).until(() -> owed(witness.id(), reached) || fanOutWaitsAtTheGate());
            } finally {
                commit.countDown(); // never left holding the gate
            }
            await().atMost(PATIENCE).until(() -> !changing.isAlive());
            await().atMost(PATIENCE).until(() -> owed(witness.id(), event));

            Instant occurredAt = jdbc.queryForObject("select occurred_at from webhook_delivery where webhook_id = ?"
                    + " and event_id = ?", Instant.class, witness.id(), event);
            assertThat(occurredAt).as("the event's time").isAfterOrEqualTo(moment);
            assertThat(owed(hook.webhookId(), event)).as("event %s, occurred at %s, owed to hook %s of %s",
                    event, occurredAt, hook.webhookId(), moment).isTrue();
            // a whole millisecond, as event times are: an event of the same millisecond is owed as its time says
            assertThat(moment.getNano() % 1_000_000).as("sub-millisecond part of %s", moment).isZero();
            Api.require(api.delete("/api/webhooks/" + witness.id(), ADMIN_KEY), 204);
            Api.require(api.delete("/api/webhooks/" + hook.webhookId(), scene.corporateKey()), 204);
        }
    }

    @Test
    void reenablingIsForTheHooksOwnersAndAdministratorsAnActiveHookIsAnsweredUnchangedAndAnUnknownIdIs404() {
        RegistryScene scene = newScene(10);
        String corp = scene.corporateKey();
        Hook own = subscribe(corp, "http://127.0.0.1:9/own", List.of("CreditsRetired"));
        Hook registryWide = subscribe(ADMIN_KEY, "http://127.0.0.1:9/registry", List.of("CreditsRetired"));

        Api.Response byOwner = api.post("/api/webhooks/" + own.id() + "/enable", corp, null);
        Api.require(byOwner, 200);
        assertThat(byOwner.body()).isEqualTo(webhook(corp, own));
        assertThat(byOwner.body().path("status").asText()).isEqualTo("ACTIVE");
        // administrators manage every hook, as they see every one
        Api.Response byAdmin = api.post("/api/webhooks/" + own.id() + "/enable", ADMIN_KEY, null);
        Api.require(byAdmin, 200);
        assertThat(byAdmin.body()).isEqualTo(byOwner.body());
        Api.Response registryWideByAdmin = api.post("/api/webhooks/" + registryWide.id() + "/enable", ADMIN_KEY, null);
        Api.require(registryWideByAdmin, 200);
        assertThat(registryWideByAdmin.body()).isEqualTo(webhook(ADMIN_KEY, registryWide));

        // a registry-wide hook is no account's
        assertProblem(api.post("/api/webhooks/" + registryWide.id() + "/enable", corp, null), 404, registryWide.id());
        assertProblem(api.post("/api/webhooks/" + own.id() + "/enable", scene.developerKey(), null), 404, own.id());
        assertProblem(api.post("/api/webhooks/no-such-webhook/enable", corp, null), 404, "no-such-webhook");
        assertProblem(api.post("/api/webhooks/no-such-webhook/enable", ADMIN_KEY, null), 404, "no-such-webhook");
        Api.require(api.delete("/api/webhooks/" + own.id(), corp), 204);
        assertProblem(api.post("/api/webhooks/" + own.id() + "/enable", corp, null), 404, own.id());
        Api.require(api.delete("/api/webhooks/" + registryWide.id(), ADMIN_KEY), 204);
    }

    @Test
    void badSubscriptionsAndOtherAccountsWebhooksAreRefusedAsProblemsAndChangeNothing() {
        RegistryScene scene = newScene(10);
        String corp = scene.corporateKey();
        Hook hook = subscribe(corp, "https://hooks.example.com/registry", List.of("CreditsRetired"));
        JsonNode before = api.get("/api/webhooks", corp).body();

        assertProblem(api.post("/api/webhooks", corp, body("url", "ftp://hooks.example.com/x",
                "eventTypes", List.of("CreditsRetired"))), 422, "url 'ftp://hooks.example.com/x'", "absolute http or https");
        assertProblem(api.post("/api/webhooks", corp, body("url", "/hooks/registry",
                "eventTypes", List.of("CreditsRetired"))), 422, "url '/hooks/registry'", "absolute");
        assertProblem(api.post("/api/webhooks", corp, body("url", "http://exa mple.com/",
                "eventTypes", List.of("CreditsRetired"))), 422, "is not a URL");
        assertProblem(api.post("/api/webhooks", corp, body("url", "https://user:pw@hooks.example.com/",
                "eventTypes", List.of("CreditsRetired"))), 422, "user name or password");
        assertProblem(api.post("/api/webhooks", corp, body("url", "https://hooks.example.com/",
                "eventTypes", List.of("CreditsRetired", "CreditsMinted"))), 422, "unknown event type 'CreditsMinted'");
        assertProblem(api.post("/api/webhooks", corp, body("url", "https://hooks.example.com/",
                "eventTypes", List.of())), 400, "eventTypes");
        assertProblem(api.post("/api/webhooks", corp, body("eventTypes", List.of("CreditsRetired"))), 400, "url");
        assertProblem(api.post("/api/webhooks", scene.auditorKey(), body("url", "https://hooks.example.com/",
                "eventTypes", List.of("CreditsRetired"))), 403, "account holder");
        assertProblem(api.post("/api/webhooks", null, body("url", "https://hooks.example.com/",
                "eventTypes", List.of("CreditsRetired"))), 401, "API key");
        assertThat(api.get("/api/webhooks", corp).body()).as("hooks after refused subscriptions").isEqualTo(before);

        // someone else's webhook does not exist for this key
        assertProblem(api.get("/api/webhooks/" + hook.id() + "/deliveries", scene.developerKey()), 404, hook.id());
        assertProblem(api.delete("/api/webhooks/" + hook.id(), scene.developerKey()), 404, hook.id());
        assertProblem(api.delete("/api/webhooks/" + hook.id(), scene.auditorKey()), 404, hook.id());
        assertThat(api.get("/api/webhooks", scene.developerKey()).body().findValuesAsText("webhookId"))
                .doesNotContain(hook.id());
        assertThat(api.get("/api/webhooks", ADMIN_KEY).body().findValuesAsText("webhookId")).doesNotContain(hook.id());
        assertProblem(api.get("/api/webhooks/" + hook.id() + "/deliveries?limit=0", corp), 400, "limit");
        assertThat(api.get("/api/webhooks", corp).body()).isEqualTo(before);

        JsonNode listed = before.get(0);
        assertThat(listed.path("url").asText()).isEqualTo("https://hooks.example.com/registry");
        assertThat(listed.path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(listed.has("secret")).as("the secret is shown once, at creation").isFalse();
        Api.require(api.delete("/api/webhooks/" + hook.id(), corp), 204);
        assertProblem(api.delete("/api/webhooks/" + hook.id(), corp), 404, hook.id());
        assertThat(api.get("/api/webhooks", corp).body()).isEmpty();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameHookAndAnotherRequestWithThatKeyIsRefused() {
        RegistryScene scene = newScene(10);
        String corp = scene.corporateKey();
        String key = "subscribe-" + UUID.randomUUID();
        Map<String, Object> request = body("url", "http://127.0.0.1:9/hooks", "eventTypes", List.of("CreditsRetired"));

        Api.Response first = api.post("/api/webhooks", corp, request, key);
        Api.require(first, 201);
        String webhookId = first.body().path("webhookId").asText();
        assertThat(first.headers().get("idempotent-replayed")).isEqualTo("false");
        // the client whose first answer was lost gets it now, secret included: it is the same hook
        Api.Response retried = api.post("/api/webhooks", corp, request, key);
        Api.require(retried, 201);
        assertThat(retried.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(retried.body().path("secret").asText()).startsWith("whsec_");
        JsonNode listed = api.get("/api/webhooks", corp).body();
        assertThat(listed.findValuesAsText("webhookId")).containsExactly(webhookId);

        // the same key for another subscription: refused, and nothing created
        assertProblem(api.post("/api/webhooks", corp, body("url", "http://127.0.0.1:9/other",
                "eventTypes", List.of("CreditsRetired")), key), 422, "Idempotency-Key", "different request");
        assertProblem(api.post("/api/webhooks", corp, body("url", "http://127.0.0.1:9/hooks",
                "eventTypes", List.of("CreditsRetired", "CreditsTransferred")), key), 422, "Idempotency-Key");
        assertThat(api.get("/api/webhooks", corp).body()).isEqualTo(listed);

        // keys are the account's own: another account sending the same key and body gets a hook of its own
        Api.Response developers = api.post("/api/webhooks", scene.developerKey(), request, key);
        Api.require(developers, 201);
        assertThat(developers.headers().get("idempotent-replayed")).isEqualTo("false");
        assertThat(developers.body().path("webhookId").asText()).isNotEqualTo(webhookId);
        assertThat(developers.body().path("secret").asText()).isNotEqualTo(first.body().path("secret").asText());
        assertThat(developers.body().path("accountId").asText()).isEqualTo(scene.developer());

        // once the hook is deleted its secret is gone with it: a retry is refused and creates nothing
        Api.require(api.delete("/api/webhooks/" + webhookId, corp), 204);
        assertProblem(api.post("/api/webhooks", corp, request, key), 409, webhookId, "deleted");
        assertThat(api.get("/api/webhooks", corp).body()).isEmpty();
        Api.require(api.delete("/api/webhooks/" + developers.body().path("webhookId").asText(), scene.developerKey()), 204);
    }

    @Test
    void twinSubscriptionsWithOneIdempotencyKeyAtTheSameMomentCreateOneHookAndBothGetIt() throws Exception {
        RegistryScene scene = newScene(10);
        String key = "twins-" + UUID.randomUUID();
        Map<String, Object> request = body("url", "http://127.0.0.1:9/twins", "eventTypes", List.of("CreditsRetired"));
        List<Api.Response> twins = Racers.once(4, racer -> api.post("/api/webhooks", scene.corporateKey(), request, key));
        assertThat(twins).allSatisfy(answer -> {
            assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(201);
            assertThat(answer.body()).isEqualTo(twins.get(0).body());
        });
        assertThat(twins).filteredOn(answer -> "false".equals(answer.headers().get("idempotent-replayed"))).hasSize(1);
        String webhookId = twins.get(0).body().path("webhookId").asText();
        assertThat(api.get("/api/webhooks", scene.corporateKey()).body().findValuesAsText("webhookId"))
                .containsExactly(webhookId);
        Api.require(api.delete("/api/webhooks/" + webhookId, scene.corporateKey()), 204);
    }

    @Test
    void aReplayNeverHandsTheSecretToAKeyOfTheSameAccountThatDidNotCreateTheHook() {
        String key = "subscribe-" + UUID.randomUUID();
        // a registry-wide hook; a SERVICE key belongs to the same REGISTRY account, but may not have hooks
        Map<String, Object> request = body("url", "http://127.0.0.1:9/registry", "eventTypes", List.of("ProjectRegistered"));
        Api.Response created = api.post("/api/webhooks", ADMIN_KEY, request, key);
        Api.require(created, 201);
        Api.Response replay = api.post("/api/webhooks", SERVICE_KEY, request, key);
        assertProblem(replay, 403, "account holder");
        assertThat(replay.body().toString()).doesNotContain(created.body().path("secret").asText());
        // an account holder's key of that account may have hooks, but did not create this one: not another role's
        String holder = api.createKey(ADMIN_KEY, AdminBootstrap.REGISTRY_ACCOUNT, "ACCOUNT_HOLDER");
        Api.Response holders = api.post("/api/webhooks", holder, request, key);
        assertProblem(holders, 403, "Idempotency-Key", "another role");
        assertThat(holders.body().toString()).doesNotContain(created.body().path("secret").asText())
                .doesNotContain(created.body().path("webhookId").asText());
        assertThat(api.get("/api/webhooks", holder).body()).isEmpty();
        Api.Response replayed = api.post("/api/webhooks", ADMIN_KEY, request, key);
        Api.require(replayed, 201);
        assertThat(replayed.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(created.body());
        Api.require(api.delete("/api/webhooks/" + created.body().path("webhookId").asText(), ADMIN_KEY), 204);
    }

    @Test
    void oneWebhookIsShownToItsAccountAndAdministratorsAsListedWithoutItsSecretAndToNobodyElse() {
        RegistryScene scene = newScene(10);
        String corp = scene.corporateKey();
        Hook hook = subscribe(corp, "http://127.0.0.1:9/one", List.of("CreditsRetired"));

        Api.Response own = api.get("/api/webhooks/" + hook.id(), corp);
        Api.require(own, 200);
        assertThat(own.body()).isEqualTo(webhook(corp, hook));
        assertThat(own.body().path("webhookId").asText()).isEqualTo(hook.id());
        assertThat(own.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(own.body().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(own.body().has("secret")).as("the secret in a webhook's view").isFalse();
        assertThat(own.body().toString()).doesNotContain(hook.secret());
        Api.Response asAdmin = api.get("/api/webhooks/" + hook.id(), ADMIN_KEY);
        Api.require(asAdmin, 200);
        assertThat(asAdmin.body()).isEqualTo(own.body());

        assertProblem(api.get("/api/webhooks/" + hook.id(), scene.developerKey()), 404, hook.id());
        assertProblem(api.get("/api/webhooks/" + hook.id(), scene.auditorKey()), 404, hook.id());
        assertProblem(api.get("/api/webhooks/no-such-webhook", corp), 404, "no-such-webhook");
        assertProblem(api.get("/api/webhooks/" + hook.id(), null), 401, "API key");
        Api.require(api.delete("/api/webhooks/" + hook.id(), corp), 204);
        assertProblem(api.get("/api/webhooks/" + hook.id(), corp), 404, hook.id());
    }

    /**
     * A day of failures goes by in the table rather than on the clock; the next real attempt disables each hook.
     *
     * @return when they started failing, as now set
     */
    private OffsetDateTime failForADay(String key, Hook... hooks) {
        OffsetDateTime dayAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(24).truncatedTo(ChronoUnit.MILLIS);
        for (Hook hook : hooks) {
            assertThat(jdbc.update("update webhook_subscription set failing_since = ? where webhook_id = ?",
                    dayAgo, hook.id())).isEqualTo(1);
        }
        await().atMost(PATIENCE).until(() -> Arrays.stream(hooks)
                .allMatch(hook -> webhook(key, hook).path("status").asText().equals("DISABLED")));
        return dayAgo;
    }

    /** The HMAC computed here from the Standard Webhooks text, not by the registry's signer. */
    static void assertSignedBy(String secret, WebhookReceiver.Received received) {
        assertThat(secret).startsWith("whsec_");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String signed = received.webhookId() + "." + received.timestamp() + "." + received.body();
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            assertThat(received.signature().split(" ")).as("signatures of %s", received.webhookId()).contains(expected);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThat(Long.parseLong(received.timestamp())).isCloseTo(received.at().getEpochSecond(), within(5L));
    }

    private Hook subscribe(String key, String url, List<String> eventTypes) {
        Api.Response created = api.post("/api/webhooks", key, body("url", url, "eventTypes", eventTypes));
        Api.require(created, 201);
        return new Hook(created.body().path("webhookId").asText(), created.body().path("secret").asText());
    }

    private JsonNode webhook(String key, Hook hook) {
        for (JsonNode w : api.get("/api/webhooks", key).body()) {
            if (w.path("webhookId").asText().equals(hook.id())) {
                return w;
            }
        }
        throw new AssertionError("webhook " + hook.id() + " not listed");
    }

    private List<JsonNode> deliveries(String key, Hook hook) {
        Api.Response response = api.get("/api/webhooks/" + hook.id() + "/deliveries?limit=200", key);
        Api.require(response, 200);
        List<JsonNode> deliveries = new ArrayList<>();
        response.body().forEach(deliveries::add);
        return deliveries;
    }

    private List<String> deliveredEvents(String key, Hook hook) {
        return deliveries(key, hook).stream().map(d -> d.path("eventId").asText()).toList();
    }

    private boolean owed(String webhookId, String eventId) {
        return jdbc.queryForObject("select count(*) from webhook_delivery where webhook_id = ? and event_id = ?",
                Integer.class, webhookId, eventId) > 0;
    }

    /** Whether a session (the fan-out's) waits for the lock on the webhooks' gate, held by a change not committed. */
    private boolean fanOutWaitsAtTheGate() {
        String database = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        String waiting = "PostgreSQL".equals(database)
                ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and lower(query) like '%webhook_gate%'"
                : "select count(*) from information_schema.sessions where blocker_id is not null"
                + " and lower(executing_statement) like '%webhook_gate%'";
        return jdbc.queryForObject(waiting, Integer.class) > 0;
    }

    private static String eventId(Api.Response response) {
        Api.require(response, 201);
        return response.body().path("eventId").asText();
    }
}
