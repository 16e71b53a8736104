//! The hash-chained message log: the documented hash layout, and the first break found
//! for every kind of tampering.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::log::{LOG_HASH_PREFIX, record_hash};
use armtrace_exchange::{
    LogBreak, LogEvent, LogRecord, LogWalker, MemoryReplayGuard, Rejection, Sha256Digest,
    receipt_message, sign, verify, walk,
};
use chrono::Duration;
use common::*;
use proptest::prelude::*;
use sha2::{Digest as _, Sha256};

/// A small log on Uganda's side: one accepted message, one refused, one sent.
fn events() -> Vec<LogEvent> {
    let sent = sign(&kenya(), &request(1, "UG", t0())).unwrap();
    let now = t0() + Duration::minutes(1);
    let got = verify(
        sent.as_bytes(),
        &directory(),
        &node("UG"),
        now,
        &mut MemoryReplayGuard::new(),
    )
    .unwrap();
    // A fixed receipt id, so that the events are the same every time.
    let receipt = receipt_message(&node("UG"), &got, uuid::Uuid::from_u128(7), now);
    let receipt = sign(&uganda(), &receipt).unwrap();
    let mut answer = request(2, "KE", now);
    answer.from = node("UG");
    answer.kind = armtrace_exchange::MessageType::TraceAnswer;
    let answer = sign(&uganda(), &answer).unwrap();
    vec![
        LogEvent::accepted(&got, &receipt),
        LogEvent::rejected(b"garbage", &Rejection::Malformed("x".into())),
        LogEvent::rejected(&[0xff, 0xfe], &Rejection::Malformed("not text".into())),
        LogEvent::sent(&answer),
    ]
}

fn chain() -> Vec<LogRecord> {
    let mut out: Vec<LogRecord> = Vec::new();
    for (i, e) in events().iter().enumerate() {
        let at = t0() + Duration::milliseconds(1500 * i as i64 + 1);
        let r = LogRecord::after(out.last(), at, e);
        out.push(r);
    }
    out
}

#[test]
fn an_intact_log_walks_to_its_head() {
    let log = chain();
    let head = walk(&log).unwrap();
    assert_eq!(head, (4, log[3].hash));
    assert_eq!(walk(&[]).unwrap(), (0, Sha256Digest::ZERO));
    let mut w = LogWalker::default();
    for r in &log {
        w.step(r).unwrap();
    }
    w.finish(4, log[3].hash).unwrap();
    // Resuming after record 2 walks the rest.
    let mut w = LogWalker::resume(2, log[1].hash);
    w.step(&log[2]).unwrap();
    w.step(&log[3]).unwrap();
    assert_eq!(w.head(), head);
}

#[test]
fn hash_layout_is_as_documented() {
    let r = &chain()[0];
    let mut h = Sha256::new();
    h.update(b"armtrace-exchange-log-v1");
    h.update([0u8; 32]);
    h.update(1u64.to_be_bytes());
    for f in [
        "2026-05-04T09:30:00.001000Z",
        r.kind.as_str(),
        r.payload.as_str(),
    ] {
        h.update((f.len() as u32).to_be_bytes());
        h.update(f.as_bytes());
    }
    let expected = Sha256Digest(h.finalize().into());
    assert_eq!(LOG_HASH_PREFIX, b"armtrace-exchange-log-v1");
    assert_eq!(r.hash, expected);
    assert_eq!(
        record_hash(&r.prev_hash, r.seq, &r.at, &r.kind, &r.payload),
        expected
    );
    assert_eq!(r.kind, "accepted");
    assert!(
        r.payload.starts_with(
            r#"{"event":"accepted","message_id":"00000000-0000-0000-0000-000000000001""#
        )
    );
}

#[test]
fn events_read_back_and_keep_envelopes_verbatim() {
    let log = chain();
    let evs = events();
    for (r, e) in log.iter().zip(&evs) {
        assert_eq!(&r.event().unwrap(), e);
    }
    match &evs[1] {
        LogEvent::Rejected {
            envelope,
            code,
            size,
            ..
        } => {
            assert_eq!(envelope.as_deref(), Some("garbage"));
            assert_eq!(code, "malformed");
            assert_eq!(*size, 7);
        }
        other => panic!("{other:?}"),
    }
    match &evs[2] {
        LogEvent::Rejected { envelope, .. } => assert_eq!(envelope, &None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn altered_content_is_found() {
    let mut log = chain();
    log[1].payload = log[1].payload.replace("garbage", "garbagf");
    assert!(matches!(walk(&log), Err(LogBreak::Content { seq: 2, .. })));
}

#[test]
fn removed_or_inserted_records_are_found() {
    let mut log = chain();
    log.remove(1);
    assert_eq!(
        walk(&log).unwrap_err(),
        LogBreak::Sequence {
            expected: 2,
            found: 3
        }
    );
    let mut log = chain();
    let dup = log[1].clone();
    log.insert(2, dup);
    assert!(matches!(
        walk(&log),
        Err(LogBreak::Sequence {
            expected: 3,
            found: 2
        })
    ));
}

#[test]
fn a_resealed_record_breaks_the_next_link() {
    let mut log = chain();
    // Someone rewrites record 2 and recomputes its hash: record 3 no longer links.
    let forged = LogEvent::rejected(b"innocent", &Rejection::Malformed("x".into()));
    log[1] = LogRecord::seal(1, log[0].hash, log[1].at, &forged);
    assert!(matches!(walk(&log), Err(LogBreak::Link { seq: 3, .. })));
}

#[test]
fn truncation_is_found_against_the_recorded_head() {
    let log = chain();
    let (seq, hash) = (log[3].seq, log[3].hash);
    let head = walk(&log[..3]).unwrap();
    let mut w = LogWalker::resume(head.0, head.1);
    let e = w.finish(seq, hash).unwrap_err();
    assert!(matches!(
        e,
        LogBreak::Head {
            head_seq: 4,
            found_seq: 3,
            ..
        }
    ));
    let _ = &mut w;
}

#[test]
fn a_payload_of_another_kind_is_found() {
    let mut log = chain();
    let r = &mut log[1];
    r.kind = "sent".into();
    r.hash = record_hash(&r.prev_hash, r.seq, &r.at, &r.kind, &r.payload);
    let next_prev = r.hash;
    log[2].prev_hash = next_prev;
    assert!(matches!(
        walk(&log[..2]),
        Err(LogBreak::Payload { seq: 2, .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any one byte of any record's kind or payload changed: the walk stops there.
    #[test]
    fn any_changed_byte_is_found(which in 0usize..4, in_kind in any::<bool>(), pos in any::<prop::sample::Index>(), value in any::<u8>()) {
        let mut log = chain();
        let r = &mut log[which];
        let field = if in_kind { &mut r.kind } else { &mut r.payload };
        let mut bytes = field.clone().into_bytes();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != value);
        bytes[i] = value;
        // Only changes that are still text can be stored in a text column.
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        *field = text;
        let e = walk(&log).unwrap_err();
        prop_assert!(matches!(e, LogBreak::Content { seq, .. } if seq == which as u64 + 1), "{e:?}");
    }
}
