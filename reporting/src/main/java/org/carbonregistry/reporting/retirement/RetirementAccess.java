package org.carbonregistry.reporting.retirement;

import org.carbonregistry.reporting.access.AccessPolicy;
import org.carbonregistry.reporting.access.Caller;
import org.carbonregistry.reporting.web.Problems;

/** One retirement, for a caller who may read it: its account's key, or an administrator's or auditor's. */
public class RetirementAccess {

    private final RetirementQueries retirements;
    private final AccessPolicy access;

    public RetirementAccess(RetirementQueries retirements, AccessPolicy access) {
        this.retirements = retirements;
        this.access = access;
    }

    /** 401 without a valid key, 404 if unknown, 403 if it is another account's. */
    public RetirementView readable(String retirementId, String authorization) {
        Caller caller = access.caller(authorization).orElseThrow(() -> Problems.unauthorized(
                "retirements are private: send the retiring account's API key (or an administrator's or auditor's)"
                        + " as 'Authorization: Bearer <key>'"));
        RetirementView view = retirements.find(retirementId)
                .orElseThrow(() -> Problems.notFound("retirement " + retirementId + " is not known to reporting"));
        if (!caller.canRead(view.accountId())) {
            throw Problems.forbidden("the API key of account " + caller.accountId()
                    + " cannot read retirements of another account");
        }
        return view;
    }
}
