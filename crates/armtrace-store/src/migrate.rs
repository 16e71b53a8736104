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
