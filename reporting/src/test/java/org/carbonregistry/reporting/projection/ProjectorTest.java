package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection code fed envelopes directly, as plain objects: no database, no Kafka. */
class ProjectorTest {

    private final Projector projector = new Projector(TestKeys.registryVerifier());
    private final SyntheticRegistry registry = new SyntheticRegistry();
    private final List<ConsumedRecord> records = new ArrayList<>();

    private void scene() {
        records.add(registry.openAccount("dev", AccountType.PROJECT_DEVELOPER, "BR"));
        records.add(registry.openAccount("corp", AccountType.CORPORATE, "DE"));
        records.add(registry.registerProject("p1", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                "Forestry", "dev"));
        records.add(registry.issue("b1", "p1", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, 2023,
                1000, "dev", false));
        records.add(registry.transfer("b1", "dev", "corp", 300));
        records.add(registry.retire("b1", "r1", "corp", 120, "ACME", 2024));
        records.add(registry.cancel("b1", "dev", 50));
    }

    private static Map<String, ProjectionChanges.HoldingState> holdingsByAccount(ProjectionChanges changes) {
        return changes.holdings().stream().collect(Collectors.toMap(ProjectionChanges.HoldingState::accountId, Function.identity()));
    }

    @Test
    void issuanceTransferRetirementAndCancellationConserveEverySerial() {
        scene();

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.events()).hasSize(records.size());
        assertThat(changes.anomalies()).isEmpty();
        var holdings = holdingsByAccount(changes);
        assertThat(holdings.get("dev").serials().blocks()).containsExactly(new SerialBlock(351, 1000));
        assertThat(holdings.get("corp").serials().blocks()).containsExactly(new SerialBlock(121, 300));
        ProjectionChanges.BatchState batch = changes.batches().iterator().next();
        assertThat(batch.issued()).isEqualTo(1000);
        assertThat(batch.retired()).isEqualTo(120);
        assertThat(batch.cancelled()).isEqualTo(50);
        long held = holdings.values().stream().mapToLong(h -> h.serials().total()).sum();
        assertThat(held + batch.retired() + batch.cancelled()).isEqualTo(batch.issued());

        ProjectionChanges.RetirementRow retirement = changes.retirements().get(0);
        assertThat(retirement.retirementId()).isEqualTo("r1");
        assertThat(retirement.quantity()).isEqualTo(120);
        assertThat(retirement.serialBlocks()).isEqualTo("1-120");
        assertThat(retirement.beneficiaryCommitment()).isEqualTo(registry.personalData("r1").beneficiaryCommitment());
        assertThat(retirement.purposeCommitment()).isEqualTo(registry.personalData("r1").purposeCommitment());
        assertThat(retirement.reportingYear()).isEqualTo(2024);
        assertThat(changes.transfers()).singleElement().satisfies(t -> assertThat(t.serialBlocks()).isEqualTo("1-300"));
        assertThat(changes.cancellations()).singleElement().satisfies(c -> assertThat(c.serialBlocks()).isEqualTo("301-350"));
        assertThat(changes.projects()).singleElement().satisfies(p -> assertThat(p.projectType()).isEqualTo("Forestry"));
        assertThat(changes.accounts()).extracting(ProjectionChanges.AccountRow::accountId).containsExactly("dev", "corp");
    }

    @Test
    void plansWithdrawalsAndClaimsBecomeRowsOfTheirOwn() {
        scene();
        UUID retirementEvent = envelopeOf(records.get(5)).eventId();
        records.add(registry.append(new RetirementPlanned(UUID.randomUUID(), java.time.Instant.parse("2026-01-02T03:04:05Z"),
                "corp", "plan-1", 400, 2030, true, null), "corp"));
        records.add(registry.append(new RetirementPlanWithdrawn(UUID.randomUUID(), java.time.Instant.parse("2026-01-03T03:04:05Z"),
                "corp", "plan-1"), "corp"));
        records.add(registry.append(new ClaimMade(UUID.randomUUID(), java.time.Instant.parse("2026-01-04T03:04:05Z"), "corp",
                "claim-1", ClaimType.NEUTRALITY, java.time.LocalDate.parse("2024-01-01"), java.time.LocalDate.parse("2024-12-31"),
                "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                List.of(new ClaimedRetirement("r1", "b1", retirementEvent, 120)), 120), "corp"));

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.anomalies()).isEmpty();
        assertThat(changes.plans()).singleElement().satisfies(plan -> {
            assertThat(plan.planId()).isEqualTo("plan-1");
            assertThat(plan.quantity()).isEqualTo(400);
            assertThat(plan.plannedYear()).isEqualTo(2030);
            assertThat(plan.basedOnExistingContracts()).isTrue();
        });
        assertThat(changes.planWithdrawals()).extracting(ProjectionChanges.PlanWithdrawalRow::planId).containsExactly("plan-1");
        assertThat(changes.claims()).singleElement().satisfies(claim -> {
            assertThat(claim.tonnes()).isEqualTo(120);
            assertThat(claim.type()).isEqualTo("NEUTRALITY");
            assertThat(claim.retirements()).containsExactly(
                    new ProjectionChanges.ClaimedRetirementRow("r1", retirementEvent, "b1", 120));
        });
        // nothing moves: holdings and the batch are as the credit events left them
        assertThat(holdingsByAccount(changes).get("corp").serials().blocks()).containsExactly(new SerialBlock(121, 300));
    }

    @Test
    void aBufferContributionMovesToTheBufferAndAReversalIsACancellationNamingIt() {
        scene();
        records.add(registry.append(new BufferContributed(UUID.randomUUID(), java.time.Instant.parse("2026-01-02T03:04:05Z"),
                "b1", "p1", "dev", "registry-buffer", "10", 100, List.of(new SerialBlock(901, 1000))), "b1"));
        records.add(registry.append(new ReversalCompensated(UUID.randomUUID(), java.time.Instant.parse("2026-01-03T03:04:05Z"),
                "b1", "p1", "reversal-1", "registry-buffer", 30, List.of(new SerialBlock(901, 930)), 30,
                java.time.LocalDate.parse("2025-12-24"), "wildfire"), "b1"));

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.anomalies()).isEmpty();
        var holdings = holdingsByAccount(changes);
        assertThat(holdings.get("dev").serials().blocks()).containsExactly(new SerialBlock(351, 900));
        assertThat(holdings.get("registry-buffer").serials().blocks()).containsExactly(new SerialBlock(931, 1000));
        ProjectionChanges.BatchState batch = changes.batches().iterator().next();
        assertThat(batch.cancelled()).isEqualTo(50 + 30);
        long held = holdings.values().stream().mapToLong(h -> h.serials().total()).sum();
        assertThat(held + batch.retired() + batch.cancelled()).isEqualTo(batch.issued());
        assertThat(changes.cancellations()).last().satisfies(c -> {
            assertThat(c.accountId()).isEqualTo("registry-buffer");
            assertThat(c.serialBlocks()).isEqualTo("901-930");
            assertThat(c.reason()).contains("reversal reversal-1", "2025-12-24", "wildfire");
        });
    }

    private static EventEnvelope envelopeOf(ConsumedRecord record) {
        return EventEnvelope.fromCanonicalBytes(record.value());
    }

    @Test
    void aRedeliveredEventIsAppliedOnceButMovesThePositionOn() {
        scene();
        ConsumedRecord retirement = records.get(5);
        ConsumedRecord again = registry.redeliver(retirement);
        records.add(again);

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.duplicates()).isEqualTo(1);
        assertThat(changes.retirements()).hasSize(1);
        assertThat(changes.events()).hasSize(records.size() - 1);
        assertThat(changes.batches().iterator().next().retired()).isEqualTo(120);
        assertThat(changes.progress()).filteredOn(p -> p.partition() == again.partition())
                .singleElement().satisfies(p -> assertThat(p.nextOffset()).isEqualTo(again.offset() + 1));
    }

    @Test
    void eventsAppliedBeforeAreSkipped() {
        scene();
        UUID known = EventEnvelope.fromCanonicalBytes(records.get(5).value()).eventId();
        ProjectionLookup appliedBefore = new ProjectionLookup() {
            @Override
            public java.util.Set<UUID> knownEventIds(java.util.Collection<UUID> ids) {
                return ids.contains(known) ? java.util.Set.of(known) : java.util.Set.of();
            }

            @Override
            public java.util.Optional<ProjectionChanges.BatchState> batch(String batchId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<org.carbonregistry.events.SerialRanges> holding(String accountId, String batchId) {
                return java.util.Optional.empty();
            }

            @Override
            public long lastSeq() {
                return 41;
            }
        };

        ProjectionChanges changes = projector.project(records, appliedBefore);

        assertThat(changes.retirements()).isEmpty();
        assertThat(changes.duplicates()).isEqualTo(1);
        assertThat(changes.events()).extracting(ProjectionChanges.EventRow::seq)
                .containsExactly(42L, 43L, 44L, 45L, 46L, 47L);
        assertThat(changes.lastSeq()).isEqualTo(47);
    }

    @Test
    void anUnreadableRecordIsAnAnomalyAndDoesNotStopTheRest() {
        scene();
        ConsumedRecord garbage = registry.signedRaw(1, "{\"not\": \"canonical\"}".getBytes(StandardCharsets.UTF_8));
        records.add(3, garbage);

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.anomalies()).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.partition()).isEqualTo(1);
            assertThat(anomaly.offset()).isEqualTo(garbage.offset());
            assertThat(anomaly.eventId()).isNull();
            assertThat(anomaly.problem()).contains("unreadable envelope");
        });
        assertThat(changes.events()).hasSize(records.size() - 1);
        assertThat(changes.retirements()).hasSize(1);
    }

    @Test
    void anEventOfATypeThisVersionDoesNotKnowIsRecordedButNotProjected() {
        var payload = EventJson.mapper().createObjectNode().put("eventId", UUID.randomUUID().toString());
        EventEnvelope future = new EventEnvelope(UUID.randomUUID(), "CreditsBridged", "b9", 0,
                java.time.Instant.parse("2024-05-01T00:00:00Z"), "registry", payload);
        ConsumedRecord record = registry.signedRaw(0, future.canonicalBytes());

        ProjectionChanges changes = projector.project(List.of(record), ProjectionLookup.EMPTY);

        assertThat(changes.events()).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("CreditsBridged"));
        assertThat(changes.anomalies()).singleElement()
                .satisfies(a -> assertThat(a.problem()).contains("cannot project event type CreditsBridged"));
    }

    @Test
    void aRetirementOfSerialsNotHeldIsStillRecordedWithAnAnomaly() {
        records.add(registry.openAccount("corp", AccountType.CORPORATE, "DE"));
        records.add(registry.issue("b1", "p1", Standard.GS, "KE", ProjectCategory.REDUCTION, null, 2022, 100, "dev", false));
        // The registry's own record says "corp" retired serials it never received here (e.g. a lost transfer).
        SyntheticRegistry other = new SyntheticRegistry();
        other.issue("b1", "p1", Standard.GS, "KE", ProjectCategory.REDUCTION, null, 2022, 100, "corp", false);
        ConsumedRecord retirement = other.retire("b1", "r9", "corp", 10, "ACME", 2024);
        records.add(registry.signedRaw(retirement.partition(), retirement.value()));

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.retirements()).singleElement().satisfies(r -> assertThat(r.quantity()).isEqualTo(10));
        assertThat(changes.anomalies()).singleElement()
                .satisfies(a -> assertThat(a.problem()).contains("corp does not hold all of 1-10"));
        assertThat(holdingsByAccount(changes).get("dev").serials().total()).isEqualTo(100);
        assertThat(changes.batches().iterator().next().retired()).isEqualTo(10);
    }

    @Test
    void anInvalidationCancelsEveryHoldingUnderItsEventIdAndIsRecordedOnce() {
        scene();
        ConsumedRecord invalidation = registry.invalidate("b1", "verification withdrawn");
        records.add(invalidation);
        UUID eventId = EventEnvelope.fromCanonicalBytes(invalidation.value()).eventId();

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.anomalies()).isEmpty();
        assertThat(holdingsByAccount(changes).values()).allSatisfy(h -> assertThat(h.serials().total()).isZero());
        assertThat(changes.invalidations()).singleElement().satisfies(v -> {
            assertThat(v.batchId()).isEqualTo("b1");
            assertThat(v.eventId()).isEqualTo(eventId);
            assertThat(v.quantity()).isEqualTo(830);
            assertThat(v.reason()).isEqualTo("verification withdrawn");
        });
        List<ProjectionChanges.CancellationRow> byInvalidation = changes.cancellations().stream()
                .filter(c -> c.eventId().equals(eventId)).toList();
        assertThat(byInvalidation).extracting(ProjectionChanges.CancellationRow::accountId).containsExactly("corp", "dev");
        assertThat(byInvalidation).extracting(ProjectionChanges.CancellationRow::serialBlocks)
                .containsExactly("121-300", "351-1000");
        ProjectionChanges.BatchState batch = changes.batches().iterator().next();
        assertThat(batch.retired()).as("retirements stay retired").isEqualTo(120);
        assertThat(changes.retirements()).hasSize(1);
    }

    @Test
    void anInvalidationOfCreditsNotHeldIsStillRecordedWithAnAnomaly() {
        scene();
        // serials 1-5 were retired by corp: no longer held
        records.add(registry.append(new BatchInvalidated(UUID.randomUUID(), registry.now(), "b1", "wrong", 5,
                List.of(new BatchInvalidated.CancelledHolding("corp", 5, List.of(new SerialBlock(1, 5))))), "b1"));

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        assertThat(changes.invalidations()).hasSize(1);
        assertThat(changes.anomalies()).singleElement()
                .satisfies(a -> assertThat(a.problem()).contains("corp does not hold all of 1-5 of batch b1"));
    }

    @Test
    void freezesToggleTheBatchStatus() {
        records.add(registry.issue("b1", "p1", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, 2023,
                10, "dev", false));
        records.add(registry.freeze("b1"));
        ProjectionChanges frozen = projector.project(records, ProjectionLookup.EMPTY);
        assertThat(frozen.batches().iterator().next().frozen()).isTrue();

        records.add(registry.unfreeze("b1"));
        ProjectionChanges unfrozen = projector.project(records, ProjectionLookup.EMPTY);
        assertThat(unfrozen.batches().iterator().next().frozen()).isFalse();
        assertThat(unfrozen.freezes()).extracting(ProjectionChanges.FreezeRow::frozen).containsExactly(true, false);
    }

    @Test
    void eachPartitionRemembersItsLastEvent() {
        scene();

        ProjectionChanges changes = projector.project(records, ProjectionLookup.EMPTY);

        for (ProjectionChanges.PartitionProgress progress : changes.progress()) {
            ConsumedRecord last = records.stream().filter(r -> r.partition() == progress.partition())
                    .reduce((first, second) -> second).orElseThrow();
            EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(last.value());
            assertThat(progress.nextOffset()).isEqualTo(last.offset() + 1);
            assertThat(progress.lastEventId()).isEqualTo(envelope.eventId());
            assertThat(progress.lastEventTime()).isEqualTo(envelope.occurredAt());
        }
    }

    @Test
    void theLeafHashIsTheLedgersHashOfTheCanonicalBytes() throws Exception {
        scene();
        byte[] value = records.get(0).value();
        var sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 0);
        String expected = java.util.Base64.getEncoder().encodeToString(sha256.digest(value));

        ProjectionChanges changes = projector.project(records.subList(0, 1), ProjectionLookup.EMPTY);

        assertThat(changes.events().get(0).leafHash()).isEqualTo(expected);
    }

    @Test
    void aRecordWithoutASignatureIsQuarantinedNotProjected() {
        scene();
        registry.signWith(null);
        ConsumedRecord unsigned = registry.retire("b1", "r-unsigned", "corp", 10, "Mallory", 2024);

        ProjectionChanges changes = projector.project(List.of(unsigned), ProjectionLookup.EMPTY);

        assertQuarantinedOnly(changes, unsigned, "has no registry-signature");
    }

    @Test
    void aRecordSignedWithAnUntrustedKeyIsQuarantinedNotProjected() {
        scene();
        registry.signWith(TestKeys.IMPOSTOR);
        ConsumedRecord forged = registry.retire("b1", "r-forged", "corp", 10, "Mallory", 2024);

        ProjectionChanges changes = projector.project(List.of(forged), ProjectionLookup.EMPTY);

        assertQuarantinedOnly(changes, forged, "not a trusted registry key");
    }

    @Test
    void aSignedRecordWhoseBytesChangedAfterSigningIsQuarantinedNotProjected() {
        scene();
        ConsumedRecord signed = records.get(5);
        byte[] changed = new String(signed.value(), StandardCharsets.UTF_8).replace("\"quantity\":120", "\"quantity\":900")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(changed).isNotEqualTo(signed.value());
        ConsumedRecord tampered = new ConsumedRecord(signed.partition(), signed.offset(), changed, signed.signature(),
                signed.keyId());

        ProjectionChanges changes = projector.project(List.of(tampered), ProjectionLookup.EMPTY);

        assertQuarantinedOnly(changes, tampered, "does not verify over the record's bytes");
    }

    private static void assertQuarantinedOnly(ProjectionChanges changes, ConsumedRecord record, String detail) {
        assertThat(changes.events()).isEmpty();
        assertThat(changes.retirements()).isEmpty();
        assertThat(changes.batches()).isEmpty();
        assertThat(changes.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(EnvelopeVerifier.REASON).isEqualTo("bad-signature");
            assertThat(q.detail()).contains(detail);
            assertThat(q.partition()).isEqualTo(record.partition());
            assertThat(q.offset()).isEqualTo(record.offset());
            assertThat(q.eventType()).isEqualTo("CreditsRetired");
        });
        assertThat(changes.progress()).singleElement().satisfies(p -> {
            assertThat(p.nextOffset()).isEqualTo(record.offset() + 1);
            assertThat(p.lastEventId()).isNull();
        });
    }
}
