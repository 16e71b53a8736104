-- The ledger: every record, append-only and hash-chained (see armtrace-domain::ledger).
CREATE TABLE ledger (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weapon_id   TEXT,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX ledger_by_weapon ON ledger (weapon_id, seq) WHERE weapon_id IS NOT NULL;

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries are never updated'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries are never deleted'); END;

-- The last entry written, updated in the same transaction as every append, so that
-- removing entries from the end is detected too.
CREATE TABLE ledger_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Projections: derived from the ledger, rebuilt and compared by `armtrace verify`.
CREATE TABLE holders (
    id        TEXT PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    parent    TEXT,
    country   TEXT,
    licence   TEXT,
    entry_seq INTEGER NOT NULL
);

CREATE TABLE weapons (
    num             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    natural_key     TEXT UNIQUE,
    category        TEXT NOT NULL,
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    calibre         TEXT NOT NULL,
    serial          TEXT NOT NULL,
    serial_folded   TEXT NOT NULL,
    country         TEXT,
    year            INTEGER,
    status          TEXT NOT NULL,
    holder_id       TEXT,
    location        TEXT,
    deficiencies    TEXT NOT NULL,
    registered_on   TEXT NOT NULL,
    last_event      TEXT,
    events_in_force INTEGER NOT NULL,
    markings        TEXT NOT NULL
);
CREATE INDEX weapons_by_serial ON weapons (serial_folded);
CREATE INDEX weapons_to_mark ON weapons (num) WHERE deficiencies <> '' AND status <> 'destroyed';
