//! What a node of the State-to-State exchange keeps (issue 5, `docs/exchange.md`): its
//! identity, trusted hub keys and directories; the hash-chained message log; the replay
//! guard with the receipt given for each accepted message; the durable outbox; and the
//! hash-chained trace log of the tracing workflow.
//!
//! Every table here is append-only (the migrations forbid UPDATE and DELETE): the
//! outbox's attempts and a delivery's end are rows of their own, and a trace case's state
//! is folded from its trace-log records. The statements are portable SQL run on both
//! backends through [`crate::backend::SqlValue`].

use crate::backend::{ReadTx, SqlValue, WriteTx, damaged};
use crate::{Store, StoreError};
use armtrace_exchange::log::{LogRecord, format_at};
use armtrace_exchange::{Envelope, LogEvent, LogWalker, Sha256Digest};
use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

/// The domain-separation prefix of trace-log hashes.
pub const TRACE_HASH_PREFIX: &[u8] = b"armtrace-trace-log-v1";

/// A version of this node's configuration (identity), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeConfigRow {
    /// Position.
    pub seq: u64,
    /// When it was set (RFC 3339).
    pub at: String,
    /// Who set it.
    pub by: String,
    /// The configuration, JSON.
    pub payload: String,
}

/// An envelope in the outbox, not yet delivered or abandoned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    /// The message id.
    pub id: String,
    /// The recipient node.
    pub recipient: String,
    /// The message type.
    pub kind: String,
    /// What it is about (a trace case id), as given when queued.
    pub subject: String,
    /// The envelope (compact JWS).
    pub envelope: String,
    /// When it expires.
    pub expires: DateTime<Utc>,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due.
    pub next_at: DateTime<Utc>,
    /// The outcome of the last attempt, if any.
    pub last_outcome: Option<String>,
}

/// How the delivery of one sent message stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The message id.
    pub id: String,
    /// The recipient node.
    pub recipient: String,
    /// The message type.
    pub kind: String,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Attempts made.
    pub attempts: u32,
    /// The last attempt's outcome.
    pub last_outcome: Option<String>,
    /// `delivered`, `abandoned`, or `None` while it is still being delivered.
    pub outcome: Option<String>,
    /// Why it was abandoned, or the receipt's time.
    pub detail: String,
    /// When it ended.
    pub done_at: Option<DateTime<Utc>>,
}

/// One record of the trace log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceRecord {
    /// Position, from 1, without gaps.
    pub seq: u64,
    /// The trace case.
    pub trace_id: String,
    /// When it was recorded (microseconds).
    pub at: DateTime<Utc>,
    /// Who did it: an account name, or `node` for what the node did by itself.
    pub actor: String,
    /// What was done.
    pub kind: String,
    /// The details, JSON.
    pub payload: String,
    /// The hash of the record before.
    pub prev_hash: Sha256Digest,
    /// This record's hash.
    pub hash: Sha256Digest,
}

/// A trace record's hash: SHA-256 of the prefix, the previous hash, the position
/// (u64 big-endian) and each of trace id, time, actor, kind and payload preceded by its
/// length (u32 big-endian).
pub fn trace_hash(
    prev: &Sha256Digest,
    seq: u64,
    trace_id: &str,
    at: &DateTime<Utc>,
    actor: &str,
    kind: &str,
    payload: &str,
) -> Sha256Digest {
    let mut h = Sha256::new();
    h.update(TRACE_HASH_PREFIX);
    h.update(prev.0);
    h.update(seq.to_be_bytes());
    for field in [trace_id, format_at(at).as_str(), actor, kind, payload] {
        let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
        h.update(len.to_be_bytes());
        h.update(field.as_bytes());
    }
    Sha256Digest(h.finalize().into())
}

impl TraceRecord {
    /// The hash this record should have.
    pub fn computed_hash(&self) -> Sha256Digest {
        trace_hash(
            &self.prev_hash,
            self.seq,
            &self.trace_id,
            &self.at,
            &self.actor,
            &self.kind,
            &self.payload,
        )
    }
}

/// Where a walk of the exchange's chains found a break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeBreak {
    /// The message log.
    #[error("message log: {0}")]
    MessageLog(String),
    /// The trace log.
    #[error("trace log: record {seq}: {reason}")]
    TraceLog {
        /// The first record that does not fit.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
}

fn time(what: &str, v: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| damaged(what, v, e))
}

fn digest(what: &str, v: &str) -> Result<Sha256Digest, StoreError> {
    v.parse::<Sha256Digest>().map_err(|e| damaged(what, v, e.0))
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn int(v: u64) -> SqlValue {
    SqlValue::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

fn log_record(r: &[SqlValue]) -> Result<LogRecord, StoreError> {
    Ok(LogRecord {
        seq: u(r[0].int("exchange_log.seq")?),
        at: time("exchange_log.at", &r[1].text("exchange_log.at")?)?,
        kind: r[2].text("exchange_log.kind")?,
        payload: r[3].text("exchange_log.payload")?,
        prev_hash: digest("exchange_log.prev_hash", &r[4].text("prev_hash")?)?,
        hash: digest("exchange_log.hash", &r[5].text("hash")?)?,
    })
}

fn trace_record(r: &[SqlValue]) -> Result<TraceRecord, StoreError> {
    Ok(TraceRecord {
        seq: u(r[0].int("trace_log.seq")?),
        trace_id: r[1].text("trace_log.trace_id")?,
        at: time("trace_log.at", &r[2].text("trace_log.at")?)?,
        actor: r[3].text("trace_log.actor")?,
        kind: r[4].text("trace_log.kind")?,
        payload: r[5].text("trace_log.payload")?,
        prev_hash: digest("trace_log.prev_hash", &r[6].text("prev_hash")?)?,
        hash: digest("trace_log.hash", &r[7].text("hash")?)?,
    })
}

const TRACE_COLUMNS: &str = "seq, trace_id, at, actor, kind, payload, prev_hash, hash";

fn head(tx: &mut dyn ReadTx, table: &str) -> Result<(u64, Sha256Digest), StoreError> {
    let rows = tx.sql_rows(&format!("SELECT seq, hash FROM {table} WHERE one = 1"), &[])?;
    let row = rows
        .first()
        .ok_or_else(|| StoreError::Damaged(format!("{table} has no row")))?;
    Ok((u(row[0].int(table)?), digest(table, &row[1].text(table)?)?))
}

fn pending(tx: &mut dyn ReadTx) -> Result<Vec<OutboxItem>, StoreError> {
    let rows = tx.sql_rows(
        "SELECT o.id, o.recipient, o.kind, o.envelope, o.expires, o.queued_at, o.subject, \
             (SELECT count(*) FROM exchange_attempts a WHERE a.id = o.id), \
             (SELECT a.next_at FROM exchange_attempts a WHERE a.id = o.id ORDER BY a.attempt DESC LIMIT 1), \
             (SELECT a.outcome FROM exchange_attempts a WHERE a.id = o.id ORDER BY a.attempt DESC LIMIT 1) \
         FROM exchange_outbox o \
         WHERE NOT EXISTS (SELECT 1 FROM exchange_done d WHERE d.id = o.id) \
         ORDER BY o.log_seq",
        &[],
    )?;
    rows.iter()
        .map(|r| {
            let queued_at = time("exchange_outbox.queued_at", &r[5].text("queued_at")?)?;
            let next_at = match &r[8] {
                SqlValue::Text(t) => time("exchange_attempts.next_at", t)?,
                _ => queued_at,
            };
            Ok(OutboxItem {
                id: r[0].text("exchange_outbox.id")?,
                recipient: r[1].text("exchange_outbox.recipient")?,
                kind: r[2].text("exchange_outbox.kind")?,
                envelope: r[3].text("exchange_outbox.envelope")?,
                expires: time("exchange_outbox.expires", &r[4].text("expires")?)?,
                queued_at,
                subject: r[6].text("exchange_outbox.subject")?,
                attempts: u32::try_from(r[7].int("attempts")?).unwrap_or(u32::MAX),
                next_at,
                last_outcome: r[9].text("outcome").ok(),
            })
        })
        .collect()
}

/// The exchange's part of a store: see the module documentation.
#[derive(Debug, Clone, Copy)]
pub struct ExchangeStore<'a> {
    store: &'a Store,
}

impl Store {
    /// What this store keeps for the State-to-State exchange.
    pub fn exchange(&self) -> ExchangeStore<'_> {
        ExchangeStore { store: self }
    }
}

impl<'a> ExchangeStore<'a> {
    fn read<T>(
        &self,
        f: impl FnOnce(&mut dyn ReadTx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut f = Some(f);
        let mut out = None;
        self.store.backend.read(&mut |tx| {
            if let Some(f) = f.take() {
                out = Some(f(tx)?);
            }
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::Damaged("read transaction did not run".into()))
    }

    /// Runs `f` in one durable write transaction: everything it records lands together
    /// or not at all.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut NodeTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut f = Some(f);
        let mut out = None;
        self.store.backend.write(&mut |tx| {
            if let Some(f) = f.take() {
                let mut t = NodeTx {
                    tx,
                    log_head: None,
                    trace_head: None,
                };
                out = Some(f(&mut t)?);
                t.flush_heads()?;
            }
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::Damaged("write transaction did not run".into()))
    }

    /// The configuration in force (the newest), if the node was ever configured.
    pub fn node_config(&self) -> Result<Option<NodeConfigRow>, StoreError> {
        self.read(|tx| {
            let rows = tx.sql_rows(
                "SELECT seq, at, by_whom, payload FROM node_config ORDER BY seq DESC LIMIT 1",
                &[],
            )?;
            rows.first()
                .map(|r| {
                    Ok(NodeConfigRow {
                        seq: u(r[0].int("node_config.seq")?),
                        at: r[1].text("node_config.at")?,
                        by: r[2].text("node_config.by_whom")?,
                        payload: r[3].text("node_config.payload")?,
                    })
                })
                .transpose()
        })
    }

    /// The public JWKs of the hub keys trusted to sign directories.
    pub fn trusted_hubs(&self) -> Result<Vec<String>, StoreError> {
        self.read(|tx| {
            tx.sql_rows("SELECT jwk FROM node_trusted_hubs ORDER BY at, kid", &[])?
                .iter()
                .map(|r| r[0].text("node_trusted_hubs.jwk"))
                .collect()
        })
    }

    /// The newest directory imported (compact JWS), if any.
    pub fn directory(&self) -> Result<Option<String>, StoreError> {
        self.read(|tx| {
            let rows = tx.sql_rows(
                "SELECT compact FROM node_directories ORDER BY version DESC LIMIT 1",
                &[],
            )?;
            rows.first()
                .map(|r| r[0].text("node_directories.compact"))
                .transpose()
        })
    }

    /// Envelopes still to deliver, oldest first.
    pub fn pending(&self) -> Result<Vec<OutboxItem>, StoreError> {
        self.read(|tx| pending(tx))
    }

    /// The latest `limit` deliveries (newest first), finished or not.
    pub fn deliveries(&self, limit: u64) -> Result<Vec<Delivery>, StoreError> {
        self.read(|tx| {
            let rows = tx.sql_rows(
                "SELECT o.id, o.recipient, o.kind, o.queued_at, \
                     (SELECT count(*) FROM exchange_attempts a WHERE a.id = o.id), \
                     (SELECT a.outcome FROM exchange_attempts a WHERE a.id = o.id ORDER BY a.attempt DESC LIMIT 1), \
                     d.outcome, d.detail, d.at \
                 FROM exchange_outbox o LEFT JOIN exchange_done d ON d.id = o.id \
                 ORDER BY o.log_seq DESC LIMIT $1",
                &[int(limit)],
            )?;
            rows.iter()
                .map(|r| {
                    Ok(Delivery {
                        id: r[0].text("id")?,
                        recipient: r[1].text("recipient")?,
                        kind: r[2].text("kind")?,
                        queued_at: time("queued_at", &r[3].text("queued_at")?)?,
                        attempts: u32::try_from(r[4].int("attempts")?).unwrap_or(u32::MAX),
                        last_outcome: r[5].text("outcome").ok(),
                        outcome: r[6].text("outcome").ok(),
                        detail: r[7].text("detail").unwrap_or_default(),
                        done_at: r[8]
                            .text("at")
                            .ok()
                            .map(|t| time("exchange_done.at", &t))
                            .transpose()?,
                    })
                })
                .collect()
        })
    }

    /// The receipt given when message `id` from `from` was accepted, if it was.
    pub fn seen_receipt(&self, from: &str, id: &str) -> Result<Option<String>, StoreError> {
        self.read(|tx| seen_receipt(tx, from, id))
    }

    /// The message log's last record: position and hash.
    pub fn log_head(&self) -> Result<(u64, Sha256Digest), StoreError> {
        self.read(|tx| head(tx, "exchange_head"))
    }

    /// At most `limit` message-log records from position `from` on.
    pub fn log_records(&self, from: u64, limit: u64) -> Result<Vec<LogRecord>, StoreError> {
        self.read(|tx| {
            tx.sql_rows(
                "SELECT seq, at, kind, payload, prev_hash, hash FROM exchange_log \
                 WHERE seq >= $1 ORDER BY seq LIMIT $2",
                &[int(from), int(limit)],
            )?
            .iter()
            .map(|r| log_record(r))
            .collect()
        })
    }

    /// The trace-log records of one trace case (or of all, with `None`), in order.
    pub fn trace_records(&self, trace_id: Option<&str>) -> Result<Vec<TraceRecord>, StoreError> {
        self.read(|tx| trace_records(tx, trace_id))
    }

    /// Walks both chains from the start: every record's hash, position and link, and the
    /// recorded heads. `Ok(Ok((messages, traces)))` when whole.
    pub fn verify(&self) -> Result<Result<(u64, u64), ExchangeBreak>, StoreError> {
        self.read(|tx| {
            let (log_seq, log_hash) = head(tx, "exchange_head")?;
            let mut walker = LogWalker::default();
            let mut from = 1u64;
            loop {
                let rows = tx.sql_rows(
                    "SELECT seq, at, kind, payload, prev_hash, hash FROM exchange_log \
                     WHERE seq >= $1 ORDER BY seq LIMIT 1000",
                    &[int(from)],
                )?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    let rec = log_record(r)?;
                    from = rec.seq + 1;
                    if let Err(b) = walker.step(&rec) {
                        return Ok(Err(ExchangeBreak::MessageLog(b.to_string())));
                    }
                }
            }
            if let Err(b) = walker.finish(log_seq, log_hash) {
                return Ok(Err(ExchangeBreak::MessageLog(b.to_string())));
            }
            let (trace_seq, trace_head_hash) = head(tx, "trace_head")?;
            let mut prev = (0u64, Sha256Digest::ZERO);
            for rec in trace_records(tx, None)? {
                let fail = |reason: String| Ok(Err(ExchangeBreak::TraceLog { seq: rec.seq, reason }));
                if rec.seq != prev.0 + 1 {
                    return fail(format!("expected record {} here", prev.0 + 1));
                }
                if rec.prev_hash != prev.1 {
                    return fail("does not link to the record before (removed or inserted?)".into());
                }
                if rec.computed_hash() != rec.hash {
                    return fail("its content does not match its hash (changed?)".into());
                }
                prev = (rec.seq, rec.hash);
            }
            if prev != (trace_seq, trace_head_hash) {
                return Ok(Err(ExchangeBreak::TraceLog {
                    seq: prev.0 + 1,
                    reason: format!(
                        "the recorded head is record {trace_seq}, the chain ends at {} (records removed from the end?)",
                        prev.0
                    ),
                }));
            }
            Ok(Ok((log_seq, trace_seq)))
        })
    }
}

fn seen_receipt(tx: &mut dyn ReadTx, from: &str, id: &str) -> Result<Option<String>, StoreError> {
    let rows = tx.sql_rows(
        "SELECT receipt FROM exchange_seen WHERE sender = $1 AND id = $2",
        &[from.into(), id.into()],
    )?;
    rows.first()
        .map(|r| r[0].text("exchange_seen.receipt"))
        .transpose()
}

fn trace_records(
    tx: &mut dyn ReadTx,
    trace_id: Option<&str>,
) -> Result<Vec<TraceRecord>, StoreError> {
    let rows = match trace_id {
        Some(id) => tx.sql_rows(
            &format!("SELECT {TRACE_COLUMNS} FROM trace_log WHERE trace_id = $1 ORDER BY seq"),
            &[id.into()],
        )?,
        None => tx.sql_rows(
            &format!("SELECT {TRACE_COLUMNS} FROM trace_log ORDER BY seq"),
            &[],
        )?,
    };
    rows.iter().map(|r| trace_record(r)).collect()
}

/// One write transaction of the exchange (see [`ExchangeStore::write`]).
pub struct NodeTx<'t> {
    tx: &'t mut dyn WriteTx,
    log_head: Option<(u64, Sha256Digest)>,
    trace_head: Option<(u64, Sha256Digest)>,
}

impl std::fmt::Debug for NodeTx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeTx").finish_non_exhaustive()
    }
}

impl NodeTx<'_> {
    fn flush_heads(&mut self) -> Result<(), StoreError> {
        if let Some((seq, hash)) = self.log_head {
            self.tx.sql_exec(
                "UPDATE exchange_head SET seq = $1, hash = $2 WHERE one = 1",
                &[int(seq), hash.to_string().into()],
            )?;
        }
        if let Some((seq, hash)) = self.trace_head {
            self.tx.sql_exec(
                "UPDATE trace_head SET seq = $1, hash = $2 WHERE one = 1",
                &[int(seq), hash.to_string().into()],
            )?;
        }
        Ok(())
    }

    /// Records a new version of the node's configuration.
    pub fn set_node_config(
        &mut self,
        at: DateTime<Utc>,
        by: &str,
        payload: &str,
    ) -> Result<(), StoreError> {
        self.tx.sql_exec(
            "INSERT INTO node_config (seq, at, by_whom, payload) \
             VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM node_config), $1, $2, $3)",
            &[format_at(&at).into(), by.into(), payload.into()],
        )?;
        Ok(())
    }

    /// Trusts a hub key; `false` when it was already trusted.
    pub fn add_trusted_hub(
        &mut self,
        kid: &str,
        jwk: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<bool, StoreError> {
        let n = self.tx.sql_exec(
            "INSERT INTO node_trusted_hubs (kid, jwk, at, by_whom) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kid) DO NOTHING",
            &[kid.into(), jwk.into(), format_at(&at).into(), by.into()],
        )?;
        Ok(n > 0)
    }

    /// Keeps an imported directory (its version must be new).
    pub fn add_directory(
        &mut self,
        version: u64,
        compact: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .sql_exec(
                "INSERT INTO node_directories (version, at, by_whom, compact) VALUES ($1, $2, $3, $4)",
                &[int(version), format_at(&at).into(), by.into(), compact.into()],
            )
            .map_err(|e| match e {
                StoreError::Sqlite(_) | StoreError::Postgres(_) => StoreError::Conflict(format!(
                    "directory version {version} is already stored"
                )),
                other => other,
            })?;
        Ok(())
    }

    /// Appends an event to the message log.
    pub fn log(&mut self, at: DateTime<Utc>, event: &LogEvent) -> Result<LogRecord, StoreError> {
        let (seq, hash) = match self.log_head {
            Some(h) => h,
            None => head(self.tx, "exchange_head")?,
        };
        let rec = LogRecord::seal(seq, hash, at, event);
        self.tx.sql_exec(
            "INSERT INTO exchange_log (seq, at, kind, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                int(rec.seq),
                format_at(&rec.at).into(),
                rec.kind.clone().into(),
                rec.payload.clone().into(),
                rec.prev_hash.to_string().into(),
                rec.hash.to_string().into(),
            ],
        )?;
        self.log_head = Some((rec.seq, rec.hash));
        Ok(rec)
    }

    /// Remembers that message `id` from `from` was accepted with `receipt` (logged at
    /// `log_seq`); `false` when it had been accepted before (nothing is written then).
    pub fn mark_seen(
        &mut self,
        from: &str,
        id: &str,
        keep_until: DateTime<Utc>,
        receipt: &str,
        log_seq: u64,
    ) -> Result<bool, StoreError> {
        let n = self.tx.sql_exec(
            "INSERT INTO exchange_seen (sender, id, keep_until, receipt, log_seq) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sender, id) DO NOTHING",
            &[
                from.into(),
                id.into(),
                format_at(&keep_until).into(),
                receipt.into(),
                int(log_seq),
            ],
        )?;
        Ok(n > 0)
    }

    /// The receipt given for message `id` from `from`, if it was accepted.
    pub fn seen_receipt(&mut self, from: &str, id: &str) -> Result<Option<String>, StoreError> {
        seen_receipt(self.tx, from, id)
    }

    /// Queues an envelope for delivery and logs it as `sent`.
    pub fn enqueue(
        &mut self,
        envelope: &Envelope,
        subject: &str,
        at: DateTime<Utc>,
    ) -> Result<LogRecord, StoreError> {
        let rec = self.log(at, &LogEvent::sent(envelope))?;
        let m = envelope.message();
        self.tx.sql_exec(
            "INSERT INTO exchange_outbox (id, recipient, kind, subject, envelope, expires, queued_at, log_seq) \
             VALUES ($1, $2, $3, $8, $4, $5, $6, $7)",
            &[
                m.id.hyphenated().to_string().into(),
                m.to.as_str().into(),
                m.kind.as_str().into(),
                envelope.as_str().into(),
                format_at(&m.expires).into(),
                format_at(&at).into(),
                int(rec.seq),
                subject.into(),
            ],
        )?;
        Ok(rec)
    }

    /// Records a failed delivery attempt and when to try again.
    pub fn attempt(
        &mut self,
        id: &str,
        attempt: u32,
        at: DateTime<Utc>,
        outcome: &str,
        next_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.tx.sql_exec(
            "INSERT INTO exchange_attempts (id, attempt, at, outcome, next_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id, attempt) DO NOTHING",
            &[
                id.into(),
                SqlValue::Int(i64::from(attempt)),
                format_at(&at).into(),
                outcome.into(),
                format_at(&next_at).into(),
            ],
        )?;
        Ok(())
    }

    /// Ends a delivery (`delivered` with its receipt, or `abandoned`); `false` when it
    /// had ended already.
    pub fn finish(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
        outcome: &str,
        detail: &str,
        receipt: &str,
    ) -> Result<bool, StoreError> {
        let n = self.tx.sql_exec(
            "INSERT INTO exchange_done (id, at, outcome, detail, receipt) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            &[
                id.into(),
                format_at(&at).into(),
                outcome.into(),
                detail.into(),
                receipt.into(),
            ],
        )?;
        Ok(n > 0)
    }

    /// The recipient and subject of a message this node queued, if it did.
    pub fn outbox_entry(&mut self, id: &str) -> Result<Option<(String, String)>, StoreError> {
        let rows = self.tx.sql_rows(
            "SELECT recipient, subject FROM exchange_outbox WHERE id = $1",
            &[id.into()],
        )?;
        rows.first()
            .map(|r| Ok((r[0].text("recipient")?, r[1].text("subject")?)))
            .transpose()
    }

    /// The envelopes still to deliver, as this transaction sees them.
    pub fn pending(&mut self) -> Result<Vec<OutboxItem>, StoreError> {
        pending(self.tx)
    }

    /// Appends a record to the trace log.
    pub fn trace(
        &mut self,
        trace_id: &str,
        at: DateTime<Utc>,
        actor: &str,
        kind: &str,
        payload: &str,
    ) -> Result<TraceRecord, StoreError> {
        let (prev_seq, prev_hash) = match self.trace_head {
            Some(h) => h,
            None => head(self.tx, "trace_head")?,
        };
        let at = DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at);
        let seq = prev_seq + 1;
        let hash = trace_hash(&prev_hash, seq, trace_id, &at, actor, kind, payload);
        self.tx.sql_exec(
            &format!(
                "INSERT INTO trace_log ({TRACE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            ),
            &[
                int(seq),
                trace_id.into(),
                format_at(&at).into(),
                actor.into(),
                kind.into(),
                payload.into(),
                prev_hash.to_string().into(),
                hash.to_string().into(),
            ],
        )?;
        self.trace_head = Some((seq, hash));
        Ok(TraceRecord {
            seq,
            trace_id: trace_id.to_string(),
            at,
            actor: actor.to_string(),
            kind: kind.to_string(),
            payload: payload.to_string(),
            prev_hash,
            hash,
        })
    }

    /// The trace-log records of one case (or all), as this transaction sees them.
    pub fn trace_records(
        &mut self,
        trace_id: Option<&str>,
    ) -> Result<Vec<TraceRecord>, StoreError> {
        trace_records(self.tx, trace_id)
    }
}
