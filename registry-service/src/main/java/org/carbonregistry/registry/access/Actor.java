package org.carbonregistry.registry.access;

import org.carbonregistry.registry.rules.CommandRefused;

/** Who asks for a command: the account an API key belongs to and the role the key carries. */
public record Actor(String accountId, Role role) {

    public boolean isAdmin() {
        return role == Role.REGISTRY_ADMIN;
    }

    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw CommandRefused.forbidden("only a registry administrator may " + action);
        }
    }

    /** Admins act for any account; an account holder only for its own. Auditors never act. */
    public void requireActingFor(String account, String action) {
        if (isAdmin()) {
            return;
        }
        if (role != Role.ACCOUNT_HOLDER || !accountId.equals(account)) {
            throw CommandRefused.forbidden("the key of account " + accountId + " may not " + action
                    + " for account " + account);
        }
    }
}
