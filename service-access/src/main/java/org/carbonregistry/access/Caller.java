package org.carbonregistry.access;

/** Whoever presented a valid API key: the key's account and role, as the registry vouches for them. */
public record Caller(String accountId, Role role, String keyId) {

    /** Administrators and auditors read every account; a holder only its own. */
    public boolean readsEverything() {
        return role == Role.REGISTRY_ADMIN || role == Role.AUDITOR;
    }

    public boolean canRead(String account) {
        return readsEverything() || accountId.equals(account);
    }
}
