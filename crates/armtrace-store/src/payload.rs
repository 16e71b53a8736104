//! How the SQLite file's ledger payloads are read. Every payload is written as the JSON
//! text its entry's hash covers, which any SQLite tool can read and query
//! (`json_extract`).
//!
//! Stores written by armtrace before 2026-12-05 keep each weapon registration's payload as
//! a standard zstd frame made with a dictionary built into armtrace (126 bytes on average
//! instead of 467). Those frames are read as they are: nothing already stored is rewritten.
//! Compressing took about an eighth of the CPU time of a bulk import, for a store about two
//! fifths smaller (docs/benchmarks.md, 2026-12-04 23:46 UTC), so new payloads are not
//! compressed.
//!
//! The hash is over the JSON, not the stored bytes: reading decompresses, and a frame that
//! does not decompress (a byte changed behind armtrace's back) reads as a payload that
//! cannot match its hash, so `armtrace verify` reports the entry instead of stopping.
//! The dictionaries are also kept in the store itself (`payload_dictionaries`), so that a
//! copy of an older file can be read without armtrace: `zstd -d -D dictionary`.

use std::sync::OnceLock;

/// The dictionaries, by their zstd dictionary id; one is added, never changed.
/// Dictionary 1 was trained (`zstd --train --maxdict=32768`) on 10,000 registration
/// payloads of a generated registry (`armtrace demo --seed 7`).
pub(crate) const DICTIONARIES: &[(u32, &[u8])] = &[(
    927_141_130,
    include_bytes!("../dictionaries/payload-1.zstd-dict"),
)];

/// The largest payload a frame may say it holds (a guard against a forged frame).
const MAX_PAYLOAD: usize = 16 << 20;

fn decoder(id: u32) -> Option<&'static zstd::dict::DecoderDictionary<'static>> {
    static DECODERS: OnceLock<Vec<(u32, zstd::dict::DecoderDictionary<'static>)>> = OnceLock::new();
    DECODERS
        .get_or_init(|| {
            DICTIONARIES
                .iter()
                .map(|(id, d)| (*id, zstd::dict::DecoderDictionary::copy(d)))
                .collect()
        })
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, d)| d)
}

/// The JSON of a stored frame, or why it cannot be read.
pub(crate) fn decompress(stored: &[u8]) -> Result<String, String> {
    let size = zstd::zstd_safe::get_frame_content_size(stored)
        .map_err(|_| "not a zstd frame".to_string())?
        .ok_or("the frame does not say its size")?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s <= MAX_PAYLOAD)
        .ok_or("the frame says it holds more than a payload can")?;
    let id = zstd::zstd_safe::get_dict_id_from_frame(stored)
        .map(|id| id.get())
        .unwrap_or(0);
    let dict = decoder(id).ok_or_else(|| format!("no dictionary {id}"))?;
    let mut d =
        zstd::bulk::Decompressor::with_prepared_dictionary(dict).map_err(|e| e.to_string())?;
    let bytes = d.decompress(stored, size).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "the payload is not UTF-8".to_string())
}

/// The payload as read from the file: text as it is, a frame (of an earlier version)
/// decompressed. A frame that cannot be read gives a text that says so, which no hash
/// matches.
pub(crate) fn read(stored: rusqlite::types::ValueRef<'_>) -> Result<String, StoreError> {
    use rusqlite::types::ValueRef;
    match stored {
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            Ok(decompress(b)
                .unwrap_or_else(|why| format!("(stored payload cannot be read: {why})")))
        }
        other => Err(StoreError::Damaged(format!(
            "a ledger payload is stored as {:?}, neither text nor a compressed frame",
            other.data_type()
        ))),
    }
}

use crate::StoreError;

#[cfg(test)]
mod tests {
    use super::*;

    /// A payload as armtrace kept weapon registrations before 2026-12-05: a frame with the
    /// built-in dictionary, its content size, its dictionary id and zstd's checksum.
    fn frame(json: &str) -> Vec<u8> {
        let (_, dict) = DICTIONARIES[0];
        let mut z = zstd::bulk::Compressor::with_dictionary(1, dict).expect("compressor");
        z.include_checksum(true).expect("checksum");
        z.include_contentsize(true).expect("content size");
        z.include_dictid(true).expect("dictionary id");
        z.compress(json.as_bytes()).expect("compresses")
    }

    #[test]
    fn a_frame_of_an_earlier_version_reads_as_its_json() {
        let json = r#"{"type":"weapon_registered","id":"58b36383-7a7c-8669-a2ba-b914b1130eb4","description":{"serial":"۹۹۷۱۲ АК"}}"#;
        let stored = frame(json);
        assert!(stored.len() < json.len());
        assert_eq!(decompress(&stored).as_deref(), Ok(json));
    }

    #[test]
    fn the_built_in_dictionary_has_the_id_its_frames_name() {
        let (id, d) = DICTIONARIES[0];
        assert_eq!(&d[..4], &[0x37, 0xa4, 0x30, 0xec]);
        assert_eq!(u32::from_le_bytes([d[4], d[5], d[6], d[7]]), id);
    }

    proptest::proptest! {
        #[test]
        fn no_stored_bytes_make_reading_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = decompress(&bytes);
        }

        /// A changed byte mostly makes the frame unreadable; where zstd still reads it (a
        /// bit it does not use), the JSON it gives is what the entry's hash then judges.
        #[test]
        fn a_changed_byte_in_a_frame_never_makes_reading_panic(pos in 0usize..200, bit in 0u8..8) {
            let json = r#"{"type":"weapon_registered","status":"in_stock","holder":"00b7b283-ab16-72e6-8d8a-6195678c37db"}"#;
            let mut stored = frame(json);
            let pos = pos % stored.len();
            stored[pos] ^= 1 << bit;
            let _ = decompress(&stored);
        }
    }
}
