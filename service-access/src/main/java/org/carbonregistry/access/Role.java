package org.carbonregistry.access;

/** The registry's key roles, as its introspection endpoint names them. */
public enum Role {
    REGISTRY_ADMIN,
    ACCOUNT_HOLDER,
    AUDITOR,
    /** Another service (reporting, ledger-anchor): may introspect keys at the registry; reads no account here. */
    SERVICE
}
