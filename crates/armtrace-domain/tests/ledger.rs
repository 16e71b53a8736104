//! The ledger's hash chain (PoA II.9, `002_a5a242391c6e9d2d.txt`: accurate records kept
//! for as long as possible; ITI plan A.2, `001_457efa9667c1123e.txt`): sealed entries walk
//! clean, and any change to any field of any entry, any removal, insertion or swap, and a
//! cut tail, is caught at exactly the entry where it happened.

use armtrace_domain::ledger::{ChainBreak, ChainWalker, Entry, EntryHash, Record, Registration};
use armtrace_domain::{
    Category, EntryId, EventId, EventKind, Holder, HolderId, HolderKind, Occurred,
    WeaponDescription, WeaponEvent, WeaponId,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    "2024-03-01T10:00:00.123456Z".parse().expect("a time")
}

fn holder(n: u128, name: &str) -> Record {
    Record::HolderRegistered(Holder {
        id: HolderId(Uuid::from_u128(n)),
        code: format!("DEPOT-{n}"),
        kind: HolderKind::Depot,
        name: name.to_string(),
        parent: None,
        country: None,
        licence: None,
    })
}

fn registration(n: u128, serial: &str) -> Record {
    Record::WeaponRegistered(Registration {
        id: EventId(Uuid::from_u128(0x1000 + n)),
        weapon: WeaponId(Uuid::from_u128(0x2000 + n)),
        description: WeaponDescription {
            category: Category::AssaultRifle,
            make: "Izhmash".into(),
            model: "AK-74M".into(),
            calibre: "5.45x39mm".into(),
            serial: serial.to_string(),
            country_of_manufacture: "RU".parse().ok(),
            year_of_manufacture: Some(1998),
            markings: Vec::new(),
        },
        status: None,
        holder: None,
        registered_on: NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date"),
    })
}

fn event(n: u128, notes: &str) -> Record {
    let mut e = WeaponEvent::new(
        WeaponId(Uuid::from_u128(0x2000 + n)),
        EventKind::ReportedLost,
        Occurred::Date(NaiveDate::from_ymd_opt(2021, 5, 17).expect("a date")),
    );
    e.id = EventId(Uuid::from_u128(0x3000 + n));
    e.notes = Some(notes.to_string());
    Record::WeaponEvent(e)
}

/// Seals records one after another, as the store does.
fn seal_all(records: &[(Record, String, DateTime<Utc>)]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (record, author, at) in records {
        let (seq, hash) = out
            .last()
            .map(|e| (e.seq, e.hash))
            .unwrap_or((0, EntryHash::GENESIS));
        out.push(Entry::seal(seq, hash, *at, author, record));
    }
    out
}

/// A chain of `n` entries of every record type, by two authors.
fn chain(n: usize) -> Vec<Entry> {
    let records: Vec<(Record, String, DateTime<Utc>)> = (0..n)
        .map(|i| {
            let k = i as u128;
            let record = match i % 3 {
                0 => holder(k, &format!("Depot {i}")),
                1 => registration(k, &format!("ВА {i:04}")),
                _ => event(k, "lost on patrol"),
            };
            let author = if i % 2 == 0 { "registrar" } else { "clerk-2" };
            (
                record,
                author.to_string(),
                t0() + Duration::seconds(i as i64),
            )
        })
        .collect();
    seal_all(&records)
}

/// Walks entries and then checks the recorded head; returns the first break.
fn walk(entries: &[Entry], head: (u64, EntryHash)) -> Result<(), ChainBreak> {
    let mut w = ChainWalker::default();
    for e in entries {
        w.step(e)?;
    }
    w.finish(head.0, head.1)
}

fn head(entries: &[Entry]) -> (u64, EntryHash) {
    entries
        .last()
        .map(|e| (e.seq, e.hash))
        .unwrap_or((0, EntryHash::GENESIS))
}

/// The seq of the break, whatever its kind.
fn at(b: &ChainBreak) -> u64 {
    match b {
        ChainBreak::Sequence { found, .. } => *found,
        ChainBreak::Link { seq, .. }
        | ChainBreak::Content { seq, .. }
        | ChainBreak::Payload { seq, .. } => *seq,
        ChainBreak::Head { found_seq, .. } => *found_seq,
    }
}

/// The fields of an entry, and how to change each.
const FIELDS: [&str; 8] = [
    "seq",
    "id",
    "recorded_at",
    "recorded_by",
    "kind",
    "payload",
    "prev_hash",
    "hash",
];

fn tamper(e: &mut Entry, field: &str) {
    match field {
        "seq" => e.seq += 1000,
        "id" => e.id = EntryId(Uuid::from_u128(e.id.0.as_u128() ^ 1)),
        // One microsecond: the smallest difference the ledger keeps.
        "recorded_at" => e.recorded_at += Duration::microseconds(1),
        "recorded_by" => e.recorded_by.push('x'),
        "kind" => {
            e.kind = if e.kind == "weapon_event" {
                "holder_registered".into()
            } else {
                "weapon_event".into()
            }
        }
        // A one-byte change that still parses as the same record type.
        "payload" => e.payload = e.payload.replacen("\"type\"", "\"type\" ", 1),
        "prev_hash" => e.prev_hash.0[31] ^= 1,
        "hash" => e.hash.0[0] ^= 0x80,
        other => panic!("no field {other}"),
    }
}

/// What break a change to `field` of entry `seq` must give.
fn expected_break(original: &Entry, tampered: &Entry, field: &str) -> ChainBreak {
    match field {
        "seq" => ChainBreak::Sequence {
            expected: original.seq,
            found: tampered.seq,
        },
        "prev_hash" => ChainBreak::Link {
            seq: original.seq,
            expected: original.prev_hash,
            found: tampered.prev_hash,
        },
        _ => ChainBreak::Content {
            seq: original.seq,
            computed: tampered.computed_hash(),
            stored: tampered.hash,
        },
    }
}

#[test]
fn a_sealed_chain_walks_clean() {
    for n in [0, 1, 2, 7, 50] {
        let entries = chain(n);
        assert_eq!(walk(&entries, head(&entries)), Ok(()), "{n} entries");
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e.seq, i as u64 + 1, "positions from 1, without gaps");
            assert_eq!(e.computed_hash(), e.hash);
            assert!(e.record().is_ok());
        }
        if let Some(first) = entries.first() {
            assert_eq!(first.prev_hash, EntryHash::GENESIS);
        }
        for pair in entries.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
    }
}

#[test]
fn the_entry_id_is_the_records_own_id() {
    let entries = chain(3);
    assert_eq!(entries[0].id, EntryId(Uuid::from_u128(0)));
    assert_eq!(entries[1].id, EntryId(Uuid::from_u128(0x1001)));
    assert_eq!(entries[2].id, EntryId(Uuid::from_u128(0x3002)));
    assert_eq!(
        entries.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["holder_registered", "weapon_registered", "weapon_event"]
    );
}

#[test]
fn a_change_to_any_field_of_any_entry_is_caught_at_that_entry() {
    let entries = chain(9);
    for i in 0..entries.len() {
        for field in FIELDS {
            let mut copy = entries.clone();
            tamper(&mut copy[i], field);
            assert_ne!(
                copy[i],
                entries[i],
                "{field} of entry {} was not changed",
                i + 1
            );
            let got = walk(&copy, head(&entries));
            let want = expected_break(&entries[i], &copy[i], field);
            assert_eq!(got, Err(want), "{field} of entry {}", i + 1);
        }
    }
}

#[test]
fn an_edit_with_its_hash_recomputed_breaks_the_link_of_the_next_entry() {
    let entries = chain(6);
    let mut copy = entries.clone();
    copy[2].recorded_by = "mallory".into();
    copy[2].hash = copy[2].computed_hash();
    assert_eq!(
        walk(&copy, head(&entries)),
        Err(ChainBreak::Link {
            seq: 4,
            expected: copy[2].hash,
            found: entries[2].hash
        })
    );
}

#[test]
fn rehashing_the_whole_chain_after_an_edit_is_caught_by_the_recorded_head() {
    // Why the head is recorded outside the store (printed, signed, sent to an auditor).
    let entries = chain(6);
    let mut copy = entries.clone();
    assert!(copy[1].payload.contains("ВА 0001"));
    copy[1].payload = copy[1].payload.replace("ВА 0001", "ВА 0007");
    let mut prev = copy[0].hash;
    for e in &mut copy[1..] {
        e.prev_hash = prev;
        e.hash = e.computed_hash();
        prev = e.hash;
    }
    let got = walk(&copy, head(&entries));
    assert!(
        matches!(
            got,
            Err(ChainBreak::Head {
                head_seq: 6,
                found_seq: 6,
                ..
            })
        ),
        "{got:?}"
    );
}

#[test]
fn the_fields_are_framed_so_bytes_cannot_move_between_them() {
    let record = holder(1, "Depot");
    let a = Entry::seal(0, EntryHash::GENESIS, t0(), "ab", &record);
    let mut b = a.clone();
    b.recorded_by = "a".into();
    b.kind = format!("b{}", a.kind);
    assert_ne!(b.computed_hash(), a.hash);
}

#[test]
fn a_removed_entry_is_caught_where_it_was() {
    let entries = chain(8);
    for i in 0..entries.len() - 1 {
        let mut copy = entries.clone();
        copy.remove(i);
        let got = walk(&copy, head(&entries));
        assert_eq!(
            got,
            Err(ChainBreak::Sequence {
                expected: i as u64 + 1,
                found: i as u64 + 2
            }),
            "entry {}",
            i + 1
        );
    }
}

#[test]
fn swapped_entries_are_caught_at_the_first_of_them() {
    let entries = chain(8);
    for i in 0..entries.len() - 1 {
        let mut copy = entries.clone();
        copy.swap(i, i + 1);
        let got = walk(&copy, head(&entries));
        assert_eq!(
            got,
            Err(ChainBreak::Sequence {
                expected: i as u64 + 1,
                found: i as u64 + 2
            }),
            "entries {}/{}",
            i + 1,
            i + 2
        );
        // Renumbered to hide the swap: the links give it away.
        copy[i].seq = i as u64 + 1;
        copy[i + 1].seq = i as u64 + 2;
        let got = walk(&copy, head(&entries)).expect_err("a swap");
        assert_eq!(at(&got), i as u64 + 1, "{got:?}");
    }
}

#[test]
fn an_inserted_or_repeated_entry_is_caught() {
    let entries = chain(5);
    let mut copy = entries.clone();
    copy.insert(3, entries[2].clone());
    assert_eq!(
        walk(&copy, head(&entries)),
        Err(ChainBreak::Sequence {
            expected: 4,
            found: 3
        })
    );
    // A forged entry sealed onto entry 2, with the rest renumbered.
    let mut copy = entries.clone();
    let forged = Entry::seal(2, entries[1].hash, t0(), "mallory", &event(99, "forged"));
    copy.insert(2, forged);
    for (i, e) in copy.iter_mut().enumerate().skip(3) {
        e.seq = i as u64 + 1;
    }
    let got = walk(&copy, head(&entries)).expect_err("an insertion");
    assert_eq!(at(&got), 4, "{got:?}");
}

#[test]
fn finish_catches_a_truncated_tail() {
    let entries = chain(7);
    for keep in 0..entries.len() {
        let got = walk(&entries[..keep], head(&entries));
        let (found_seq, found_hash) = head(&entries[..keep]);
        assert_eq!(
            got,
            Err(ChainBreak::Head {
                head_seq: 7,
                head_hash: entries[6].hash,
                found_seq,
                found_hash
            }),
            "kept {keep}"
        );
    }
}

#[test]
fn finish_catches_entries_added_behind_the_applications_back() {
    let entries = chain(7);
    let recorded = head(&entries[..5]);
    let got = walk(&entries, recorded);
    assert!(
        matches!(
            got,
            Err(ChainBreak::Head {
                head_seq: 5,
                found_seq: 7,
                ..
            })
        ),
        "{got:?}"
    );
}

#[test]
fn a_walk_can_resume_after_a_known_entry() {
    let entries = chain(10);
    let mut w = ChainWalker::resume(entries[3].seq, entries[3].hash);
    for e in &entries[4..] {
        w.step(e).expect("the rest of the chain");
    }
    assert_eq!(w.head(), head(&entries));
    // Resuming from the wrong hash breaks at once.
    let mut w = ChainWalker::resume(entries[3].seq, entries[2].hash);
    assert!(matches!(
        w.step(&entries[4]),
        Err(ChainBreak::Link { seq: 5, .. })
    ));
}

#[test]
fn a_failed_step_does_not_advance_the_walk() {
    let entries = chain(3);
    let mut w = ChainWalker::default();
    w.step(&entries[0]).expect("first");
    let mut bad = entries[1].clone();
    bad.payload.push(' ');
    assert!(w.step(&bad).is_err());
    assert_eq!(w.head(), (1, entries[0].hash));
    w.step(&entries[1])
        .expect("the true second entry still fits");
}

#[test]
fn recorded_at_is_kept_to_the_microsecond() {
    let record = holder(1, "Depot");
    let at = t0() + Duration::nanoseconds(789);
    let e = Entry::seal(0, EntryHash::GENESIS, at, "registrar", &record);
    assert_eq!(
        e.recorded_at,
        t0(),
        "nanoseconds are dropped before hashing"
    );
    assert_eq!(e.computed_hash(), e.hash);
}

#[test]
fn entries_survive_a_json_round_trip() {
    // The JSON Lines export (docs/import-format.md) must re-walk on the other side.
    let entries = chain(12);
    let back: Vec<Entry> = entries
        .iter()
        .map(|e| {
            serde_json::to_string(e)
                .and_then(|s| serde_json::from_str(&s))
                .expect("round trip")
        })
        .collect();
    assert_eq!(back, entries);
    assert_eq!(walk(&back, head(&entries)), Ok(()));
}

#[test]
fn hashes_read_back_from_their_text() {
    let entries = chain(2);
    let text = entries[1].hash.to_string();
    assert_eq!(text.len(), 64);
    assert_eq!(text.parse::<EntryHash>(), Ok(entries[1].hash));
    for bad in ["", "00", &text[1..], &format!("{}g", &text[1..])] {
        assert!(bad.parse::<EntryHash>().is_err(), "{bad}");
    }
}

fn arbitrary_record() -> impl Strategy<Value = Record> {
    prop_oneof![
        (any::<u128>(), "\\PC{1,40}").prop_map(|(n, name)| holder(n, &name)),
        (any::<u128>(), "\\PC{0,30}").prop_map(|(n, serial)| registration(n, &serial)),
        (any::<u128>(), any::<String>()).prop_map(|(n, notes)| event(n, &notes)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any records by any authors at any times seal into a chain that walks clean, and a
    /// change to any field of any of its entries is caught at that entry.
    #[test]
    fn any_chain_walks_and_any_change_is_caught_where_it_is_made(
        records in prop::collection::vec((arbitrary_record(), any::<String>(), 0i64..4_000_000_000_000_000), 1..12),
        pick in any::<prop::sample::Index>(),
        field in prop::sample::select(FIELDS.to_vec()),
    ) {
        let records: Vec<(Record, String, DateTime<Utc>)> = records
            .into_iter()
            .map(|(r, author, micros)| (r, author, DateTime::from_timestamp_micros(micros).unwrap_or_default()))
            .collect();
        let entries = seal_all(&records);
        prop_assert_eq!(walk(&entries, head(&entries)), Ok(()));
        for (e, (r, _, _)) in entries.iter().zip(&records) {
            prop_assert_eq!(&e.record().expect("the payload reads back"), r);
        }
        let i = pick.index(entries.len());
        let mut copy = entries.clone();
        tamper(&mut copy[i], field);
        prop_assume!(copy[i] != entries[i]);
        let want = expected_break(&entries[i], &copy[i], field);
        prop_assert_eq!(walk(&copy, head(&entries)), Err(want));
    }
}
