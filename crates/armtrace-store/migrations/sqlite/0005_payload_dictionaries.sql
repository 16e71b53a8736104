-- Weapon registrations' payloads are stored as zstd frames made with a dictionary built
-- into armtrace (armtrace-store::payload); every dictionary used is kept here as well, so
-- that a copy of this file can be read without armtrace:
--   sqlite3 store.db "SELECT writefile('d', dictionary) FROM payload_dictionaries WHERE id = 927141130"
--   sqlite3 store.db "SELECT writefile('p', payload) FROM ledger WHERE seq = 42"; zstd -d -D d p -o p.json
-- Rows are added with the migration that brings a new dictionary, never changed.
CREATE TABLE payload_dictionaries (
    id         INTEGER PRIMARY KEY,
    dictionary BLOB NOT NULL
);
CREATE TRIGGER payload_dictionaries_no_update BEFORE UPDATE ON payload_dictionaries
BEGIN SELECT RAISE(ABORT, 'payload dictionaries are never changed'); END;
CREATE TRIGGER payload_dictionaries_no_delete BEFORE DELETE ON payload_dictionaries
BEGIN SELECT RAISE(ABORT, 'payload dictionaries are never deleted'); END;
