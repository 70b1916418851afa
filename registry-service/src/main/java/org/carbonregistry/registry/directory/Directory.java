package org.carbonregistry.registry.directory;

import java.util.Optional;

/**
 * What one aggregate may know of the others: which accounts and projects exist. Fed by the
 * {@code AccountOpened} and {@code ProjectRegistered} events in the same transaction that stores them.
 */
public interface Directory {

    Optional<AccountEntry> account(String accountId);

    Optional<ProjectEntry> project(String projectId);
}
