package org.carbonregistry.registry.directory;

import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.ProjectRegistered;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The directory as a table, written by a subscribing handler inside the transaction that stores the event,
 * so a command that follows an account's opening always finds the account.
 */
@Component
@ProcessingGroup(JpaDirectory.PROCESSING_GROUP)
class JpaDirectory implements Directory {

    static final String PROCESSING_GROUP = "directory";

    private final EntityManager entityManager;

    JpaDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public Optional<AccountEntry> account(String accountId) {
        return Optional.ofNullable(accountId).map(id -> entityManager.find(AccountRecord.class, id))
                .map(AccountRecord::toEntry);
    }

    @Override
    public Optional<ProjectEntry> project(String projectId) {
        return Optional.ofNullable(projectId).map(id -> entityManager.find(ProjectRecord.class, id))
                .map(ProjectRecord::toEntry);
    }

    @EventHandler
    void on(AccountOpened event) {
        entityManager.persist(new AccountRecord(event.accountId(), event.name(), event.type(), event.jurisdiction()));
    }

    @EventHandler
    void on(ProjectRegistered event) {
        entityManager.persist(new ProjectRecord(new ProjectEntry(event.projectId(), event.name(), event.standard(),
                event.country(), event.category(), event.removalSink(), event.developerAccountId())));
    }
}
