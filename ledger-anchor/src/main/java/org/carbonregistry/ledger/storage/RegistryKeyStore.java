package org.carbonregistry.ledger.storage;

import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The registry verifier keys pinned at first start (trust on first use), when none are configured. */
public final class RegistryKeyStore {

    private final JdbcTemplate jdbc;

    public RegistryKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The pinned verifier keys, oldest first. */
    public List<String> pinned() {
        return jdbc.queryForList("SELECT verifier_key FROM ledger_registry_key ORDER BY pinned_at, key_id", String.class);
    }

    /** Pins {@code verifierKey}; a key already pinned (by another instance at the same moment) stays as it is. */
    public void pin(String keyIdHex, String verifierKey, String source, Instant now) {
        try {
            jdbc.update("INSERT INTO ledger_registry_key (key_id, verifier_key, source, pinned_at) VALUES (?, ?, ?, ?)",
                    keyIdHex, verifierKey, source, now.toEpochMilli());
        } catch (DuplicateKeyException alreadyPinned) {
            // The first pin wins.
        }
    }
}
