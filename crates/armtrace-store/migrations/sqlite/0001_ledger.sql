-- The ledger: every record, append-only and hash-chained (see armtrace-domain::ledger).
-- Identifiers are UUIDs stored as 16-byte blobs. An entry about a weapon is filed under
-- the weapon's number in the weapons table (`weapon_num`), which grows with each new
-- weapon, so registering weapons appends to this index instead of scattering writes.
CREATE TABLE ledger (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weapon_num  INTEGER,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX ledger_by_weapon ON ledger (weapon_num, seq) WHERE weapon_num IS NOT NULL;
-- Event ids are unique; holder and registration ids are unique through their tables.
CREATE UNIQUE INDEX ledger_event_ids ON ledger (id) WHERE kind = 'weapon_event';

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
    id        BLOB PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    parent    BLOB,
    country   TEXT,
    licence   TEXT,
    entry_seq INTEGER NOT NULL
);

CREATE TABLE weapons (
    num             INTEGER PRIMARY KEY,
    id              BLOB NOT NULL UNIQUE,
    -- serial|make|country, folded (armtrace-domain::natural_key): also finds by serial.
    natural_key     TEXT UNIQUE,
    category        TEXT NOT NULL,
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    calibre         TEXT NOT NULL,
    serial          TEXT NOT NULL,
    country         TEXT,
    year            INTEGER,
    status          TEXT NOT NULL,
    holder_id       BLOB,
    location        TEXT,
    deficiencies    TEXT NOT NULL,
    registered_on   TEXT NOT NULL,
    last_event      TEXT,
    events_in_force INTEGER NOT NULL,
    markings        TEXT NOT NULL
);
CREATE INDEX weapons_to_mark ON weapons (num) WHERE deficiencies <> '' AND status <> 'destroyed';
