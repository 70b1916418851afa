package org.carbonregistry.ledger.storage;

import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger's tables, one store each, over one database. */
public record LedgerStorage(LeafStore leaves, EntryBundleStore entryBundles, TreeNodeStore nodes,
                            CheckpointStore checkpoints, OffsetStore offsets, QuarantineStore quarantine,
                            SequenceStore sequences, RegistryKeyStore registryKeys) {

    public static LedgerStorage over(JdbcTemplate jdbc) {
        LeafStore leaves = new LeafStore(jdbc);
        return new LedgerStorage(leaves, new EntryBundleStore(jdbc, leaves), new TreeNodeStore(jdbc),
                new CheckpointStore(jdbc), new OffsetStore(jdbc), new QuarantineStore(jdbc), new SequenceStore(jdbc),
                new RegistryKeyStore(jdbc));
    }
}
