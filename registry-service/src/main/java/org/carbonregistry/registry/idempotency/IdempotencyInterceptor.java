package org.carbonregistry.registry.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.commandqueue.GroupCommitCommandBus;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies {@link IdempotencyStore} to commands: it runs inside the command's unit of work and transaction, while Axon
 * holds the aggregate's lock. Axon registers this bean on the command bus after its transaction interceptor. In a
 * command group the keys of all members are looked up in one query, when the first is handled.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String RECORDS_OF_THE_GROUP = IdempotencyInterceptor.class.getName() + ".records";

    private final IdempotencyStore store;

    IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String key = keyOf(command);
        if (key == null) {
            return interceptorChain.proceed();
        }
        ActorCommand actorCommand = (ActorCommand) command.getPayload();
        IdempotentRequest request = new IdempotentRequest(key,
                (String) command.getMetaData().get(IdempotentRequest.HASH_METADATA),
                (String) command.getMetaData().get(IdempotentRequest.PERSONAL_DATA_HASH_METADATA));
        return store.answerInCommand(actorCommand.actor(), request, recordsOfTheGroup(unitOfWork),
                interceptorChain::proceed);
    }

    /** The group's keyed records, read once for the group; null when the command is not in a group. */
    private Map<String, IdempotencyRecord> recordsOfTheGroup(UnitOfWork<? extends CommandMessage<?>> unitOfWork) {
        List<CommandMessage<?>> group = GroupCommitCommandBus.commandsOfTheGroup(unitOfWork);
        if (group.isEmpty()) {
            return null;
        }
        return unitOfWork.root().getOrComputeResource(RECORDS_OF_THE_GROUP, name -> store.readAhead(group.stream()
                .map(IdempotencyInterceptor::recordId).filter(Objects::nonNull).toList()));
    }

    private static String recordId(CommandMessage<?> command) {
        String key = keyOf(command);
        return key != null ? IdempotencyStore.id(((ActorCommand) command.getPayload()).actor(), key) : null;
    }

    /** The command's key, when it was sent with one and names who sent it; otherwise null. */
    private static String keyOf(CommandMessage<?> command) {
        return command.getPayload() instanceof ActorCommand
                ? (String) command.getMetaData().get(IdempotentRequest.KEY_METADATA) : null;
    }
}
