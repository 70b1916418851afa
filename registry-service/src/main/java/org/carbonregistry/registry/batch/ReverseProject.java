package org.carbonregistry.registry.batch;

import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.time.LocalDate;

/** A reversal of {@code quantity} tonnes of a project's mitigation, to be compensated from the buffer. */
public record ReverseProject(String projectId, String reversalId, long quantity, String reason, LocalDate occurredOn,
                             Actor actor) implements ActorCommand {
}
