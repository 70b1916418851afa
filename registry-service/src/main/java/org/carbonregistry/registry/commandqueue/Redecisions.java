package org.carbonregistry.registry.commandqueue;

/**
 * How often a command may be decided in all when it failed the way it did. A command decided on a cached aggregate
 * that another instance (sharing the event store) has since changed fails on that stale copy: its commit conflicts,
 * or it is refused for a state that no longer holds. The failed attempt rolled back and dropped the cached copy, so
 * deciding again reads the stored events.
 */
@FunctionalInterface
public interface Redecisions {

    /** Never decide again. */
    Redecisions NONE = failure -> 1;

    /** The most attempts for a command (or group) that failed with {@code failure}; 1 means no second attempt. */
    int attempts(Throwable failure);
}
