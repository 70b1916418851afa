package org.carbonregistry.registry.publishing;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.rules.CommandRefused;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Refuses, before anything is stored, an event whose canonical envelope would be larger than the registry accepts
 * ({@code REGISTRY_MAX_EVENT_BYTES}): the topic, the ledger's tiles (entries are uint16 length-prefixed) and every
 * consumer are sized for it. It sits on the event store, so it measures every event of every command.
 */
final class EventSizeLimit implements MessageDispatchInterceptor<EventMessage<?>> {

    /** The largest envelope a c2sp.org/tlog-tiles entry bundle can carry: its length is a big-endian uint16. */
    static final int MOST_BYTES = 65_535;

    private final int maxEventBytes;

    EventSizeLimit(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message instanceof DomainEventMessage<?> domainEvent && message.getPayload() instanceof RegistryEvent event) {
                int size = EnvelopeMessageConverter.envelopeOf(withActor(domainEvent), event).canonicalBytes().length;
                if (size > maxEventBytes) {
                    throw CommandRefused.unprocessable("the " + event.getClass().getSimpleName() + " event would be "
                            + size + " bytes as a canonical envelope, more than the " + maxEventBytes
                            + " bytes the registry accepts; send less text (fewer or shorter labels, names)");
                }
            }
            return message;
        };
    }

    /** The actor is stamped on the event from the command's metadata; measure with it even if not yet there. */
    private static DomainEventMessage<?> withActor(DomainEventMessage<?> event) {
        if (event.getMetaData().containsKey(ActorCommand.ACTOR_METADATA) || !CurrentUnitOfWork.isStarted()) {
            return event;
        }
        Object actor = CurrentUnitOfWork.get().root().getMessage().getMetaData().get(ActorCommand.ACTOR_METADATA);
        return actor == null ? event : event.andMetaData(java.util.Map.of(ActorCommand.ACTOR_METADATA, actor));
    }
}
