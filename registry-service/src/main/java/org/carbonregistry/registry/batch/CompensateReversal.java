package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.time.LocalDate;

/** One batch's part ({@code quantity}) of a project's reversal of {@code reversalQuantity} credits. */
public record CompensateReversal(@TargetAggregateIdentifier String batchId, String projectId, String reversalId,
                                 long quantity, long reversalQuantity, LocalDate occurredOn, String reason,
                                 Actor actor) implements ActorCommand {
}
