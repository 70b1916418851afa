package org.carbonregistry.registry.account;

import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.rules.CommandRefused;

/** The account a write under {@code /api/accounts/{id}/...} addresses. */
final class Accounts {

    private Accounts() {
    }

    /**
     * 403 for a key that may not even see the account (so another account's existence is not revealed), 404 when
     * it does not exist; whether the key may act for it is the aggregate's rule.
     */
    static void requireKnown(Caller caller, Directory directory, String accountId) {
        caller.requireCanRead(accountId);
        if (directory.account(accountId).isEmpty()) {
            throw CommandRefused.notFound("account " + accountId + " does not exist");
        }
    }
}
