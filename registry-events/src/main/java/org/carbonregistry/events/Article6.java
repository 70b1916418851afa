package org.carbonregistry.events;

/**
 * A batch's Article 6 state. Authorised units always need a corresponding adjustment, so the status is
 * {@code NONE} exactly when the units are not authorised, and {@code PENDING} or {@code APPLIED} otherwise.
 *
 * @param authorizationId the host Party's reference for its authorisation (letter of authorisation), if known
 * @param hostParty       ISO 3166-1 alpha-2 code of the Party that authorised the units; null when not authorised
 */
public record Article6(Article6Authorization authorization, String authorizationId, String hostParty,
                       CorrespondingAdjustmentStatus correspondingAdjustment) {

    public static final Article6 NOT_AUTHORIZED =
            new Article6(Article6Authorization.NOT_AUTHORIZED, null, null, CorrespondingAdjustmentStatus.NONE);

    /**
     * The Article 6 state of a batch as its issuance says. Issuances from before the Article 6 fields carry only
     * the boolean {@code correspondingAdjustment}, the registry's statement that the credits carry a corresponding
     * adjustment: {@code true} reads as units authorised for other international mitigation purposes (the use a
     * corporate claim backed by an adjustment is) by the project's country, the adjustment applied, so that reports
     * on those batches say what they said before; {@code false} as not authorised.
     */
    public static Article6 of(CreditsIssued issued) {
        if (issued.article6() != null) {
            return issued.article6();
        }
        return issued.correspondingAdjustment() ? legacyAuthorized(issued.projectCountry()) : NOT_AUTHORIZED;
    }

    /** What the old boolean {@code correspondingAdjustment: true} means, at issuance or in an old event. */
    public static Article6 legacyAuthorized(String projectCountry) {
        return new Article6(Article6Authorization.AUTHORIZED_OIMP, null, projectCountry,
                CorrespondingAdjustmentStatus.APPLIED);
    }

    /** The state an authorisation change leaves the batch in. */
    public static Article6 of(AuthorizationChanged changed) {
        return new Article6(changed.authorization(), changed.authorizationId(), changed.hostParty(),
                changed.correspondingAdjustment());
    }

    /** This state once the host Party applied the adjustment. */
    public Article6 applied() {
        return new Article6(authorization, authorizationId, hostParty, CorrespondingAdjustmentStatus.APPLIED);
    }

    public boolean authorized() {
        return authorization != Article6Authorization.NOT_AUTHORIZED;
    }
}
