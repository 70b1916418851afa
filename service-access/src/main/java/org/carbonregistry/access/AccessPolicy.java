package org.carbonregistry.access;


import java.util.Optional;

/**
 * Who may read what: an account's reports, retirements and certificates need that account's key, or an
 * administrator's or auditor's; registry-wide aggregates need no key. Failures are RFC 9457 problems.
 */
public class AccessPolicy {

    private static final String BEARER = "Bearer ";

    private final ApiKeyIntrospection introspection;

    public AccessPolicy(ApiKeyIntrospection introspection) {
        this.introspection = introspection;
    }

    /** The caller behind an {@code Authorization} header, empty if there is none; a bad key is refused (401). */
    public Optional<Caller> caller(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            throw Problems.unauthorized("the Authorization header must be 'Bearer <API key>'");
        }
        String key = authorization.substring(BEARER.length()).trim();
        try {
            return Optional.of(introspection.introspect(key)
                    .orElseThrow(() -> Problems.unauthorized("unknown or revoked API key")));
        } catch (ApiKeyIntrospection.RegistryUnavailable e) {
            throw Problems.unavailable("cannot check the API key: " + e.getMessage());
        }
    }

    /** A caller who may read {@code accountId}'s records. */
    public Caller requireAccount(String authorization, String accountId) {
        Caller caller = caller(authorization).orElseThrow(() -> Problems.unauthorized(
                "account " + accountId + " is private: send that account's API key (or an administrator's or"
                        + " auditor's) as 'Authorization: Bearer <key>'"));
        if (!caller.canRead(accountId)) {
            throw Problems.forbidden("the API key of account " + caller.accountId() + " cannot read account " + accountId);
        }
        return caller;
    }

    /** A caller who reads every account: administrator or auditor. */
    public Caller requireReadsEverything(String authorization, String what) {
        Caller caller = caller(authorization).orElseThrow(() -> Problems.unauthorized(
                what + " needs an administrator's or auditor's API key"));
        if (!caller.readsEverything()) {
            throw Problems.forbidden(what + " needs an administrator's or auditor's API key");
        }
        return caller;
    }

    public Caller requireAdmin(String authorization, String what) {
        Caller caller = caller(authorization).orElseThrow(() -> Problems.unauthorized(
                what + " needs an administrator's API key"));
        if (caller.role() != Role.REGISTRY_ADMIN) {
            throw Problems.forbidden(what + " needs an administrator's API key");
        }
        return caller;
    }
}
