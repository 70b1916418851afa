package org.carbonregistry.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Events from before the Article 6 fields keep their bytes and their meaning; the new ones round-trip. */
class Article6EventsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123Z");

    private static CreditsIssued issued(boolean correspondingAdjustment, Article6 article6) {
        return new CreditsIssued(UUID.randomUUID(), AT, "b1", "p1", Standard.VCS, "BR", ProjectCategory.REDUCTION,
                null, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), 10, "a1", "VCS-P1-2023",
                List.of(new SerialBlock(1, 10)), List.of(), correspondingAdjustment, article6);
    }

    @Test
    void anIssuanceWithoutArticle6WritesNoArticle6Member() {
        JsonNode json = EventJson.toTree(issued(false, null));
        assertThat(json.has("article6")).isFalse();
        assertThat(json.get("correspondingAdjustment").booleanValue()).isFalse();
    }

    @Test
    void anOldIssuanceReadsAsNotAuthorisedOrAsLegacyAuthorised() {
        JsonNode old = EventJson.toTree(issued(false, null));
        CreditsIssued notAuthorised = (CreditsIssued) EventJson.fromTree("CreditsIssued", old);
        assertThat(notAuthorised.article6()).isNull();
        assertThat(Article6.of(notAuthorised)).isEqualTo(Article6.NOT_AUTHORIZED);

        CreditsIssued adjusted = (CreditsIssued) EventJson.fromTree("CreditsIssued", EventJson.toTree(issued(true, null)));
        assertThat(Article6.of(adjusted)).isEqualTo(new Article6(Article6Authorization.AUTHORIZED_OIMP, null, "BR",
                CorrespondingAdjustmentStatus.APPLIED));
    }

    @Test
    void article6RoundTrips() {
        var article6 = new Article6(Article6Authorization.AUTHORIZED_NDC, "LoA-7", "GH", CorrespondingAdjustmentStatus.PENDING);
        CreditsIssued event = issued(true, article6);
        assertThat(EventJson.fromTree("CreditsIssued", EventJson.toTree(event))).isEqualTo(event);
        assertThat(Article6.of(event)).isEqualTo(article6);
    }

    @Test
    void onlyTheFirstInternationalTransferCarriesTheFlag() {
        var plain = new CreditsTransferred(UUID.randomUUID(), AT, "b1", "a1", "a2", 3, List.of(new SerialBlock(1, 3)));
        assertThat(EventJson.toTree(plain).has("firstInternationalTransfer")).isFalse();
        assertThat(EventJson.fromTree("CreditsTransferred", EventJson.toTree(plain))).isEqualTo(plain);

        var first = new CreditsTransferred(UUID.randomUUID(), AT, "b1", "a1", "a2", 3, List.of(new SerialBlock(1, 3)), true);
        assertThat(EventJson.toTree(first).get("firstInternationalTransfer").booleanValue()).isTrue();
        assertThat(EventJson.fromTree("CreditsTransferred", EventJson.toTree(first))).isEqualTo(first);
    }

    @Test
    void theAdminEventsRoundTrip() {
        var changed = new AuthorizationChanged(UUID.randomUUID(), AT, "b1", Article6Authorization.AUTHORIZED_OIMP,
                "LoA-1", "GH", CorrespondingAdjustmentStatus.PENDING, "letter received");
        var applied = new CorrespondingAdjustmentApplied(UUID.randomUUID(), AT, "b1", "GH AEF 2026");
        assertThat(EventJson.fromTree(EventJson.typeOf(changed), EventJson.toTree(changed))).isEqualTo(changed);
        assertThat(EventJson.fromTree(EventJson.typeOf(applied), EventJson.toTree(applied))).isEqualTo(applied);
    }
}
