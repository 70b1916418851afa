package org.carbonregistry.monitor.rules;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.monitor.Finding;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** EU CRCF temporary removals replayed: a valid expiry is clean history; its rules are checked. */
class ExpiryRulesTest {

    private static final LocalDate EXPIRES_ON = LocalDate.of(2026, 6, 1);
    private static final Instant AFTER_EXPIRY = Instant.parse("2026-06-01T00:00:00.000Z");

    private final TestEvents events = new TestEvents();
    private final RegistryState state = new RegistryState();
    private long leaf;

    @BeforeEach
    void temporaryBatchHeldByTwoAccounts() {
        assertClean(events.account("acme"));
        assertClean(events.account("globex"));
        assertClean(events.issueTemporary("soil", "acme", 1, 100, EXPIRES_ON));
        assertClean(events.transfer("soil", "acme", "globex", 1, 30));
        assertClean(events.retire("soil", "globex", 1, 10, 2026));
    }

    private List<Finding> apply(EventEnvelope envelope) {
        return state.apply(leaf++, envelope.canonicalBytes());
    }

    private void assertClean(EventEnvelope envelope) {
        assertThat(apply(envelope)).as(envelope.type()).isEmpty();
    }

    private static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    @Test
    void anExpiryOfEveryHeldCreditAfterItsDateIsValidHistory() {
        events.advanceTo(AFTER_EXPIRY);
        assertClean(events.expire("soil", EXPIRES_ON, "acme", 31, 70, "globex", 11, 20));
    }

    @Test
    void anEmptyExpiryOfABatchWhoseCreditsAreAllGoneIsValid() {
        assertClean(events.retire("soil", "globex", 11, 20, 2026));
        assertClean(events.cancel("soil", "acme", 31, 70));
        events.advanceTo(AFTER_EXPIRY);
        assertClean(events.expire("soil", EXPIRES_ON));
    }

    @Test
    void nothingMovesAfterTheExpiry() {
        events.advanceTo(AFTER_EXPIRY);
        assertClean(events.expire("soil", EXPIRES_ON, "acme", 31, 70, "globex", 11, 20));
        assertThat(rules(apply(events.transfer("soil", "acme", "globex", 31, 5)))).containsExactly("moved-after-expiry");
        assertThat(rules(apply(events.retire("soil", "globex", 11, 5, 2026)))).containsExactly("moved-after-expiry");
    }

    @Test
    void nothingMovesPastTheExpiryDateEvenBeforeTheExpiryIsLogged() {
        events.advanceTo(AFTER_EXPIRY);
        assertThat(rules(apply(events.cancel("soil", "acme", 31, 5)))).containsExactly("moved-after-expiry");
    }

    @Test
    void anExpiryBeforeTheDateIsAFinding() {
        assertThat(rules(apply(events.expire("soil", EXPIRES_ON, "acme", 31, 70, "globex", 11, 20))))
                .containsExactly("expiry");
    }

    @Test
    void onlyHeldCreditsExpire() {
        events.advanceTo(AFTER_EXPIRY);
        // serials 1-10 were retired by globex: they cannot expire
        assertThat(rules(apply(events.expire("soil", EXPIRES_ON, "acme", 31, 70, "globex", 1, 30))))
                .containsExactly("expiry");
    }

    @Test
    void everyHeldCreditExpires() {
        events.advanceTo(AFTER_EXPIRY);
        assertThat(rules(apply(events.expire("soil", EXPIRES_ON, "acme", 31, 70)))).containsExactly("expiry");
    }

    @Test
    void aBatchExpiresOnce() {
        events.advanceTo(AFTER_EXPIRY);
        assertClean(events.expire("soil", EXPIRES_ON, "acme", 31, 70, "globex", 11, 20));
        assertThat(rules(apply(events.expire("soil", EXPIRES_ON)))).containsExactly("expiry");
    }

    @Test
    void aBatchWithoutExpiryDateNeverExpires() {
        assertClean(events.issue("plain", "acme", 101, 10));
        events.advanceTo(AFTER_EXPIRY);
        assertThat(rules(apply(events.expire("plain", EXPIRES_ON, "acme", 101, 10)))).containsExactly("expiry");
    }
}
