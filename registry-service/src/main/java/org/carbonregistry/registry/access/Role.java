package org.carbonregistry.registry.access;

public enum Role {
    /** Runs the registry: opens accounts, registers projects, issues, freezes. */
    REGISTRY_ADMIN,
    /** Acts for one account only: transfers, retires and cancels its own credits. */
    ACCOUNT_HOLDER,
    /** Reads everything, changes nothing. */
    AUDITOR,
    /** Another registry service (reporting): may only introspect API keys; reads nothing that needs a key. */
    SERVICE
}
