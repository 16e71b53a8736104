//! Weapon histories: what [`derive`] makes of a registration and its events — status,
//! holder, location, markings and deficiencies — and the rules it keeps, each test citing
//! the paragraph of the source texts the rule comes from (PoA = Programme of Action,
//! `002_a5a242391c6e9d2d.txt`; ITI plan = `001_457efa9667c1123e.txt`).
//!
//! Every test goes through [`check`]: a registration, a list of events, and the holders
//! of one small fixed world ([`holder_kind`]).

use armtrace_domain::event::CorrectionOf;
use armtrace_domain::state::{HistoryError, check_event_fields, deficiencies, derive};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    Category, CountryCode, DestructionMethod, EventId, EventKind, HolderId, HolderKind, Marking,
    MarkingKind, MarkingPlace, Occurred, Registration, Status, WeaponDescription, WeaponEvent,
    WeaponId,
};
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// The world: one weapon, one holder of each kind, and one holder nobody registered.

const WEAPON: WeaponId = WeaponId(Uuid::from_u128(0xA000));
const OTHER_WEAPON: WeaponId = WeaponId(Uuid::from_u128(0xA001));
const REGISTRATION: EventId = EventId(Uuid::from_u128(0x5E00));

const MAKER: HolderId = HolderId(Uuid::from_u128(0x01));
const DEALER: HolderId = HolderId(Uuid::from_u128(0x02));
const DEPOT: HolderId = HolderId(Uuid::from_u128(0x03));
const AGENCY: HolderId = HolderId(Uuid::from_u128(0x04));
const UNIT: HolderId = HolderId(Uuid::from_u128(0x05));
const CIVILIAN: HolderId = HolderId(Uuid::from_u128(0x06));
const FOREIGN: HolderId = HolderId(Uuid::from_u128(0x07));
const OTHER: HolderId = HolderId(Uuid::from_u128(0x08));
const UNKNOWN: HolderId = HolderId(Uuid::from_u128(0x09));

const HOLDERS: [HolderId; 9] = [
    MAKER, DEALER, DEPOT, AGENCY, UNIT, CIVILIAN, FOREIGN, OTHER, UNKNOWN,
];

fn holder_kind(id: HolderId) -> Option<HolderKind> {
    Some(match id {
        MAKER => HolderKind::Manufacturer,
        DEALER => HolderKind::Dealer,
        DEPOT => HolderKind::Depot,
        AGENCY => HolderKind::StateAgency,
        UNIT => HolderKind::AgencyUnit,
        CIVILIAN => HolderKind::Civilian,
        FOREIGN => HolderKind::ForeignState,
        OTHER => HolderKind::Other,
        _ => return None,
    })
}

/// The one way every test asks for a weapon's state.
fn check(
    reg: &Registration,
    events: &[WeaponEvent],
) -> Result<armtrace_domain::WeaponState, HistoryError> {
    derive(reg, events, &holder_kind)
}

/// Like [`check`], for histories that must be valid.
fn state(reg: &Registration, events: &[WeaponEvent]) -> armtrace_domain::WeaponState {
    match check(reg, events) {
        Ok(s) => s,
        Err(e) => panic!("a valid history was refused: {e}\n{events:#?}"),
    }
}

fn country(code: &str) -> CountryCode {
    code.parse().expect("an assigned country code")
}

fn when(text: &str) -> Occurred {
    text.parse().expect("a date or date-time")
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn marking(kind: MarkingKind, text: &str) -> Marking {
    Marking {
        kind,
        place: MarkingPlace::Frame,
        text: text.to_string(),
        country: None,
        year: None,
    }
}

fn description(serial: &str, made_in: Option<&str>) -> WeaponDescription {
    WeaponDescription {
        category: Category::PistolRevolver,
        make: "Glock".into(),
        model: "17".into(),
        calibre: "9x19mm".into(),
        serial: serial.into(),
        country_of_manufacture: made_in.map(country),
        year_of_manufacture: Some(2009),
        markings: Vec::new(),
    }
}

/// A marked pistol made in Austria, registered on 2000-01-01 with no snapshot: its events
/// alone tell its status.
fn reg() -> Registration {
    Registration {
        id: REGISTRATION,
        weapon: WEAPON,
        description: description("AB 123", Some("AT")),
        status: None,
        holder: None,
        registered_on: date("2000-01-01"),
    }
}

/// A registration carrying a snapshot of status and holder on `on`.
fn snapshot(status: Status, holder: Option<HolderId>, on: &str) -> Registration {
    Registration {
        status: Some(status),
        holder,
        registered_on: date(on),
        ..reg()
    }
}

fn ev(kind: EventKind, at: &str) -> WeaponEvent {
    let mut e = WeaponEvent::new(WEAPON, kind, when(at));
    e.id = EventId(Uuid::from_u128(id_for(kind, at)));
    e
}

/// A stable id from kind and time, so that failing tests print the same ids every run.
fn id_for(kind: EventKind, at: &str) -> u128 {
    let mut h: u128 = 0xE000_0000 + kind as u128;
    for b in at.bytes() {
        h = h.wrapping_mul(31).wrapping_add(u128::from(b));
    }
    h
}

/// Fills in an event's fields.
trait With: Sized {
    fn holder(self, h: HolderId) -> Self;
    fn country(self, c: &str) -> Self;
    fn location(self, l: &str) -> Self;
    fn marking(self, m: Marking) -> Self;
    fn id(self, n: u128) -> Self;
}

impl With for WeaponEvent {
    fn holder(mut self, h: HolderId) -> Self {
        self.holder = Some(h);
        self
    }
    fn country(mut self, c: &str) -> Self {
        self.country = Some(country(c));
        self
    }
    fn location(mut self, l: &str) -> Self {
        self.location = Some(l.to_string());
        self
    }
    fn marking(mut self, m: Marking) -> Self {
        self.marking = Some(m);
        self
    }
    fn id(mut self, n: u128) -> Self {
        self.id = EventId(Uuid::from_u128(n));
        self
    }
}

/// An event of `kind` with every field its kind needs (PoA II.9: records of manufacture,
/// holding and transfer say who holds the weapon afterwards).
fn complete(kind: EventKind, at: &str) -> WeaponEvent {
    let e = ev(kind, at);
    match kind {
        EventKind::Manufactured => e.holder(MAKER),
        EventKind::Imported => e
            .holder(DEALER)
            .country("CZ")
            .marking(marking(MarkingKind::Import, "NG 21")),
        EventKind::Exported => e.country("KE").holder(FOREIGN),
        EventKind::Transferred => e.holder(DEPOT),
        EventKind::Issued => e.holder(UNIT),
        EventKind::Returned => e.holder(DEPOT),
        EventKind::Marked => e.marking(marking(MarkingKind::Remarking, "NG-2021-0001")),
        EventKind::Correction => correction(e, REGISTRATION, "typo"),
        _ => e,
    }
}

/// Makes `e` a correction of `target` for `reason`: its other fields are the corrected
/// content.
fn correction(mut e: WeaponEvent, target: EventId, reason: &str) -> WeaponEvent {
    e.kind = EventKind::Correction;
    e.correction = Some(CorrectionOf {
        corrects: target,
        reason: reason.into(),
        void: false,
        description: None,
    });
    e
}

fn voiding(target: EventId, at: &str, reason: &str) -> WeaponEvent {
    let mut e = correction(ev(EventKind::Correction, at), target, reason);
    if let Some(c) = e.correction.as_mut() {
        c.void = true;
    }
    e
}

fn manufactured() -> WeaponEvent {
    ev(EventKind::Manufactured, "2010-01-01").holder(MAKER)
}

// ---------------------------------------------------------------------------------------
// Status and holder after each kind of event.

#[test]
fn with_no_events_and_no_snapshot_a_weapon_is_in_stock_with_no_holder() {
    let s = state(&reg(), &[]);
    assert_eq!(
        (
            s.status,
            s.holder,
            s.location,
            s.last_event,
            s.events_in_force
        ),
        (Status::InStock, None, None, None, 0)
    );
}

#[test]
fn each_kind_of_event_sets_status_and_holder() {
    use EventKind as K;
    let lost = ev(K::ReportedLost, "2011-01-01");
    let issued = ev(K::Issued, "2011-01-01").holder(UNIT);
    // (what, the event after `manufactured` (and the prelude), expected status, holder)
    let cases: Vec<(&str, Vec<WeaponEvent>, Status, Option<HolderId>)> = vec![
        ("manufactured", vec![], Status::InStock, Some(MAKER)),
        (
            "imported",
            vec![ev(K::Imported, "2012-01-01").holder(DEALER)],
            Status::InStock,
            Some(DEALER),
        ),
        (
            "exported without a recipient",
            vec![ev(K::Exported, "2012-01-01").country("KE")],
            Status::Exported,
            None,
        ),
        (
            "exported to a foreign state",
            vec![ev(K::Exported, "2012-01-01").country("KE").holder(FOREIGN)],
            Status::Exported,
            Some(FOREIGN),
        ),
        (
            "transferred to a civilian",
            vec![ev(K::Transferred, "2012-01-01").holder(CIVILIAN)],
            Status::CivilianLicensed,
            Some(CIVILIAN),
        ),
        (
            "transferred to a depot",
            vec![ev(K::Transferred, "2012-01-01").holder(DEPOT)],
            Status::InStock,
            Some(DEPOT),
        ),
        (
            "transferred to an agency",
            vec![ev(K::Transferred, "2012-01-01").holder(AGENCY)],
            Status::InService,
            Some(AGENCY),
        ),
        (
            "transferred to a unit",
            vec![ev(K::Transferred, "2012-01-01").holder(UNIT)],
            Status::InService,
            Some(UNIT),
        ),
        (
            "transferred to a foreign state",
            vec![ev(K::Transferred, "2012-01-01").holder(FOREIGN)],
            Status::Exported,
            Some(FOREIGN),
        ),
        (
            "transferred to a dealer",
            vec![ev(K::Transferred, "2012-01-01").holder(DEALER)],
            Status::InStock,
            Some(DEALER),
        ),
        (
            "transferred to another holder",
            vec![ev(K::Transferred, "2012-01-01").holder(OTHER)],
            Status::InStock,
            Some(OTHER),
        ),
        (
            "transferred to a holder of unknown kind",
            vec![ev(K::Transferred, "2012-01-01").holder(UNKNOWN)],
            Status::InStock,
            Some(UNKNOWN),
        ),
        (
            "issued",
            vec![issued.clone()],
            Status::InService,
            Some(UNIT),
        ),
        (
            "returned",
            vec![issued.clone(), ev(K::Returned, "2012-01-01").holder(DEPOT)],
            Status::InStock,
            Some(DEPOT),
        ),
        (
            "reported lost: the holder stays answerable",
            vec![issued.clone(), ev(K::ReportedLost, "2012-01-01")],
            Status::Lost,
            Some(UNIT),
        ),
        (
            "reported stolen: the holder stays answerable",
            vec![issued.clone(), ev(K::ReportedStolen, "2012-01-01")],
            Status::Stolen,
            Some(UNIT),
        ),
        (
            "recovered by an agency",
            vec![lost.clone(), ev(K::Recovered, "2012-01-01").holder(AGENCY)],
            Status::Recovered,
            Some(AGENCY),
        ),
        (
            "recovered, holder not said",
            vec![lost.clone(), ev(K::Recovered, "2012-01-01")],
            Status::Recovered,
            Some(MAKER),
        ),
        (
            "seized by an agency",
            vec![ev(K::Seized, "2012-01-01").holder(AGENCY)],
            Status::Seized,
            Some(AGENCY),
        ),
        (
            "seized, holder not said",
            vec![ev(K::Seized, "2012-01-01")],
            Status::Seized,
            Some(MAKER),
        ),
        (
            "collected",
            vec![ev(K::Collected, "2012-01-01").holder(AGENCY)],
            Status::Collected,
            Some(AGENCY),
        ),
        (
            "designated surplus",
            vec![issued.clone(), ev(K::DesignatedSurplus, "2012-01-01")],
            Status::Surplus,
            Some(UNIT),
        ),
        (
            "designated surplus keeps the holder answerable even when one is named",
            vec![
                issued.clone(),
                ev(K::DesignatedSurplus, "2012-01-01").holder(DEPOT),
            ],
            Status::Surplus,
            Some(UNIT),
        ),
        (
            "destroyed",
            vec![issued.clone(), ev(K::Destroyed, "2012-01-01")],
            Status::Destroyed,
            Some(UNIT),
        ),
        (
            "destroyed by a depot",
            vec![ev(K::Destroyed, "2012-01-01").holder(DEPOT)],
            Status::Destroyed,
            Some(DEPOT),
        ),
        (
            "marked: status and holder unchanged",
            vec![
                issued.clone(),
                ev(K::Marked, "2012-01-01").marking(marking(MarkingKind::Remarking, "X1")),
            ],
            Status::InService,
            Some(UNIT),
        ),
    ];
    for (what, rest, status, holder) in cases {
        let mut events = vec![manufactured()];
        events.extend(rest);
        let s = state(&reg(), &events);
        assert_eq!((s.status, s.holder), (status, holder), "{what}");
        assert_eq!(s.events_in_force, events.len(), "{what}");
        assert_eq!(
            s.last_event,
            events
                .iter()
                .map(|e| e.occurred)
                .max_by_key(Occurred::instant),
            "{what}"
        );
    }
}

#[test]
fn a_marked_event_adds_its_marking_to_the_weapon() {
    let m = marking(MarkingKind::Remarking, "NG-2021-0001");
    let s = state(
        &reg(),
        &[
            manufactured(),
            ev(EventKind::Marked, "2021-01-01").marking(m.clone()),
        ],
    );
    assert_eq!(s.markings.len(), 2);
    assert_eq!(s.markings[0].kind, MarkingKind::Manufacture);
    assert_eq!(s.markings[0].text, "AB 123");
    assert_eq!(s.markings[1], m);
}

#[test]
fn the_manufacture_marking_is_built_from_the_serial_once() {
    // Given flat (serial column) and as a marking: the weapon carries it once.
    let mut r = reg();
    let m = Marking {
        country: Some(country("AT")),
        year: Some(2009),
        ..marking(MarkingKind::Manufacture, "AB 123")
    };
    r.description.markings = vec![m.clone()];
    assert_eq!(state(&r, &[]).markings, vec![m]);
    // Given flat only: it is made from serial, country and year.
    let s = state(&reg(), &[]);
    assert_eq!(
        s.markings,
        vec![Marking {
            country: Some(country("AT")),
            year: Some(2009),
            ..marking(MarkingKind::Manufacture, "AB 123")
        }]
    );
}

#[test]
fn a_holder_follows_each_handover() {
    let events = [
        manufactured(),
        ev(EventKind::Transferred, "2011-01-01").holder(DEPOT),
        ev(EventKind::Issued, "2012-01-01").holder(UNIT),
        ev(EventKind::Returned, "2013-01-01").holder(DEPOT),
        ev(EventKind::Transferred, "2014-01-01").holder(DEALER),
        ev(EventKind::Transferred, "2015-01-01").holder(CIVILIAN),
    ];
    let mut seen = Vec::new();
    for n in 1..=events.len() {
        let s = state(&reg(), &events[..n]);
        seen.push((s.status, s.holder));
    }
    assert_eq!(
        seen,
        vec![
            (Status::InStock, Some(MAKER)),
            (Status::InStock, Some(DEPOT)),
            (Status::InService, Some(UNIT)),
            (Status::InStock, Some(DEPOT)),
            (Status::InStock, Some(DEALER)),
            (Status::CivilianLicensed, Some(CIVILIAN)),
        ]
    );
}

#[test]
fn the_location_is_the_last_one_given() {
    let events = [
        manufactured().location("Ferlach"),
        ev(EventKind::Transferred, "2011-01-01")
            .holder(DEPOT)
            .location("Depot 7, Kaduna"),
        ev(EventKind::Issued, "2012-01-01").holder(UNIT),
        ev(EventKind::ReportedStolen, "2013-01-01").location("Zaria"),
    ];
    let at = |n: usize| state(&reg(), &events[..n]).location;
    assert_eq!(at(1).as_deref(), Some("Ferlach"));
    assert_eq!(at(2).as_deref(), Some("Depot 7, Kaduna"));
    assert_eq!(
        at(3).as_deref(),
        Some("Depot 7, Kaduna"),
        "an event without a location keeps the last one"
    );
    assert_eq!(at(4).as_deref(), Some("Zaria"));
}

#[test]
fn events_are_taken_in_time_order_whatever_order_they_are_given_in() {
    let a = manufactured();
    let b = ev(EventKind::Issued, "2012-01-01").holder(UNIT);
    let c = ev(EventKind::ReportedLost, "2013-01-01");
    let d = ev(EventKind::Recovered, "2014-01-01").holder(AGENCY);
    let forward = state(&reg(), &[a.clone(), b.clone(), c.clone(), d.clone()]);
    let backward = state(&reg(), &[d, c, b, a]);
    assert_eq!(forward, backward);
    assert_eq!(forward.status, Status::Recovered);
}

#[test]
fn a_date_counts_as_its_midnight_and_a_moment_that_day_comes_after_it() {
    // Lost at 09:00, recovered "that day" (midnight): the recovery comes first and fails.
    let lost = ev(EventKind::ReportedLost, "2012-05-01T09:00:00Z");
    let recovered = ev(EventKind::Recovered, "2012-05-01");
    assert!(matches!(
        check(&reg(), &[manufactured(), lost.clone(), recovered]),
        Err(HistoryError::RecoveredNotMissing { .. })
    ));
    let recovered = ev(EventKind::Recovered, "2012-05-01T10:00:00Z");
    assert_eq!(
        state(&reg(), &[manufactured(), lost, recovered]).status,
        Status::Recovered
    );
}

#[test]
fn events_at_the_same_moment_keep_the_order_given() {
    let issued = ev(EventKind::Issued, "2012-01-01").holder(UNIT);
    let returned = ev(EventKind::Returned, "2012-01-01").holder(DEPOT);
    assert_eq!(
        state(&reg(), &[issued.clone(), returned.clone()]).holder,
        Some(DEPOT)
    );
    assert_eq!(state(&reg(), &[returned, issued]).holder, Some(UNIT));
}

// ---------------------------------------------------------------------------------------
// The registration snapshot: status and holder on the day the weapon entered the registry
// (records kept from older books, PoA II.9).

#[test]
fn a_snapshot_alone_gives_status_and_holder() {
    let s = state(&snapshot(Status::InService, Some(UNIT), "2020-01-01"), &[]);
    assert_eq!((s.status, s.holder), (Status::InService, Some(UNIT)));
}

#[test]
fn a_snapshot_overrides_the_events_before_it() {
    let events = [
        manufactured(),
        ev(EventKind::Transferred, "2011-01-01").holder(CIVILIAN),
    ];
    let s = state(
        &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
        &events,
    );
    assert_eq!((s.status, s.holder), (Status::InService, Some(UNIT)));
    assert_eq!(
        s.events_in_force, 2,
        "events before the snapshot stay history"
    );
    assert_eq!(s.last_event, Some(when("2011-01-01")));
}

#[test]
fn events_after_a_snapshot_change_it() {
    let events = [ev(EventKind::ReportedLost, "2021-03-01")];
    let s = state(
        &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
        &events,
    );
    assert_eq!((s.status, s.holder), (Status::Lost, Some(UNIT)));
    let events = [
        ev(EventKind::ReportedLost, "2021-03-01"),
        ev(EventKind::Recovered, "2021-04-01").holder(AGENCY),
    ];
    let s = state(
        &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
        &events,
    );
    assert_eq!((s.status, s.holder), (Status::Recovered, Some(AGENCY)));
}

#[test]
fn an_event_on_the_registration_day_comes_after_the_snapshot() {
    let events = [ev(EventKind::ReportedStolen, "2020-01-01")];
    assert_eq!(
        state(
            &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
            &events
        )
        .status,
        Status::Stolen
    );
    let events = [ev(EventKind::ReportedStolen, "2020-01-01T08:00:00Z")];
    assert_eq!(
        state(
            &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
            &events
        )
        .status,
        Status::Stolen
    );
    let events = [ev(EventKind::ReportedStolen, "2019-12-31T23:59:59Z")];
    assert_eq!(
        state(
            &snapshot(Status::InService, Some(UNIT), "2020-01-01"),
            &events
        )
        .status,
        Status::InService
    );
}

#[test]
fn a_snapshot_without_holder_clears_the_holder() {
    let events = [manufactured()];
    let s = state(&snapshot(Status::Seized, None, "2020-01-01"), &events);
    assert_eq!((s.status, s.holder), (Status::Seized, None));
}

#[test]
fn a_destroyed_snapshot_keeps_the_last_holder_when_it_names_none() {
    let events = [
        manufactured(),
        ev(EventKind::Transferred, "2011-01-01").holder(DEPOT),
    ];
    let s = state(&snapshot(Status::Destroyed, None, "2020-01-01"), &events);
    assert_eq!((s.status, s.holder), (Status::Destroyed, Some(DEPOT)));
}

#[test]
fn a_registration_holder_without_status_is_kept() {
    // docs/import-format.md: `status` may be empty (`in_stock` then); `holder` is the
    // holder on registration. The weapons importer gives Registration { status: None,
    // holder: Some(..) } for such a row.
    let r = Registration {
        holder: Some(DEPOT),
        ..reg()
    };
    let s = state(&r, &[]);
    assert_eq!((s.status, s.holder), (Status::InStock, Some(DEPOT)));
}

#[test]
fn nothing_follows_a_destroyed_snapshot() {
    // PoA II.16, II.19–20: a destroyed weapon has no further life.
    let r = snapshot(Status::Destroyed, Some(DEPOT), "2020-01-01");
    let after = ev(EventKind::Transferred, "2021-01-01").holder(UNIT);
    assert_eq!(
        check(&r, std::slice::from_ref(&after)),
        Err(HistoryError::AfterDestruction {
            event: after.id,
            kind: EventKind::Transferred,
            occurred: after.occurred,
            destroyed: Occurred::Date(date("2020-01-01")),
        })
    );
}

#[test]
fn a_snapshot_cannot_bring_a_weapon_destroyed_before_it_back() {
    let events = [manufactured(), ev(EventKind::Destroyed, "2015-01-01")];
    let r = snapshot(Status::InStock, Some(DEPOT), "2020-01-01");
    assert!(
        matches!(check(&r, &events), Err(HistoryError::AfterDestruction { event, .. }) if event == REGISTRATION),
        "{:?}",
        check(&r, &events)
    );
    // A snapshot that agrees (destroyed) is fine.
    let r = snapshot(Status::Destroyed, None, "2020-01-01");
    assert_eq!(state(&r, &events).status, Status::Destroyed);
}

#[test]
fn an_exported_snapshot_admits_only_an_import() {
    let r = snapshot(Status::Exported, None, "2020-01-01");
    assert!(matches!(
        check(&r, &[ev(EventKind::Issued, "2021-01-01").holder(UNIT)]),
        Err(HistoryError::AfterExport { .. })
    ));
    let s = state(&r, &[ev(EventKind::Imported, "2021-01-01").holder(DEALER)]);
    assert_eq!((s.status, s.holder), (Status::InStock, Some(DEALER)));
}

// ---------------------------------------------------------------------------------------
// Corrections: a record is never changed; a later correction replaces or strikes it
// (PoA II.9, ITI plan A.2: accurate records).

#[test]
fn a_correction_replaces_the_date_of_an_event() {
    let lost = ev(EventKind::ReportedLost, "2015-01-01").id(0x100);
    let recovered = ev(EventKind::Recovered, "2013-01-01").holder(AGENCY);
    // Recovered (2013) before it was lost (2015): refused.
    assert!(matches!(
        check(&reg(), &[manufactured(), lost.clone(), recovered.clone()]),
        Err(HistoryError::RecoveredNotMissing { .. })
    ));
    // The loss was really in 2012.
    let fix = correction(
        ev(EventKind::ReportedLost, "2012-01-01"),
        lost.id,
        "wrong year copied from the paper book",
    );
    let s = state(&reg(), &[manufactured(), lost, recovered, fix]);
    assert_eq!((s.status, s.holder), (Status::Recovered, Some(AGENCY)));
    assert_eq!(
        s.events_in_force, 3,
        "a correction is not an event in force"
    );
}

#[test]
fn a_correction_replaces_the_holder_of_an_event() {
    let t = ev(EventKind::Transferred, "2012-01-01")
        .holder(DEPOT)
        .id(0x100);
    let fix = correction(
        ev(EventKind::Transferred, "2012-01-01").holder(CIVILIAN),
        t.id,
        "wrong holder code",
    );
    let s = state(&reg(), &[manufactured(), t.clone(), fix.clone()]);
    assert_eq!(
        (s.status, s.holder),
        (Status::CivilianLicensed, Some(CIVILIAN))
    );
    // The correction replaces the whole content: it keeps the corrected event's kind.
    let fix_as_issue = correction(
        ev(EventKind::Issued, "2012-01-01").holder(UNIT),
        t.id,
        "holder",
    );
    let s = state(&reg(), &[manufactured(), t, fix_as_issue]);
    assert_eq!(
        (s.status, s.holder),
        (Status::InService, Some(UNIT)),
        "transferred to a unit"
    );
}

#[test]
fn a_correction_must_carry_what_the_corrected_kind_needs() {
    let t = ev(EventKind::Transferred, "2012-01-01")
        .holder(DEPOT)
        .id(0x100);
    let fix = correction(
        ev(EventKind::Correction, "2012-01-01"),
        t.id,
        "holder unknown",
    );
    assert_eq!(
        check(&reg(), &[manufactured(), t, fix]),
        Err(HistoryError::Missing {
            kind: EventKind::Transferred,
            field: "a holder"
        })
    );
}

#[test]
fn a_void_correction_strikes_the_event() {
    let stolen = ev(EventKind::ReportedStolen, "2013-01-01").id(0x100);
    let events = [
        manufactured(),
        ev(EventKind::Issued, "2012-01-01").holder(UNIT),
        stolen.clone(),
    ];
    assert_eq!(state(&reg(), &events).status, Status::Stolen);
    let mut with_void = events.to_vec();
    with_void.push(voiding(
        stolen.id,
        "2013-01-02",
        "reported for the wrong weapon",
    ));
    let s = state(&reg(), &with_void);
    assert_eq!(
        (s.status, s.holder, s.events_in_force),
        (Status::InService, Some(UNIT), 2)
    );
    assert_eq!(s.last_event, Some(when("2012-01-01")));
}

#[test]
fn voiding_a_destruction_lets_the_weapon_live_on() {
    let destroyed = ev(EventKind::Destroyed, "2013-01-01").id(0x100);
    let later = ev(EventKind::Issued, "2014-01-01").holder(UNIT);
    assert!(matches!(
        check(&reg(), &[destroyed.clone(), later.clone()]),
        Err(HistoryError::AfterDestruction { .. })
    ));
    let void = voiding(destroyed.id, "2014-02-01", "another weapon was destroyed");
    assert_eq!(
        state(&reg(), &[destroyed, later, void]).status,
        Status::InService
    );
}

#[test]
fn a_correction_of_the_registration_replaces_the_description() {
    let mut fixed = description("AB 1234", Some("AT"));
    fixed.model = "19".into();
    let mut fix = correction(
        ev(EventKind::Correction, "2021-01-01"),
        REGISTRATION,
        "serial misread",
    );
    if let Some(c) = fix.correction.as_mut() {
        c.description = Some(fixed.clone());
    }
    let s = state(&reg(), &[manufactured(), fix]);
    assert_eq!(s.description, fixed);
    assert_eq!(
        s.markings[0].text, "AB 1234",
        "the manufacture marking follows the corrected serial"
    );
    assert_eq!(s.events_in_force, 1);
}

#[test]
fn a_corrected_description_can_clear_a_deficiency() {
    // PoA II.8: an unmarked weapon is flagged; the serial was there but not read.
    let r = Registration {
        description: description("", Some("AT")),
        ..reg()
    };
    assert_eq!(
        state(&r, &[]).deficiencies,
        vec![armtrace_domain::Deficiency::NoUniqueMarking]
    );
    let mut fix = correction(
        ev(EventKind::Correction, "2021-01-01"),
        REGISTRATION,
        "serial found under the grip",
    );
    if let Some(c) = fix.correction.as_mut() {
        c.description = Some(description("XY 77", Some("AT")));
    }
    assert!(state(&r, &[fix]).deficiencies.is_empty());
}

#[test]
fn a_correction_of_the_registration_must_carry_a_description_and_only_it() {
    let fix = correction(
        ev(EventKind::Correction, "2021-01-01"),
        REGISTRATION,
        "no description",
    );
    assert_eq!(
        check(&reg(), std::slice::from_ref(&fix)),
        Err(HistoryError::DescriptionMismatch { event: fix.id })
    );
    let m = manufactured();
    let mut fix = correction(
        ev(EventKind::Manufactured, "2010-01-02").holder(MAKER),
        m.id,
        "date",
    );
    if let Some(c) = fix.correction.as_mut() {
        c.description = Some(description("ZZ 1", None));
    }
    assert_eq!(
        check(&reg(), &[m, fix.clone()]),
        Err(HistoryError::DescriptionMismatch { event: fix.id })
    );
}

#[test]
fn the_last_correction_of_an_event_wins() {
    let t = ev(EventKind::Transferred, "2012-01-01")
        .holder(DEPOT)
        .id(0x100);
    let first = correction(
        ev(EventKind::Transferred, "2012-01-01").holder(CIVILIAN),
        t.id,
        "first try",
    )
    .id(0x201);
    let second = correction(
        ev(EventKind::Transferred, "2012-01-01").holder(UNIT),
        t.id,
        "second try",
    )
    .id(0x202);
    let s = state(
        &reg(),
        &[manufactured(), t.clone(), first.clone(), second.clone()],
    );
    assert_eq!(s.holder, Some(UNIT));
    // "Last" is the order of the ledger (the order given), not the corrected date.
    let s = state(&reg(), &[manufactured(), t, second, first]);
    assert_eq!(s.holder, Some(CIVILIAN));
}

#[test]
fn a_correction_of_an_unknown_event_is_refused() {
    let fix = correction(
        ev(EventKind::Issued, "2012-01-01").holder(UNIT),
        EventId(Uuid::from_u128(0xDEAD)),
        "who knows",
    );
    assert_eq!(
        check(&reg(), &[manufactured(), fix.clone()]),
        Err(HistoryError::UnknownCorrected {
            event: fix.id,
            corrects: EventId(Uuid::from_u128(0xDEAD))
        })
    );
}

#[test]
fn a_correction_of_a_correction_is_refused() {
    // Correct the event again instead: the last correction wins.
    let t = ev(EventKind::Transferred, "2012-01-01")
        .holder(DEPOT)
        .id(0x100);
    let first = correction(
        ev(EventKind::Transferred, "2012-01-01").holder(CIVILIAN),
        t.id,
        "first",
    )
    .id(0x201);
    let second = correction(
        ev(EventKind::Transferred, "2012-01-01").holder(UNIT),
        first.id,
        "second",
    )
    .id(0x202);
    assert_eq!(
        check(&reg(), &[manufactured(), t, first.clone(), second.clone()]),
        Err(HistoryError::UnknownCorrected {
            event: second.id,
            corrects: first.id
        })
    );
}

#[test]
fn a_correction_of_another_weapons_event_is_refused() {
    let mut foreign_event = ev(EventKind::ReportedLost, "2012-01-01").id(0x300);
    foreign_event.weapon = OTHER_WEAPON;
    let fix = correction(
        ev(EventKind::ReportedLost, "2012-01-02"),
        foreign_event.id,
        "date",
    );
    assert_eq!(
        check(&reg(), &[manufactured(), fix.clone()]),
        Err(HistoryError::UnknownCorrected {
            event: fix.id,
            corrects: foreign_event.id
        })
    );
}

#[test]
fn a_correction_without_a_reason_is_refused() {
    let m = manufactured();
    for reason in ["", "   ", "\t\n"] {
        let fix = correction(
            ev(EventKind::Manufactured, "2010-01-02").holder(MAKER),
            m.id,
            reason,
        );
        assert_eq!(
            check_event_fields(&fix),
            Err(HistoryError::NoReason { event: fix.id }),
            "{reason:?}"
        );
        assert_eq!(
            check(&reg(), &[m.clone(), fix.clone()]),
            Err(HistoryError::NoReason { event: fix.id }),
            "{reason:?}"
        );
    }
}

#[test]
fn a_correction_that_corrects_nothing_is_refused() {
    let bare = ev(EventKind::Correction, "2012-01-01");
    assert_eq!(
        check(&reg(), std::slice::from_ref(&bare)),
        Err(HistoryError::Missing {
            kind: EventKind::Correction,
            field: "the event it corrects"
        })
    );
}

#[test]
fn an_event_of_another_weapon_is_refused() {
    let mut e = manufactured();
    e.weapon = OTHER_WEAPON;
    assert_eq!(
        check(&reg(), std::slice::from_ref(&e)),
        Err(HistoryError::WrongWeapon { event: e.id })
    );
}

// ---------------------------------------------------------------------------------------
// Rules of the history.

#[test]
fn nothing_but_a_correction_follows_destruction() {
    // PoA II.16, II.19–20: destruction is the end of a weapon's life.
    let destroyed = ev(EventKind::Destroyed, "2013-01-01").id(0x100);
    for &kind in EventKind::ALL {
        let after = complete(kind, "2014-01-01");
        let got = check(&reg(), &[manufactured(), destroyed.clone(), after.clone()]);
        if kind == EventKind::Correction {
            assert!(
                got.is_err(),
                "a correction of the registration needs a description: {got:?}"
            );
            let mut fix = correction(
                ev(EventKind::Destroyed, "2013-01-01"),
                destroyed.id,
                "method was recorded wrong",
            );
            fix.method = Some(DestructionMethod::Smelting);
            let s = state(&reg(), &[manufactured(), destroyed.clone(), fix]);
            assert_eq!(
                s.status,
                Status::Destroyed,
                "a correction may follow destruction"
            );
        } else {
            assert_eq!(
                got,
                Err(HistoryError::AfterDestruction {
                    event: after.id,
                    kind,
                    occurred: after.occurred,
                    destroyed: destroyed.occurred,
                }),
                "{kind}"
            );
        }
    }
}

#[test]
fn a_correction_cannot_move_an_event_after_destruction() {
    let issued = ev(EventKind::Issued, "2012-01-01").holder(UNIT).id(0x100);
    let destroyed = ev(EventKind::Destroyed, "2013-01-01");
    let fix = correction(
        ev(EventKind::Issued, "2014-01-01").holder(UNIT),
        issued.id,
        "date",
    );
    assert!(matches!(
        check(&reg(), &[manufactured(), issued, destroyed, fix]),
        Err(HistoryError::AfterDestruction { event, .. }) if event == EventId(Uuid::from_u128(0x100))
    ));
}

#[test]
fn only_an_import_follows_an_export() {
    // An exported weapon is out of this State's jurisdiction (PoA II.11–12) until it is
    // imported again (ITI plan A.1).
    for exported in [
        ev(EventKind::Exported, "2013-01-01").country("KE"),
        ev(EventKind::Transferred, "2013-01-01").holder(FOREIGN),
    ] {
        for &kind in EventKind::ALL {
            if kind == EventKind::Correction {
                continue;
            }
            let after = complete(kind, "2014-01-01");
            let got = check(&reg(), &[manufactured(), exported.clone(), after.clone()]);
            if kind == EventKind::Imported {
                let s = got.expect("an import after an export");
                assert_eq!((s.status, s.holder), (Status::InStock, Some(DEALER)));
            } else {
                assert_eq!(
                    got,
                    Err(HistoryError::AfterExport {
                        event: after.id,
                        kind,
                        occurred: after.occurred
                    }),
                    "{kind} after {}",
                    exported.kind
                );
            }
        }
    }
}

#[test]
fn recovered_needs_a_weapon_reported_lost_or_stolen() {
    use EventKind as K;
    let preludes: Vec<(Vec<WeaponEvent>, Status)> = vec![
        (vec![], Status::InStock),
        (
            vec![ev(K::Issued, "2012-01-01").holder(UNIT)],
            Status::InService,
        ),
        (
            vec![ev(K::Transferred, "2012-01-01").holder(CIVILIAN)],
            Status::CivilianLicensed,
        ),
        (vec![ev(K::Seized, "2012-01-01")], Status::Seized),
        (vec![ev(K::Collected, "2012-01-01")], Status::Collected),
        (
            vec![ev(K::DesignatedSurplus, "2012-01-01")],
            Status::Surplus,
        ),
        (
            vec![
                ev(K::ReportedLost, "2011-01-01"),
                ev(K::Recovered, "2012-01-01"),
            ],
            Status::Recovered,
        ),
    ];
    for (prelude, status) in preludes {
        let mut events = vec![manufactured()];
        events.extend(prelude);
        let recovered = ev(K::Recovered, "2013-01-01");
        events.push(recovered.clone());
        assert_eq!(
            check(&reg(), &events),
            Err(HistoryError::RecoveredNotMissing {
                event: recovered.id,
                occurred: recovered.occurred,
                status
            }),
            "{status}"
        );
    }
    for missing in [K::ReportedLost, K::ReportedStolen] {
        let events = [
            manufactured(),
            ev(missing, "2012-01-01"),
            ev(K::Recovered, "2013-01-01"),
        ];
        assert_eq!(
            state(&reg(), &events).status,
            Status::Recovered,
            "{missing}"
        );
    }
}

#[test]
fn each_kind_of_event_carries_the_fields_it_needs() {
    use EventKind as K;
    // PoA II.9: who holds the weapon after manufacture and each transfer; ITI plan A.1–2:
    // where an export goes; PoA II.8: what a marking says.
    let needs: [(K, Option<&str>); 15] = [
        (K::Manufactured, Some("a holder")),
        (K::Imported, Some("a holder")),
        (K::Exported, Some("a destination country")),
        (K::Transferred, Some("a holder")),
        (K::Issued, Some("a holder")),
        (K::Returned, Some("a holder")),
        (K::ReportedLost, None),
        (K::ReportedStolen, None),
        (K::Recovered, None),
        (K::Seized, None),
        (K::Collected, None),
        (K::DesignatedSurplus, None),
        (K::Destroyed, None),
        (K::Marked, Some("a marking")),
        (K::Correction, Some("the event it corrects")),
    ];
    assert_eq!(needs.len(), K::ALL.len());
    for (kind, field) in needs {
        let bare = ev(kind, "2012-01-01");
        let expected = match field {
            Some(field) => Err(HistoryError::Missing { kind, field }),
            None => Ok(()),
        };
        assert_eq!(check_event_fields(&bare), expected, "{kind} with nothing");
        if let Err(missing) = expected {
            assert_eq!(
                check(&reg(), std::slice::from_ref(&bare)).err(),
                Some(missing),
                "{kind} in a history"
            );
        }
        assert_eq!(
            check_event_fields(&complete(kind, "2012-01-01")),
            Ok(()),
            "{kind} complete"
        );
    }
    // The wrong field does not stand in for the right one.
    assert!(check_event_fields(&ev(K::Exported, "2012-01-01").holder(FOREIGN)).is_err());
    assert!(check_event_fields(&ev(K::Imported, "2012-01-01").country("CZ")).is_err());
}

// ---------------------------------------------------------------------------------------
// Deficiencies: the "to be marked or destroyed" list.

mod deficiency {
    use super::*;
    use armtrace_domain::Deficiency::{NoCountryOfManufacture, NoImportMarking, NoUniqueMarking};

    fn with(desc: WeaponDescription) -> Registration {
        Registration {
            description: desc,
            ..reg()
        }
    }

    #[test]
    fn a_weapon_without_a_serial_has_no_unique_marking() {
        // PoA II.8: unmarked weapons are to be marked or destroyed.
        for serial in ["", "   ", "--/..", "\u{3000}"] {
            let s = state(&with(description(serial, Some("AT"))), &[]);
            assert_eq!(s.deficiencies, vec![NoUniqueMarking], "{serial:?}");
            assert!(s.to_be_marked_or_destroyed());
        }
    }

    #[test]
    fn a_serial_in_any_script_is_a_unique_marking() {
        for serial in ["AB 123", "ВА 1234", "٤٥٦٧٨٩", "7"] {
            assert!(
                state(&with(description(serial, Some("RU"))), &[])
                    .deficiencies
                    .is_empty(),
                "{serial}"
            );
        }
    }

    #[test]
    fn an_alternative_code_or_a_remarking_counts_as_unique() {
        // PoA II.7: an alternative unique user-friendly marking; II.8: re-marking.
        for kind in [MarkingKind::AlternativeCode, MarkingKind::Remarking] {
            let mut d = description("", Some("AT"));
            d.markings.push(marking(kind, "◇△ 0451"));
            assert!(state(&with(d), &[]).deficiencies.is_empty(), "{kind}");
        }
        // Other markings do not identify a weapon.
        for kind in [
            MarkingKind::Import,
            MarkingKind::StateTransfer,
            MarkingKind::Other,
        ] {
            let mut d = description("", Some("AT"));
            d.markings.push(marking(kind, "GB 04 AB"));
            assert_eq!(
                state(&with(d), &[]).deficiencies,
                vec![NoUniqueMarking],
                "{kind}"
            );
        }
        // Nor does an illegible one.
        let mut d = description("", Some("AT"));
        d.markings
            .push(marking(MarkingKind::AlternativeCode, "◇△ -"));
        assert_eq!(state(&with(d), &[]).deficiencies, vec![NoUniqueMarking]);
    }

    #[test]
    fn a_marking_without_country_of_manufacture_is_flagged() {
        // PoA II.7: the marking says the country of manufacture.
        let s = state(&with(description("AB 123", None)), &[]);
        assert_eq!(s.deficiencies, vec![NoCountryOfManufacture]);
        assert!(s.to_be_marked_or_destroyed());
        // Unmarked is the first thing to fix: only that one is listed.
        assert_eq!(
            state(&with(description("", None)), &[]).deficiencies,
            vec![NoUniqueMarking]
        );
        // A re-marking that names a country makes up for it.
        let mut d = description("AB 123", None);
        d.markings.push(Marking {
            country: Some(country("NG")),
            ..marking(MarkingKind::Remarking, "NG-1")
        });
        assert!(state(&with(d), &[]).deficiencies.is_empty());
    }

    #[test]
    fn an_import_without_an_import_marking_is_flagged() {
        // ITI plan A.1 (`001_457efa9667c1123e.txt`): mark at import.
        let imported = ev(EventKind::Imported, "2012-01-01")
            .holder(DEALER)
            .country("CZ");
        let s = state(&reg(), &[manufactured(), imported.clone()]);
        assert_eq!(s.deficiencies, vec![NoImportMarking]);
        assert!(s.to_be_marked_or_destroyed());
        // Marked at import: nothing missing.
        let marked = imported
            .clone()
            .marking(marking(MarkingKind::Import, "NG 12"));
        assert!(
            state(&reg(), &[manufactured(), marked])
                .deficiencies
                .is_empty()
        );
        // An import marking already read at registration counts.
        let mut d = description("AB 123", Some("AT"));
        d.markings.push(marking(MarkingKind::Import, "NG 12"));
        assert!(
            state(&with(d), &[manufactured(), imported.clone()])
                .deficiencies
                .is_empty()
        );
        // A marking of another kind at import does not.
        let other = imported.marking(marking(MarkingKind::Other, "proof mark"));
        assert_eq!(
            state(&reg(), &[manufactured(), other]).deficiencies,
            vec![NoImportMarking]
        );
    }

    #[test]
    fn a_weapon_never_imported_needs_no_import_marking() {
        assert!(state(&reg(), &[manufactured()]).deficiencies.is_empty());
    }

    #[test]
    fn a_later_import_with_its_marking_clears_an_earlier_unmarked_import() {
        let events = [
            ev(EventKind::Imported, "2012-01-01").holder(DEALER),
            ev(EventKind::Exported, "2013-01-01").country("KE"),
            ev(EventKind::Imported, "2014-01-01")
                .holder(DEALER)
                .marking(marking(MarkingKind::Import, "NG 14")),
        ];
        assert!(state(&reg(), &events).deficiencies.is_empty());
    }

    #[test]
    fn a_later_marked_event_clears_no_import_marking() {
        let events = [
            manufactured(),
            ev(EventKind::Imported, "2012-01-01").holder(DEALER),
            ev(EventKind::Marked, "2012-02-01").marking(marking(MarkingKind::Import, "NG 12")),
        ];
        let s = state(&reg(), &events);
        assert!(s.deficiencies.is_empty(), "{:?}", s.deficiencies);
        assert!(!s.to_be_marked_or_destroyed());
    }

    #[test]
    fn a_later_marked_event_clears_no_unique_marking() {
        // PoA II.8: a weapon found unmarked is re-marked.
        let r = with(description("", Some("AT")));
        let events = [ev(EventKind::Seized, "2012-01-01").holder(AGENCY)];
        assert_eq!(state(&r, &events).deficiencies, vec![NoUniqueMarking]);
        let mut events = events.to_vec();
        events.push(
            ev(EventKind::Marked, "2012-02-01")
                .marking(marking(MarkingKind::Remarking, "NG-2012-7")),
        );
        let s = state(&r, &events);
        assert!(s.deficiencies.is_empty(), "{:?}", s.deficiencies);
        assert!(!s.to_be_marked_or_destroyed());
    }

    #[test]
    fn a_later_marked_event_with_a_country_clears_no_country_of_manufacture() {
        let r = with(description("AB 123", None));
        let m = Marking {
            country: Some(country("NG")),
            ..marking(MarkingKind::Remarking, "NG-2012-7")
        };
        let s = state(&r, &[ev(EventKind::Marked, "2012-02-01").marking(m)]);
        assert!(s.deficiencies.is_empty(), "{:?}", s.deficiencies);
    }

    #[test]
    fn a_destroyed_weapon_is_not_on_the_to_be_marked_list() {
        // PoA II.8: "marked or destroyed" — once destroyed, nothing is left to do.
        let r = with(description("", None));
        let s = state(&r, &[ev(EventKind::Destroyed, "2012-01-01")]);
        assert_eq!(
            s.deficiencies,
            vec![NoUniqueMarking],
            "the deficiency is still recorded"
        );
        assert!(!s.to_be_marked_or_destroyed());
        let s = state(
            &Registration {
                status: Some(Status::Destroyed),
                ..r
            },
            &[],
        );
        assert!(!s.to_be_marked_or_destroyed());
    }

    #[test]
    fn deficiencies_on_their_own() {
        let d = description("AB 123", Some("AT"));
        let manufacture = d.manufacture_marking().expect("a serial");
        assert_eq!(deficiencies(&d, std::slice::from_ref(&manufacture)), vec![]);
        assert_eq!(
            deficiencies(&d, &[]),
            vec![NoUniqueMarking],
            "only the markings given count"
        );
        let no_country = description("AB 123", None);
        assert_eq!(
            deficiencies(&no_country, &[manufacture]),
            vec![NoCountryOfManufacture]
        );
        // A remarking without country does not make up for the country.
        assert_eq!(
            deficiencies(&no_country, &[marking(MarkingKind::Remarking, "NG-1")]),
            vec![NoCountryOfManufacture]
        );
    }
}

// ---------------------------------------------------------------------------------------
// Properties.

/// One step of a random history: which kind to try (taken modulo the kinds allowed at
/// that point), a holder, a location, the gap before it in seconds, and whether to
/// correct it later.
type Step = (u8, u8, bool, u32, u8);

/// Builds a valid history from random steps, following the rules: nothing after
/// destroyed, only imported after exported, recovered only when lost or stolen. Times are
/// strictly increasing; some events get one correction each (same time, new location).
fn valid_history(steps: &[Step]) -> Vec<WeaponEvent> {
    use EventKind as K;
    let mut t = when("2001-01-01T00:00:00Z").instant();
    let mut events = Vec::new();
    let mut corrections = Vec::new();
    let (mut destroyed, mut exported, mut missing) = (false, false, false);
    for (n, &(pick, who, located, gap, fix)) in steps.iter().enumerate() {
        if destroyed {
            break;
        }
        t += chrono::Duration::seconds(i64::from(gap) + 1);
        let allowed: Vec<K> = if exported {
            vec![K::Imported]
        } else {
            K::ALL
                .iter()
                .copied()
                .filter(|k| *k != K::Correction && (*k != K::Recovered || missing))
                .collect()
        };
        let kind = allowed[usize::from(pick) % allowed.len()];
        let holder = HOLDERS[usize::from(who) % HOLDERS.len()];
        let mut e = WeaponEvent::new(WEAPON, kind, Occurred::Instant(t));
        e.id = EventId(Uuid::from_u128(0x1_0000 + n as u128));
        match kind {
            K::Exported => {
                e.country = Some(country("KE"));
                if who % 2 == 0 {
                    e.holder = Some(FOREIGN);
                }
            }
            K::Marked => e.marking = Some(marking(MarkingKind::Remarking, &format!("R{n}"))),
            K::Imported if who % 3 == 0 => e.holder = Some(DEALER),
            K::Imported => {
                e.holder = Some(holder);
                e.marking = Some(marking(MarkingKind::Import, &format!("I{n}")));
            }
            K::Manufactured | K::Transferred | K::Issued | K::Returned => e.holder = Some(holder),
            _ if who % 4 != 0 => e.holder = Some(holder),
            _ => {}
        }
        if located {
            e.location = Some(format!("place {n}"));
        }
        // A transfer to a foreign state is an export too.
        exported = kind == K::Exported || (kind == K::Transferred && e.holder == Some(FOREIGN));
        destroyed = kind == K::Destroyed;
        missing = match kind {
            K::ReportedLost | K::ReportedStolen => true,
            K::Marked => missing,
            _ => false,
        };
        if fix % 3 == 0 {
            let mut c = e.clone();
            c.id = EventId(Uuid::from_u128(0x2_0000 + n as u128));
            c.kind = K::Correction;
            c.location = Some(format!("corrected place {n}"));
            c.correction = Some(CorrectionOf {
                corrects: e.id,
                reason: "location misread".into(),
                void: false,
                description: None,
            });
            corrections.push(c);
        }
        events.push(e);
    }
    events.extend(corrections);
    events
}

fn arbitrary_registration() -> impl Strategy<Value = Registration> {
    (
        prop::option::of(prop::sample::select(Status::ALL.to_vec())),
        prop::option::of(prop::sample::select(HOLDERS.to_vec())),
        -3000i64..3000,
        prop::sample::select(vec!["", "AB 123", "--", "ВА 1234"]),
        prop::option::of(prop::sample::select(vec!["AT", "RU", "BR"])),
        prop::collection::vec(arbitrary_marking(), 0..3),
    )
        .prop_map(|(status, holder, days, serial, made_in, markings)| {
            let mut d = description(serial, made_in);
            d.markings = markings;
            Registration {
                status,
                holder,
                registered_on: date("2010-01-01") + chrono::Duration::days(days),
                description: d,
                ..reg()
            }
        })
}

fn arbitrary_marking() -> impl Strategy<Value = Marking> {
    (
        prop::sample::select(MarkingKind::ALL.to_vec()),
        "\\PC{0,8}",
        prop::option::of(prop::sample::select(vec!["AT", "NG"])),
    )
        .prop_map(|(kind, text, c)| Marking {
            country: c.map(country),
            ..marking(kind, &text)
        })
}

fn arbitrary_event(ids: Vec<EventId>) -> impl Strategy<Value = WeaponEvent> {
    (
        (
            prop::sample::select(EventKind::ALL.to_vec()),
            prop::sample::select(ids.clone()),
            any::<bool>(),
            prop_oneof![
                (-100_000i64..100_000)
                    .prop_map(|d| Occurred::Date(date("2010-01-01") + chrono::Duration::days(d))),
                (i64::MIN / 2..i64::MAX / 2).prop_map(|s| Occurred::Instant(
                    chrono::DateTime::from_timestamp(s % 8_000_000_000_000, 0).unwrap_or_default()
                )),
            ],
            prop::option::of(prop::sample::select(HOLDERS.to_vec())),
            prop::option::of(prop::sample::select(vec!["KE", "CZ"])),
        ),
        (
            prop::option::of("\\PC{0,6}"),
            prop::option::of(arbitrary_marking()),
            prop::option::of((
                prop::sample::select(ids),
                prop::sample::select(vec!["", " ", "typo"]),
                any::<bool>(),
                prop::option::of(prop::sample::select(vec!["", "ZZ 9"])),
            )),
        ),
    )
        .prop_map(
            |((kind, id, same_weapon, occurred, holder, c), (location, m, corr))| WeaponEvent {
                id,
                weapon: if same_weapon { WEAPON } else { OTHER_WEAPON },
                kind,
                occurred,
                holder,
                country: c.map(country),
                location,
                document: None,
                marking: m,
                method: None,
                notes: None,
                correction: corr.map(|(corrects, reason, void, serial)| CorrectionOf {
                    corrects,
                    reason: reason.into(),
                    void,
                    description: serial.map(|s| description(s, None)),
                }),
            },
        )
}

/// Event ids drawn from a small pool (so that corrections hit events, the registration,
/// each other, and nothing), shared by the events of one history.
fn id_pool() -> Vec<EventId> {
    let mut v: Vec<EventId> = (0..6u128)
        .map(|n| EventId(Uuid::from_u128(0x7_0000 + n)))
        .collect();
    v.push(REGISTRATION);
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `derive` orders events by when they happened: with distinct times, the order they
    /// are given in does not matter.
    #[test]
    fn the_state_does_not_depend_on_the_order_events_are_given_in(
        steps in prop::collection::vec((any::<u8>(), any::<u8>(), any::<bool>(), 0u32..400_000_000, any::<u8>()), 0..24),
        snapshot_in_stock in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let r = Registration {
            status: snapshot_in_stock.then_some(Status::InStock),
            holder: snapshot_in_stock.then_some(DEPOT),
            ..reg()
        };
        let events = valid_history(&steps);
        let expected = check(&r, &events);
        prop_assert!(expected.is_ok(), "the generator made an invalid history: {:?}\n{:#?}", expected, events);
        let mut shuffled = events.clone();
        // Fisher–Yates with a small LCG: any permutation, reproducible from the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(check(&r, &shuffled), expected);
    }

    /// No panic on any history, however broken: derive answers Ok or Err.
    #[test]
    fn derive_never_panics(
        r in arbitrary_registration(),
        events in prop::collection::vec(arbitrary_event(id_pool()), 0..16),
    ) {
        for e in &events {
            let _ = check_event_fields(e);
        }
        if let Ok(s) = check(&r, &events) {
            prop_assert!(s.events_in_force <= events.len());
            let base = deficiencies(&s.description, &s.markings);
            prop_assert!(s.deficiencies.starts_with(&base), "{:?} then {:?}", base, s.deficiencies);
        }
    }
}
