//! Deterministic identifiers: seeded permutations and UUIDs.
//!
//! Every row the generator writes has an `id`: a version-7-shaped UUID (RFC 9562) whose
//! 48-bit timestamp is a time on the row's own date (registration date of a weapon, date
//! of an event) and whose 74 "random" bits hold a table tag, the row's index sent through
//! a permutation keyed by the seed, and hash bits. Distinct rows of one registry have
//! distinct ids by construction; the same seed gives the same ids.

use uuid::{Builder, Uuid};

/// The SplitMix64 finaliser: a fast, well-mixing bijection on `u64`.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A keyed bijection on the `bits`-bit integers (`1 <= bits <= 64`).
fn permute_bits(mut x: u64, bits: u32, key: u64) -> u64 {
    let mask = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let shift = bits.div_ceil(2).max(1);
    let mut k = key;
    for _ in 0..4 {
        k = mix(k);
        x = x.wrapping_add(k) & mask;
        x = x.wrapping_mul(k | 1) & mask;
        x ^= x >> shift;
    }
    x
}

/// A keyed bijection on `0..capacity`, by cycle-walking a permutation of the smallest
/// power-of-two range that holds it. `n` must be below `capacity`.
pub(crate) fn permute_below(n: u64, capacity: u64, key: u64) -> u64 {
    if capacity <= 1 {
        return 0;
    }
    let bits = 64 - (capacity - 1).leading_zeros();
    let mut x = n;
    loop {
        x = permute_bits(x, bits, key);
        if x < capacity {
            return x;
        }
    }
}

/// Which table a row belongs to (two bits of its id).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Holder = 0,
    Weapon = 1,
    Event = 2,
}

/// The id of row `index` of `table`, time-stamped on `day` (days since 1970-01-01).
pub(crate) fn row_id(seed: u64, table: Table, index: u64, day: i32) -> Uuid {
    let h = mix(seed ^ mix(((table as u64) << 56) ^ index));
    let millis = u64::try_from(day).unwrap_or(0) * 86_400_000 + h % 86_400_000;
    let index_bits = permute_bits(index & ((1 << 42) - 1), 42, seed ^ (table as u64));
    let low: u64 = ((table as u64) << 60) | (index_bits << 18) | ((h >> 40) & 0x3_FFFF);
    let mut bytes = [0u8; 10];
    bytes[..2].copy_from_slice(&((h >> 24) as u16).to_be_bytes());
    bytes[2..].copy_from_slice(&low.to_be_bytes());
    Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn permute_below_is_a_bijection() {
        for capacity in [1u64, 2, 3, 10, 1000, 17_576] {
            let image: HashSet<u64> = (0..capacity)
                .map(|n| permute_below(n, capacity, 99))
                .collect();
            assert_eq!(image.len() as u64, capacity);
            assert!(image.iter().all(|v| *v < capacity));
        }
    }

    #[test]
    fn row_ids_are_v7_and_distinct() {
        let mut seen = HashSet::new();
        for i in 0..10_000 {
            for table in [Table::Holder, Table::Weapon, Table::Event] {
                let id = row_id(5, table, i, 12_000);
                assert_eq!(id.get_version_num(), 7);
                assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
                assert!(seen.insert(id));
            }
        }
    }
}
