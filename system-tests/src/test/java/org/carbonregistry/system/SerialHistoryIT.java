package org.carbonregistry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.system.stack.Api;
import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/serials/{serial}} (reporting) against the real stack: the three services as processes, a real
 * broker, real databases and the real ledger. A batch of 100 is issued; three transfers pass its lowest serials on
 * (60, then 30 of those, then 10 of those), so each splits the range the serial sits in; 5 are retired and 5 of
 * the issuer's are cancelled. A serial's history is exactly the events of the log whose serial blocks hold it, in
 * the batch's order, each with the proof link reports use, and each proof verifies against the ledger's key. Serials
 * are the registry's own, so other batches on the (shared) stack touch none of these.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedStack.class)
@Order(SharedStack.FIRST)
class SerialHistoryIT {

    private static final String ADMIN = RegistryStack.ADMIN_KEY;

    final Api api = new Api();
    RegistryStack stack;
    LedgerView ledger;
    String registry;
    String reporting;
    String developer;
    String a;
    String b;
    String c;
    String bKey;
    String batch;
    String prefix;
    long first;
    List<String> eventIds = new ArrayList<>();

    @BeforeAll
    void startTheRegistryAndMoveCredits(SharedStack.Handle shared) throws Exception {
        stack = shared.stack();
        ledger = new LedgerView(api, stack.ledger().url());
        registry = stack.registry().url();
        reporting = stack.reporting().url();
        developer = account("Serial Forest Developer", "PROJECT_DEVELOPER");
        a = account("Alpha Trading AG", "CORPORATE");
        b = account("Beta Airlines SA", "CORPORATE");
        c = account("Gamma Foods BV", "CORPORATE");
        bKey = post(registry + "/api/accounts/" + b + "/api-keys", Map.of("role", "ACCOUNT_HOLDER")).get("key").asText();
        String project = post(registry + "/api/projects", Map.of("name", "Serial forest", "standard", "VCS",
                "methodology", "VM0047", "country", "KE", "category", "REMOVAL", "removalSink", "BIOGENIC",
                "type", "ARR", "developerAccountId", developer)).get("projectId").asText();
        JsonNode issued = post(registry + "/api/batches", Map.of("projectId", project, "vintageStart", "2024-01-01",
                "vintageEnd", "2024-12-31", "quantity", 100, "toAccount", developer, "labels", List.of(),
                "correspondingAdjustment", false));
        batch = issued.get("batchId").asText();
        prefix = issued.get("serialPrefix").asText();
        first = issued.at("/serialBlocks/0/first").asLong();
        eventIds.add(issued.get("eventId").asText());
        eventIds.add(transfer(developer, a, 60));
        eventIds.add(transfer(a, b, 30));
        eventIds.add(transfer(b, c, 10));
        eventIds.add(post(registry + "/api/batches/" + batch + "/retirements", Map.of("account", c, "quantity", 5,
                "beneficiary", "Gamma Foods BV", "purpose", "2024 claim", "reportingYear", 2024)).get("eventId").asText());
        eventIds.add(post(registry + "/api/batches/" + batch + "/cancellations", Map.of("account", developer,
                "quantity", 5, "reason", "double counting found")).get("eventId").asText());
        ledger.awaitSealed(eventIds, Duration.ofSeconds(90));
        // reporting has read the batch once the cancellation, its last event, is in the history of a cancelled serial
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Response cancelled = api.get(reporting + "/api/serials/" + (first + 60), null);
            return cancelled.ok() && "CANCELLED".equals(cancelled.json().get("status").asText());
        });
    }

    @Test
    void aSerialsHistoryIsTheEventsOfTheLogThatMovedItEachWithAProofThatVerifies() throws Exception {
        List<EventEnvelope> log = ledger.leafEnvelopes();
        for (long serial : List.of(first, first + 20, first + 60, first + 99)) {
            JsonNode history = api.getOrFail(reporting + "/api/serials/" + serial, ADMIN).requireOk("serial " + serial).json();
            List<EventEnvelope> touched = log.stream().filter(e -> moves(e, serial))
                    .sorted(Comparator.comparingLong(EventEnvelope::sequence)).toList();
            assertThat(history.get("serial").asLong()).isEqualTo(serial);
            assertThat(history.get("label").asText()).isEqualTo(SerialBlock.label(prefix, serial));
            assertThat(history.get("batchId").asText()).isEqualTo(batch);
            assertThat(history.get("holdersHidden").asBoolean()).isFalse();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < touched.size(); i++) {
                EventEnvelope event = touched.get(i);
                JsonNode entry = history.get("history").get(i);
                assertThat(entry.get("eventId").asText()).isEqualTo(event.eventId().toString());
                assertThat(entry.get("type").asText()).isEqualTo(event.type());
                assertThat(entry.get("occurredAt").asText()).isEqualTo(event.occurredAt().toString());
                assertThat(entry.get("from").textValue()).isEqualTo(from(event));
                assertThat(entry.get("to").textValue()).isEqualTo(to(event));
                assertThat(entry.get("proofUrl").asText())
                        .isEqualTo(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + event.eventId());
                ids.add(event.eventId().toString());
            }
            assertThat(history.get("history")).as("serial %d: %s", serial, history).hasSize(touched.size());
            ledger.verifyInclusionOfEach(ids);
        }

        // the serial every transfer split off: issued, moved three times, retired
        JsonNode lowest = api.getOrFail(reporting + "/api/serials/" + first, ADMIN).json();
        assertThat(lowest.get("history").findValuesAsText("type")).containsExactly("CreditsIssued",
                "CreditsTransferred", "CreditsTransferred", "CreditsTransferred", "CreditsRetired");
        assertThat(lowest.get("history").findValuesAsText("eventId")).containsExactlyElementsOf(eventIds.subList(0, 5));
        assertThat(lowest.get("status").asText()).isEqualTo("RETIRED");
        assertThat(lowest.get("holder").isNull()).isTrue();
        JsonNode held = api.getOrFail(reporting + "/api/serials/" + (first + 20), ADMIN).json();
        assertThat(held.get("status").asText()).isEqualTo("HELD");
        assertThat(held.get("holder").asText()).isEqualTo(b);
        assertThat(held.get("history")).hasSize(3);
        assertThat(api.getOrFail(reporting + "/api/serials/" + (first + 99), ADMIN).json().get("history")).hasSize(1);
    }

    @Test
    void theFullLabelFindsTheSameHistory() {
        String label = SerialBlock.label(prefix, first);
        assertThat(api.getOrFail(reporting + "/api/serials/" + label, ADMIN).requireOk(label).json())
                .isEqualTo(api.getOrFail(reporting + "/api/serials/" + first, ADMIN).json());
        assertThat(api.getOrFail(reporting + "/api/serials/" + String.format("%09d", first), null).json().get("label")
                .asText()).isEqualTo(label);
    }

    @Test
    void holdersAreShownOnlyToAKeyThatMaySeeThem() {
        JsonNode anonymous = api.getOrFail(reporting + "/api/serials/" + first, null).requireOk("anonymous").json();
        assertThat(anonymous.get("holdersHidden").asBoolean()).isTrue();
        assertThat(anonymous.get("history").findValuesAsText("eventId")).containsExactlyElementsOf(eventIds.subList(0, 5));
        for (JsonNode entry : anonymous.get("history")) {
            if (entry.get("type").asText().equals("CreditsRetired")) {
                // a retirement is a public claim: GET /api/retirements/{id} names the account without a key too
                assertThat(entry.get("from").asText()).isEqualTo(c);
            } else {
                assertThat(entry.get("from").isNull()).as(entry.toString()).isTrue();
            }
            assertThat(entry.get("to").isNull()).as(entry.toString()).isTrue();
        }
        assertThat(anonymous.toString()).doesNotContain(developer, a, b);

        // B's own key sees B's side of each move and nobody else
        JsonNode asB = api.getOrFail(reporting + "/api/serials/" + first, bKey).requireOk("as B").json();
        assertThat(asB.get("holdersHidden").asBoolean()).isTrue();
        JsonNode moves = asB.get("history");
        assertThat(moves.get(2).get("from").isNull()).isTrue();
        assertThat(moves.get(2).get("to").asText()).isEqualTo(b);
        assertThat(moves.get(3).get("from").asText()).isEqualTo(b);
        assertThat(moves.get(3).get("to").isNull()).isTrue();
        assertThat(asB.toString()).doesNotContain(developer, a);
        JsonNode heldByB = api.getOrFail(reporting + "/api/serials/" + (first + 20), bKey).json();
        assertThat(heldByB.get("holder").asText()).isEqualTo(b);
        assertThat(api.getOrFail(reporting + "/api/serials/" + (first + 20), null).json().get("holder").isNull()).isTrue();

        Api.Response unknownKey = api.getOrFail(reporting + "/api/serials/" + first, "crk_not-a-key-anyone-was-given");
        assertThat(unknownKey.status()).isEqualTo(401);
    }

    @Test
    void unknownAndMalformedSerialsAreProblems() {
        Api.Response unknown = api.getOrFail(reporting + "/api/serials/" + (first + 1_000_000), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).contains("serial " + (first + 1_000_000), "has not been issued");

        Api.Response otherPrefix = api.getOrFail(reporting + "/api/serials/GS-NOSUCHPR-2024-" + String.format("%09d", first), null);
        assertThat(otherPrefix.status()).isEqualTo(404);
        assertThat(otherPrefix.json().get("detail").asText()).contains(SerialBlock.label(prefix, first), batch);

        for (String malformed : List.of("abc", "0", "VCS-", "12x", "99999999999999999999")) {
            Api.Response bad = api.getOrFail(reporting + "/api/serials/" + malformed, null);
            assertThat(bad.status()).as(malformed).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.json().get("detail").asText()).as(malformed).contains("serial");
        }
    }

    private static boolean moves(EventEnvelope event, long serial) {
        for (JsonNode block : event.payload().path("serialBlocks")) {
            if (new SerialBlock(block.get("first").asLong(), block.get("last").asLong()).contains(serial)) {
                return true;
            }
        }
        return false;
    }

    private static String from(EventEnvelope event) {
        return switch (event.type()) {
            case "CreditsTransferred" -> event.payload().get("from").asText();
            case "CreditsRetired", "CreditsCancelled" -> event.payload().get("account").asText();
            default -> null;
        };
    }

    private static String to(EventEnvelope event) {
        return switch (event.type()) {
            case "CreditsIssued" -> event.payload().get("toAccount").asText();
            case "CreditsTransferred" -> event.payload().get("to").asText();
            default -> null;
        };
    }

    private String account(String name, String type) throws IOException, InterruptedException {
        return post(registry + "/api/accounts", Map.of("name", name, "type", type, "jurisdiction", "DE"))
                .get("accountId").asText();
    }

    private String transfer(String from, String to, int quantity) throws IOException, InterruptedException {
        return post(registry + "/api/batches/" + batch + "/transfers", Map.of("from", from, "to", to,
                "quantity", quantity)).get("eventId").asText();
    }

    private JsonNode post(String url, Object body) throws IOException, InterruptedException {
        return api.post(url, ADMIN, body, UUID.randomUUID().toString()).requireOk("POST " + url).json();
    }
}
