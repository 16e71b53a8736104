//! Marking search through the binary: finds weapons from misread markings, stays in step
//! with the store, and answers the same on SQLite and PostgreSQL.

mod common;

use common::{TestDb, code, demo_files, import_all, stderr, stdout};
use std::fs;

fn hits(db: &TestDb, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let o = db.cli(&all);
    assert!(
        code(&o) == 0 || code(&o) == 5,
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    v["hits"].as_array().cloned().unwrap_or_default()
}

fn serial_of(db: &TestDb, make: &str) -> (String, String) {
    let mut found = None;
    db.store()
        .for_each_weapon(&mut |w| {
            let open = !matches!(
                w.status,
                armtrace_domain::Status::Destroyed | armtrace_domain::Status::Exported
            );
            if found.is_none()
                && open
                && w.description.make == make
                && w.description.serial.chars().count() >= 6
            {
                found = Some((w.description.serial.clone(), w.id.to_string()));
            }
            Ok(())
        })
        .expect("weapons");
    found.expect("a weapon of that make")
}

on_every_backend!(
    a_misread_serial_finds_the_weapon_and_the_index_follows_the_store,
    |db| {
        let files = demo_files(&db.path("src"), 2_000, 21);
        import_all(db, &files);
        let (serial, id) = serial_of(db, "Glock");
        // Read in lower case with a space, first character filed off.
        let query = format!("*{}", serial[1..].to_lowercase());
        let h = hits(db, &[&query]);
        assert!(
            h.iter().take(10).any(|x| x["weapon_id"] == id.as_str()),
            "{query}: {h:?}"
        );

        // A seizure recorded now is searchable at once by its new status.
        let events = db.path("seize.csv");
        fs::write(
            &events,
            format!("weapon_id,kind,occurred_at,location\n{id},seized,2026-01-05,Border post 4\n"),
        )
        .expect("write");
        let o = db.cli(&["import", "events", events.to_str().expect("path")]);
        assert_eq!(code(&o), 0, "{}", stdout(&o));
        let h = hits(db, &[&serial, "--status", "seized"]);
        assert_eq!(
            h.first().map(|x| x["weapon_id"].clone()),
            Some(serde_json::json!(id)),
            "{h:?}"
        );

        // A newly imported weapon is findable at once, the index file is reused.
        let weapons = db.path("new.csv");
        fs::write(
        &weapons,
        "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status\n\
         assault_rifle,Izhmash,AK-74M,5.45x39mm,ЖБ 7716,RU,1991,KE 04,KE,2004,,seized\n",
    )
    .expect("write");
        assert_eq!(
            code(&db.cli(&["import", "weapons", weapons.to_str().expect("path")])),
            0
        );
        let h = hits(db, &["XB-7716"]);
        assert_eq!(
            h.first().map(|x| x["serial"].clone()),
            Some(serde_json::json!("ЖБ 7716")),
            "{h:?}"
        );
    }
);

#[test]
fn sqlite_and_postgresql_answer_the_same() {
    let Some(pg) = TestDb::postgres() else {
        eprintln!("PostgreSQL not tested: set ARMTRACE_TEST_PG");
        return;
    };
    let lite = TestDb::sqlite();
    let files = demo_files(&lite.path("src"), 1_500, 33);
    import_all(&lite, &files);
    import_all(&pg, &files);
    let queries = lite.path("queries.txt");
    let (s1, _) = serial_of(&lite, "Izhmash");
    let (s2, _) = serial_of(&lite, "Beretta");
    fs::write(
        &queries,
        format!(
            "{s1}\n{}\n*{}\n{}~1\nmake:beretta {}?\n",
            s1.to_lowercase(),
            &s2[2..],
            s2,
            &s2[..s2.len() - 1]
        ),
    )
    .expect("write");
    let run = |db: &TestDb| -> Vec<serde_json::Value> {
        let o = db.cli(&[
            "search",
            "--batch",
            queries.to_str().expect("path"),
            "--json",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
                v["micros"] = serde_json::json!(0);
                v
            })
            .collect()
    };
    let (a, b) = (run(&lite), run(&pg));
    assert_eq!(a.len(), 5);
    assert!(
        a.iter()
            .all(|v| !v["hits"].as_array().expect("hits").is_empty()),
        "{a:?}"
    );
    assert_eq!(a, b);
}

#[test]
fn bad_queries_are_refused_with_a_reason() {
    let db = TestDb::sqlite();
    assert_eq!(code(&db.cli(&["init"])), 0);
    for (q, words) in [("**", "only wildcards"), ("AB12~9", "budget")] {
        let o = db.cli(&["search", q]);
        assert_eq!(code(&o), 1, "{q}");
        assert!(stderr(&o).contains(words), "{q}: {}", stderr(&o));
    }
}
