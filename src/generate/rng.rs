//! Deterministic randomness: one independent stream per (seed, case, purpose).
//!
//! Every random decision about a case is drawn from a generator seeded by the run's seed,
//! the case id and a purpose (content, system A spelling, system B spelling …). That makes
//! the output byte-identical whatever the number of threads or the chunk size, and lets
//! the generator rebuild any earlier case on demand (a 执恢 case re-creates the 终本 case it
//! resumes instead of keeping every case in memory).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Purposes of the per-case random streams. Adding a stream never changes the others.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    /// court and case type of an index (phase one, drives the sequence numbers)
    Identity = 1,
    /// the true case: parties, amounts, closure, intervals …
    Content = 2,
    /// how system A (xlsx) spells and formats the case
    SystemA = 3,
    /// how system B (GBK CSV) spells and formats the case
    SystemB = 4,
    /// side files (assignments, deductions, extensions, petitions)
    Side = 5,
    /// per-snapshot accidents (duplicate rows)
    Snapshot = 6,
    /// court rosters (officers, teams, leaders)
    Roster = 7,
}

/// SplitMix64 finaliser: a cheap, well-mixed hash of one 64-bit word.
pub(crate) fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash of (seed, id, stream): the seed of one stream.
pub(crate) fn mix(seed: u64, id: u64, stream: Stream) -> u64 {
    splitmix(splitmix(splitmix(seed) ^ id) ^ (stream as u64).wrapping_mul(0xA24B_AED4_963E_E407))
}

/// A uniform number in [0, 1) from a hash.
pub(crate) fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The random stream for one case and purpose.
pub(crate) fn case_rng(seed: u64, id: u64, stream: Stream) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(seed, id, stream))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_are_independent_and_repeatable() {
        let a: u64 = case_rng(42, 7, Stream::Content).gen();
        let b: u64 = case_rng(42, 7, Stream::Content).gen();
        let c: u64 = case_rng(42, 7, Stream::SystemA).gen();
        let d: u64 = case_rng(43, 7, Stream::Content).gen();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn unit_is_in_range() {
        for i in 0..1000 {
            let u = unit(splitmix(i));
            assert!((0.0..1.0).contains(&u));
        }
    }
}
