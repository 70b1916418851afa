-- The ledger's tables; portable between H2 2.x and PostgreSQL (BYTEA is a synonym of BINARY VARYING in H2).
-- Created at startup with CREATE TABLE IF NOT EXISTS; every statement ends with a semicolon on its own line end.

-- One row per leaf: the canonical envelope, its leaf hash SHA-256(0x00 || envelope), and its event id (unique:
-- an event is in the log once).
CREATE TABLE IF NOT EXISTS ledger_leaf (
    leaf_index BIGINT NOT NULL,
    event_id UUID NOT NULL,
    leaf_hash BYTEA NOT NULL,
    envelope BYTEA NOT NULL,
    CONSTRAINT ledger_leaf_pk PRIMARY KEY (leaf_index),
    CONSTRAINT ledger_leaf_event_id_uq UNIQUE (event_id)
);

-- Full entry bundles (c2sp.org/tlog-tiles: 256 envelopes, each prefixed with its uint16 length) exactly as served,
-- written in the append transaction that completes them (those of a log written before this table are stored when
-- the sequencer opens the log). Serving one is then a primary-key read instead of 256 leaf rows encoded per request;
-- the price is a second copy of every envelope. Partial bundles are assembled from ledger_leaf.
CREATE TABLE IF NOT EXISTS ledger_entry_bundle (
    bundle_index BIGINT NOT NULL,
    content BYTEA NOT NULL,
    CONSTRAINT ledger_entry_bundle_pk PRIMARY KEY (bundle_index)
);

-- Complete interior nodes at every 8th level (8, 16, 24, ...). Levels in between are recomputed from at most
-- 128 stored nodes below them; level 0 is ledger_leaf.leaf_hash. About one row per 255 leaves.
CREATE TABLE IF NOT EXISTS ledger_node (
    node_level INT NOT NULL,
    node_index BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    CONSTRAINT ledger_node_pk PRIMARY KEY (node_level, node_index)
);

-- Signed checkpoints (C2SP signed notes), one per tree size.
CREATE TABLE IF NOT EXISTS ledger_checkpoint (
    tree_size BIGINT NOT NULL,
    note VARCHAR(4000) NOT NULL,
    sealed_at BIGINT NOT NULL,
    CONSTRAINT ledger_checkpoint_pk PRIMARY KEY (tree_size)
);

-- Witness cosignatures (c2sp.org/tlog-cosignature) on our checkpoints: the signature line as the witness sent it.
CREATE TABLE IF NOT EXISTS ledger_cosignature (
    tree_size BIGINT NOT NULL,
    witness VARCHAR(255) NOT NULL,
    signature_line VARCHAR(1000) NOT NULL,
    cosigned_at BIGINT NOT NULL,
    CONSTRAINT ledger_cosignature_pk PRIMARY KEY (tree_size, witness)
);

-- The next Kafka offset to read per partition, committed with the leaves it produced: the truth, not Kafka's.
CREATE TABLE IF NOT EXISTS ledger_kafka_offset (
    topic VARCHAR(255) NOT NULL,
    kafka_partition INT NOT NULL,
    next_offset BIGINT NOT NULL,
    CONSTRAINT ledger_kafka_offset_pk PRIMARY KEY (topic, kafka_partition)
);

-- Records that were not canonical envelopes (or reused an event id for other bytes): kept, never appended.
CREATE TABLE IF NOT EXISTS ledger_quarantine (
    topic VARCHAR(255) NOT NULL,
    kafka_partition INT NOT NULL,
    record_offset BIGINT NOT NULL,
    record_key BYTEA,
    record_value BYTEA,
    reason VARCHAR(1000) NOT NULL,
    quarantined_at BIGINT NOT NULL,
    CONSTRAINT ledger_quarantine_pk PRIMARY KEY (topic, kafka_partition, record_offset)
);

-- Signed events (issue 9). The registry's signature and key id as the record's Kafka headers carried them, beside the
-- leaf; null for leaves logged before the registry signed events.
ALTER TABLE ledger_leaf ADD COLUMN IF NOT EXISTS registry_signature VARCHAR(200);
ALTER TABLE ledger_leaf ADD COLUMN IF NOT EXISTS registry_key_id VARCHAR(8);

-- Why a record was quarantined, in words; the reason column then holds a short code (bad-signature, not-canonical,
-- tombstone, event-id-reused). Rows from before this column have their words in reason and a null detail.
ALTER TABLE ledger_quarantine ADD COLUMN IF NOT EXISTS detail VARCHAR(1000);

-- The registry key pinned at first start when REGISTRY_VERIFIER_KEYS is not set (fetched from REGISTRY_URL).
CREATE TABLE IF NOT EXISTS ledger_registry_key (
    key_id VARCHAR(8) NOT NULL,
    verifier_key VARCHAR(1000) NOT NULL,
    source VARCHAR(1000) NOT NULL,
    pinned_at BIGINT NOT NULL,
    CONSTRAINT ledger_registry_key_pk PRIMARY KEY (key_id)
);

-- The highest envelope sequence seen per aggregate, updated in the append transaction.
CREATE TABLE IF NOT EXISTS ledger_aggregate_sequence (
    aggregate_id VARCHAR(255) NOT NULL,
    last_sequence BIGINT NOT NULL,
    CONSTRAINT ledger_aggregate_sequence_pk PRIMARY KEY (aggregate_id)
);

-- Every gap or repeat in an aggregate's sequence, by the leaf that showed it (kind: gap, repeat).
CREATE TABLE IF NOT EXISTS ledger_sequence_anomaly (
    leaf_index BIGINT NOT NULL,
    event_id UUID NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    expected_sequence BIGINT NOT NULL,
    got_sequence BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    CONSTRAINT ledger_sequence_anomaly_pk PRIMARY KEY (leaf_index)
);

-- How many leaves (from index 0) the sequence tracking has seen: below the tree size only in a ledger created before
-- the tracking existed, whose older leaves are then replayed once at start.
CREATE TABLE IF NOT EXISTS ledger_sequence_progress (
    progress_id INT NOT NULL,
    tracked_leaves BIGINT NOT NULL,
    CONSTRAINT ledger_sequence_progress_pk PRIMARY KEY (progress_id)
);

-- The single-writer lease: the holder appends; every append transaction locks this row and checks its epoch.
CREATE TABLE IF NOT EXISTS ledger_sequencer_lease (
    lease_id INT NOT NULL,
    holder VARCHAR(255) NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT ledger_sequencer_lease_pk PRIMARY KEY (lease_id)
);
