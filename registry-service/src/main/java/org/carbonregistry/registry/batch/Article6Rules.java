package org.carbonregistry.registry.batch;

import org.carbonregistry.events.Article6;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Countries;
import org.carbonregistry.registry.rules.Text;

import java.util.Arrays;
import java.util.Objects;

/**
 * Article 6 rules of a batch. Authorised units always need a corresponding adjustment, so the adjustment's status
 * follows the authorisation ({@code NONE} when not authorised, {@code PENDING} once authorised) until the host Party
 * applies it; an applied adjustment is final, and so is the authorisation it was applied under.
 */
final class Article6Rules {

    private Article6Rules() {
    }

    /**
     * The Article 6 state a new batch starts in. Without an {@code article6} object the old boolean decides, as it
     * always did: {@code true} is {@link Article6#legacyAuthorized}; with one, a {@code true} boolean must not
     * contradict it.
     */
    static Article6 atIssuance(Article6 requested, boolean correspondingAdjustmentFlag, String projectCountry) {
        if (requested == null) {
            return correspondingAdjustmentFlag ? Article6.legacyAuthorized(projectCountry) : Article6.NOT_AUTHORIZED;
        }
        Article6 article6 = authorised(requested.authorization(), requested.authorizationId(), requested.hostParty(),
                projectCountry);
        CorrespondingAdjustmentStatus asked = requested.correspondingAdjustment();
        // APPLIED at issuance: units brought in whose host Party has already adjusted (e.g. from another registry).
        boolean consistent = asked == null || (article6.authorized() ? asked != CorrespondingAdjustmentStatus.NONE
                : asked == CorrespondingAdjustmentStatus.NONE);
        if (!consistent) {
            throw CommandRefused.invalid("article6.correspondingAdjustment " + asked + " contradicts authorization "
                    + article6.authorization() + ": authorised units need a corresponding adjustment (PENDING or"
                    + " APPLIED), units not authorised have none (NONE)");
        }
        if (asked == CorrespondingAdjustmentStatus.APPLIED) {
            article6 = article6.applied();
        }
        if (correspondingAdjustmentFlag && !article6.authorized()) {
            throw CommandRefused.invalid("correspondingAdjustment: true contradicts article6.authorization NOT_AUTHORIZED");
        }
        return article6;
    }

    /**
     * What an issuance records in {@code article6}: nothing when the boolean {@code correspondingAdjustment} alone
     * says as much, so such issuances read exactly as they did before the Article 6 fields.
     */
    static Article6 unlessImplied(Article6 article6, String projectCountry) {
        return article6.equals(Article6.NOT_AUTHORIZED) || article6.equals(Article6.legacyAuthorized(projectCountry))
                ? null : article6;
    }

    /** The state after the host Party changed its authorisation of a batch now in {@code current}. */
    static Article6 changed(Article6 current, ChangeAuthorization command, String projectCountry) {
        if (current.correspondingAdjustment() == CorrespondingAdjustmentStatus.APPLIED) {
            throw CommandRefused.conflict("the corresponding adjustment of this batch was applied under authorization "
                    + current.authorization() + ": the authorisation can no longer change");
        }
        Article6 next = authorised(command.authorization(), command.authorizationId(), command.hostParty(),
                projectCountry);
        if (next.equals(current)) {
            throw CommandRefused.conflict("the batch's Article 6 authorisation is already " + current.authorization()
                    + describe(current));
        }
        return next;
    }

    /** Only PENDING -> APPLIED is a change; every other request says why not. */
    static void requireApplicable(Article6 current, CorrespondingAdjustmentStatus requested) {
        if (requested == null) {
            throw CommandRefused.invalid("status is required: APPLIED (the host Party applied the adjustment)");
        }
        CorrespondingAdjustmentStatus status = current.correspondingAdjustment();
        if (status == CorrespondingAdjustmentStatus.APPLIED) {
            throw CommandRefused.conflict(requested == CorrespondingAdjustmentStatus.APPLIED
                    ? "the corresponding adjustment is already APPLIED"
                    : "the corresponding adjustment is APPLIED, which is final: it cannot go back to " + requested);
        }
        if (requested != CorrespondingAdjustmentStatus.APPLIED) {
            throw CommandRefused.conflict("the corresponding adjustment is " + status + "; " + requested
                    + " follows from the authorisation (POST /api/batches/{id}/article6/authorization), only APPLIED"
                    + " is recorded here");
        }
        if (status == CorrespondingAdjustmentStatus.NONE) {
            throw CommandRefused.conflict("the batch is NOT_AUTHORIZED under Article 6: there is no corresponding"
                    + " adjustment to apply; the host Party authorises it first");
        }
    }

    /**
     * True when a transfer between these accounts is international: their jurisdictions differ. Null otherwise, as
     * the event carries the flag only when it is set.
     */
    static Boolean international(Directory directory, String from, String to) {
        String fromJurisdiction = directory.account(from).map(AccountEntry::jurisdiction).orElse(null);
        String toJurisdiction = directory.account(to).map(AccountEntry::jurisdiction).orElse(null);
        return fromJurisdiction != null && toJurisdiction != null && !fromJurisdiction.equals(toJurisdiction)
                ? Boolean.TRUE : null;
    }

    private static Article6 authorised(Article6Authorization authorization, String authorizationId, String hostParty,
                                       String projectCountry) {
        if (authorization == null) {
            throw CommandRefused.invalid("authorization is required: one of "
                    + Arrays.toString(Article6Authorization.values()));
        }
        if (authorization == Article6Authorization.NOT_AUTHORIZED) {
            if (authorizationId != null || hostParty != null) {
                throw CommandRefused.invalid("units that are NOT_AUTHORIZED have no authorizationId or hostParty");
            }
            return Article6.NOT_AUTHORIZED;
        }
        String id = authorizationId == null ? null : Text.require(authorizationId, "authorizationId", 200);
        // The host Party is the country where the mitigation happens unless said otherwise.
        String party = Countries.requireIso(Objects.requireNonNullElse(hostParty, projectCountry), "hostParty");
        return new Article6(authorization, id, party, CorrespondingAdjustmentStatus.PENDING);
    }

    private static String describe(Article6 article6) {
        return article6.authorized()
                ? " (authorizationId " + article6.authorizationId() + ", hostParty " + article6.hostParty() + ")" : "";
    }
}
