package org.carbonregistry.registry.label;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.CreditLabels;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The registry's one vocabulary of batch labels: the built-in codes of {@link CreditLabels} plus those an admin
 * registered. One aggregate for the whole registry, so that a code is registered once however many admins try at
 * the same moment (its event stream serialises them); it is created by its first registration.
 */
@Aggregate
public class LabelVocabulary {

    public static final String ID = "label-vocabulary";

    @AggregateIdentifier
    private String vocabularyId;
    private final Set<String> registered = new HashSet<>();

    protected LabelVocabulary() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public LabelRegistration handle(RegisterLabel command, Stamps stamps) {
        command.actor().requireAdmin("register labels");
        if (!ID.equals(command.vocabularyId())) {
            throw CommandRefused.invalid("the registry has one label vocabulary, '" + ID + "'");
        }
        String code = command.code();
        if (!CreditLabels.isWellFormed(code)) {
            throw CommandRefused.invalid("code '" + code + "' must be 2-40 upper-case letters, digits or _");
        }
        if (CreditLabels.isBuiltIn(code) || registered.contains(code)) {
            throw CommandRefused.conflict("label " + code + " already exists");
        }
        var event = new LabelRegistered(stamps.newId(), stamps.now(), code,
                Text.require(command.description(), "description", 500));
        apply(event);
        return new LabelRegistration(code, event.description(), event.eventId());
    }

    @EventSourcingHandler
    void on(LabelRegistered event) {
        vocabularyId = ID;
        registered.add(event.code());
    }
}
