package org.carbonregistry.registry.directory;

import org.carbonregistry.events.AccountType;

public record AccountEntry(String accountId, String name, AccountType type, String jurisdiction) {
}
