-- The weapons projection's two unique keys become indexes of their own (they were
-- constraints of the table, which SQLite cannot drop). A first bulk load into a store with
-- no weapons yet then writes the rows without them and builds both once at the end, which
-- is several times faster than keeping two indexes with random keys up to date row by row
-- (docs/benchmarks.md). Until they are built again, the importer itself keeps every key it
-- wrote and checks each row against them; any other program that opens the store builds
-- the indexes first (armtrace-store::sqlite::ensure_weapon_indexes).
--
-- The weapons table is a projection, derived from the ledger and compared with it by
-- `armtrace verify`: rebuilding it changes no record.
CREATE TABLE weapons_v4 (
    num             INTEGER PRIMARY KEY,
    id              BLOB NOT NULL,
    -- serial|make|country, folded (armtrace-domain::natural_key): also finds by serial.
    natural_key     TEXT,
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
INSERT INTO weapons_v4 SELECT num, id, natural_key, category, make, model, calibre, serial, country, year,
    status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings FROM weapons;
DROP TABLE weapons;
ALTER TABLE weapons_v4 RENAME TO weapons;
CREATE UNIQUE INDEX weapons_id ON weapons (id);
CREATE UNIQUE INDEX weapons_natural_key ON weapons (natural_key);
CREATE INDEX weapons_to_mark ON weapons (num) WHERE deficiencies <> '' AND status <> 'destroyed';
