//! The exchange as a story: Kenya's outbox sends trace requests to Uganda's inbox over
//! a network that duplicates, reorders, corrupts and misdelivers. Every message takes
//! effect exactly once, every other delivery is refused with a logged reason, every
//! message ends with a receipt bound to its bytes, and both logs walk.
//!
//! The inbox and outbox here are the smallest ones that follow `docs/exchange.md`; the
//! real ones (HTTP, storage) come later.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    Directory, Envelope, LogEvent, LogRecord, MemoryReplayGuard, NodeIdentity, Rejection,
    issue_receipt, sign, verify, verify_receipt, walk,
};
use chrono::{DateTime, Duration, Utc};
use common::*;
use proptest::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

struct Node {
    me: NodeIdentity,
    dir: Directory,
    guard: MemoryReplayGuard,
    log: Vec<LogRecord>,
    /// Receipts signed, by message id, to answer duplicates with the same receipt.
    receipts: HashMap<Uuid, Envelope>,
    /// Outbox: envelopes sent and not yet confirmed.
    pending: HashMap<Uuid, Envelope>,
}

impl Node {
    fn new(me: NodeIdentity) -> Self {
        Node {
            me,
            dir: directory(),
            guard: MemoryReplayGuard::new(),
            log: Vec::new(),
            receipts: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    fn append(&mut self, now: DateTime<Utc>, event: &LogEvent) {
        let r = LogRecord::after(self.log.last(), now, event);
        self.log.push(r);
    }

    /// The inbox: verify, and answer with a receipt (the stored one for a duplicate).
    fn inbox(&mut self, bytes: &[u8], now: DateTime<Utc>) -> Result<Envelope, Rejection> {
        match verify(bytes, &self.dir, &self.me.node, now, &mut self.guard) {
            Ok(v) => {
                let receipt = issue_receipt(&self.me, &v, now).unwrap();
                self.append(now, &LogEvent::accepted(&v, &receipt));
                self.receipts.insert(v.message().id, receipt.clone());
                Ok(receipt)
            }
            Err(rejection) => {
                self.append(now, &LogEvent::rejected(bytes, &rejection));
                match &rejection {
                    Rejection::Replay { id, .. } => self.receipts.get(id).cloned().ok_or(rejection),
                    _ => Err(rejection),
                }
            }
        }
    }

    fn send(&mut self, message: &armtrace_exchange::Message, now: DateTime<Utc>) -> Envelope {
        let env = sign(&self.me, message).unwrap();
        self.append(now, &LogEvent::sent(&env));
        self.pending.insert(message.id, env.clone());
        env
    }

    /// The outbox takes a receipt: verified, matched to the envelope sent, logged once.
    fn take_receipt(&mut self, receipt: &Envelope, now: DateTime<Utc>) {
        let v = match verify(
            receipt.as_bytes(),
            &self.dir,
            &self.me.node,
            now,
            &mut self.guard,
        ) {
            Ok(v) => v,
            // The same receipt again (answer to a retried duplicate): already confirmed.
            Err(Rejection::Replay { .. }) => return,
            Err(e) => panic!("receipt refused: {e}"),
        };
        let id = serde_json::from_value::<Uuid>(v.message().body["message_id"].clone()).unwrap();
        let sent = self
            .pending
            .remove(&id)
            .expect("a receipt for a message in the outbox");
        let body = verify_receipt(&v, &sent).unwrap();
        self.append(now, &LogEvent::receipt_received(&v, &body));
    }
}

#[derive(Debug, Clone)]
enum Delivery {
    /// The envelope as sent.
    Clean(usize),
    /// The envelope with one byte changed.
    Corrupt(usize, prop::sample::Index, u8),
    /// A copy of the message with the same id that Kenya addressed to Tanzania,
    /// forwarded to Uganda.
    Misdelivered(usize),
}

fn delivery(n: usize) -> impl Strategy<Value = Delivery> {
    prop_oneof![
        4 => (0..n).prop_map(Delivery::Clean),
        2 => (0..n, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, p, v)| Delivery::Corrupt(i, p, v)),
        1 => (0..n).prop_map(Delivery::Misdelivered),
    ]
}

fn count_accepted(log: &[LogRecord], id: Uuid) -> usize {
    log.iter()
        .filter(|r| matches!(r.event().unwrap(), LogEvent::Accepted { message_id, .. } if message_id == id))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_message_takes_effect_exactly_once(
        n in 1usize..5,
        schedule in prop::collection::vec(delivery(4), 0..14),
    ) {
        let mut ke = Node::new(kenya());
        let mut ug = Node::new(uganda());
        let mut now = t0();
        let envs: Vec<Envelope> = (0..n).map(|i| ke.send(&request(i as u128 + 1, "UG", t0()), now)).collect();
        let mut first_receipt: HashMap<Uuid, Envelope> = HashMap::new();
        let mut deliveries = 0;

        let schedule: Vec<Delivery> = schedule
            .into_iter()
            .filter(|d| match d { Delivery::Clean(i) | Delivery::Corrupt(i, ..) | Delivery::Misdelivered(i) => *i < n })
            .collect();
        for d in &schedule {
            now += Duration::seconds(1);
            let bytes = match d {
                Delivery::Clean(i) => envs[*i].as_bytes().to_vec(),
                Delivery::Corrupt(i, pos, v) => {
                    let mut b = envs[*i].as_bytes().to_vec();
                    let p = pos.index(b.len());
                    if b[p] == *v { continue; }
                    b[p] = *v;
                    b
                }
                Delivery::Misdelivered(i) => {
                    let mut m = envs[*i].message().clone();
                    m.to = node("TZ");
                    sign(&kenya(), &m).unwrap().into_string().into_bytes()
                }
            };
            deliveries += 1;
            match ug.inbox(&bytes, now) {
                Ok(receipt) => {
                    prop_assert!(matches!(d, Delivery::Clean(_)), "{d:?} was accepted");
                    let id = envs[match d { Delivery::Clean(i) => *i, _ => unreachable!() }].message().id;
                    // A duplicate is answered with the very receipt of the first delivery.
                    let first = first_receipt.entry(id).or_insert_with(|| receipt.clone());
                    prop_assert_eq!(first.as_str(), receipt.as_str());
                    ke.take_receipt(&receipt, now);
                }
                Err(rejection) => {
                    prop_assert!(!matches!(d, Delivery::Clean(_)) || rejection.code() == "replay", "{rejection}");
                }
            }
        }
        // The outbox retries what is still unconfirmed until the receipt arrives.
        let mut pending: Vec<Envelope> = ke.pending.values().cloned().collect();
        pending.sort_by_key(|e| e.message().id);
        for env in pending {
            now += Duration::seconds(1);
            deliveries += 1;
            let receipt = ug.inbox(env.as_bytes(), now).unwrap();
            ke.take_receipt(&receipt, now);
        }

        prop_assert!(ke.pending.is_empty());
        for env in &envs {
            prop_assert_eq!(count_accepted(&ug.log, env.message().id), 1);
        }
        // One log record per delivery at the inbox, each accepted or refused with a code.
        prop_assert_eq!(ug.log.len(), deliveries);
        for r in &ug.log {
            match r.event().unwrap() {
                LogEvent::Accepted { .. } => {}
                LogEvent::Rejected { code, .. } => prop_assert!(Rejection::CODES.contains(&code.as_str())),
                other => prop_assert!(false, "unexpected {other:?}"),
            }
        }
        // Kenya: n sent, n receipts.
        let receipts = ke.log.iter().filter(|r| r.kind == "receipt_received").count();
        prop_assert_eq!(receipts, n);
        prop_assert_eq!(ke.log.len(), 2 * n);
        prop_assert!(walk(&ug.log).is_ok());
        prop_assert!(walk(&ke.log).is_ok());
    }
}
