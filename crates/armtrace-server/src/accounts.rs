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
}

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
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (its own transactions).
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates an account with its role and password.
    pub fn create(&self, username: &str, role: Role, password: &str) -> Result<(), AccountError> {
        if !valid_name(username) {
            return Err(AccountError::InvalidName);
        }
        if password.chars().count() < MIN_PASSWORD_CHARS || password == username {
            return Err(AccountError::WeakPassword);
        }
        let phc = hash_password(password)?;
        let conn = self.conn();
        let inserted = conn.execute(
            "INSERT INTO accounts (username, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (username) DO NOTHING",
            params![username, role.name(), phc, now_text()],
        )?;
        if inserted == 0 {
            return Err(AccountError::Exists(username.to_string()));
        }
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

    /// The account and role a token belongs to.
    pub fn token_account(&self, token: &str) -> Result<Option<(String, Role)>, AccountError> {
        let username: Option<String> = self
            .conn()
            .query_row(
                "SELECT username FROM api_tokens WHERE token_hash = ?1",
                [digest(token)],
                |r| r.get(0),
            )
            .optional()?;
        match username {
            Some(u) => Ok(self.role_of(&u)?.map(|(role, _)| (u, role))),
            None => Ok(None),
        }
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
}
