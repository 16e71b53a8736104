//! The inbox (`docs/exchange.md` §9): every envelope posted to this node is verified
//! (size, form, signature, a known and unrevoked key of the sender, addressed here, not
//! expired, not seen), its body checked, and, when accepted, stored with its message-log
//! record, its receipt and its effect in one transaction. A duplicate gets the receipt of
//! the first delivery and takes no effect; every refusal is logged with its reason.
//!
//! Accepted messages are committed in groups by one writer thread ([`Committer`]): each
//! request waits for the durable commit of the group it joined, so many senders share one
//! disk flush.

use crate::Node;
use crate::trace;
use armtrace_exchange::{
    GuardError, LogEvent, MessageType, NodeId, Rejection, ReplayGuard, Sighting, TraceAnswerBody,
    TraceRequestBody, Verified, issue_receipt, verify,
};
use armtrace_store::{NodeTx, Store, StoreError};
use chrono::{DateTime, Utc};
use std::sync::mpsc;
use uuid::Uuid;

/// The media type of envelopes and receipts.
pub const JOSE: &str = "application/jose";
/// The media type of refusals (RFC 9457).
pub const PROBLEM: &str = "application/problem+json";

/// What the inbox answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxReply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The body: a receipt, or a problem document.
    pub body: String,
    /// `Retry-After` seconds, for 503.
    pub retry_after: Option<u32>,
    /// The refusal code, when refused (`replay` for a duplicate answered with its
    /// receipt).
    pub code: Option<String>,
}

impl InboxReply {
    fn receipt(receipt: String, code: Option<&str>) -> InboxReply {
        InboxReply {
            status: 200,
            content_type: JOSE,
            body: receipt,
            retry_after: None,
            code: code.map(str::to_string),
        }
    }

    /// A refusal as an RFC 9457 problem document.
    pub fn problem(status: u16, code: &str, detail: &str) -> InboxReply {
        let body = serde_json::json!({
            "type": format!("https://armtrace.invalid/problems/{code}"),
            "title": code.replace('_', " "),
            "status": status,
            "code": code,
            "detail": detail,
        });
        InboxReply {
            status,
            content_type: PROBLEM,
            body: body.to_string(),
            retry_after: (status == 503).then_some(5),
            code: Some(code.to_string()),
        }
    }
}

/// The HTTP status of a rejection (`docs/exchange.md` §9).
pub fn status_of(r: &Rejection) -> u16 {
    match r {
        Rejection::Oversized { .. } => 413,
        Rejection::Malformed(_)
        | Rejection::BadLifetime { .. }
        | Rejection::CreatedInFuture { .. } => 400,
        Rejection::UnknownKey { .. }
        | Rejection::BadSignature { .. }
        | Rejection::SenderMismatch { .. }
        | Rejection::RevokedKey { .. }
        | Rejection::KeyNotValid { .. } => 401,
        Rejection::WrongRecipient { .. } => 421,
        Rejection::Expired { .. } => 410,
        Rejection::Replay { .. } => 200,
        Rejection::ReplayStoreUnavailable(_) => 503,
    }
}

type Work = Box<dyn FnOnce(&mut NodeTx<'_>) -> Result<InboxReply, StoreError> + Send>;
type Job = (Work, tokio::sync::oneshot::Sender<Option<InboxReply>>);

/// The group-commit writer of the inbox: one thread, one transaction per group.
#[derive(Debug)]
pub(crate) struct Committer {
    jobs: std::sync::Mutex<mpsc::Sender<Job>>,
}

/// The largest group committed together.
const MAX_GROUP: usize = 512;

impl Committer {
    pub(crate) fn start(store: Store) -> Committer {
        let (tx, rx) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("armtrace-inbox".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut group = vec![first];
                    while group.len() < MAX_GROUP {
                        match rx.try_recv() {
                            Ok(j) => group.push(j),
                            Err(_) => break,
                        }
                    }
                    let (works, waiters): (Vec<Work>, Vec<_>) = group.into_iter().unzip();
                    let result = store.exchange().write(|tx| {
                        let mut replies = Vec::with_capacity(works.len());
                        for w in works {
                            replies.push(w(tx)?);
                        }
                        Ok(replies)
                    });
                    match result {
                        Ok(replies) => {
                            for (w, r) in waiters.into_iter().zip(replies) {
                                let _ = w.send(Some(r));
                            }
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "inbox: a group of messages could not be stored");
                            for w in waiters {
                                let _ = w.send(None);
                            }
                        }
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "inbox writer thread could not start");
        }
        Committer {
            jobs: std::sync::Mutex::new(tx),
        }
    }

    /// Runs `work` in the next group's transaction; `None` when the group failed.
    pub(crate) async fn run(&self, work: Work) -> Option<InboxReply> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        {
            let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
            if jobs.send((work, tx)).is_err() {
                return None;
            }
        }
        rx.await.ok().flatten()
    }
}

/// The replay guard of [`verify`], read from the store; the transaction that stores a
/// message checks again (two copies may race).
struct StoredGuard<'a>(&'a Store);

impl ReplayGuard for StoredGuard<'_> {
    fn record(
        &mut self,
        from: &NodeId,
        id: Uuid,
        _keep_until: DateTime<Utc>,
    ) -> Result<Sighting, GuardError> {
        match self
            .0
            .exchange()
            .seen_receipt(from.as_str(), &id.hyphenated().to_string())
        {
            Ok(Some(_)) => Ok(Sighting::Again),
            Ok(None) => Ok(Sighting::First),
            Err(e) => Err(GuardError(e.to_string())),
        }
    }
}

/// The `rejected` log event of bytes refused with `code` (the envelope kept when it is
/// UTF-8 text no larger than an envelope may be).
fn refused(bytes: &[u8], code: &str, reason: String) -> LogEvent {
    LogEvent::Rejected {
        sha256: armtrace_exchange::Sha256Digest::of(bytes),
        size: bytes.len(),
        code: code.to_string(),
        reason,
        envelope: (!bytes.is_empty() && bytes.len() <= armtrace_exchange::MAX_ENVELOPE_BYTES)
            .then(|| std::str::from_utf8(bytes).ok().map(str::to_string))
            .flatten(),
    }
}

fn unavailable() -> InboxReply {
    InboxReply::problem(
        503,
        "replay_store_unavailable",
        "the message could not be stored now; send it again later",
    )
}

/// What an accepted message does, checked before it is stored.
enum Effect {
    Request(Box<TraceRequestBody>),
    Answer(Box<TraceAnswerBody>),
}

fn body_of(v: &Verified) -> Result<Effect, String> {
    let m = v.message();
    match m.kind {
        MessageType::TraceRequest => TraceRequestBody::from_body(&m.body)
            .map(|b| Effect::Request(Box::new(b)))
            .map_err(|e| e.to_string()),
        MessageType::TraceAnswer => TraceAnswerBody::from_body(&m.body)
            .map(|b| Effect::Answer(Box::new(b)))
            .map_err(|e| e.to_string()),
        other => Err(format!(
            "a {other} message is not taken at an inbox (receipts come back in the HTTP response; directories are imported by an administrator)"
        )),
    }
}

impl Node {
    /// Handles one envelope posted to the inbox. `content_type` is the request's
    /// `Content-Type`, if any.
    pub async fn receive(&self, bytes: Vec<u8>, content_type: Option<&str>) -> InboxReply {
        let media_ok = content_type.is_some_and(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(JOSE)
        });
        let node = self.clone();
        let now = Utc::now();
        if !media_ok {
            let detail = format!(
                "send the envelope as the body with Content-Type: {JOSE} (got {})",
                content_type.unwrap_or("none")
            );
            return self
                .log_refusal(bytes, "unsupported_media_type", detail, 415, now)
                .await;
        }
        // Verification (signature, directory, guard) is CPU and reads: off the runtime.
        let checked = tokio::task::spawn_blocking(move || {
            let dir = node.directory();
            let me = node.id().clone();
            let result = verify(&bytes, &dir, &me, now, &mut StoredGuard(node.store()));
            (bytes, result)
        })
        .await;
        let Ok((bytes, result)) = checked else {
            return unavailable();
        };
        match result {
            Err(Rejection::Replay { from, id }) => self.answer_replay(bytes, from, id, now).await,
            Err(r) => {
                let status = status_of(&r);
                let code = r.code();
                let detail = r.to_string();
                self.log_refusal(bytes, code, detail, status, now).await
            }
            Ok(v) => match body_of(&v) {
                Err(detail) => {
                    self.log_refusal(bytes, "body_invalid", detail, 400, now)
                        .await
                }
                Ok(effect) => self.accept(v, effect, now).await,
            },
        }
    }

    /// Refuses a request whose body could not be read at all (too large to take, or
    /// broken off): logged as `rejected` with the digest of nothing and the reason.
    pub async fn refuse_unread(&self, status: u16, code: &str, detail: String) -> InboxReply {
        self.log_refusal(Vec::new(), code, detail, status, Utc::now())
            .await
    }

    async fn log_refusal(
        &self,
        bytes: Vec<u8>,
        code: &str,
        detail: String,
        status: u16,
        now: DateTime<Utc>,
    ) -> InboxReply {
        let reply = InboxReply::problem(status, code, &detail);
        let event = refused(&bytes, code, detail);
        tracing::info!(code, status, "inbox: envelope refused");
        let logged = reply.clone();
        self.inner
            .committer
            .run(Box::new(move |tx| {
                tx.log(now, &event)?;
                Ok(logged)
            }))
            .await
            .unwrap_or_else(unavailable)
    }

    async fn answer_replay(
        &self,
        bytes: Vec<u8>,
        from: NodeId,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> InboxReply {
        let event = LogEvent::rejected(
            &bytes,
            &Rejection::Replay {
                from: from.clone(),
                id,
            },
        );
        self.inner
            .committer
            .run(Box::new(move |tx| {
                tx.log(now, &event)?;
                let receipt = tx.seen_receipt(from.as_str(), &id.hyphenated().to_string())?;
                Ok(match receipt {
                    Some(r) => InboxReply::receipt(r, Some("replay")),
                    None => unavailable(),
                })
            }))
            .await
            .unwrap_or_else(unavailable)
    }

    async fn accept(&self, v: Verified, effect: Effect, now: DateTime<Utc>) -> InboxReply {
        let receipt = match issue_receipt(&self.identity(), &v, now) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "inbox: receipt could not be signed");
                return unavailable();
            }
        };
        let created = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
        let slot = created.clone();
        let reply = self
            .inner
            .committer
            .run(Box::new(move |tx| {
                let m = v.message();
                let id = m.id.hyphenated().to_string();
                if let Some(first) = tx.seen_receipt(m.from.as_str(), &id)? {
                    // A copy accepted in this very group or just before.
                    let dup = LogEvent::rejected(
                        v.envelope().as_bytes(),
                        &Rejection::Replay {
                            from: m.from.clone(),
                            id: m.id,
                        },
                    );
                    tx.log(now, &dup)?;
                    return Ok(InboxReply::receipt(first, Some("replay")));
                }
                // The effect is checked first: a refused body leaves no id recorded.
                let applied = match &effect {
                    Effect::Request(body) => trace::on_request(tx, &v, body, now)?.map(Some),
                    Effect::Answer(body) => trace::on_answer(tx, &v, body, now)?.map(|_| None),
                };
                if let Ok(Some(trace_id)) = &applied {
                    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(trace_id.clone());
                }
                if let Err(detail) = applied {
                    let event = refused(v.envelope().as_bytes(), "body_invalid", detail.clone());
                    tx.log(now, &event)?;
                    return Ok(InboxReply::problem(400, "body_invalid", &detail));
                }
                let rec = tx.log(now, &LogEvent::accepted(&v, &receipt))?;
                tx.mark_seen(m.from.as_str(), &id, m.expires, receipt.as_str(), rec.seq)?;
                Ok(InboxReply::receipt(receipt.as_str().to_string(), None))
            }))
            .await
            .unwrap_or_else(unavailable);
        if reply.status == 200 && reply.code.is_none() {
            // A new request: its answer is drafted from the registry, after the receipt.
            if let Some(id) = created.lock().unwrap_or_else(|p| p.into_inner()).take() {
                self.inner.drafter.queue(id);
            }
        }
        reply
    }
}
