package org.carbonregistry.registry.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.registry.access.ActorCommand;
import org.springframework.stereotype.Component;

/**
 * Applies {@link IdempotencyStore} to commands: it runs inside the command's unit of work and transaction, while Axon
 * holds the aggregate's lock. Axon registers this bean on the command bus after its transaction interceptor.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyStore store;

    IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String key = (String) command.getMetaData().get(IdempotentRequest.KEY_METADATA);
        if (key == null || !(command.getPayload() instanceof ActorCommand actorCommand)) {
            return interceptorChain.proceed();
        }
        IdempotentRequest request = new IdempotentRequest(key,
                (String) command.getMetaData().get(IdempotentRequest.HASH_METADATA),
                (String) command.getMetaData().get(IdempotentRequest.PERSONAL_DATA_HASH_METADATA));
        return store.answerInCommand(actorCommand.actor(), request, interceptorChain::proceed);
    }
}
