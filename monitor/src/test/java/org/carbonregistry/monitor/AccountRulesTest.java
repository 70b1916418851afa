package org.carbonregistry.monitor;

import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.monitor.rules.RegistryState;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plans and claims replayed: honest ones are no finding, broken ones are named. */
class AccountRulesTest {

    private final TestEvents events = new TestEvents();
    private final RegistryState registry = new RegistryState();
    private long leaf;
    private EventEnvelope first;
    private EventEnvelope second;

    @BeforeEach
    void history() {
        assertThat(apply(events.account("acme"))).isEmpty();
        assertThat(apply(events.issue("batch-1", "acme", 1, 100))).isEmpty();
        first = events.retire("batch-1", "acme", 1, 10, 2025);
        second = events.retire("batch-1", "acme", 11, 5, 2025);
        assertThat(apply(first)).isEmpty();
        assertThat(apply(second)).isEmpty();
    }

    private List<Finding> apply(EventEnvelope envelope) {
        return registry.apply(leaf++, envelope.canonicalBytes());
    }

    private static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    @Test
    void plansWithdrawalsAndClaimsOfAnHonestRegistryAreClean() {
        assertThat(apply(events.plan("acme", "plan-1", 400, 2030))).isEmpty();
        assertThat(apply(events.plan("acme", "plan-2", 50, 2028))).isEmpty();
        assertThat(apply(events.withdrawPlan("acme", "plan-2"))).isEmpty();
        assertThat(apply(events.claim("acme", "claim-1", first))).isEmpty();
        assertThat(apply(events.claim("acme", "claim-2", second))).isEmpty();
    }

    @Test
    void aRetirementBackingASecondClaimIsNamed() {
        assertThat(apply(events.claim("acme", "claim-1", first))).isEmpty();

        List<Finding> findings = apply(events.claim("acme", "claim-2", second, first));

        assertThat(rules(findings)).containsExactly("retirement-claimed-twice");
        assertThat(findings.get(0).detail()).contains("already backs claim claim-1");
    }

    @Test
    void claimTonnesMustBeTheSumOfItsRetirements() {
        CreditsRetired retired = (CreditsRetired) first.event();
        List<ClaimedRetirement> backing = List.of(new ClaimedRetirement(retired.retirementId(), "batch-1",
                retired.eventId(), retired.quantity()));

        assertThat(rules(apply(events.claim("acme", "claim-1", backing, 11)))).containsExactly("claim-tonnes");
        assertThat(rules(apply(events.claim("acme", "claim-2", List.of(), 0)))).containsExactly("claim-tonnes");
    }

    @Test
    void aPlanIsWithdrawnOnlyOnceAndOnlyAfterItWasPlanned() {
        assertThat(rules(apply(events.withdrawPlan("acme", "plan-9")))).containsExactly("retirement-plan");
        assertThat(apply(events.plan("acme", "plan-1", 400, 2030))).isEmpty();
        assertThat(apply(events.withdrawPlan("acme", "plan-1"))).isEmpty();
        assertThat(rules(apply(events.withdrawPlan("acme", "plan-1")))).containsExactly("retirement-plan");
        assertThat(rules(apply(events.plan("acme", "plan-1", 10, 2030)))).containsExactly("retirement-plan");
    }

    @Test
    void anAccountEventUnderAnotherAggregateIsNamed() {
        EventEnvelope honest = events.plan("acme", "plan-1", 400, 2030);
        EventEnvelope misfiled = new EventEnvelope(honest.eventId(), honest.type(), "globex", 0, honest.occurredAt(),
                honest.actor(), honest.payload());

        assertThat(rules(apply(misfiled))).containsExactly("account-aggregate");
    }
}
