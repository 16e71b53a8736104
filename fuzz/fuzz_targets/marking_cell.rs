//! The `markings` cell parser (docs/import-format.md) never panics, and whatever it
//! accepts it writes back in a form that reads back to the same markings.
#![no_main]

use armtrace_bulk::marking_cell::{format, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cell) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(markings) = parse(cell) else {
        return;
    };
    let written = format(&markings);
    match parse(&written) {
        Ok(again) => {
            assert_eq!(again, markings, "{cell:?} was written back as {written:?}");
            assert_eq!(
                format(&again),
                written,
                "writing is not stable for {cell:?}"
            );
        }
        Err(e) => panic!("{cell:?} parsed, but its written form {written:?} does not: {e}"),
    }
});
