package org.carbonregistry.registry.access;

import org.carbonregistry.registry.rules.CommandRefused;

/** An authenticated API key: whose it is, what it may do. */
public record Caller(String keyId, String accountId, Role role) {

    public Actor actor() {
        return new Actor(accountId, role);
    }

    /** Holdings and reports of an account are for that account, administrators and auditors. */
    public void requireCanRead(String account) {
        if (!canRead(account)) {
            throw CommandRefused.forbidden("the key of account " + accountId + " may not read account " + account);
        }
    }

    /** Whether this key may see who holds what in {@code account}. */
    public boolean canRead(String account) {
        return seesAllAccounts() || (role == Role.ACCOUNT_HOLDER && accountId.equals(account));
    }

    public boolean seesAllAccounts() {
        return role == Role.REGISTRY_ADMIN || role == Role.AUDITOR;
    }
}
