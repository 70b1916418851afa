package org.carbonregistry.registry.account;

import jakarta.persistence.EntityManager;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Stores a plan's note and a claim's statement in the command's own transaction, once the account accepted the
 * command: a refused command stores nothing, an accepted one cannot lose its text.
 */
@Component
class AccountTexts implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final EntityManager entityManager;

    AccountTexts(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The text of plan or claim {@code ownerId} if it is {@code accountId}'s. */
    Optional<AccountText> find(String accountId, String ownerId) {
        return Optional.ofNullable(entityManager.find(AccountText.class, ownerId))
                .filter(text -> text.accountId().equals(accountId));
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object result = interceptorChain.proceed();
        Object command = unitOfWork.getMessage().getPayload();
        // An idempotent replay answers with Replayed and stored its text the first time.
        if (command instanceof PlanRetirement plan && result instanceof String && plan.note() != null
                && !plan.note().isBlank()) {
            entityManager.persist(new AccountText(plan.planId(), plan.accountId(), plan.note(), plan.noteSalt()));
        } else if (command instanceof MakeClaim claim && result instanceof ClaimReceipt) {
            entityManager.persist(new AccountText(claim.claimId(), claim.accountId(), claim.statement(), claim.statementSalt()));
        }
        return result;
    }
}
