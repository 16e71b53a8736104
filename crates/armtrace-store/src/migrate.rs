//! Schema migrations, kept in the repository per backend and applied in order at open.

/// The SQLite migrations, in order.
pub(crate) const SQLITE: &[(&str, &str)] = &[
    (
        "0001_ledger",
        include_str!("../migrations/sqlite/0001_ledger.sql"),
    ),
    (
        "0002_access_log",
        include_str!("../migrations/sqlite/0002_access_log.sql"),
    ),
    (
        "0003_exchange",
        include_str!("../migrations/sqlite/0003_exchange.sql"),
    ),
    (
        "0004_weapon_indexes",
        include_str!("../migrations/sqlite/0004_weapon_indexes.sql"),
    ),
    (
        "0005_payload_dictionaries",
        include_str!("../migrations/sqlite/0005_payload_dictionaries.sql"),
    ),
    (
        "0006_ledger_hashes",
        include_str!("../migrations/sqlite/0006_ledger_hashes.sql"),
    ),
];

/// The PostgreSQL migrations, in order.
pub(crate) const POSTGRES: &[(&str, &str)] = &[
    (
        "0001_ledger",
        include_str!("../migrations/postgres/0001_ledger.sql"),
    ),
    (
        "0002_access_log",
        include_str!("../migrations/postgres/0002_access_log.sql"),
    ),
    (
        "0003_exchange",
        include_str!("../migrations/postgres/0003_exchange.sql"),
    ),
];
