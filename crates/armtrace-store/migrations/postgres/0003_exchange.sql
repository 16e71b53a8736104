-- The State-to-State exchange (armtrace-exchange, docs/exchange.md) and the tracing
-- workflow. History tables are append-only (triggers below); the outbox is a queue whose
-- rows are only ever added to: a delivery's attempts and its end are rows of their own.

-- This node's identity (node id, office, contact, key file), newest row in force.
CREATE TABLE node_config (
    seq     BIGINT PRIMARY KEY,
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
    version BIGINT PRIMARY KEY,
    at      TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    compact TEXT NOT NULL
);

-- The message log: every envelope sent and received, receipts and refusals, chained.
CREATE TABLE exchange_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TABLE exchange_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO exchange_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Messages accepted, by (sender, id): the replay guard, and the receipt given.
CREATE TABLE exchange_seen (
    sender     TEXT NOT NULL,
    id         TEXT NOT NULL,
    keep_until TEXT NOT NULL,
    receipt    TEXT NOT NULL,
    log_seq    BIGINT NOT NULL,
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
    log_seq   BIGINT NOT NULL
);
CREATE TABLE exchange_attempts (
    id      TEXT NOT NULL,
    attempt BIGINT NOT NULL,
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
    seq       BIGINT PRIMARY KEY,
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
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO trace_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TRIGGER node_config_no_change BEFORE UPDATE OR DELETE ON node_config
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER node_config_no_truncate BEFORE TRUNCATE ON node_config
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER node_trusted_hubs_no_change BEFORE UPDATE OR DELETE ON node_trusted_hubs
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER node_trusted_hubs_no_truncate BEFORE TRUNCATE ON node_trusted_hubs
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER node_directories_no_change BEFORE UPDATE OR DELETE ON node_directories
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER node_directories_no_truncate BEFORE TRUNCATE ON node_directories
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_log_no_change BEFORE UPDATE OR DELETE ON exchange_log
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_log_no_truncate BEFORE TRUNCATE ON exchange_log
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_seen_no_change BEFORE UPDATE OR DELETE ON exchange_seen
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_seen_no_truncate BEFORE TRUNCATE ON exchange_seen
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_outbox_no_change BEFORE UPDATE OR DELETE ON exchange_outbox
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_outbox_no_truncate BEFORE TRUNCATE ON exchange_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_attempts_no_change BEFORE UPDATE OR DELETE ON exchange_attempts
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_attempts_no_truncate BEFORE TRUNCATE ON exchange_attempts
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_done_no_change BEFORE UPDATE OR DELETE ON exchange_done
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER exchange_done_no_truncate BEFORE TRUNCATE ON exchange_done
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER trace_log_no_change BEFORE UPDATE OR DELETE ON trace_log
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER trace_log_no_truncate BEFORE TRUNCATE ON trace_log
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
