//! The parts of the corpus that incremental runs recompute: every check is
//! about one part, and an edit changes only the checks of the parts the
//! edited article was or is in (see `Reach`).
//!
//! Parts are 64-bit hashes of what they are named by, salted by what names
//! them, so an article called "Binzhou" and the subject Binzhou differ.

use crate::claim::{Claim, Kind};
use xxhash_rust::xxh3::Xxh3;

fn hash(salt: &[u8], fields: &[&str]) -> u64 {
    let mut h = Xxh3::new();
    h.update(salt);
    for f in fields {
        h.update(&[0]);
        h.update(f.as_bytes());
    }
    h.digest()
}

/// The part of everything only one article can tell.
pub fn article(id: &str) -> u64 {
    hash(b"article", &[id])
}

/// Claims about one subject (a place, a company): what kinds comparing
/// levels of several metrics across articles (share, sum, bound) need.
/// Claims without a subject meet only within their article.
pub fn subject(c: &Claim) -> Option<u64> {
    c.subject.as_deref().map(|s| hash(b"subject", &[s]))
}

/// Claims of one metric about one subject: what comparing statements of
/// the same figure (agreement) needs.
pub fn metric_subject(c: &Claim) -> Option<u64> {
    let (m, s) = (c.metric.as_deref()?, c.subject.as_deref()?);
    Some(hash(b"metric-subject", &[m, s]))
}

/// Ranks of one metric about one subject, with or without a subject (a
/// streak compares ranks without a subject across articles too).
pub fn rank(c: &Claim) -> Option<u64> {
    if c.kind != Kind::Rank {
        return None;
    }
    let m = c.metric.as_deref()?;
    Some(hash(b"rank", &[m, c.subject.as_deref().unwrap_or("")]))
}

/// An organisation by its canonical name (naming).
pub fn name(canonical: &str) -> u64 {
    hash(b"name", &[canonical])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_named_alike_by_different_things_differ() {
        let mut c = Claim::level("Binzhou", 0, 1, 1.0, "percent");
        c.subject = Some("Binzhou".into());
        assert_ne!(subject(&c), Some(article("Binzhou")));
        assert_ne!(Some(name("Binzhou")), Some(article("Binzhou")));
    }

    #[test]
    fn claims_without_a_subject_stay_in_their_article() {
        let c = Claim::level("a.txt", 0, 1, 1.0, "percent");
        assert_eq!(subject(&c), None);
        assert_eq!(metric_subject(&c), None);
    }
}
