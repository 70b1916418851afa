package org.carbonregistry.registry.eventstore;

import java.time.Duration;

/**
 * How long a command's transaction may run, and how long the Kafka publisher waits for a missing global index
 * before it gives up on it. Several instances share one event store, so an event can commit after events with
 * higher indexes have been published; the publisher keeps the lower index as a gap and publishes the event
 * when it appears, unless it has given up on the gap. It gives up once it reads an event stamped more than the
 * gap timeout ago. An event is stamped when its command handler applies it, up to one transaction bound before
 * its index is drawn, and the event in the gap commits at most one bound after that: so the gap timeout must be
 * longer than twice the bound, or an accepted event can be skipped for good. The registry refuses to start
 * otherwise. The rest of the timeout is the allowance for clocks that disagree between instances.
 *
 * @param commandTimeout the most a command's transaction may run; a longer one is rolled back (503)
 * @param gapTimeout     Axon's gap timeout on the publisher's tracking token
 * @param maxGapOffset   how many indexes behind the newest a gap may lie before Axon drops it whatever its age:
 *                       more than the registry commits in twice the command timeout
 */
public record PublishingTimeouts(Duration commandTimeout, Duration gapTimeout, int maxGapOffset) {

    public PublishingTimeouts {
        if (commandTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("REGISTRY_COMMAND_TIMEOUT is " + commandTimeout.toMillis()
                    + " ms; it must be at least 1 s (database statement timeouts count whole seconds)");
        }
        if (gapTimeout.compareTo(commandTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalStateException("REGISTRY_GAP_TIMEOUT (" + gapTimeout.toMillis()
                    + " ms) must be longer than twice REGISTRY_COMMAND_TIMEOUT (2 x " + commandTimeout.toMillis()
                    + " ms): an event is stamped up to one command timeout before its global index is drawn and"
                    + " commits up to one command timeout after, and the Kafka publisher gives up on a missing"
                    + " index once it reads an event stamped more than the gap timeout ago; with these settings"
                    + " an accepted event could be skipped and never published");
        }
        if (maxGapOffset < 1_000) {
            throw new IllegalStateException("REGISTRY_MAX_GAP_OFFSET is " + maxGapOffset + "; it must be at least"
                    + " 1000, and more than the events the registry commits in twice REGISTRY_COMMAND_TIMEOUT");
        }
    }
}
