-- The State-to-State exchange (armtrace-exchange, docs/exchange.md) and the tracing
-- workflow. History tables are append-only (triggers below); the outbox is a queue whose
-- rows are only ever added to: a delivery's attempts and its end are rows of their own.

-- This node's identity (node id, office, contact, key file), newest row in force.
CREATE TABLE node_config (
    seq     INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    payload TEXT NOT NULL
);
-- Hub keys trusted to sign directories (public JWKs).
CREATE TABLE node_trusted_hubs (
    kid     TEXT PRIMARY KEY,
    jwk     TEXT NOT NULL,
    at      TEXT NOT NULL,
    by_whom TEXT NOT NULL
);
-- Signed directories imported, highest version in force.
CREATE TABLE node_directories (
    version INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    compact TEXT NOT NULL
);

-- The message log: every envelope sent and received, receipts and refusals, chained.
CREATE TABLE exchange_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TABLE exchange_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO exchange_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Messages accepted, by (sender, id): the replay guard, and the receipt given.
CREATE TABLE exchange_seen (
    sender     TEXT NOT NULL,
    id         TEXT NOT NULL,
    keep_until TEXT NOT NULL,
    receipt    TEXT NOT NULL,
    log_seq    INTEGER NOT NULL,
    PRIMARY KEY (sender, id)
);

-- Envelopes to deliver, each until its receipt arrives or it is abandoned.
CREATE TABLE exchange_outbox (
    id        TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    kind      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    envelope  TEXT NOT NULL,
    expires   TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    log_seq   INTEGER NOT NULL
);
CREATE TABLE exchange_attempts (
    id      TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at      TEXT NOT NULL,
    outcome TEXT NOT NULL,
    next_at TEXT NOT NULL,
    PRIMARY KEY (id, attempt)
);
CREATE TABLE exchange_done (
    id      TEXT PRIMARY KEY,
    at      TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail  TEXT NOT NULL,
    receipt TEXT NOT NULL
);

-- The tracing workflow: every step of every trace case, chained.
CREATE TABLE trace_log (
    seq       INTEGER PRIMARY KEY,
    trace_id  TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX trace_log_by_trace ON trace_log (trace_id, seq);
CREATE TABLE trace_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO trace_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TRIGGER node_config_no_update BEFORE UPDATE ON node_config
BEGIN SELECT RAISE(ABORT, 'the node_config table is append-only: rows are never updated'); END;
CREATE TRIGGER node_config_no_delete BEFORE DELETE ON node_config
BEGIN SELECT RAISE(ABORT, 'the node_config table is append-only: rows are never deleted'); END;
CREATE TRIGGER node_trusted_hubs_no_update BEFORE UPDATE ON node_trusted_hubs
BEGIN SELECT RAISE(ABORT, 'the node_trusted_hubs table is append-only: rows are never updated'); END;
CREATE TRIGGER node_trusted_hubs_no_delete BEFORE DELETE ON node_trusted_hubs
BEGIN SELECT RAISE(ABORT, 'the node_trusted_hubs table is append-only: rows are never deleted'); END;
CREATE TRIGGER node_directories_no_update BEFORE UPDATE ON node_directories
BEGIN SELECT RAISE(ABORT, 'the node_directories table is append-only: rows are never updated'); END;
CREATE TRIGGER node_directories_no_delete BEFORE DELETE ON node_directories
BEGIN SELECT RAISE(ABORT, 'the node_directories table is append-only: rows are never deleted'); END;
CREATE TRIGGER exchange_log_no_update BEFORE UPDATE ON exchange_log
BEGIN SELECT RAISE(ABORT, 'the exchange_log table is append-only: rows are never updated'); END;
CREATE TRIGGER exchange_log_no_delete BEFORE DELETE ON exchange_log
BEGIN SELECT RAISE(ABORT, 'the exchange_log table is append-only: rows are never deleted'); END;
CREATE TRIGGER exchange_seen_no_update BEFORE UPDATE ON exchange_seen
BEGIN SELECT RAISE(ABORT, 'the exchange_seen table is append-only: rows are never updated'); END;
CREATE TRIGGER exchange_seen_no_delete BEFORE DELETE ON exchange_seen
BEGIN SELECT RAISE(ABORT, 'the exchange_seen table is append-only: rows are never deleted'); END;
CREATE TRIGGER exchange_outbox_no_update BEFORE UPDATE ON exchange_outbox
BEGIN SELECT RAISE(ABORT, 'the exchange_outbox table is append-only: rows are never updated'); END;
CREATE TRIGGER exchange_outbox_no_delete BEFORE DELETE ON exchange_outbox
BEGIN SELECT RAISE(ABORT, 'the exchange_outbox table is append-only: rows are never deleted'); END;
CREATE TRIGGER exchange_attempts_no_update BEFORE UPDATE ON exchange_attempts
BEGIN SELECT RAISE(ABORT, 'the exchange_attempts table is append-only: rows are never updated'); END;
CREATE TRIGGER exchange_attempts_no_delete BEFORE DELETE ON exchange_attempts
BEGIN SELECT RAISE(ABORT, 'the exchange_attempts table is append-only: rows are never deleted'); END;
CREATE TRIGGER exchange_done_no_update BEFORE UPDATE ON exchange_done
BEGIN SELECT RAISE(ABORT, 'the exchange_done table is append-only: rows are never updated'); END;
CREATE TRIGGER exchange_done_no_delete BEFORE DELETE ON exchange_done
BEGIN SELECT RAISE(ABORT, 'the exchange_done table is append-only: rows are never deleted'); END;
CREATE TRIGGER trace_log_no_update BEFORE UPDATE ON trace_log
BEGIN SELECT RAISE(ABORT, 'the trace_log table is append-only: rows are never updated'); END;
CREATE TRIGGER trace_log_no_delete BEFORE DELETE ON trace_log
BEGIN SELECT RAISE(ABORT, 'the trace_log table is append-only: rows are never deleted'); END;
