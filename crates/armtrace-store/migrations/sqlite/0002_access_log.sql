-- Who read or changed which record, when and from where: append-only and hash-chained
-- (armtrace-domain::access).
CREATE TABLE access_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    account   TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    origin    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries are never updated'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries are never deleted'); END;
CREATE TABLE access_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO access_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
