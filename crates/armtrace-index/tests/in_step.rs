//! The index follows its store: reused after a restart, caught up with new records, and
//! rebuilt — never trusted — when its file belongs to another store or is damaged.

use armtrace_bulk::{FileKind, ImportOptions, import_file};
use armtrace_index::SearchIndex;
use armtrace_search::parse_query;
use armtrace_store::Store;
use std::path::Path;

fn store_with(dir: &Path, name: &str, weapons: usize, seed: u64) -> Store {
    let files = armtrace_demo::write_registry(
        &armtrace_demo::DemoConfig {
            seed,
            weapons,
            with_events: true,
            ..Default::default()
        },
        &dir.join(format!("{name}-src")),
    )
    .expect("demo files");
    let store =
        Store::open(dir.join(format!("{name}.db")).to_str().expect("path"), true).expect("store");
    let opts = ImportOptions::new("tester");
    for (kind, path) in [
        (FileKind::Holders, &files.holders),
        (FileKind::Weapons, &files.weapons),
        (FileKind::Events, &files.events),
    ] {
        import_file(&store, kind, path, &opts, &mut |_| {}).expect("import");
    }
    store
}

fn first_serial(store: &Store) -> (String, i64) {
    let mut out = None;
    store
        .for_each_weapon(&mut |w| {
            if out.is_none()
                && w.description
                    .serial
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .count()
                    >= 5
            {
                out = Some((w.description.serial.clone(), w.num));
            }
            Ok(())
        })
        .expect("weapons");
    out.expect("a weapon with a serial")
}

#[test]
fn an_index_is_reused_after_a_restart_and_catches_up() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), "a", 500, 1);
    let path = dir.path().join("a.search");
    let index = SearchIndex::open(&store, Some(&path)).expect("index");
    assert_eq!(index.len(), 500);
    let at = index.position();
    assert_eq!(at, store.head().expect("head").0);
    drop(index);

    // New records after the index was saved are applied on the next open.
    let more = dir.path().join("more.csv");
    std::fs::write(
        &more,
        "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status\n\
         pistol_revolver,Glock,17,9x19mm,ZZQ 4711,AT,2004,,,,,seized\n",
    )
    .expect("write");
    import_file(
        &store,
        FileKind::Weapons,
        &more,
        &ImportOptions::new("tester"),
        &mut |_| {},
    )
    .expect("import");
    let index = SearchIndex::open(&store, Some(&path)).expect("reopen");
    assert_eq!(index.len(), 501);
    assert_eq!(index.position(), at + 1);
    let found = index
        .search(&parse_query("zzq-4711").expect("query"), 5, 0)
        .expect("search");
    assert_eq!(
        found.first().map(|f| f.weapon.description.serial.as_str()),
        Some("ZZQ 4711")
    );
}

#[test]
fn an_index_file_of_another_store_or_damaged_is_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let a = store_with(dir.path(), "a", 300, 2);
    let b = store_with(dir.path(), "b", 300, 3);
    let path = dir.path().join("shared.search");
    SearchIndex::open(&a, Some(&path)).expect("index of a");

    // Opened for store b, the file of store a is not trusted.
    let index = SearchIndex::open(&b, Some(&path)).expect("index of b");
    let (serial, num) = first_serial(&b);
    let found = index
        .search(&parse_query(&serial).expect("query"), 10, 0)
        .expect("search");
    assert!(found.iter().any(|f| f.weapon.num == num), "{serial}");
    assert!(
        found
            .iter()
            .all(|f| f.weapon.description.serial.chars().count() > 0)
    );

    // A damaged file is rebuilt too.
    std::fs::write(&path, b"not an index").expect("damage");
    let index = SearchIndex::open(&b, Some(&path)).expect("rebuilt");
    assert_eq!(index.len(), 300);
}
