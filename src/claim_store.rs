//! The claims of a run, in article order. Claims the cache answered stay in
//! the cache's frames until a step asks for them: an incremental re-check
//! converts the claims of the thousand articles it re-checks, not the
//! millions of a large corpus (converting every cached claim was a third
//! of a re-check's time at 100k articles).

use crate::claim::Claim;
use crate::frame;
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Articles converted per batch by [`ClaimStore::all`]: each batch's
/// pieces are moved into the result before the next is converted.
const BATCH: usize = 8192;

/// Where an article's claims are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the claims extracted by this run, from this index on.
    Fresh(usize),
    /// In a cache frame, from this row on.
    Cached { frame: u32, row: u32 },
}

/// Cached claims that could not be converted back (the frame passed every
/// check when it was read, so this is a bug, not damage).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("the claims cache could not be read back: {0}")]
#[diagnostic(
    code(claimcheck::cache::unreadable),
    help("run again with --no-cache, or delete the cache folder (it is rebuilt)")
)]
pub struct Unreadable(String);

/// The claims of every article of a run.
#[derive(Debug, Default)]
pub struct ClaimStore {
    counts: Vec<usize>,
    places: Vec<Place>,
    fresh: Vec<Claim>,
    frames: Vec<DataFrame>,
    /// Every claim in article order, once asked for (or from the start).
    all: OnceLock<Vec<Claim>>,
}

/// Claims of some articles, concatenated in the order they were asked for.
#[derive(Debug, Default)]
pub struct Selected {
    pub claims: Vec<Claim>,
    offsets: Vec<usize>,
}

impl Selected {
    /// The claims of the `k`-th article asked for.
    pub fn of(&self, k: usize) -> &[Claim] {
        &self.claims[self.offsets[k]..self.offsets[k + 1]]
    }
}

impl ClaimStore {
    /// Claims in memory, in article order (`counts` may be empty when the
    /// articles' counts are unknown, as for claims files).
    pub fn from_vec(claims: Vec<Claim>, counts: Vec<usize>) -> ClaimStore {
        // Everything is in `all`: no places, frames or fresh claims.
        ClaimStore {
            counts,
            all: OnceLock::from(claims),
            ..ClaimStore::default()
        }
    }

    /// Claims partly in cache frames: `places[i]` says where article `i`'s
    /// `counts[i]` claims are.
    pub fn new(
        counts: Vec<usize>,
        places: Vec<Place>,
        fresh: Vec<Claim>,
        frames: Vec<DataFrame>,
    ) -> ClaimStore {
        if places.iter().all(|p| matches!(p, Place::Fresh(_))) {
            // Extracted in article order: already what `all` would build.
            return ClaimStore::from_vec(fresh, counts);
        }
        ClaimStore {
            counts,
            places,
            fresh,
            frames,
            all: OnceLock::new(),
        }
    }

    /// How many claims there are.
    pub fn len(&self) -> usize {
        match self.all.get() {
            Some(all) => all.len(),
            None => self.counts.iter().sum(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether some claims are still in cache frames (so [`Self::all`]
    /// has work to do).
    pub fn pending(&self) -> bool {
        self.all.get().is_none()
    }

    /// How many claims each article has, in article order.
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// Every claim, in article order (converted from the cache frames the
    /// first time, then kept).
    pub fn all(&self) -> Result<&[Claim], Unreadable> {
        if let Some(all) = self.all.get() {
            return Ok(all);
        }
        let mut out = Vec::with_capacity(self.len());
        let articles: Vec<usize> = (0..self.counts.len()).collect();
        for batch in articles.chunks(BATCH) {
            out.extend(self.select(batch)?.claims);
        }
        let _ = self.all.set(out);
        Ok(self.all.get().map_or(&[][..], Vec::as_slice))
    }

    /// The claims of the articles `wanted`, in that order.
    pub fn select(&self, wanted: &[usize]) -> Result<Selected, Unreadable> {
        let mut offsets = Vec::with_capacity(wanted.len() + 1);
        offsets.push(0);
        for &i in wanted {
            offsets.push(offsets[offsets.len() - 1] + self.counts[i]);
        }
        if let Some(all) = self.all.get() {
            let starts = crate::extract::offsets(&self.counts);
            let claims = wanted
                .iter()
                .flat_map(|&i| all[starts[i]..starts[i + 1]].iter().cloned())
                .collect();
            return Ok(Selected { claims, offsets });
        }
        // The rows wanted from each frame, with where they go.
        let mut by_frame: BTreeMap<u32, Vec<Piece>> = BTreeMap::new();
        for (k, &i) in wanted.iter().enumerate() {
            if let Place::Cached { frame, row } = self.places[i] {
                by_frame.entry(frame).or_default().push(Piece {
                    at: k,
                    row,
                    count: self.counts[i],
                });
            }
        }
        let converted: Vec<(Vec<Piece>, Vec<Claim>)> = by_frame
            .into_par_iter()
            .map(|(f, pieces)| {
                let df = &self.frames[f as usize];
                let taken = rows_of(df, &pieces).map_err(|e| Unreadable(e.to_string()))?;
                let claims =
                    frame::claims_from_frame(&taken).map_err(|e| Unreadable(e.to_string()))?;
                Ok((pieces, claims))
            })
            .collect::<Result<_, Unreadable>>()?;
        // Each wanted article's claims, then all of them in order.
        let mut parts: Vec<Vec<Claim>> = vec![Vec::new(); wanted.len()];
        for (pieces, claims) in converted {
            let mut claims = claims.into_iter();
            for p in pieces {
                parts[p.at] = claims.by_ref().take(p.count).collect();
            }
        }
        for (k, &i) in wanted.iter().enumerate() {
            if let Place::Fresh(at) = self.places[i] {
                parts[k] = self.fresh[at..at + self.counts[i]].to_vec();
            }
        }
        let mut claims = Vec::with_capacity(offsets[offsets.len() - 1]);
        for p in parts {
            claims.extend(p);
        }
        Ok(Selected { claims, offsets })
    }
}

/// One wanted article's rows in a frame.
struct Piece {
    /// Its position among the articles wanted.
    at: usize,
    row: u32,
    count: usize,
}

/// The rows of `pieces`, in that order: a slice (no copy) when they follow
/// each other, as the articles of a batch do in a bucket written in
/// article order.
fn rows_of(df: &DataFrame, pieces: &[Piece]) -> PolarsResult<DataFrame> {
    let first = pieces.first().map_or(0, |p| p.row as usize);
    let mut end = first;
    let mut contiguous = true;
    for p in pieces {
        contiguous &= p.row as usize == end;
        end = p.row as usize + p.count;
    }
    if contiguous {
        return Ok(df.slice(first as i64, end - first));
    }
    let rows: Vec<IdxSize> = pieces
        .iter()
        .flat_map(|p| (p.row as IdxSize..).take(p.count))
        .collect();
    df.take(&IdxCa::from_vec("rows".into(), rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(article: &str, start: u32) -> Claim {
        Claim::level(article, start, start + 2, 12.0, "percent")
    }

    #[test]
    fn cached_and_fresh_claims_come_back_in_article_order() {
        // Articles a (cached, frame 1 rows 2..4), b (fresh), c (cached,
        // frame 0 row 0), d (no claims), e (cached, frame 1 rows 0..2).
        let f0 = frame::claims_frame(&[claim("c", 0)]).unwrap();
        let f1 = frame::claims_frame(&[claim("e", 0), claim("e", 5), claim("a", 0), claim("a", 5)])
            .unwrap();
        let store = ClaimStore::new(
            vec![2, 1, 1, 0, 2],
            vec![
                Place::Cached { frame: 1, row: 2 },
                Place::Fresh(0),
                Place::Cached { frame: 0, row: 0 },
                Place::Fresh(1),
                Place::Cached { frame: 1, row: 0 },
            ],
            vec![claim("b", 7)],
            vec![f0, f1],
        );
        assert_eq!(store.len(), 6);
        let s = store.select(&[4, 1, 3, 0]).unwrap();
        assert_eq!(s.of(0), &[claim("e", 0), claim("e", 5)]);
        assert_eq!(s.of(1), &[claim("b", 7)]);
        assert!(s.of(2).is_empty());
        assert_eq!(s.of(3), &[claim("a", 0), claim("a", 5)]);
        let all = store.all().unwrap();
        let expected = [
            claim("a", 0),
            claim("a", 5),
            claim("b", 7),
            claim("c", 0),
            claim("e", 0),
            claim("e", 5),
        ];
        assert_eq!(all, &expected);
        // Once everything is converted, selections come from it.
        assert_eq!(store.select(&[2]).unwrap().claims, [claim("c", 0)]);
    }

    #[test]
    fn claims_in_memory_are_all_there_is() {
        let store = ClaimStore::from_vec(vec![claim("a", 0), claim("b", 1)], vec![1, 1]);
        assert_eq!(store.len(), 2);
        assert_eq!(store.select(&[1]).unwrap().claims, [claim("b", 1)]);
        let files = ClaimStore::from_vec(vec![claim("a", 0)], Vec::new());
        assert_eq!(files.len(), 1);
        assert_eq!(files.all().unwrap().len(), 1);
    }
}
