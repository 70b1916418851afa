package org.carbonregistry.registry.eventstore;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.carbonregistry.registry.access.ActorCommand;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

class ActorMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> message.getPayload() instanceof ActorCommand command
                ? message.andMetaData(Map.of(ActorCommand.ACTOR_METADATA, command.actor().accountId()))
                : message;
    }
}
