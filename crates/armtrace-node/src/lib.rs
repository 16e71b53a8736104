//! An armtrace node of the State-to-State exchange (issue 5; protocol in
//! `docs/exchange.md`, reference core in `armtrace-exchange`).
//!
//! A node is a national registry that also speaks for its State's point of contact: it
//! has an identity and a signing key ([`NodeConfig`]), knows its peers from a signed
//! directory, accepts verified envelopes at its inbox and answers each with a signed
//! receipt ([`inbox`]), delivers its own envelopes from a durable outbox with retry and
//! backoff until their receipts arrive ([`outbox`]), and runs the tracing workflow of
//! the International Tracing Instrument over them ([`trace`]).
//!
//! Invariants:
//! - every message received takes effect exactly once: its id is recorded, its message
//!   log record written and its effect applied in one transaction;
//! - nothing is sent that was not first stored and logged as `sent`;
//! - every step of a trace is a record of the hash-chained trace log; a case's state is
//!   folded from them, never stored beside them.
#![deny(missing_docs)]

pub mod draft;
pub mod inbox;
pub mod outbox;
pub mod trace;

use armtrace_exchange::{
    Contact, Directory, KeyPair, NodeId, NodeIdentity, PublicKey, SignedDirectory, TrustedHubs,
};
use armtrace_store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// A node failure.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The node has no identity yet.
    #[error("this store is not a node yet: run `armtrace node init` first")]
    NotConfigured,
    /// The key file could not be read or written.
    #[error("key file {path}: {source}")]
    Key {
        /// The file.
        path: String,
        /// Why.
        source: armtrace_exchange::KeyError,
    },
    /// A directory or hub key was refused.
    #[error("{0}")]
    Directory(String),
    /// A request breaks a rule; `field` names what is wrong.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field.
        field: String,
        /// The rule.
        reason: String,
    },
    /// No such trace case.
    #[error("no trace case {0}")]
    NoSuchTrace(String),
    /// The step is not possible in the case's present state.
    #[error("{0}")]
    WrongState(String),
    /// Signing failed.
    #[error("signing: {0}")]
    Sign(String),
    /// The marking search index could not be read.
    #[error("marking search: {0}")]
    Search(String),
}

impl NodeError {
    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> NodeError {
        NodeError::Invalid {
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// What a node is, as stored (`node_config`): everything but the private key, which
/// stays in its own file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    /// The node id (the State's ISO 3166-1 alpha-2 code, optionally `:label`).
    pub node: NodeId,
    /// The point-of-contact office.
    pub office: String,
    /// How to reach it.
    #[serde(default)]
    pub contact: Contact,
    /// The URL other nodes post to (`https://…/exchange/v1/inbox`).
    pub inbox: String,
    /// The private key file (JWK, mode 0600).
    pub key_file: PathBuf,
    /// When the key came into use.
    pub key_valid_from: DateTime<Utc>,
    /// The keys it signed with before (`armtrace node rotate-key`), newest last: still
    /// published in its directory entry, and signed with, until the hub's directory
    /// lists the current key ([`signing_identity`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_keys: Vec<RetiredKey>,
}

/// A signing key replaced by a newer one, accepted by the peers until `valid_until`
/// (the overlap of a key rotation, `docs/exchange.md` §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredKey {
    /// Its private key file (kept: it signs until the new key is published).
    pub key_file: PathBuf,
    /// Its public key, as a JWK.
    pub public_jwk: String,
    /// When it came into use.
    pub valid_from: DateTime<Utc>,
    /// Until when peers accept it (exclusive).
    pub valid_until: DateTime<Utc>,
}

/// Whether an inbox URL may be used: `https://`, or `http://` to a loopback host only
/// (tests on one machine; `docs/exchange.md` §12).
pub fn inbox_url_allowed(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host_port = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl NodeConfig {
    /// Checks the configuration's rules.
    pub fn validate(&self) -> Result<(), NodeError> {
        if self.office.trim().is_empty() {
            return Err(NodeError::invalid("office", "the office is empty"));
        }
        if !inbox_url_allowed(&self.inbox) {
            return Err(NodeError::invalid(
                "inbox",
                format!(
                    "'{}' is not an https:// URL (http:// is allowed only to a loopback address, for tests)",
                    self.inbox
                ),
            ));
        }
        Ok(())
    }

    /// This node's directory entry, for the hub: its current key `key`, then the
    /// retired keys still within their overlap, with their end.
    pub fn entry(&self, key: &PublicKey) -> armtrace_exchange::DirectoryEntry {
        let now = Utc::now();
        let mut keys = vec![armtrace_exchange::DirectoryKey::new(
            key.clone(),
            self.key_valid_from,
        )];
        for r in self
            .retired_keys
            .iter()
            .rev()
            .filter(|r| r.valid_until > now)
        {
            if let Ok(public) = PublicKey::from_jwk(&r.public_jwk) {
                let mut k = armtrace_exchange::DirectoryKey::new(public, r.valid_from);
                k.valid_until = Some(r.valid_until);
                keys.push(k);
            }
        }
        armtrace_exchange::DirectoryEntry {
            node: self.node.clone(),
            state: self.node.state(),
            office: self.office.clone(),
            contact: self.contact.clone(),
            inbox: self.inbox.clone(),
            keys,
        }
    }
}

/// Makes `store` a node: writes a new key file (refusing to overwrite one) unless
/// `key_file` exists and is kept, and records the configuration.
pub fn init(
    store: &Store,
    config: &NodeConfig,
    by: &str,
    keep_existing_key: bool,
) -> Result<KeyPair, NodeError> {
    config.validate()?;
    let key_err = |source| NodeError::Key {
        path: config.key_file.display().to_string(),
        source,
    };
    let key = if keep_existing_key && config.key_file.exists() {
        KeyPair::read_file(&config.key_file).map_err(key_err)?
    } else {
        let key = KeyPair::generate();
        key.write_file(&config.key_file).map_err(key_err)?;
        key
    };
    let payload = serde_json::to_string(config).map_err(|e| NodeError::Sign(e.to_string()))?;
    store
        .exchange()
        .write(|tx| tx.set_node_config(Utc::now(), by, &payload))?;
    Ok(key)
}

/// The node's configuration and identity, if the store is a node.
pub fn load(store: &Store) -> Result<Option<(NodeConfig, NodeIdentity)>, NodeError> {
    let Some(row) = store.exchange().node_config()? else {
        return Ok(None);
    };
    let config: NodeConfig = serde_json::from_str(&row.payload)
        .map_err(|e| StoreError::Damaged(format!("node_config {}: {e}", row.seq)))?;
    let key = KeyPair::read_file(&config.key_file).map_err(|source| NodeError::Key {
        path: config.key_file.display().to_string(),
        source,
    })?;
    let identity = NodeIdentity::new(
        config.node.clone(),
        config.office.clone(),
        config.contact.clone(),
        key,
    );
    Ok(Some((config, identity)))
}

/// The identity this node signs with, under `directory`: its current key once the
/// directory lists it for this node (or when there is no directory or nothing was
/// rotated); until then the newest retired key the directory lists and still accepts —
/// so that a rotation never makes peers refuse what this node signs before the hub has
/// published the new key.
pub fn signing_identity(
    config: &NodeConfig,
    current: &NodeIdentity,
    directory: &Directory,
) -> Result<NodeIdentity, NodeError> {
    let Some(entry) = directory.entry(&config.node) else {
        return Ok(current.clone());
    };
    let listed = |kid: &str| entry.keys.iter().any(|k| k.public.kid().as_str() == kid);
    if config.retired_keys.is_empty() || listed(current.kid().as_str()) {
        return Ok(current.clone());
    }
    let now = Utc::now();
    for r in config.retired_keys.iter().rev() {
        let Ok(public) = PublicKey::from_jwk(&r.public_jwk) else {
            continue;
        };
        if r.valid_until > now && listed(public.kid().as_str()) {
            let key = KeyPair::read_file(&r.key_file).map_err(|source| NodeError::Key {
                path: r.key_file.display().to_string(),
                source,
            })?;
            return Ok(NodeIdentity::new(
                config.node.clone(),
                config.office.clone(),
                config.contact.clone(),
                key,
            ));
        }
    }
    Ok(current.clone())
}

/// Rotates the node's signing key: a new key pair in a new file beside the current
/// one, which is retired and stays accepted for `overlap` (`docs/exchange.md` §8).
/// The node signs with the new key once the hub's directory lists it. Returns the new
/// configuration and key.
pub fn rotate_key(
    store: &Store,
    overlap: chrono::Duration,
    by: &str,
) -> Result<(NodeConfig, KeyPair), NodeError> {
    if overlap <= chrono::Duration::zero() {
        return Err(NodeError::invalid(
            "overlap",
            "the overlap must be at least a day: peers need time to import the new directory",
        ));
    }
    let Some((mut config, current)) = load(store)? else {
        return Err(NodeError::NotConfigured);
    };
    let now = Utc::now();
    let key = KeyPair::generate();
    let path = next_key_file(&config.key_file, now);
    key.write_file(&path).map_err(|source| NodeError::Key {
        path: path.display().to_string(),
        source,
    })?;
    config.retired_keys.retain(|r| r.valid_until > now);
    config.retired_keys.push(RetiredKey {
        key_file: config.key_file.clone(),
        public_jwk: current.key.public().to_jwk(),
        valid_from: config.key_valid_from,
        valid_until: now + overlap,
    });
    config.key_file = path;
    config.key_valid_from = now;
    let payload = serde_json::to_string(&config).map_err(|e| NodeError::Sign(e.to_string()))?;
    store
        .exchange()
        .write(|tx| tx.set_node_config(now, by, &payload))?;
    Ok((config, key))
}

/// The file of the key that follows `current`: beside it, named by the time
/// (`node.key` → `node.key.20261202T174500Z`).
fn next_key_file(current: &std::path::Path, now: DateTime<Utc>) -> PathBuf {
    let mut name = current
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "node.key".into());
    name.push(format!(".{}", now.format("%Y%m%dT%H%M%SZ")));
    current.with_file_name(name)
}

/// The hub keys this node trusts.
pub fn trusted_hubs(store: &Store) -> Result<TrustedHubs, NodeError> {
    let mut keys = Vec::new();
    for jwk in store.exchange().trusted_hubs()? {
        keys.push(
            PublicKey::from_jwk(&jwk)
                .map_err(|e| StoreError::Damaged(format!("trusted hub key: {e}")))?,
        );
    }
    Ok(TrustedHubs::new(keys))
}

/// Trusts a hub's public key (a JWK); `false` when it was trusted already.
pub fn trust_hub(store: &Store, jwk: &str, by: &str) -> Result<(PublicKey, bool), NodeError> {
    let key = PublicKey::from_jwk(jwk)
        .map_err(|e| NodeError::Directory(format!("not a hub public key (JWK): {e}")))?;
    let canonical = key.to_jwk();
    let added = store
        .exchange()
        .write(|tx| tx.add_trusted_hub(key.kid().as_str(), &canonical, Utc::now(), by))?;
    Ok((key, added))
}

/// The directory in force, if one was imported (its signature is checked again).
pub fn directory(store: &Store) -> Result<Option<Directory>, NodeError> {
    let Some(compact) = store.exchange().directory()? else {
        return Ok(None);
    };
    let hubs = trusted_hubs(store)?;
    let signed = Directory::open(compact.as_bytes(), &hubs)
        .map_err(|e| NodeError::Directory(format!("the stored directory: {e}")))?;
    Ok(Some(signed.into_directory()))
}

/// Imports a signed directory: a trusted hub's signature, valid, newer than the one in
/// force.
pub fn import_directory(
    store: &Store,
    bytes: &[u8],
    by: &str,
) -> Result<SignedDirectory, NodeError> {
    let hubs = trusted_hubs(store)?;
    let current = directory(store)?;
    let now = Utc::now();
    let signed = Directory::import(bytes, &hubs, current.as_ref(), now)
        .map_err(|e| NodeError::Directory(e.to_string()))?;
    store
        .exchange()
        .write(|tx| tx.add_directory(signed.directory().version, signed.as_str(), now, by))?;
    Ok(signed)
}

/// A running node: identity, directory, store and the delivery machinery. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Node {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    id: NodeId,
    /// The configuration and the identity with the current key, as last read.
    config: RwLock<(Arc<NodeConfig>, Arc<NodeIdentity>)>,
    /// The identity it signs with ([`signing_identity`]).
    signing: RwLock<Arc<NodeIdentity>>,
    directory: RwLock<Arc<Directory>>,
    backoff: armtrace_exchange::Backoff,
    committer: inbox::Committer,
    drafter: trace::Drafter,
    wake: tokio::sync::Notify,
    client: reqwest::Client,
    index: Option<Arc<std::sync::Mutex<armtrace_index::SearchIndex>>>,
}

/// How a node runs.
#[derive(Debug, Clone, Default)]
pub struct NodeOptions {
    /// Retry delays of the outbox.
    pub backoff: armtrace_exchange::Backoff,
    /// A CA certificate (PEM) to trust for peers' TLS, besides the Web PKI roots.
    pub peer_ca: Option<Vec<u8>>,
    /// The store's marking search index, shared with whoever else searches it: the
    /// drafter finds a requested weapon with it, misread markings included. Without it,
    /// only the exact serial number is looked up.
    pub index: Option<Arc<std::sync::Mutex<armtrace_index::SearchIndex>>>,
}

impl Node {
    /// Opens the node of `store`; `None` when the store is not a node. An empty
    /// directory is used until one is imported (nothing can be sent or received then).
    pub fn open(store: &Store, options: NodeOptions) -> Result<Option<Node>, NodeError> {
        let Some((config, identity)) = load(store)? else {
            return Ok(None);
        };
        let directory = directory(store)?.unwrap_or_else(|| Directory {
            version: 0,
            issued: DateTime::<Utc>::UNIX_EPOCH,
            issuer: String::new(),
            entries: Vec::new(),
        });
        let mut client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .connect_timeout(std::time::Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .https_only(false);
        if let Some(pem) = &options.peer_ca {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| {
                NodeError::invalid("peer_ca", format!("not a PEM certificate: {e}"))
            })?;
            client = client.add_root_certificate(cert);
        }
        let client = client
            .build()
            .map_err(|e| NodeError::invalid("peer_ca", e.to_string()))?;
        let signing = signing_identity(&config, &identity, &directory)?;
        let node = Node {
            inner: Arc::new(Inner {
                committer: inbox::Committer::start(store.clone()),
                drafter: trace::Drafter::new(),
                store: store.clone(),
                id: config.node.clone(),
                config: RwLock::new((Arc::new(config), Arc::new(identity))),
                signing: RwLock::new(Arc::new(signing)),
                directory: RwLock::new(Arc::new(directory)),
                backoff: options.backoff,
                wake: tokio::sync::Notify::new(),
                client,
                index: options.index,
            }),
        };
        trace::Drafter::start(&node);
        Ok(Some(node))
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The marking search index the node searches with, if it was given one.
    pub fn index(&self) -> Option<&std::sync::Mutex<armtrace_index::SearchIndex>> {
        self.inner.index.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> Arc<NodeConfig> {
        self.inner
            .config
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .clone()
    }

    /// The identity this node signs with (after a key rotation, the retired key until
    /// the directory lists the new one).
    pub fn identity(&self) -> Arc<NodeIdentity> {
        self.inner
            .signing
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// This node's directory entry for the hub: the current key, and the retired keys
    /// within their overlap.
    pub fn entry(&self) -> armtrace_exchange::DirectoryEntry {
        let (config, current) = self
            .inner
            .config
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        config.entry(current.key.public())
    }

    /// This node's id.
    pub fn id(&self) -> &NodeId {
        &self.inner.id
    }

    /// The directory in force.
    pub fn directory(&self) -> Arc<Directory> {
        self.inner
            .directory
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads the directory and the configuration from the store again (after an import
    /// or a key rotation by another process), and chooses the key to sign with.
    pub fn reload_directory(&self) -> Result<(), NodeError> {
        if let Some(d) = directory(self.store())? {
            let mut cur = self
                .inner
                .directory
                .write()
                .unwrap_or_else(|p| p.into_inner());
            if d.version > cur.version {
                *cur = Arc::new(d);
            }
        }
        if let Some((config, identity)) = load(self.store())?
            && config.node == self.inner.id
        {
            let signing = signing_identity(&config, &identity, &self.directory())?;
            *self.inner.config.write().unwrap_or_else(|p| p.into_inner()) =
                (Arc::new(config), Arc::new(identity));
            *self
                .inner
                .signing
                .write()
                .unwrap_or_else(|p| p.into_inner()) = Arc::new(signing);
        }
        Ok(())
    }

    /// Wakes the outbox (something was queued).
    pub fn wake_outbox(&self) {
        self.inner.wake.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::inbox_url_allowed;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(inbox_url_allowed(
            "https://poc.example.gov/exchange/v1/inbox"
        ));
        assert!(inbox_url_allowed("http://127.0.0.1:8080/exchange/v1/inbox"));
        assert!(inbox_url_allowed("http://127.9.9.9/exchange/v1/inbox"));
        assert!(inbox_url_allowed("http://[::1]:80/exchange/v1/inbox"));
        assert!(inbox_url_allowed("http://localhost:80/x"));
        assert!(!inbox_url_allowed("http://10.0.0.1/exchange/v1/inbox"));
        assert!(!inbox_url_allowed("http://127.0.0.1.example.com/x"));
        assert!(!inbox_url_allowed("http://localhost.example.com/x"));
        assert!(!inbox_url_allowed("ftp://127.0.0.1/x"));
        assert!(!inbox_url_allowed("http://user@10.0.0.1/x"));
    }
}
