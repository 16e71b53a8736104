-- The ledger keeps each entry's hash as its 32 bytes instead of 64 hexadecimal digits, and
-- no longer stores `prev_hash` beside it: that is the hash of the entry before, which is
-- read from that entry (armtrace-store::sqlite::ENTRY_COLUMNS). An entry is then about a
-- third smaller, and a bulk load writes that much less (docs/benchmarks.md).
--
-- Tamper evidence is unchanged: each entry's hash still covers the hash before it, so an
-- entry changed, inserted or removed breaks the chain at its position as before. Every
-- entry keeps its fields, its payload and its hash exactly; a stored `prev_hash` that
-- disagreed with the entry before (a break `armtrace verify` reported) is not carried
-- over, and a hash that is not 64 hexadecimal digits becomes 32 zero bytes, which no entry
-- matches, so `verify` reports that entry as altered.
CREATE TABLE ledger_v6 (
    seq         INTEGER PRIMARY KEY,
    id          BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weapon_num  INTEGER,
    -- JSON text, or a zstd frame for weapon registrations (armtrace-store::payload).
    payload     TEXT NOT NULL,
    hash        BLOB NOT NULL
);
INSERT INTO ledger_v6 (seq, id, recorded_at, recorded_by, kind, weapon_num, payload, hash)
    SELECT seq, id, recorded_at, recorded_by, kind, weapon_num, payload,
           CASE WHEN length(hash) = 64 THEN coalesce(unhex(hash), zeroblob(32)) ELSE zeroblob(32) END
    FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_v6 RENAME TO ledger;
CREATE INDEX ledger_by_weapon ON ledger (weapon_num, seq) WHERE weapon_num IS NOT NULL;
CREATE UNIQUE INDEX ledger_event_ids ON ledger (id) WHERE kind = 'weapon_event';
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries are never updated'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries are never deleted'); END;
