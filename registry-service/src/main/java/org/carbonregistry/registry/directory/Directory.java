package org.carbonregistry.registry.directory;

import java.util.List;
import java.util.Optional;

/**
 * What one aggregate may know of the others: which accounts and projects exist. Fed by the
 * {@code AccountOpened} and {@code ProjectRegistered} events in the same transaction that stores them.
 */
public interface Directory {

    Optional<AccountEntry> account(String accountId);

    Optional<ProjectEntry> project(String projectId);

    /**
     * Projects whose name contains {@code text} (ignoring case) or whose id, standard or country is {@code text};
     * every project when {@code text} is blank. Ordered by name, at most {@code limit}.
     */
    List<ProjectEntry> findProjects(String text, int limit);
}
