package org.carbonregistry.registry.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.events.Standard;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    // An account's entry never changes once opened (nothing updates it): every retirement reads its account's
    // jurisdiction, and a committed entry can be kept for good. Only what was read from committed rows goes in.
    private final Cache<String, AccountEntry> openedAccounts = Caffeine.newBuilder().maximumSize(100_000).build();

    JpaDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public Optional<AccountEntry> account(String accountId) {
        if (accountId == null) {
            return Optional.empty();
        }
        AccountEntry cached = openedAccounts.getIfPresent(accountId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<AccountEntry> found = Optional.ofNullable(entityManager.find(AccountRecord.class, accountId))
                .map(AccountRecord::toEntry);
        found.ifPresent(this::keepOnceCommitted);
        return found;
    }

    /** Read inside a transaction, the entry may be that transaction's own opening, which can still roll back. */
    private void keepOnceCommitted(AccountEntry entry) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            openedAccounts.put(entry.accountId(), entry);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                openedAccounts.put(entry.accountId(), entry);
            }
        });
    }

    @Override
    public Optional<ProjectEntry> project(String projectId) {
        return Optional.ofNullable(projectId).map(id -> entityManager.find(ProjectRecord.class, id))
                .map(ProjectRecord::toEntry);
    }

    @Override
    public List<ProjectEntry> findProjects(String text, int limit) {
        String wanted = text == null ? "" : text.strip();
        if (wanted.isEmpty()) {
            return entityManager.createQuery("select p from ProjectRecord p order by lower(p.name), p.projectId",
                            ProjectRecord.class)
                    .setMaxResults(limit).getResultStream().map(ProjectRecord::toEntry).toList();
        }
        Optional<Standard> standard = Arrays.stream(Standard.values())
                .filter(s -> s.name().equalsIgnoreCase(wanted)).findFirst();
        var query = entityManager.createQuery("select p from ProjectRecord p where lower(p.name) like :fragment escape '\\'"
                        + " or p.projectId = :exact or upper(p.country) = :code"
                        + (standard.isPresent() ? " or p.standard = :standard" : "")
                        + " order by lower(p.name), p.projectId", ProjectRecord.class)
                .setParameter("fragment", "%" + likeEscaped(wanted.toLowerCase(Locale.ROOT)) + "%")
                .setParameter("exact", wanted)
                .setParameter("code", wanted.toUpperCase(Locale.ROOT));
        standard.ifPresent(s -> query.setParameter("standard", s));
        return query.setMaxResults(limit).getResultStream().map(ProjectRecord::toEntry).toList();
    }

    /** A user's % and _ are literal characters, not wildcards. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @EventHandler
    void on(AccountOpened event) {
        entityManager.persist(new AccountRecord(event.accountId(), event.name(), event.type(), event.jurisdiction()));
    }

    @EventHandler
    void on(ProjectRegistered event) {
        entityManager.persist(new ProjectRecord(new ProjectEntry(event.projectId(), event.name(), event.standard(),
                event.country(), event.category(), event.removalSink(), event.developerAccountId(),
                event.benefitTypeOrDefault())));
    }
}
