-- Projections of registry.events. Portable between H2 2.x and PostgreSQL; every statement is idempotent.
-- Instants are TIMESTAMP(3) WITH TIME ZONE (the envelope carries milliseconds); event ids are UUIDs; serial blocks
-- are text "first-last,first-last" in ascending order. Indexes are only those a query needs: every index costs
-- time on every event during a catch-up.

-- Every event applied, once (deduplicated by event id). seq numbers events in the order one writer applied them
-- (informational: with several instances each counts on its own); partition/offset say where the first copy of the
-- event was read, and a report reads only rows below each partition's stored next_offset (its watermark).
CREATE TABLE IF NOT EXISTS rpt_events (
    event_id           UUID         NOT NULL PRIMARY KEY,
    seq                BIGINT       NOT NULL,
    event_type         VARCHAR(40)  NOT NULL,
    aggregate_id       VARCHAR(100) NOT NULL,
    aggregate_sequence BIGINT       NOT NULL,
    occurred_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    actor              VARCHAR(100),
    kafka_partition    INTEGER      NOT NULL,
    kafka_offset       BIGINT       NOT NULL,
    leaf_hash          VARCHAR(44)  NOT NULL
);
CREATE INDEX IF NOT EXISTS rpt_events_occurred_at ON rpt_events (occurred_at);

CREATE TABLE IF NOT EXISTS rpt_accounts (
    account_id   VARCHAR(100) NOT NULL PRIMARY KEY,
    name         VARCHAR(1000) NOT NULL,
    account_type VARCHAR(40)  NOT NULL,
    jurisdiction VARCHAR(10),
    opened_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    event_id     UUID         NOT NULL
);

CREATE TABLE IF NOT EXISTS rpt_projects (
    project_id           VARCHAR(100) NOT NULL PRIMARY KEY,
    name                 VARCHAR(1000) NOT NULL,
    standard             VARCHAR(20)  NOT NULL,
    methodology          VARCHAR(1000),
    country              VARCHAR(10)  NOT NULL,
    category             VARCHAR(20)  NOT NULL,
    removal_sink         VARCHAR(20),
    project_type         VARCHAR(1000),
    developer_account_id VARCHAR(100),
    registered_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    event_id             UUID         NOT NULL
);

-- A batch as issued (the project's standard, country and category copied in by CreditsIssued) and its
-- running totals and status.
CREATE TABLE IF NOT EXISTS rpt_batches (
    batch_id                 VARCHAR(100) NOT NULL PRIMARY KEY,
    project_id               VARCHAR(100) NOT NULL,
    standard                 VARCHAR(20)  NOT NULL,
    project_country          VARCHAR(10)  NOT NULL,
    category                 VARCHAR(20)  NOT NULL,
    removal_sink             VARCHAR(20),
    vintage_start            DATE         NOT NULL,
    vintage_end              DATE         NOT NULL,
    serial_prefix            VARCHAR(200) NOT NULL,
    labels                   VARCHAR(1000) NOT NULL,
    corresponding_adjustment BOOLEAN      NOT NULL,
    issued                   BIGINT       NOT NULL,
    retired                  BIGINT       NOT NULL,
    cancelled                BIGINT       NOT NULL,
    frozen                   BOOLEAN      NOT NULL,
    issued_at                TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    issued_to                VARCHAR(100) NOT NULL,
    event_id                 UUID         NOT NULL
);

CREATE TABLE IF NOT EXISTS rpt_holdings (
    account_id    VARCHAR(100) NOT NULL,
    batch_id      VARCHAR(100) NOT NULL,
    quantity      BIGINT       NOT NULL,
    serial_blocks VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (account_id, batch_id)
);

-- The movements of credits. No key of their own: an event id is unique in rpt_events, written in the same
-- transaction, and nothing looks these rows up by event id (a random-key index would cost every catch-up dearly).
CREATE TABLE IF NOT EXISTS rpt_issuances (
    event_id      UUID         NOT NULL,
    batch_id      VARCHAR(100) NOT NULL,
    to_account    VARCHAR(100) NOT NULL,
    quantity      BIGINT       NOT NULL,
    serial_blocks VARCHAR(1000000) NOT NULL,
    occurred_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    first_serial  BIGINT,
    last_serial   BIGINT
);
-- GET /api/serials/{serial} finds a serial's batch by the range it was issued in (serials are unique registry-wide).
-- Databases made before issue 13 gain the columns empty; ProjectionSchema fills them from serial_blocks.
ALTER TABLE rpt_issuances ADD COLUMN IF NOT EXISTS first_serial BIGINT;
ALTER TABLE rpt_issuances ADD COLUMN IF NOT EXISTS last_serial BIGINT;
CREATE INDEX IF NOT EXISTS rpt_issuances_first_serial ON rpt_issuances (first_serial);

CREATE TABLE IF NOT EXISTS rpt_transfers (
    event_id      UUID         NOT NULL,
    batch_id      VARCHAR(100) NOT NULL,
    from_account  VARCHAR(100) NOT NULL,
    to_account    VARCHAR(100) NOT NULL,
    quantity      BIGINT       NOT NULL,
    serial_blocks VARCHAR(1000000) NOT NULL,
    occurred_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS rpt_retirements (
    retirement_id  VARCHAR(100) NOT NULL PRIMARY KEY,
    event_id       UUID         NOT NULL,
    seq            BIGINT       NOT NULL,
    batch_id       VARCHAR(100) NOT NULL,
    account_id     VARCHAR(100) NOT NULL,
    quantity       BIGINT       NOT NULL,
    serial_blocks  VARCHAR(1000000) NOT NULL,
    -- who benefits and why, as the log has them: commitments only; the text is in rpt_personal_data
    beneficiary_commitment VARCHAR(44),
    purpose_commitment     VARCHAR(44),
    reporting_year INTEGER      NOT NULL,
    jurisdiction   VARCHAR(10),
    occurred_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    -- copied from the event row so that a report's annex needs no look-ups in the (large) event table
    kafka_partition INTEGER     NOT NULL,
    kafka_offset   BIGINT       NOT NULL,
    leaf_hash      VARCHAR(44)  NOT NULL
);
-- Databases made before issue 9 kept the beneficiary and purpose in this table: drop the text (it was personal data
-- on the immutable log, now only in rpt_personal_data) and add the commitments; a replay fills them.
ALTER TABLE rpt_retirements DROP COLUMN IF EXISTS beneficiary;
ALTER TABLE rpt_retirements DROP COLUMN IF EXISTS purpose;
ALTER TABLE rpt_retirements ADD COLUMN IF NOT EXISTS beneficiary_commitment VARCHAR(44);
ALTER TABLE rpt_retirements ADD COLUMN IF NOT EXISTS purpose_commitment VARCHAR(44);
-- In the annex's order (occurred_at, retirement_id), so that a report of any size is read without a sort.
CREATE INDEX IF NOT EXISTS rpt_retirements_account_year ON rpt_retirements (account_id, reporting_year, occurred_at, retirement_id);
CREATE INDEX IF NOT EXISTS rpt_retirements_year ON rpt_retirements (reporting_year, occurred_at, retirement_id);

CREATE TABLE IF NOT EXISTS rpt_cancellations (
    event_id      UUID         NOT NULL,
    batch_id      VARCHAR(100) NOT NULL,
    account_id    VARCHAR(100) NOT NULL,
    quantity      BIGINT       NOT NULL,
    serial_blocks VARCHAR(1000000) NOT NULL,
    reason        VARCHAR(4000),
    occurred_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- A serial's history (GET /api/serials/{serial}) reads its batch's movements. Without these indexes every look-up
-- would read every movement of the registry; with them a catch-up writes one more index entry per movement.
CREATE INDEX IF NOT EXISTS rpt_transfers_batch ON rpt_transfers (batch_id);
CREATE INDEX IF NOT EXISTS rpt_retirements_batch ON rpt_retirements (batch_id);
CREATE INDEX IF NOT EXISTS rpt_cancellations_batch ON rpt_cancellations (batch_id);

-- BatchInvalidated: at most one per batch (a second one is never written). The holdings it cancelled are rows of
-- rpt_cancellations with the invalidation's event id; retirements of the batch are read as invalidated through here.
CREATE TABLE IF NOT EXISTS rpt_invalidations (
    batch_id        VARCHAR(100) NOT NULL PRIMARY KEY,
    event_id        UUID         NOT NULL,
    reason          VARCHAR(4000),
    quantity        BIGINT       NOT NULL,
    occurred_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL
);

-- What each holder held when a temporary-removal batch expired (CreditsExpired): one row per holder.
CREATE TABLE IF NOT EXISTS rpt_expirations (
    event_id      UUID         NOT NULL,
    batch_id      VARCHAR(100) NOT NULL,
    account_id    VARCHAR(100) NOT NULL,
    quantity      BIGINT       NOT NULL,
    serial_blocks VARCHAR(1000000) NOT NULL,
    expires_on    DATE         NOT NULL,
    occurred_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS rpt_expirations_batch ON rpt_expirations (batch_id);
-- Tonnes that expired unused (EU CRCF temporary removals); null for batches that never expired.
ALTER TABLE rpt_batches ADD COLUMN IF NOT EXISTS expired BIGINT;

CREATE TABLE IF NOT EXISTS rpt_freezes (
    event_id    UUID         NOT NULL,
    batch_id    VARCHAR(100) NOT NULL,
    frozen      BOOLEAN      NOT NULL,
    reason      VARCHAR(4000),
    occurred_at TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- Retirement plans of accounts (RetirementPlanned) and their withdrawals (RetirementPlanWithdrawn), both append-only
-- so that a report as of a moment (asOf, the watermark) sees a plan withdrawn later as still standing then. The plan's
-- note is not on the log (only its commitment).
CREATE TABLE IF NOT EXISTS rpt_retirement_plans (
    plan_id                     VARCHAR(100) NOT NULL PRIMARY KEY,
    event_id                    UUID         NOT NULL,
    account_id                  VARCHAR(100) NOT NULL,
    quantity                    BIGINT       NOT NULL,
    planned_year                INTEGER      NOT NULL,
    based_on_existing_contracts BOOLEAN      NOT NULL,
    note_commitment             VARCHAR(44),
    occurred_at                 TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    kafka_partition             INTEGER      NOT NULL,
    kafka_offset                BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS rpt_retirement_plans_account ON rpt_retirement_plans (account_id, planned_year);

CREATE TABLE IF NOT EXISTS rpt_retirement_plan_withdrawals (
    plan_id         VARCHAR(100) NOT NULL,
    event_id        UUID         NOT NULL,
    account_id      VARCHAR(100) NOT NULL,
    occurred_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS rpt_retirement_plan_withdrawals_plan ON rpt_retirement_plan_withdrawals (plan_id);

-- Claims (ClaimMade) and the retirements behind each, with the tonnes and retirement event id the event names.
CREATE TABLE IF NOT EXISTS rpt_claims (
    claim_id             VARCHAR(100) NOT NULL PRIMARY KEY,
    event_id             UUID         NOT NULL,
    account_id           VARCHAR(100) NOT NULL,
    claim_type           VARCHAR(40)  NOT NULL,
    period_start         DATE         NOT NULL,
    period_end           DATE         NOT NULL,
    statement_commitment VARCHAR(44),
    tonnes               BIGINT       NOT NULL,
    occurred_at          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    kafka_partition      INTEGER      NOT NULL,
    kafka_offset         BIGINT       NOT NULL,
    leaf_hash            VARCHAR(44)  NOT NULL
);
CREATE INDEX IF NOT EXISTS rpt_claims_account ON rpt_claims (account_id, period_start);

CREATE TABLE IF NOT EXISTS rpt_claim_retirements (
    claim_id            VARCHAR(100) NOT NULL,
    item_no             INTEGER      NOT NULL,
    retirement_id       VARCHAR(100) NOT NULL,
    retirement_event_id UUID,
    batch_id            VARCHAR(100),
    quantity            BIGINT       NOT NULL,
    PRIMARY KEY (claim_id, item_no)
);

-- Records that could not be applied (unreadable, or inconsistent with what was projected before): skipped, kept
-- here so that /api/status shows them instead of the consumer stopping.
CREATE TABLE IF NOT EXISTS rpt_anomalies (
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    event_id        UUID,
    problem         VARCHAR(4000) NOT NULL,
    PRIMARY KEY (kafka_partition, kafka_offset)
);

-- Records of registry.events without a valid registry signature: never projected, kept here (read-only at
-- GET /api/quarantine) with what they claim to be. Rebuilt by a replay like every projection table.
CREATE TABLE IF NOT EXISTS rpt_quarantine (
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    event_id        UUID,
    event_type      VARCHAR(40),
    key_id          VARCHAR(40),
    reason          VARCHAR(40)  NOT NULL,
    detail          VARCHAR(4000) NOT NULL,
    PRIMARY KEY (kafka_partition, kafka_offset)
);

-- The personal data of retirements (registry.personal-data, keyed by retirement id): the text and salts behind
-- rpt_retirements' commitments. Not a projection of registry.events, so a replay leaves it (and its offsets) as it
-- is. state: PENDING (arrived before its retirement, not yet checked), VERIFIED (opens the retirement's
-- commitments), ERASED (text and salts deleted: a tombstone or PersonalDataErased; the row is the mark).
CREATE TABLE IF NOT EXISTS rpt_personal_data (
    retirement_id    VARCHAR(100) NOT NULL PRIMARY KEY,
    state            VARCHAR(10)  NOT NULL,
    beneficiary      VARCHAR(4000),
    purpose          VARCHAR(4000),
    beneficiary_salt VARCHAR(44),
    purpose_salt     VARCHAR(44)
);

CREATE TABLE IF NOT EXISTS rpt_personal_data_offsets (
    kafka_partition INTEGER NOT NULL PRIMARY KEY,
    next_offset     BIGINT  NOT NULL
);

-- Keys reporting trusts, pinned at first fetch when not configured: 'registry' (envelope signatures) and 'ledger'
-- (checkpoint signatures). Kept through replays; delete a row to fetch that key again.
CREATE TABLE IF NOT EXISTS rpt_pinned_keys (
    purpose      VARCHAR(20)  NOT NULL PRIMARY KEY,
    verifier_key VARCHAR(1000) NOT NULL,
    fetched_from VARCHAR(1000) NOT NULL,
    pinned_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- The consumer's position, written in the same transaction as the rows it produced: the source of truth for
-- where to resume, not Kafka's committed offsets.
CREATE TABLE IF NOT EXISTS rpt_consumer_offsets (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    last_event_id   UUID,
    last_event_time TIMESTAMP(3) WITH TIME ZONE,
    watermark_seq   BIGINT       NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

-- Which incarnation of the topic the offsets belong to: a re-created topic (new topic id) is rebuilt from scratch.
CREATE TABLE IF NOT EXISTS rpt_consumer_topics (
    topic    VARCHAR(249) NOT NULL PRIMARY KEY,
    topic_id VARCHAR(40)  NOT NULL
);

-- How many times the projection was emptied (replay, re-created topic). Every instance over this database remembers the
-- epoch it positioned itself at and starts over from offset 0 when it changes, so a replay asked of one instance
-- restarts them all. Kept through replays (the reset increments it).
CREATE TABLE IF NOT EXISTS rpt_projection_epoch (
    id    INTEGER NOT NULL PRIMARY KEY,
    epoch BIGINT  NOT NULL
);

-- How many rows the projection holds, added to by the transactions that write them, so that /api/status reads a few
-- rows instead of counting whole tables. A unit adds its rows to the row of the lowest partition it moves: the
-- instance that holds that partition's offset holds this row too, so instances sharing the partitions never wait for
-- each other here. Row -1 holds what the tables held when this table was made (ProjectionSchema), and 0 after a reset.
CREATE TABLE IF NOT EXISTS rpt_projection_counts (
    kafka_partition INTEGER NOT NULL PRIMARY KEY,
    events          BIGINT  NOT NULL,
    accounts        BIGINT  NOT NULL,
    projects        BIGINT  NOT NULL,
    batches         BIGINT  NOT NULL,
    retirements     BIGINT  NOT NULL,
    anomalies       BIGINT  NOT NULL,
    quarantined     BIGINT  NOT NULL
);
