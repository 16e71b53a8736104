//! How the SQLite file keeps ledger payloads. A weapon registration's payload (its
//! canonical JSON, which the entry's hash covers) is stored as a standard zstd frame made
//! with a dictionary built into armtrace: the JSON of one registration is mostly the same
//! field names and vocabulary as every other, so it shrinks to about a quarter, and a bulk
//! load writes a quarter of the bytes (docs/benchmarks.md). Every other payload stays as
//! JSON text, which SQL can read (the overview counts events by month with
//! `json_extract`).
//!
//! The hash is over the JSON, not the stored bytes: reading decompresses, and a frame that
//! does not decompress (a byte changed behind armtrace's back) reads as a payload that
//! cannot match its hash, so `armtrace verify` reports the entry instead of stopping.
//! The dictionaries are also kept in the store itself (`payload_dictionaries`), so that a
//! copy of the file can be read without armtrace: `zstd -d -D dictionary`.

use std::sync::OnceLock;

/// The dictionaries, by their zstd dictionary id; a new one is added, never changed.
/// Dictionary 1 was trained (`zstd --train --maxdict=32768`) on 10,000 registration
/// payloads of a generated registry (`armtrace demo --seed 7`), which the benchmarks do
/// not use.
pub(crate) const DICTIONARIES: &[(u32, &[u8])] = &[(
    DICTIONARY_ID,
    include_bytes!("../dictionaries/payload-1.zstd-dict"),
)];

/// The id (in the dictionary's own header) of the dictionary new payloads are made with.
const DICTIONARY_ID: u32 = 927_141_130;

/// zstd's fastest level: with the dictionary it already gives almost all the gain.
const LEVEL: i32 = 1;

/// The largest payload a frame may say it holds (a guard against a forged frame).
const MAX_PAYLOAD: usize = 16 << 20;

/// Whether payloads of this kind of entry are stored compressed.
pub(crate) fn compressed_kind(kind: &str) -> bool {
    kind == "weapon_registered"
}

fn encoder() -> &'static zstd::dict::EncoderDictionary<'static> {
    static ENCODER: OnceLock<zstd::dict::EncoderDictionary<'static>> = OnceLock::new();
    ENCODER.get_or_init(|| {
        let dict = DICTIONARIES
            .iter()
            .find(|(id, _)| *id == DICTIONARY_ID)
            .map_or(&[][..], |(_, d)| *d);
        zstd::dict::EncoderDictionary::copy(dict, LEVEL)
    })
}

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

thread_local! {
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// The stored form of a payload of a [`compressed_kind`], with zstd's checksum of the
/// content so that a standard `zstd -d` also notices a changed byte. `None` only if zstd
/// itself fails (it does not on any input), and then the payload is stored as text.
pub(crate) fn compress(json: &str) -> Option<Vec<u8>> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            let mut made = zstd::bulk::Compressor::with_prepared_dictionary(encoder()).ok()?;
            made.include_checksum(true).ok()?;
            made.include_contentsize(true).ok()?;
            made.include_dictid(true).ok()?;
            *c = Some(made);
        }
        c.as_mut()?.compress(json.as_bytes()).ok()
    })
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

/// The payload as read from the file: text as it is, a frame decompressed. A frame that
/// cannot be read gives a text that says so, which no hash matches.
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

    #[test]
    fn a_payload_comes_back_as_it_went_in() {
        let json = r#"{"type":"weapon_registered","id":"58b36383-7a7c-8669-a2ba-b914b1130eb4","description":{"serial":"۹۹۷۱۲ АК"}}"#;
        let stored = compress(json).expect("compresses");
        assert!(stored.len() < json.len());
        assert_eq!(decompress(&stored).as_deref(), Ok(json));
    }

    #[test]
    fn the_built_in_dictionary_has_the_id_new_frames_name() {
        let (_, d) = DICTIONARIES[0];
        assert_eq!(&d[..4], &[0x37, 0xa4, 0x30, 0xec]);
        assert_eq!(u32::from_le_bytes([d[4], d[5], d[6], d[7]]), DICTIONARY_ID);
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
            let mut stored = compress(json).expect("compresses");
            let pos = pos % stored.len();
            stored[pos] ^= 1 << bit;
            let _ = decompress(&stored);
        }
    }
}
