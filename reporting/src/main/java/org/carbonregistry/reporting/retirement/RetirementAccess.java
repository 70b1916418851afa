package org.carbonregistry.reporting.retirement;

import org.carbonregistry.access.Problems;

/**
 * One retirement, as the design's access rule has it: public (quantity, serials, beneficiary unless erased), like the
 * registry's public register; it is a claim made to the world. Lists by account need a key ({@link RetirementController}).
 */
public class RetirementAccess {

    private final RetirementQueries retirements;

    public RetirementAccess(RetirementQueries retirements) {
        this.retirements = retirements;
    }

    /** 404 if unknown. */
    public RetirementView readable(String retirementId) {
        return retirements.find(retirementId)
                .orElseThrow(() -> Problems.notFound("retirement " + retirementId + " is not known to reporting"));
    }
}
