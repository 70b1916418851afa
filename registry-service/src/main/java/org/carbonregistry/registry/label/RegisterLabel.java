package org.carbonregistry.registry.label;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

/** Adds a programme-defined label to the vocabulary; {@code vocabularyId} is always {@link LabelVocabulary#ID}. */
public record RegisterLabel(@TargetAggregateIdentifier String vocabularyId, String code, String description,
                            Actor actor) implements ActorCommand {

    public RegisterLabel(String code, String description, Actor actor) {
        this(LabelVocabulary.ID, code, description, actor);
    }
}
