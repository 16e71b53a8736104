//! Local accounts and API tokens, in a SQLite file of the server's own
//! (`ServerConfig::server_db`), apart from the registry store.
//!
//! - Passwords are kept as Argon2id PHC strings (random 128-bit salt, the crate's default
//!   parameters); there is no default account and no default password.
//! - An API token is 256 random bits shown once; only its SHA-256 is stored.
//! - The access log is not here: it lives in the registry store ([`crate::access_log`]).

use crate::auth::Role;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A failure of the server's database, or a refused account change.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// SQLite failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The account name is taken.
    #[error("the account '{0}' exists already")]
    Exists(String),
    /// No such account.
    #[error("no account '{0}'")]
    Unknown(String),
    /// The account name is not allowed.
    #[error("an account name is 1 to 64 letters, digits, '.', '_', '-' or '@'")]
    InvalidName,
    /// The password is too weak.
    #[error(
        "a password must have at least {MIN_PASSWORD_CHARS} characters and differ from the account name"
    )]
    WeakPassword,
    /// Hashing failed.
    #[error("password hashing: {0}")]
    Hash(String),
    /// A stored row cannot be read.
    #[error("stored data is damaged: {0}")]
    Damaged(String),
}

/// Accounts and tokens. Safe to share between threads.
#[derive(Debug)]
pub struct AccountStore {
    conn: Mutex<Connection>,
    tokens: Mutex<TokenCache>,
}

/// Tokens already found, by the hash of the token, with the account and role they
/// resolved to; valid while the database is unchanged since they were read: no change
/// through this connection (`total_changes`) and no commit by any other connection or
/// process (`PRAGMA data_version`). Unknown tokens are not kept.
#[derive(Debug, Default)]
struct TokenCache {
    version: Option<DbVersion>,
    found: HashMap<String, (String, Role)>,
}

/// At most this many tokens are kept; the cache starts again empty beyond.
const TOKEN_CACHE_MAX: usize = 10_000;

/// The state of the server database a cached token was read in: `PRAGMA data_version`
/// and this connection's `total_changes`.
type DbVersion = (i64, u64);

pub(crate) const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS accounts (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES accounts(username),
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- What an account is scoped to and prefers: the agency (holder code) whose holdings an
-- officer may change (NULL: the whole registry), and the language of its pages.
CREATE TABLE IF NOT EXISTS account_settings (
    username TEXT PRIMARY KEY REFERENCES accounts(username),
    agency   TEXT,
    lang     TEXT
);
";

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

/// SHA-256 of a secret (token or session id), hex.
pub(crate) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// 256 random bits from the thread's CSPRNG (ChaCha, seeded by the OS), hex.
pub(crate) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A new random password a person can type: 20 letters and digits from an alphabet
/// without look-alikes (about 100 bits), in groups of five.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

fn argon2id() -> Argon2<'static> {
    Argon2::default()
}

/// A PHC string of a password nobody has, checked when the account is unknown so that a
/// wrong name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&random_secret()).unwrap_or_default())
}

fn hash_password(password: &str) -> Result<String, AccountError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| AccountError::Hash(e.to_string()))?;
    argon2id()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| argon2id().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl AccountStore {
    /// Opens (creating if needed) the server database at `path`.
    pub fn open(path: &Path) -> Result<AccountStore, AccountError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(AccountStore {
            conn: Mutex::new(conn),
            tokens: Mutex::default(),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (its own transactions).
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates an account with its role and password.
    pub fn create(&self, username: &str, role: Role, password: &str) -> Result<(), AccountError> {
        self.create_scoped(username, role, password, None)
    }

    /// Creates an account scoped to an agency (a holder code; `None`: the whole registry),
    /// account and scope in one transaction.
    pub fn create_scoped(
        &self,
        username: &str,
        role: Role,
        password: &str,
        agency: Option<&str>,
    ) -> Result<(), AccountError> {
        if !valid_name(username) {
            return Err(AccountError::InvalidName);
        }
        if password.chars().count() < MIN_PASSWORD_CHARS || password == username {
            return Err(AccountError::WeakPassword);
        }
        let phc = hash_password(password)?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let inserted = tx.execute(
            "INSERT INTO accounts (username, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (username) DO NOTHING",
            params![username, role.name(), phc, now_text()],
        )?;
        if inserted == 0 {
            return Err(AccountError::Exists(username.to_string()));
        }
        if agency.is_some() {
            tx.execute(
                "INSERT INTO account_settings (username, agency) VALUES (?1, ?2)",
                params![username, agency],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn role_of(&self, username: &str) -> Result<Option<(Role, String)>, AccountError> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT role, password_hash FROM accounts WHERE username = ?1",
                [username],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(role, phc)| {
            Role::parse(&role)
                .map(|r| (r, phc))
                .ok_or_else(|| AccountError::Damaged(format!("unknown role '{role}'")))
        })
        .transpose()
    }

    /// The account's role when the password is right; `None` otherwise (also for an
    /// unknown account, after the same amount of work).
    pub fn check_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<Role>, AccountError> {
        match self.role_of(username)? {
            Some((role, phc)) => Ok(password_matches(password, &phc).then_some(role)),
            None => {
                let _ = password_matches(password, decoy_hash());
                Ok(None)
            }
        }
    }

    /// Issues an API token for `username`; the token is returned once and only its
    /// SHA-256 is kept.
    pub fn issue_token(&self, username: &str, label: &str) -> Result<String, AccountError> {
        if self.role_of(username)?.is_none() {
            return Err(AccountError::Unknown(username.to_string()));
        }
        let token = format!("at_{}", random_secret());
        self.conn().execute(
            "INSERT INTO api_tokens (token_hash, username, label, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![digest(&token), username, label, now_text()],
        )?;
        Ok(token)
    }

    /// The state of the database: changes through this connection, commits by others.
    fn version(conn: &Connection) -> Result<DbVersion, AccountError> {
        let data_version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        Ok((data_version, conn.total_changes()))
    }

    /// The database's state now, and what the cache holds for a token hash then.
    fn cached(&self, hash: &str) -> Result<(DbVersion, Option<(String, Role)>), AccountError> {
        let version = Self::version(&self.conn())?;
        Ok((version, self.cached_at(version, hash)))
    }

    fn cached_at(&self, version: DbVersion, hash: &str) -> Option<(String, Role)> {
        let mut cache = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if cache.version != Some(version) {
            cache.found.clear();
            cache.version = Some(version);
        }
        cache.found.get(hash).cloned()
    }

    /// The account and role of a token found before, if the database is unchanged since:
    /// no table is read, and nothing waits for the database (`None`, also while another
    /// thread is using it: ask [`AccountStore::token_account`]).
    pub fn token_account_cached(
        &self,
        token: &str,
    ) -> Result<Option<(String, Role)>, AccountError> {
        let version = match self.conn.try_lock() {
            Ok(conn) => Self::version(&conn)?,
            Err(std::sync::TryLockError::Poisoned(p)) => Self::version(&p.into_inner())?,
            Err(std::sync::TryLockError::WouldBlock) => return Ok(None),
        };
        Ok(self.cached_at(version, &digest(token)))
    }

    /// The account and role a token belongs to.
    pub fn token_account(&self, token: &str) -> Result<Option<(String, Role)>, AccountError> {
        let hash = digest(token);
        let (version, cached) = self.cached(&hash)?;
        if cached.is_some() {
            return Ok(cached);
        }
        let username: Option<String> = self
            .conn()
            .prepare_cached("SELECT username FROM api_tokens WHERE token_hash = ?1")?
            .query_row([&hash], |r| r.get(0))
            .optional()?;
        let found = match username {
            Some(u) => self.role_of(&u)?.map(|(role, _)| (u, role)),
            None => None,
        };
        if let Some(f) = &found {
            let mut cache = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
            // Kept only if nothing changed while it was read.
            if cache.version == Some(version) {
                if cache.found.len() >= TOKEN_CACHE_MAX {
                    cache.found.clear();
                }
                cache.found.insert(hash, f.clone());
            }
        }
        Ok(found)
    }
}

/// An account as the users page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// Account name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// The agency (holder code) it is scoped to; `None`: the whole registry.
    pub agency: Option<String>,
    /// The language of its pages (BCP 47 tag), if it chose one.
    pub lang: Option<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

impl AccountStore {
    /// How many accounts there are (none: the server offers a one-time setup link).
    pub fn count(&self) -> Result<u64, AccountError> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// One account, without its password hash.
    pub fn info(&self, username: &str) -> Result<Option<AccountInfo>, AccountError> {
        Ok(self.list_where(Some(username))?.into_iter().next())
    }

    /// Every account, by name.
    pub fn list(&self) -> Result<Vec<AccountInfo>, AccountError> {
        self.list_where(None)
    }

    fn list_where(&self, username: Option<&str>) -> Result<Vec<AccountInfo>, AccountError> {
        let conn = self.conn();
        let mut st = conn.prepare(
            "SELECT a.username, a.role, s.agency, s.lang, a.created_at
             FROM accounts a LEFT JOIN account_settings s ON s.username = a.username
             WHERE ?1 IS NULL OR a.username = ?1 ORDER BY a.username",
        )?;
        let rows = st.query_map([username], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (username, role, agency, lang, created_at) = row?;
            let role = Role::parse(&role)
                .ok_or_else(|| AccountError::Damaged(format!("unknown role '{role}'")))?;
            out.push(AccountInfo {
                username,
                role,
                agency,
                lang,
                created_at,
            });
        }
        Ok(out)
    }

    /// Sets a new password for an account (a forgotten one is replaced, never shown).
    pub fn set_password(&self, username: &str, password: &str) -> Result<(), AccountError> {
        if password.chars().count() < MIN_PASSWORD_CHARS || password == username {
            return Err(AccountError::WeakPassword);
        }
        let phc = hash_password(password)?;
        let changed = self.conn().execute(
            "UPDATE accounts SET password_hash = ?2 WHERE username = ?1",
            params![username, phc],
        )?;
        if changed == 0 {
            return Err(AccountError::Unknown(username.to_string()));
        }
        Ok(())
    }

    /// Scopes an account to an agency (a holder code), or to the whole registry (`None`).
    pub fn set_agency(&self, username: &str, agency: Option<&str>) -> Result<(), AccountError> {
        self.setting(username, "agency", agency)
    }

    /// Records the language an account chose for its pages.
    pub fn set_lang(&self, username: &str, lang: &str) -> Result<(), AccountError> {
        self.setting(username, "lang", Some(lang))
    }

    fn setting(
        &self,
        username: &str,
        column: &str,
        value: Option<&str>,
    ) -> Result<(), AccountError> {
        if self.role_of(username)?.is_none() {
            return Err(AccountError::Unknown(username.to_string()));
        }
        // `column` is one of two names written in this file, never input.
        let sql = format!(
            "INSERT INTO account_settings (username, {column}) VALUES (?1, ?2)
             ON CONFLICT (username) DO UPDATE SET {column} = excluded.{column}"
        );
        self.conn().execute(&sql, params![username, value])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_weak_ones_are_refused() -> Result<(), AccountError> {
        let dir = tempfile::tempdir().map_err(|e| AccountError::Hash(e.to_string()))?;
        let store = AccountStore::open(&dir.path().join("server.db"))?;
        assert!(matches!(
            store.create("ann", Role::Auditor, "short"),
            Err(AccountError::WeakPassword)
        ));
        assert!(matches!(
            store.create("bad name", Role::Auditor, "a long enough password"),
            Err(AccountError::InvalidName)
        ));
        store.create("ann", Role::Auditor, "a long enough password")?;
        assert!(matches!(
            store.create("ann", Role::Auditor, "another long password"),
            Err(AccountError::Exists(_))
        ));
        let phc: String = store.conn().query_row(
            "SELECT password_hash FROM accounts WHERE username = 'ann'",
            [],
            |r| r.get(0),
        )?;
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert_eq!(
            store.check_password("ann", "a long enough password")?,
            Some(Role::Auditor)
        );
        assert_eq!(store.check_password("ann", "wrong password")?, None);
        assert_eq!(
            store.check_password("nobody", "a long enough password")?,
            None
        );
        let token = store.issue_token("ann", "ci")?;
        assert_eq!(token.len(), 3 + 64);
        assert_eq!(
            store.token_account(&token)?,
            Some(("ann".into(), Role::Auditor))
        );
        assert_eq!(store.token_account("at_forged")?, None);
        let stored: String =
            store
                .conn()
                .query_row("SELECT token_hash FROM api_tokens", [], |r| r.get(0))?;
        assert_eq!(stored, digest(&token), "only the hash is kept");
        Ok(())
    }

    #[test]
    fn a_cached_token_is_forgotten_when_the_database_changes() -> Result<(), AccountError> {
        let dir = tempfile::tempdir().map_err(|e| AccountError::Hash(e.to_string()))?;
        let path = dir.path().join("server.db");
        let store = AccountStore::open(&path)?;
        store.create("ann", Role::Auditor, "a long enough password")?;
        let (t1, t2) = (
            store.issue_token("ann", "a")?,
            store.issue_token("ann", "b")?,
        );
        assert_eq!(store.token_account_cached(&t1)?, None, "not looked up yet");
        let ann = Some(("ann".to_string(), Role::Auditor));
        assert_eq!(store.token_account(&t1)?, ann);
        assert_eq!(store.token_account(&t2)?, ann);
        assert_eq!(store.token_account_cached(&t1)?, ann);
        // Changed behind this store's back, by another connection (another process).
        let other = Connection::open(&path)?;
        other.execute("DELETE FROM api_tokens WHERE label = 'a'", [])?;
        assert_eq!(store.token_account_cached(&t1)?, None);
        assert_eq!(
            store.token_account(&t1)?,
            None,
            "a deleted token is refused at once"
        );
        assert_eq!(store.token_account(&t2)?, ann);
        // Changed through this store's own connection.
        store
            .conn()
            .execute("UPDATE accounts SET role = 'investigator'", [])?;
        assert_eq!(store.token_account_cached(&t2)?, None);
        assert_eq!(
            store.token_account(&t2)?,
            Some(("ann".to_string(), Role::Investigator)),
            "a changed role is seen at once"
        );
        Ok(())
    }
}
