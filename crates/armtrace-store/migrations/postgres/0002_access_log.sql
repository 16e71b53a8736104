-- Who read or changed which record, when and from where: append-only and hash-chained
-- (armtrace-domain::access).
CREATE TABLE access_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    account   TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    origin    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TABLE access_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO access_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
