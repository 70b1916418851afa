package org.carbonregistry.registry.idempotency;

/** A command result handed back from an earlier request with the same idempotency key: nothing was done now. */
public record Replayed(Object result) {
}
