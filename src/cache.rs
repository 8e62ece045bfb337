//! The claims cache (`.claimcheck/cache` by default): re-checking a corpus
//! where one article changed re-extracts only that article.
//!
//! Extraction is a pure function of one article (its id, text and date),
//! the lexicon, the extraction settings and the extractor's code, and
//! nothing else: no state crosses articles (statement groups are numbered
//! per article, the subject an article is mostly about is its own). So the
//! claims of an article can be reused as long as none of those changed:
//!
//! - the [`Key`] holds what is common to all articles: the package
//!   version, a fingerprint of the sources the binary was built from
//!   (`build.rs`; the version alone does not change while the extractor is
//!   being developed), the hash of the lexicon file's bytes, the settings
//!   (`--approx`) and [`SCHEMA`]. A cache made under another key is
//!   ignored and rebuilt;
//! - each article has a content hash, [`crate::corpus::content_hash`]: XXH3 (64 bits) of
//!   its text and its date (the date resolves "last year"; it may come
//!   from a manifest, not from the text). A 64-bit non-cryptographic hash is
//!   enough to detect a change: nobody crafts collisions against their own
//!   cache, and an accidental one has a chance of 2⁻⁶⁴ per edit.
//!
//! The cache of a corpus (a set of corpus roots) is a folder
//! `claims-<hash of the roots>/` of [`BUCKETS`] files: an article's bucket is
//! fixed by the hash of its id. A run rewrites only the buckets whose
//! articles changed (an edit of one article rewrites 1/64 of the cache), and
//! reads and writes buckets in parallel. Each bucket file is written whole
//! to a temporary file and renamed over the old one, so readers see the old
//! or the new file, never a mix, and two runs at once cannot corrupt it:
//! every article's claims are stored with the hash of the text they came
//! from, so buckets from two runs are each right for what they say. A file:
//!
//! ```text
//! magic "CCCACHE1"
//! u32 length, header JSON {"key": Key, "articles": n, "claims": m}
//! n × (u32 id length, id bytes, u64 content hash, u32 number of claims)
//! u64 length, the claims of the n articles in order, as Parquet (the claims frame)
//! u64 XXH3 of every byte before it
//! ```
//!
//! (integers little-endian). A file that fails any check (magic, checksum,
//! lengths, Parquet, columns, claims that do not belong to their article,
//! an article in the wrong bucket) is damaged: it is reported and rebuilt,
//! never trusted.

use crate::binfile::{self, Loaded, Writer};
use crate::claim::Claim;
use crate::claim_store::{ClaimStore, Place};
use crate::corpus::Article;
use crate::extract::{
    self,
    lexicon::{Lexed, Lexicon},
    Settings,
};
use crate::frame;
use polars::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::xxh3_64;

/// The default cache folder, relative to where claimcheck runs.
pub const DEFAULT_DIR: &str = ".claimcheck/cache";

/// The version of the cache's layout and of the claims it stores; bumped
/// whenever either changes.
pub const SCHEMA: u32 = 1;

/// Files per corpus: an edit rewrites one of them.
pub const BUCKETS: usize = 64;

const MAGIC: &[u8; 8] = b"CCCACHE1";

/// What every cached claim depends on besides its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    pub schema: u32,
    pub version: String,
    /// The fingerprint of the sources the binary was built from.
    pub build: String,
    /// The lexicon's fingerprint (XXH3 of its source), in hex.
    pub lexicon: String,
    /// The bits of `--approx`.
    pub approx: u64,
}

impl Key {
    /// The key for a lexicon's [`Lexicon::fingerprint`] and the settings.
    pub fn new(lexicon: u64, settings: &Settings) -> Key {
        Key {
            schema: SCHEMA,
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: env!("CLAIMCHECK_SOURCE_HASH").to_string(),
            lexicon: format!("{lexicon:016x}"),
            approx: settings.approx.to_bits(),
        }
    }

    /// The key as one number, for the files that depend on it (the files
    /// index, the results state).
    pub fn digest(&self) -> u64 {
        xxh3_64(&serde_json::to_vec(self).unwrap_or_default())
    }
}

/// The bucket of an article.
fn bucket_of(id: &str) -> usize {
    (xxh3_64(id.as_bytes()) % BUCKETS as u64) as usize
}

/// The cache of one corpus: where its files are and the key they must have.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    corpus: PathBuf,
    key: Key,
}

impl Cache {
    /// The cache in `dir` for the corpus under `roots`.
    pub fn open(dir: &Path, roots: &[PathBuf], key: Key) -> Cache {
        let mut roots: Vec<String> = roots
            .iter()
            .map(|r| {
                r.canonicalize()
                    .unwrap_or_else(|_| r.clone())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        roots.sort();
        let name = format!("claims-{:016x}", xxh3_64(roots.join("\0").as_bytes()));
        Cache {
            dir: dir.to_path_buf(),
            corpus: dir.join(name),
            key,
        }
    }

    /// The key every bucket file must have.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The folder of this corpus's bucket files.
    pub fn folder(&self) -> &Path {
        &self.corpus
    }

    /// The file of bucket `b`.
    pub fn file(&self, b: usize) -> PathBuf {
        self.corpus.join(format!("{b:02x}.cache"))
    }

    /// Read bucket `b`.
    fn load(&self, b: usize) -> Loaded<Bucket> {
        binfile::read(&self.file(b), |bytes| {
            let stored = decode(bytes, &self.key)?;
            if stored
                .as_ref()
                .is_some_and(|s| s.entries.keys().any(|id| bucket_of(id) != b))
            {
                return Err("an article in the wrong file".into());
            }
            Ok(stored)
        })
    }

    /// Create the folders (a new cache folder gets a `.gitignore` and a
    /// `CACHEDIR.TAG`).
    fn prepare(&self) -> Result<(), String> {
        if !self.dir.is_dir() {
            std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
            // Like other tools' caches: ignored by git without a line in
            // the repository's .gitignore, and skipped by backup tools. Only
            // in a folder made here: `--cache .` must not ignore a repository.
            let _ = std::fs::write(self.dir.join(".gitignore"), "*\n");
            let _ = std::fs::write(
                self.dir.join("CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n# The claims cache of claimcheck (https://bford.info/cachedir/).\n",
            );
        }
        std::fs::create_dir_all(&self.corpus).map_err(|e| e.to_string())
    }

    /// Write bucket `b` atomically (`claims`: the claims of `entries`, in
    /// their order); an empty bucket has no file.
    fn store(&self, b: usize, entries: &[Entry<'_>], claims: DataFrame) -> Result<(), String> {
        let file = self.file(b);
        if entries.is_empty() {
            return match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
                _ => Ok(()),
            };
        }
        let bytes = encode(&self.key, entries, claims).map_err(|e| e.to_string())?;
        crate::output::write_atomic(&file, &bytes).map_err(|e| e.to_string())
    }
}

/// One article as stored.
struct Entry<'a> {
    id: &'a str,
    hash: u64,
    claims: u32,
}

/// A bucket file as read: each article's content hash and the rows of its
/// claims in `frame` (checked when read, converted when needed).
struct Bucket {
    entries: HashMap<String, (u64, Rows)>,
    frame: DataFrame,
}

/// Where an article's claims are in its bucket's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rows {
    first: u32,
    count: u32,
}

#[derive(Serialize, Deserialize)]
struct Header {
    key: Key,
    articles: u64,
    claims: u64,
}

fn encode(key: &Key, entries: &[Entry<'_>], mut df: DataFrame) -> PolarsResult<Vec<u8>> {
    let header = serde_json::to_vec(&Header {
        key: key.clone(),
        articles: entries.len() as u64,
        claims: df.height() as u64,
    })
    .map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let mut parquet = Vec::new();
    ParquetWriter::new(&mut parquet)
        .with_compression(ParquetCompression::Lz4Raw)
        .with_statistics(StatisticsOptions::empty())
        .set_parallel(false)
        .finish(&mut df)?;
    let table: usize = entries.iter().map(|e| e.id.len() + 16).sum();
    let mut w = Writer::new(MAGIC, &header, table + parquet.len());
    for e in entries {
        w.string(e.id);
        w.u64(e.hash);
        w.u32(e.claims);
    }
    w.blob(&parquet);
    Ok(w.finish())
}

/// Decode a cache file: Ok(None) when it was made under another key, Err
/// when it is damaged. The frame is checked whole (its schema, and that
/// every article's rows are its own) but not converted to claims.
fn decode(bytes: &[u8], key: &Key) -> Result<Option<Bucket>, String> {
    let (mut r, header) = binfile::open::<Header>(bytes, MAGIC, "cache")?;
    if header.key != *key {
        return Ok(None);
    }
    let mut listed: Vec<(String, u64, u32)> = Vec::new();
    for _ in 0..header.articles {
        let id = r.string()?;
        let hash = r.u64()?;
        let claims = r.u32()?;
        listed.push((id, hash, claims));
    }
    let parquet = r.blob()?;
    r.done()?;
    let frame = ParquetReader::new(Cursor::new(parquet))
        .read_parallel(ParallelStrategy::None)
        .finish()
        .map_err(|e| format!("claims: {e}"))?;
    frame::check_claims_frame(&frame).map_err(|e| format!("claims: {e}"))?;
    let total: u64 = listed.iter().map(|e| u64::from(e.2)).sum();
    if total != frame.height() as u64 || header.claims != total {
        return Err(format!(
            "the table lists {total} claims, the frame has {}",
            frame.height()
        ));
    }
    let articles = frame
        .column(frame::col::ARTICLE)
        .and_then(|c| c.str().cloned())
        .map_err(|e| format!("claims: {e}"))?;
    let mut rows = articles.iter();
    let mut entries = HashMap::with_capacity(listed.len());
    let mut first = 0u32;
    for (id, hash, count) in listed {
        if rows
            .by_ref()
            .take(count as usize)
            .any(|a| a != Some(id.as_str()))
        {
            return Err(format!("claims filed under the wrong article ({id})"));
        }
        if entries
            .insert(id.clone(), (hash, Rows { first, count }))
            .is_some()
        {
            return Err(format!("article {id} is listed twice"));
        }
        first = first.saturating_add(count);
    }
    drop(rows);
    drop(articles);
    // Held until the run ends: the repeated strings as categories (a
    // million articles' claims were 4.5 GB with a string per row).
    let frame = frame::compact(frame).map_err(|e| format!("claims: {e}"))?;
    Ok(Some(Bucket { entries, frame }))
}

/// What a run's extraction did, for `--timings` and notes.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Every article's claims (the cached ones converted when needed).
    pub claims: ClaimStore,
    /// The content hash of each article (empty without a cache).
    pub hashes: Vec<u64>,
    /// Articles whose claims came from the cache.
    pub cached: usize,
    /// Articles extracted in this run, and their bytes.
    pub extracted: usize,
    pub extracted_bytes: usize,
    /// Reading the cache and hashing the articles.
    pub load: Duration,
    /// Extracting the articles the cache did not have.
    pub extract: Duration,
    /// Writing the changed buckets back (zero when nothing changed).
    pub store: Duration,
    /// Buckets written.
    pub stored: usize,
    /// What the user should know: a damaged cache, a cache that cannot be
    /// written.
    pub notes: Vec<String>,
}

/// A run's plan: which articles the cache answers, which to extract.
///
/// Open it before the corpus is read ([`Plan::open`]); as each article is
/// read, [`Plan::claims_of`] looks it up or extracts it, and
/// [`Plan::gather`] keeps the outcome in article order; [`Plan::finish`]
/// then writes the changed buckets back.
pub struct Plan<'c> {
    cache: Option<&'c Cache>,
    /// Each bucket's articles as stored: id → (content hash, rows).
    entries: Vec<HashMap<String, (u64, Rows)>>,
    /// The frame of each bucket (empty where there is no valid file).
    frames: Vec<DataFrame>,
    /// The buckets whose file differs from what this run will have.
    dirty: Vec<bool>,
    load: Duration,
    notes: Vec<String>,
}

/// One article's claims: where the cache has them, or extracted now.
#[derive(Debug)]
pub enum Claims {
    Cached(Rows),
    Fresh(Vec<Claim>),
}

/// The outcome of every article, gathered in article order.
#[derive(Debug, Default)]
pub struct Gathered {
    hashes: Vec<u64>,
    /// Where each article's claims are (None: to extract in
    /// [`Plan::finish`]).
    places: Vec<Option<Place>>,
    counts: Vec<usize>,
    fresh: Vec<Claim>,
    extracted: usize,
    extracted_bytes: usize,
    /// The number of articles expected (0: unknown).
    expected: usize,
    /// Whether `fresh` was sized from `expected` already.
    sized: bool,
}

impl Gathered {
    /// Say how many articles will be gathered, so that the claims vector
    /// is sized once from the first articles' claims rather than doubled
    /// as it grows: each doubling copied every claim so far into fresh
    /// memory, about 3 % of a run's time at 100,000 articles, and for a
    /// moment held both copies.
    pub fn expect(&mut self, articles: usize) {
        self.expected = articles;
    }

    /// Room for `more` fresh claims of the article being gathered: once,
    /// after [`SIZE_AFTER`] articles, for every article expected from the
    /// claims per article so far (and an eighth more, as articles vary);
    /// otherwise, or past the estimate, the usual doubling.
    fn reserve(&mut self, more: usize) {
        let len = self.fresh.len();
        if self.fresh.capacity() - len >= more {
            return;
        }
        let gathered = self.hashes.len();
        if !self.sized && gathered >= SIZE_AFTER && self.expected > gathered {
            self.sized = true;
            let per_article = (len + more) as f64 / gathered as f64;
            let estimate = (per_article * self.expected as f64 * 1.125) as usize;
            if estimate > len + more {
                self.fresh.reserve_exact(estimate - len);
                return;
            }
        }
        self.fresh.reserve(more);
    }
}

/// Articles gathered before the claims vector is sized for the corpus.
const SIZE_AFTER: usize = 64;

/// One note for every damaged bucket file, so a garbled cache is one line.
fn damage_note(reasons: &[String]) -> Option<String> {
    let first = reasons.first()?;
    Some(match reasons.len() {
        1 => format!("cache damaged, rebuilding: {first}"),
        n => format!(
            "cache damaged, rebuilding: {first} (and {} more files)",
            n - 1
        ),
    })
}

impl<'c> Plan<'c> {
    /// Load `cache`'s buckets (None: extract everything, store nothing).
    pub fn open(cache: Option<&'c Cache>) -> Plan<'c> {
        let started = Instant::now();
        let Some(cache) = cache else {
            return Plan {
                cache: None,
                entries: Vec::new(),
                frames: Vec::new(),
                dirty: Vec::new(),
                load: Duration::ZERO,
                notes: Vec::new(),
            };
        };
        let loaded: Vec<Loaded<Bucket>> = (0..BUCKETS)
            .into_par_iter()
            .map(|b| cache.load(b))
            .collect();
        let mut damaged = Vec::new();
        let mut dirty = vec![false; BUCKETS];
        let mut entries = Vec::with_capacity(BUCKETS);
        let mut frames = Vec::with_capacity(BUCKETS);
        for (b, l) in loaded.into_iter().enumerate() {
            let bucket = match l {
                Loaded::Found(s) => Some(s),
                Loaded::Absent => None,
                Loaded::Stale => {
                    dirty[b] = true;
                    None
                }
                Loaded::Damaged(why) => {
                    damaged.push(why);
                    dirty[b] = true;
                    None
                }
            };
            let (e, f) = bucket.map_or_else(Default::default, |s| (s.entries, s.frame));
            entries.push(e);
            frames.push(f);
        }
        Plan {
            cache: Some(cache),
            entries,
            frames,
            dirty,
            load: started.elapsed(),
            notes: damage_note(&damaged).into_iter().collect(),
        }
    }

    /// Where the cache has the claims of article `id` with content `hash`.
    fn hit(&self, id: &str, hash: u64) -> Option<Rows> {
        let bucket = self.entries.get(bucket_of(id))?;
        match bucket.get(id) {
            Some(&(stored, rows)) if stored == hash => Some(rows),
            _ => None,
        }
    }

    /// The claims of `article` (content `hash`): from the cache, or
    /// extracted now from its text, given to the lexicon as `lexed`.
    pub fn claims_of(
        &self,
        article: &Article,
        hash: u64,
        lexed: &Lexed<'_>,
        settings: &Settings,
    ) -> Claims {
        match self.hit(&article.id, hash) {
            Some(rows) => Claims::Cached(rows),
            None => Claims::Fresh(extract::extract_lexed(article, lexed, settings)),
        }
    }

    /// Keep article `article`'s outcome (the next in article order): its
    /// content hash and claims, or None for an article not read (the
    /// files index answered it), which is looked up by its recorded hash
    /// and extracted in [`Plan::finish`] if the cache lacks it.
    pub fn gather(&self, into: &mut Gathered, article: &Article, got: Option<(u64, Claims)>) {
        let (hash, claims) = match got {
            Some((hash, claims)) => (hash, Some(claims)),
            None => {
                let hash = article.content_hash();
                (hash, self.hit(&article.id, hash).map(Claims::Cached))
            }
        };
        into.hashes.push(hash);
        match claims {
            Some(Claims::Cached(rows)) => {
                into.places.push(Some(Place::Cached {
                    frame: bucket_of(&article.id) as u32,
                    row: rows.first,
                }));
                into.counts.push(rows.count as usize);
            }
            Some(Claims::Fresh(claims)) => {
                into.places.push(Some(Place::Fresh(into.fresh.len())));
                into.counts.push(claims.len());
                into.extracted += 1;
                into.extracted_bytes += article.size();
                into.reserve(claims.len());
                into.fresh.extend(claims);
            }
            None => {
                // Extracted in `finish`.
                into.places.push(None);
                into.counts.push(0);
            }
        }
    }

    /// Extract the articles the cache did not answer (in parallel, calling
    /// `done` after each), write the changed buckets back, and keep every
    /// article's claims in article order: [`Plan::gather`] and
    /// [`Plan::finish`] for articles already in memory.
    pub fn run(
        self,
        articles: &[Article],
        lex: &Lexicon,
        settings: &Settings,
        done: &(dyn Fn() + Sync),
    ) -> Extraction {
        let started = Instant::now();
        let got: Vec<(u64, Claims)> = articles
            .par_iter()
            .map(|a| {
                let hash = a.content_hash();
                let claims = self.claims_of(a, hash, &Lexed::new(a.text(), lex), settings);
                done();
                (hash, claims)
            })
            .collect();
        let mut gathered = Gathered::default();
        for (a, got) in articles.iter().zip(got) {
            self.gather(&mut gathered, a, Some(got));
        }
        self.finish(articles, gathered, started.elapsed(), lex, settings)
    }

    /// Extract what [`Plan::gather`] left (articles not read whose claims
    /// the cache lacks), write the changed buckets back, and hand over
    /// every article's claims. `extract` is the time spent extracting
    /// so far.
    pub fn finish(
        mut self,
        articles: &[Article],
        mut g: Gathered,
        extract: Duration,
        lex: &Lexicon,
        settings: &Settings,
    ) -> Extraction {
        let started = Instant::now();
        let left: Vec<usize> = (0..articles.len())
            .filter(|&i| g.places.get(i) == Some(&None))
            .collect();
        let late: Vec<Vec<Claim>> = left
            .par_iter()
            .map(|&i| extract::extract(&articles[i], lex, settings))
            .collect();
        for (&i, claims) in left.iter().zip(late) {
            g.places[i] = Some(Place::Fresh(g.fresh.len()));
            g.counts[i] = claims.len();
            g.extracted += 1;
            g.extracted_bytes += articles[i].size();
            g.fresh.extend(claims);
        }
        let extract = extract + started.elapsed();
        let places: Vec<Place> = g.places.into_iter().flatten().collect();
        let is_cached = |p: &Place| matches!(p, Place::Cached { .. });
        let cached = places.iter().filter(|p| is_cached(p)).count();
        let mut notes = std::mem::take(&mut self.notes);
        let started = Instant::now();
        let mut stored = 0;
        if let Some(cache) = self.cache {
            // A bucket changes when one of its articles is new or changed,
            // or one it stored is gone from the corpus.
            for (a, place) in articles.iter().zip(&places) {
                let b = bucket_of(&a.id);
                if self.entries[b].remove(&a.id).is_none() || !is_cached(place) {
                    self.dirty[b] = true;
                }
            }
            for (b, rest) in self.entries.iter().enumerate() {
                if !rest.is_empty() {
                    self.dirty[b] = true;
                }
            }
            let buckets: Vec<usize> = (0..BUCKETS).filter(|&b| self.dirty[b]).collect();
            stored = buckets.len();
            let written = if buckets.is_empty() {
                Ok(())
            } else {
                cache.prepare()
            };
            let written = written.and_then(|()| {
                let mut members: Vec<Vec<usize>> = vec![Vec::new(); BUCKETS];
                for (i, a) in articles.iter().enumerate() {
                    members[bucket_of(&a.id)].push(i);
                }
                buckets
                    .par_iter()
                    .map(|&b| {
                        let (entries, frame) = bucket_contents(
                            &members[b],
                            articles,
                            &g.hashes,
                            &g.counts,
                            &places,
                            &g.fresh,
                            &self.frames[b],
                        )
                        .map_err(|e| e.to_string())?;
                        cache.store(b, &entries, frame)
                    })
                    .collect::<Result<(), String>>()
            });
            if let Err(e) = written {
                notes.push(format!(
                    "cannot write the cache {}: {e}",
                    cache.folder().display()
                ));
            }
        }
        let store = if stored > 0 {
            started.elapsed()
        } else {
            Duration::ZERO
        };
        let hashes = if self.cache.is_some() {
            g.hashes
        } else {
            Vec::new()
        };
        Extraction {
            claims: ClaimStore::new(g.counts, places, g.fresh, self.frames),
            hashes,
            cached,
            extracted: g.extracted,
            extracted_bytes: g.extracted_bytes,
            load: self.load,
            extract,
            store,
            stored,
            notes,
        }
    }
}

/// A bucket's table and frame for its articles `members`: the cached
/// claims first (rows taken from the bucket's old frame, never converted),
/// then the claims extracted in this run.
fn bucket_contents<'a>(
    members: &[usize],
    articles: &'a [Article],
    hashes: &[u64],
    counts: &[usize],
    places: &[Place],
    fresh: &[Claim],
    old: &DataFrame,
) -> PolarsResult<(Vec<Entry<'a>>, DataFrame)> {
    let entry = |i: usize| Entry {
        id: &articles[i].id,
        hash: hashes[i],
        claims: u32::try_from(counts[i]).unwrap_or(u32::MAX),
    };
    let mut entries = Vec::with_capacity(members.len());
    let mut rows: Vec<IdxSize> = Vec::new();
    for &i in members {
        if let Place::Cached { row, .. } = places[i] {
            entries.push(entry(i));
            rows.extend((row as IdxSize..).take(counts[i]));
        }
    }
    let mut new: Vec<&Claim> = Vec::new();
    for &i in members {
        if let Place::Fresh(at) = places[i] {
            entries.push(entry(i));
            new.extend(&fresh[at..at + counts[i]]);
        }
    }
    let mut frame = frame::claims_frame_of(&new)?;
    if !rows.is_empty() {
        // Back to the strings the cache files hold.
        let mut kept = frame::expanded(old.take(&IdxCa::from_vec("rows".into(), rows))?)?;
        kept.vstack_mut(&frame)?;
        frame = kept;
    }
    Ok((entries, frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{Kind, Role};
    use crate::interval::Qualifier;
    use chrono::NaiveDate;

    fn key() -> Key {
        Key::new(xxh3_64(b"metrics: []\n"), &Settings::default())
    }

    fn article(id: &str, text: &str) -> Article {
        Article::from_text(id.into(), id.into(), text.into(), None).unwrap()
    }

    fn claim(article: &str, start: u32) -> Claim {
        Claim {
            article: article.into(),
            sentence: 2,
            start,
            end: start + 10,
            text: "about 30 percent".into(),
            value: 30.0,
            lo: f64::NEG_INFINITY,
            hi: 31.5,
            qualifier: Qualifier::Approx,
            unit: "percent".into(),
            kind: Kind::Growth,
            metric: Some("gdp".into()),
            noun: None,
            subject: Some("Binzhou".into()),
            scope: Some("province".into()),
            period_start: NaiveDate::from_ymd_opt(2012, 1, 1),
            period_end: None,
            group: Some(3),
            role: Some(Role::Stated),
        }
    }

    #[test]
    fn the_claims_vector_is_sized_once_for_the_articles_expected() {
        let mut g = Gathered::default();
        g.expect(1000);
        let mut capacities = std::collections::BTreeSet::new();
        for i in 0..1000u32 {
            g.hashes.push(u64::from(i));
            g.reserve(10);
            g.fresh.extend((0..10).map(|k| claim("a", k)));
            capacities.insert(g.fresh.capacity());
        }
        // Doubling up to the estimate after SIZE_AFTER articles, then
        // enough for all: 10 claims each, and an eighth more.
        assert_eq!(capacities.last(), Some(&11_250));
        assert!(capacities.len() < 12, "{capacities:?}");
        // Past the estimate, the usual doubling.
        g.hashes.push(1000);
        g.reserve(2000);
        assert!(g.fresh.capacity() >= 2 * 11_250);
    }

    fn entries<'a>(ids: &[(&'a str, u64, u32)]) -> Vec<Entry<'a>> {
        ids.iter()
            .map(|&(id, hash, claims)| Entry { id, hash, claims })
            .collect()
    }

    #[test]
    fn the_key_changes_with_the_lexicon_and_the_settings() {
        let k = key();
        assert_eq!(k, key());
        assert_ne!(
            k,
            Key::new(xxh3_64(b"metrics: [] \n"), &Settings::default())
        );
        assert_ne!(
            k,
            Key::new(xxh3_64(b"metrics: []\n"), &Settings { approx: 0.1 })
        );
        assert_eq!(k.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(k.schema, SCHEMA);
    }

    #[test]
    fn content_hashes_see_the_text_and_the_date() {
        let a = article("a.txt", "Sales grew by 5 percent last year.\n");
        let mut b = a.clone();
        assert_eq!(a.content_hash(), b.content_hash());
        b.meta.date = NaiveDate::from_ymd_opt(2021, 1, 1);
        assert_ne!(a.content_hash(), b.content_hash());
        let c = article("a.txt", "Sales grew by 6 percent last year.\n");
        assert_ne!(a.content_hash(), c.content_hash());
    }

    #[test]
    fn a_file_round_trips_and_a_damaged_one_is_never_trusted() {
        let claims = [claim("a.txt", 0), claim("a.txt", 20), claim("c.txt", 5)];
        let df = || frame::claims_frame(&claims).unwrap();
        let table = entries(&[("a.txt", 7, 2), ("b.txt", 8, 0), ("c.txt", 9, 1)]);
        let bytes = encode(&key(), &table, df()).unwrap();
        let stored = decode(&bytes, &key()).unwrap().unwrap();
        assert_eq!(stored.entries.len(), 3);
        let rows = |first, count| Rows { first, count };
        assert_eq!(stored.entries["a.txt"], (7, rows(0, 2)));
        assert_eq!(stored.entries["b.txt"], (8, rows(2, 0)));
        assert_eq!(stored.entries["c.txt"], (9, rows(2, 1)));
        assert_eq!(frame::claims_from_frame(&stored.frame).unwrap(), claims);

        // Another key: stale, not damaged.
        let other = Key::new(xxh3_64(b"x"), &Settings::default());
        assert!(decode(&bytes, &other).unwrap().is_none());

        // Every truncation, a flipped byte anywhere, garbage: damaged.
        for cut in [0, 1, 8, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], &key()).is_err(), "cut at {cut}");
        }
        for at in [9, 40, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
            let mut b = bytes.clone();
            b[at] ^= 0x20;
            assert!(decode(&b, &key()).is_err(), "flip at {at}");
        }
        assert!(decode(b"CCCACHE1 and then nonsense", &key()).is_err());

        // A consistent file whose table disagrees with its frame.
        let wrong = entries(&[("a.txt", 7, 1), ("c.txt", 9, 2)]);
        let bytes = encode(&key(), &wrong, df()).unwrap();
        assert!(decode(&bytes, &key()).is_err());
        let short = entries(&[("a.txt", 7, 2)]);
        let bytes = encode(&key(), &short, df()).unwrap();
        assert!(decode(&bytes, &key()).is_err());

        // A frame that is not a claims frame, or has nulls where claims
        // need values.
        let mut other = df();
        other.rename(frame::col::TEXT, "words".into()).unwrap();
        let bytes = encode(&key(), &table, other).unwrap();
        let why = decode(&bytes, &key()).err().unwrap();
        assert!(why.contains("`words`"), "{why}");
        let mut nulls = df();
        nulls
            .replace(
                frame::col::VALUE,
                Column::new(frame::col::VALUE.into(), [Some(1.0), None, Some(2.0)]),
            )
            .unwrap();
        let bytes = encode(&key(), &table, nulls).unwrap();
        let why = decode(&bytes, &key()).err().unwrap();
        assert!(why.contains("`value` has nulls"), "{why}");
    }

    fn cache_files(cache: &Cache) -> Vec<PathBuf> {
        (0..BUCKETS)
            .map(|b| cache.file(b))
            .filter(|f| f.is_file())
            .collect()
    }

    #[test]
    fn only_new_or_changed_articles_are_extracted() {
        let dir = tempfile::tempdir().unwrap();
        let lex = crate::extract::lexicon::Lexicon::load(Path::new("rules/metrics.yaml")).unwrap();
        let settings = Settings::default();
        let cache_dir = dir.path().join("cache");
        let cache = Cache::open(&cache_dir, &[PathBuf::from("corpus")], key());
        let mut articles: Vec<Article> = (0..12)
            .map(|i| {
                article(
                    &format!("{i:02}.txt"),
                    &format!(
                        "Title\n\nExports rose from 37 to {} in 2023, up 5 percent.\n",
                        40 + i
                    ),
                )
            })
            .collect();
        let first = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!((first.cached, first.extracted), (0, 12));
        let files = cache_files(&cache);
        assert!(files.len() > 1 && files.len() <= 12, "{files:?}");
        // Only buckets with articles have files.
        assert_eq!(first.stored, files.len());
        // A folder it made itself gets a .gitignore; one it did not, none.
        assert!(cache_dir.join(".gitignore").is_file());
        assert!(!dir.path().join(".gitignore").exists());
        let fresh = extract::extract_all(&articles, &lex, &settings);
        assert_eq!(first.claims.all().unwrap(), fresh);

        let again = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!((again.cached, again.extracted), (12, 0));
        assert_eq!(again.claims.all().unwrap(), fresh);
        assert_eq!(again.claims.counts(), first.claims.counts());
        assert_eq!((again.stored, again.store), (0, Duration::ZERO));

        // One edit rewrites one bucket; a new article at most one more.
        articles[1] = article("01.txt", "Title\n\nExports rose from 37 to 60 in 2023.\n");
        let edited = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!((edited.cached, edited.extracted, edited.stored), (11, 1, 1));
        articles.push(article("new.txt", "Title\n\nIt has 8 parks.\n"));
        let third = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!((third.cached, third.extracted), (12, 1));
        assert_eq!(
            third.claims.all().unwrap(),
            extract::extract_all(&articles, &lex, &settings)
        );
        // The rewritten bucket holds its cached articles' rows and the new
        // article's claims.
        let again = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!(again.cached, 13);
        assert_eq!(again.claims.all().unwrap(), third.claims.all().unwrap());

        // A deleted article: its bucket is rewritten without it.
        let gone = articles.remove(0);
        let fourth = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!((fourth.cached, fourth.extracted, fourth.stored), (12, 0, 1));
        let stored = decode(
            &std::fs::read(cache.file(bucket_of(&gone.id))).unwrap_or_default(),
            &key(),
        );
        assert!(stored.map_or(true, |s| s
            .is_none_or(|s| !s.entries.contains_key(&gone.id))));

        // Garbage in every file: one note, a rebuild, the same claims.
        for f in cache_files(&cache) {
            std::fs::write(f, b"garbage").unwrap();
        }
        let rebuilt = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!(rebuilt.extracted, 12);
        assert_eq!(rebuilt.notes.len(), 1);
        assert!(rebuilt.notes[0].starts_with("cache damaged, rebuilding: "));
        assert!(
            rebuilt.notes[0].contains("more files)"),
            "{}",
            rebuilt.notes[0]
        );
        assert_eq!(rebuilt.claims.all().unwrap(), fourth.claims.all().unwrap());
        let healed = Plan::open(Some(&cache)).run(&articles, &lex, &settings, &|| {});
        assert_eq!(healed.cached, 12);
        assert!(healed.notes.is_empty());

        // An article filed in another bucket's file is damage too.
        let a = bucket_of(&articles[0].id);
        let b = (a + 1) % BUCKETS;
        std::fs::copy(cache.file(a), cache.file(b)).unwrap();
        let moved = Plan::open(Some(&cache));
        assert!(moved.notes[0].contains("wrong file"), "{:?}", moved.notes);
    }

    #[test]
    fn no_cache_reads_and_writes_nothing() {
        let lex = crate::extract::lexicon::Lexicon::load(Path::new("rules/metrics.yaml")).unwrap();
        let articles = vec![article("a.txt", "Title\n\nIt has 8 parks.\n")];
        let x = Plan::open(None).run(&articles, &lex, &Settings::default(), &|| {});
        assert_eq!(x.extracted, 1);
        assert!(x.notes.is_empty());
    }

    #[test]
    fn each_corpus_has_its_own_folder() {
        let a = Cache::open(
            Path::new("c"),
            &[PathBuf::from("x"), PathBuf::from("y")],
            key(),
        );
        let b = Cache::open(
            Path::new("c"),
            &[PathBuf::from("y"), PathBuf::from("x")],
            key(),
        );
        let c = Cache::open(Path::new("c"), &[PathBuf::from("x")], key());
        assert_eq!(a.folder(), b.folder());
        assert_ne!(a.folder(), c.folder());
        assert!(a.file(63).ends_with("3f.cache"));
    }
}
