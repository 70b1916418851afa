package org.carbonregistry.registry.testing;

import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.directory.ProjectEntry;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The directory as two maps: what the registry knows of accounts and projects, without a database. */
public class TestDirectory implements Directory {

    private final Map<String, AccountEntry> accounts = new HashMap<>();
    private final Map<String, ProjectEntry> projects = new HashMap<>();

    public TestDirectory add(AccountEntry account) {
        accounts.put(account.accountId(), account);
        return this;
    }

    public TestDirectory add(ProjectEntry project) {
        projects.put(project.projectId(), project);
        return this;
    }

    /** Records an opened account the way the real directory does. */
    public TestDirectory add(AccountOpened event) {
        return add(new AccountEntry(event.accountId(), event.name(), event.type(), event.jurisdiction()));
    }

    /** Records a registered project the way the real directory does. */
    public TestDirectory add(ProjectRegistered event) {
        return add(new ProjectEntry(event.projectId(), event.name(), event.standard(), event.country(),
                event.category(), event.removalSink(), event.developerAccountId(), event.benefitTypeOrDefault()));
    }

    @Override
    public Optional<AccountEntry> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public Optional<ProjectEntry> project(String projectId) {
        return Optional.ofNullable(projects.get(projectId));
    }

    @Override
    public List<ProjectEntry> findProjects(String text, int limit) {
        String wanted = text == null ? "" : text.strip();
        return projects.values().stream()
                .filter(p -> wanted.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT))
                        || p.projectId().equals(wanted) || p.country().equalsIgnoreCase(wanted)
                        || p.standard().name().equalsIgnoreCase(wanted))
                .sorted(Comparator.comparing((ProjectEntry p) -> p.name().toLowerCase(Locale.ROOT))
                        .thenComparing(ProjectEntry::projectId))
                .limit(limit)
                .toList();
    }
}
