package org.carbonregistry.registry.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Free text of an account's plans and claims (a plan's note, a claim's statement) and the salt of the commitment
 * the log carries instead: kept here, off the immutable log, because it may name people.
 */
@Entity
@Table(name = "account_text")
class AccountText {

    /** the plan id or claim id the text belongs to */
    @Id
    private String ownerId;
    @Column(nullable = false)
    private String accountId;
    @Column(length = 2000, nullable = false)
    private String text;
    @Column(length = 64, nullable = false)
    private String salt;

    protected AccountText() {
    }

    AccountText(String ownerId, String accountId, String text, String salt) {
        this.ownerId = ownerId;
        this.accountId = accountId;
        this.text = text;
        this.salt = salt;
    }

    String accountId() {
        return accountId;
    }

    String text() {
        return text;
    }

    String salt() {
        return salt;
    }

    @Override
    public String toString() {
        return "AccountText[" + ownerId + "]";
    }
}
