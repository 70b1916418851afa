package org.carbonregistry.registry.batch;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.events.RetirementPersonalData;
import org.springframework.stereotype.Component;

/**
 * Stores a retirement's beneficiary, purpose and salts in the command's own transaction, beside its event: the
 * retirement id exists only once the batch has decided, so the row is written after the handler returns it.
 * A command that fails stores nothing; one that succeeds cannot lose its text.
 */
@Component
class RetirementPersonalDataInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final RetirementPersonalDataStore store;

    RetirementPersonalDataInterceptor(RetirementPersonalDataStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object result = interceptorChain.proceed();
        if (unitOfWork.getMessage().getPayload() instanceof RetireCredits command
                && result instanceof CreditsMoved moved && moved.retirementId() != null) {
            store.save(new RetirementPersonalData(moved.retirementId(), command.beneficiary(), command.purpose(),
                    command.beneficiarySalt(), command.purposeSalt()));
        }
        return result;
    }
}
