package org.carbonregistry.registry.directory;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.events.AccountType;

@Entity
@Table(name = "directory_account")
class AccountRecord {

    @Id
    private String accountId;
    private String name;
    @Enumerated(EnumType.STRING)
    private AccountType type;
    private String jurisdiction;

    protected AccountRecord() {
    }

    AccountRecord(String accountId, String name, AccountType type, String jurisdiction) {
        this.accountId = accountId;
        this.name = name;
        this.type = type;
        this.jurisdiction = jurisdiction;
    }

    AccountEntry toEntry() {
        return new AccountEntry(accountId, name, type, jurisdiction);
    }
}
