//! The outbox (`docs/exchange.md` §10): every envelope this node queued is posted to the
//! recipient's inbox until a receipt that verifies (§5) arrives, with exponential
//! backoff and full jitter between attempts, across restarts (the queue is in the
//! store); it is given up only when it expires or the recipient refuses it for good.

use crate::trace;
use crate::{Node, inbox_url_allowed};
use armtrace_exchange::{Envelope, LogEvent, MemoryReplayGuard, verify, verify_receipt};
use armtrace_store::{OutboxItem, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How many deliveries run at once.
const PARALLEL: usize = 16;

/// What one attempt came to.
#[derive(Debug)]
enum Attempt {
    /// The receipt (verified).
    Delivered { receipt: String, sha256: String },
    /// Try again later.
    Retry(String),
    /// Try again, not before this many seconds (`429`/`503` with `Retry-After`).
    RetryAfter(String, u64),
    /// Refused for good.
    Refused { code: String, reason: String },
}

/// Codes a receiver may answer that are worth another attempt.
const RETRYABLE: &[&str] = &["replay_store_unavailable"];

impl Node {
    /// Runs the outbox until the task is dropped: delivers what is due, sleeps until the
    /// next attempt is due or something is queued.
    pub async fn run_outbox(self) {
        let in_flight: Arc<Mutex<HashSet<String>>> = Arc::default();
        let limit = Arc::new(tokio::sync::Semaphore::new(PARALLEL));
        loop {
            let store = self.store().clone();
            let pending = tokio::task::spawn_blocking(move || store.exchange().pending()).await;
            let now = Utc::now();
            let mut next_due: Option<DateTime<Utc>> = None;
            match pending {
                Ok(Ok(items)) => {
                    for item in items {
                        if in_flight
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .contains(&item.id)
                        {
                            continue;
                        }
                        if item.next_at > now {
                            next_due = Some(next_due.map_or(item.next_at, |d| d.min(item.next_at)));
                            continue;
                        }
                        in_flight
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(item.id.clone());
                        let Ok(permit) = limit.clone().acquire_owned().await else {
                            return;
                        };
                        let node = self.clone();
                        let flying = in_flight.clone();
                        tokio::spawn(async move {
                            let id = item.id.clone();
                            node.deliver(item).await;
                            flying.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
                            drop(permit);
                            node.wake_outbox();
                        });
                    }
                }
                Ok(Err(e)) => tracing::error!(error = %e, "outbox: the queue could not be read"),
                Err(e) => tracing::error!(error = %e, "outbox: task failed"),
            }
            let wait = next_due
                .map(|d| (d - Utc::now()).to_std().unwrap_or(Duration::ZERO))
                .unwrap_or(Duration::from_secs(1))
                .min(Duration::from_secs(1));
            tokio::select! {
                () = self.inner.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One attempt at one envelope, and what it leads to, stored.
    async fn deliver(&self, item: OutboxItem) {
        let now = Utc::now();
        let outcome = if item.expires <= now {
            Attempt::Refused {
                code: "expired".into(),
                reason: format!("not delivered before it expired at {}", item.expires),
            }
        } else {
            self.post(&item).await
        };
        let node = self.clone();
        let stored = tokio::task::spawn_blocking(move || node.settle(&item, outcome)).await;
        match stored {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::error!(error = %e, "outbox: the outcome could not be stored; the attempt will be repeated")
            }
            Err(e) => tracing::error!(error = %e, "outbox: task failed"),
        }
    }

    async fn post(&self, item: &OutboxItem) -> Attempt {
        let Ok(to) = item.recipient.parse::<armtrace_exchange::NodeId>() else {
            return Attempt::Refused {
                code: "unknown_recipient".into(),
                reason: format!("'{}' is not a node id", item.recipient),
            };
        };
        let dir = self.directory();
        let Some(entry) = dir.entry(&to) else {
            return Attempt::Retry(format!(
                "{to} is not in the directory (version {}): waiting for a directory that lists it",
                dir.version
            ));
        };
        if !inbox_url_allowed(&entry.inbox) {
            return Attempt::Refused {
                code: "inbox_not_allowed".into(),
                reason: format!(
                    "the inbox {} is neither https:// nor on this machine's loopback",
                    entry.inbox
                ),
            };
        }
        let response = self
            .inner
            .client
            .post(&entry.inbox)
            .header("content-type", crate::inbox::JOSE)
            .body(item.envelope.clone())
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            Err(e) => return Attempt::Retry(format!("network: {e}")),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = match response.text().await {
            Ok(b) => b,
            Err(e) => return Attempt::Retry(format!("network: {e}")),
        };
        if status == 200 {
            return self.check_receipt(item, &body);
        }
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let code = problem
            .get("code")
            .and_then(|c| c.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("http_{status}"));
        let detail = problem
            .get("detail")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .chars()
            .take(1000)
            .collect::<String>();
        if status >= 500 || status == 429 || RETRYABLE.contains(&code.as_str()) {
            let why = format!("{status} {code}: {detail}");
            match retry_after {
                Some(secs) => Attempt::RetryAfter(why, secs.min(3600)),
                None => Attempt::Retry(why),
            }
        } else {
            Attempt::Refused {
                code,
                reason: detail,
            }
        }
    }

    fn check_receipt(&self, item: &OutboxItem, body: &str) -> Attempt {
        let dir = self.directory();
        let receipt = match verify(
            body.as_bytes(),
            &dir,
            self.id(),
            Utc::now(),
            &mut MemoryReplayGuard::new(),
        ) {
            Ok(v) => v,
            Err(e) => return Attempt::Retry(format!("the receipt does not verify: {e}")),
        };
        let Ok(sent) = Envelope::decode_unverified(&item.envelope) else {
            return Attempt::Refused {
                code: "damaged".into(),
                reason: "the queued envelope cannot be read back".into(),
            };
        };
        match verify_receipt(&receipt, &sent) {
            Ok(_) => Attempt::Delivered {
                receipt: receipt.envelope().as_str().to_string(),
                sha256: receipt.sha256().to_string(),
            },
            Err(e) => Attempt::Refused {
                code: e.code().to_string(),
                reason: e.to_string(),
            },
        }
    }

    /// Stores what an attempt came to, with its effect on the trace case.
    fn settle(&self, item: &OutboxItem, outcome: Attempt) -> Result<(), StoreError> {
        let now = Utc::now();
        let sent = Envelope::decode_unverified(&item.envelope).ok();
        self.store().exchange().write(|tx| {
            match &outcome {
                Attempt::Delivered { receipt, sha256 } => {
                    let dir = self.directory();
                    let v = verify(
                        receipt.as_bytes(),
                        &dir,
                        self.id(),
                        now,
                        &mut MemoryReplayGuard::new(),
                    );
                    if let (Ok(v), Some(sent)) = (v, &sent)
                        && let Ok(body) = verify_receipt(&v, sent)
                        && tx.finish(&item.id, now, "delivered", "", receipt)?
                    {
                        tx.log(now, &LogEvent::receipt_received(&v, &body))?;
                        trace::on_delivered(tx, &item.subject, &item.id, sha256, now)?;
                    }
                }
                Attempt::Retry(why) | Attempt::RetryAfter(why, _) => {
                    let attempt = item.attempts + 1;
                    let mut delay = self.inner.backoff.delay(attempt, rand::random::<f64>());
                    if let Attempt::RetryAfter(_, secs) = &outcome {
                        delay = delay.max(Duration::from_secs(*secs));
                    }
                    // Never past the expiry (§10): it is abandoned then, not later.
                    let next = (now
                        + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1)))
                    .min(item.expires);
                    tx.attempt(&item.id, attempt, now, why, next)?;
                    tracing::info!(message = %item.id, to = %item.recipient, attempt, %why, "delivery failed; will retry");
                }
                Attempt::Refused { code, reason } => {
                    if tx.finish(&item.id, now, "abandoned", &format!("{code}: {reason}"), "")? {
                        if let Some(sent) = &sent {
                            tx.log(now, &LogEvent::abandoned(sent, code, reason))?;
                        }
                        trace::on_abandoned(tx, &item.subject, &item.id, code, reason, now)?;
                    }
                    tracing::warn!(message = %item.id, to = %item.recipient, %code, %reason, "delivery abandoned");
                }
            }
            Ok(())
        })
    }
}
