-- The ledger: every record, append-only and hash-chained (see armtrace-domain::ledger).
CREATE TABLE ledger (
    seq         BIGINT PRIMARY KEY,
    id          UUID NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weapon_num  BIGINT,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX ledger_by_weapon ON ledger (weapon_num, seq) WHERE weapon_num IS NOT NULL;
CREATE UNIQUE INDEX ledger_event_ids ON ledger (id) WHERE kind = 'weapon_event';

CREATE FUNCTION armtrace_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: entries are never updated or deleted';
END $$;
CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION armtrace_ledger_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION armtrace_ledger_append_only();

CREATE TABLE ledger_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE holders (
    id        UUID PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    parent    UUID,
    country   TEXT,
    licence   TEXT,
    entry_seq BIGINT NOT NULL
);

CREATE TABLE weapons (
    num             BIGSERIAL PRIMARY KEY,
    id              UUID NOT NULL UNIQUE,
    natural_key     TEXT UNIQUE COLLATE "C",
    category        TEXT NOT NULL,
    make            TEXT NOT NULL,
    model           TEXT NOT NULL,
    calibre         TEXT NOT NULL,
    serial          TEXT NOT NULL,
    country         TEXT,
    year            INTEGER,
    status          TEXT NOT NULL,
    holder_id       UUID,
    location        TEXT,
    deficiencies    TEXT NOT NULL,
    registered_on   TEXT NOT NULL,
    last_event      TEXT,
    events_in_force INTEGER NOT NULL,
    markings        TEXT NOT NULL
);
CREATE INDEX weapons_to_mark ON weapons (num) WHERE deficiencies <> '' AND status <> 'destroyed';
