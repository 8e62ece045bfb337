//! The corpus: finding article files, reading them, and telling article text
//! from metadata and boilerplate.
//!
//! The text of an article is never modified; what must not be extracted from
//! is described by byte ranges ([`Article::excluded`]).

pub mod boilerplate;
pub mod dates;
pub mod error;
pub mod index;
pub mod lines;
pub mod meta;
pub mod read;
pub mod walk;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

pub use error::{ArticleError, CorpusError};
pub use index::{Index, Stamp};
pub use meta::MetaFields;

/// One article of the corpus.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the corpus root it was found under, with `/` separators;
    /// for a file given directly, its file name.
    pub id: String,
    /// The path to open (as walked).
    pub path: PathBuf,
    /// The file's full text, unmodified (spans are byte offsets into it):
    /// read on first use for an article the files index answered.
    text: OnceLock<Text>,
    pub meta: Metadata,
    /// Sorted, disjoint byte ranges not to extract from (front matter, boilerplate).
    pub excluded: Vec<Range<usize>>,
    /// The file's stamp when it was walked (None for an article not read
    /// from a file, or a file that could not be stat'ed).
    pub stamp: Option<Stamp>,
    /// For an article the files index answered, or whose text was let go
    /// after extraction: its content hash and size (the text is read again
    /// when used, and must still hash the same).
    known: Option<Known>,
    /// What the rules that scan texts found in this one, a list per
    /// scanning rule (None: not scanned). Kept so that the text itself
    /// need not stay in memory.
    pub marks: Option<Marks>,
}

/// Every scanning rule's marks on one article, in one allocation: first a
/// head per rule (its `start` is the number of rules, its `tag` where
/// that rule's marks end), then the marks, rule after rule. A box per
/// rule per article kept a million small allocations alive among the
/// memory extraction frees: with two scanning rules a million articles
/// peaked at 3543-3558 MB that way, 3499 MB this way.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks(Box<[Mark]>);

impl Marks {
    /// The marks of each rule, in the rules' order.
    pub fn new(lists: Vec<Vec<Mark>>) -> Marks {
        let rules = lists.len();
        let mut all = Vec::with_capacity(rules + lists.iter().map(Vec::len).sum::<usize>());
        let mut end = rules;
        // A head's words mean nothing: one `Sym` for every article's.
        static NONE: std::sync::LazyLock<crate::sym::Sym> =
            std::sync::LazyLock::new(|| crate::sym::Sym::intern(""));
        let none = *NONE;
        for list in &lists {
            end += list.len();
            all.push(Mark {
                tag: u32::try_from(end).unwrap_or(u32::MAX),
                start: u32::try_from(rules).unwrap_or(u32::MAX),
                end: 0,
                words: none,
            });
        }
        all.extend(lists.into_iter().flatten());
        Marks(all.into_boxed_slice())
    }

    /// The marks of the rule at place `slot` (None past the last rule).
    pub fn get(&self, slot: usize) -> Option<&[Mark]> {
        let rules = self.0.first()?.start as usize;
        if slot >= rules {
            return None;
        }
        let start = match slot.checked_sub(1) {
            Some(before) => self.0.get(before)?.tag as usize,
            None => rules,
        };
        self.0.get(start..self.0.get(slot)?.tag as usize)
    }
}

/// A span a rule noted while scanning an article's text, with a tag of
/// the rule's own and the words spanned.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub tag: u32,
    pub start: u32,
    pub end: u32,
    pub words: crate::sym::Sym,
}

/// A text, and what went wrong reading it late (after the corpus was
/// loaded), if anything.
#[derive(Debug, Clone)]
struct Text {
    text: String,
    problem: Option<Arc<ArticleError>>,
}

#[derive(Debug, Clone, Copy)]
struct Known {
    hash: u64,
    size: u64,
    /// Answered by the files index (not read in this run).
    indexed: bool,
}

/// The content hash of an article: XXH3 (64 bits) of its text and its
/// date (the date resolves "last year"; it may come from a manifest, not
/// from the text). What its claims depend on besides the extractor and
/// its id; see `cache.rs`.
pub fn content_hash(text: &str, date: Option<NaiveDate>) -> u64 {
    let mut h = Xxh3::new();
    h.update(text.as_bytes());
    h.update(&[0xff]);
    match date {
        Some(d) => h.update(d.to_string().as_bytes()),
        None => h.update(b"-"),
    }
    h.digest()
}

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    /// True only when the date was inferred from past-tense periods in the text.
    pub date_inferred: bool,
    /// How the date was found, e.g. "front matter" or "'Updated : 2023-03-10' line 3".
    pub date_reason: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// Everything loaded from the corpus roots.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Articles sorted by id.
    pub articles: Vec<Article>,
    /// Files that could not be used as articles; each names its file.
    pub problems: Vec<ArticleError>,
    /// Files that are not articles.
    pub skipped: Vec<Skipped>,
    /// A fingerprint of the manifests' paths and bytes (for the files index).
    pub manifests: u64,
}

/// A file under a corpus root that is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Load every article under `paths` (files or directories).
///
/// Fails only when a path cannot be walked or a manifest does not parse; a bad
/// article is reported in [`Corpus::problems`] and the others are still loaded.
pub fn load(paths: &[PathBuf]) -> Result<Corpus, CorpusError> {
    load_with(paths, None)
}

/// [`load`], taking from `index` every article whose file has not changed
/// since the index recorded it (its text is then read only when used).
pub fn load_with(paths: &[PathBuf], index: Option<&Index>) -> Result<Corpus, CorpusError> {
    let (corpus, _) =
        load_batched::<(), fn(&mut Article, u64)>(paths, index, |_| {}, None, |_, _, _| {})?;
    Ok(corpus)
}

/// Files read at once, and then turned into articles and visited while
/// the next batch is read: reading (waiting for the disk) overlaps with
/// the work on texts, and what is in memory at once stays small however
/// large the corpus.
const BATCH: usize = 4096;

/// The first batch: nothing overlaps its reading, so it is small, and
/// each batch after it doubles up to [`BATCH`]. With 4096 from the start,
/// both cores waited 0.02-0.05 s for the first read (of a 0.85 s run at
/// 10,000 articles).
const FIRST_BATCH: usize = 256;

/// `files` cut into batches of [`FIRST_BATCH`], twice that, and so on up
/// to [`BATCH`].
fn batches<T>(files: &[T]) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut rest, mut size) = (files, FIRST_BATCH);
    while !rest.is_empty() {
        let (batch, after) = rest.split_at(size.min(rest.len()));
        out.push(batch);
        rest = after;
        size = (size * 2).min(BATCH);
    }
    out
}

/// How long loading spent reading files, and on the articles read
/// (metadata, and the visit): the two overlap.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimes {
    pub read: std::time::Duration,
    pub work: std::time::Duration,
}

/// [`load_with`], visiting each article read while its text is in memory
/// and then letting the text go (it is read again, and checked against
/// its hash, if a rule or a report needs it): a large corpus's texts are
/// never all in memory.
///
/// `visit` gets each article read and its content hash, in parallel
/// (and may set what it keeps of the text, such as
/// [`Article::marks`]); `gather` then gets, in id order, each article's
/// index in [`Corpus::articles`], the article, and what `visit` returned
/// (None for an article the files index answered, which was not read).
/// `walked` gets the number of files found, before any is read.
pub fn load_visiting<V: Send>(
    paths: &[PathBuf],
    index: Option<&Index>,
    walked: impl FnOnce(usize),
    visit: impl Fn(&mut Article, u64) -> V + Sync,
    gather: impl FnMut(usize, &Article, Option<V>),
) -> Result<(Corpus, LoadTimes), CorpusError> {
    load_batched(paths, index, walked, Some(&visit), gather)
}

/// A file as the reader thread hands it over.
enum Fetched {
    /// Answered by the files index: not read.
    Recorded(Box<Article>),
    Text(String),
}

/// An article built from its file, with what the visit returned.
type Built<V> = Result<(Article, Option<V>), ArticleError>;

fn load_batched<V: Send, F: Fn(&mut Article, u64) -> V + Sync>(
    paths: &[PathBuf],
    index: Option<&Index>,
    files: impl FnOnce(usize),
    visit: Option<&F>,
    mut gather: impl FnMut(usize, &Article, Option<V>),
) -> Result<(Corpus, LoadTimes), CorpusError> {
    let walked = walk::walk(paths)?;
    files(walked.files.len());
    let manifests = load_manifests(&walked.files)?;
    let fingerprint = fingerprint(&manifests);
    let index = index.filter(|i| i.manifests == fingerprint);
    let fetch = |file: &walk::WalkedFile| -> Result<Fetched, ArticleError> {
        let recorded = index
            .zip(file.stamp.as_ref())
            .and_then(|(i, stamp)| i.get(&file.path, &file.id, stamp));
        match recorded {
            Some(record) => Ok(Fetched::Recorded(Box::new(Article::recorded(
                file.path.clone(),
                record,
            )))),
            None => read::read(&file.path).map(Fetched::Text),
        }
    };
    let build = |file: &walk::WalkedFile, fetched: Result<Fetched, ArticleError>| -> Built<V> {
        let text = match fetched? {
            Fetched::Recorded(article) => return Ok((*article, None)),
            Fetched::Text(text) => text,
        };
        let entry = file
            .manifest
            .as_deref()
            .and_then(|m| manifests.get(m))
            .and_then(|(m, _)| meta::manifest_entry(m, &file.id));
        let mut article = Article::from_text(file.id.clone(), file.path.clone(), text, entry)?;
        article.stamp = file.stamp;
        let visited = visit.map(|visit| {
            let hash = article.content_hash();
            let v = visit(&mut article, hash);
            article.let_text_go(hash);
            v
        });
        Ok((article, visited))
    };
    let mut corpus = Corpus {
        articles: Vec::with_capacity(walked.files.len()),
        skipped: walked.skipped,
        manifests: fingerprint,
        ..Corpus::default()
    };
    let mut times = LoadTimes::default();
    let batches = batches(&walked.files);
    std::thread::scope(|scope| {
        // One batch read ahead: the reader threads wait for the disk while
        // this thread's pool works on the batch before.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Fetched, ArticleError>>>(1);
        let reader = scope.spawn(|| {
            let mut busy = std::time::Duration::ZERO;
            for batch in &batches {
                let started = std::time::Instant::now();
                let fetched = read::with_readers(|| batch.par_iter().map(fetch).collect());
                busy += started.elapsed();
                if tx.send(fetched).is_err() {
                    break;
                }
            }
            drop(tx);
            busy
        });
        let mut deliver = |results: Vec<Built<V>>| {
            for result in results {
                match result {
                    Ok((article, visited)) => {
                        gather(corpus.articles.len(), &article, visited);
                        corpus.articles.push(article);
                    }
                    Err(problem) => corpus.problems.push(problem),
                }
            }
        };
        // Each batch is gathered (in order, on this thread) while the pool
        // builds the next: gathering alone left a core idle for a tenth of
        // the time.
        let mut pending: Option<Vec<Built<V>>> = None;
        for (batch, fetched) in batches.iter().zip(rx.iter()) {
            let started = std::time::Instant::now();
            let work = || -> Vec<Built<V>> {
                batch
                    .par_iter()
                    .zip(fetched.into_par_iter())
                    .map(|(file, fetched)| build(file, fetched))
                    .collect()
            };
            let results = match pending.take() {
                None => work(),
                Some(last) => std::thread::scope(|scope| {
                    let building = scope.spawn(work);
                    deliver(last);
                    building
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                }),
            };
            times.work += started.elapsed();
            pending = Some(results);
        }
        if let Some(last) = pending {
            deliver(last);
        }
        // A panic while reading is a bug; carrying on would check a
        // corpus with the unread files silently missing.
        times.read = match reader.join() {
            Ok(busy) => busy,
            Err(panic) => std::panic::resume_unwind(panic),
        };
    });
    Ok((corpus, times))
}

/// The manifests' paths and texts, hashed.
fn fingerprint(manifests: &BTreeMap<PathBuf, (meta::Manifest, String)>) -> u64 {
    let mut h = Xxh3::new();
    for (path, (_, text)) in manifests {
        let bytes = text.as_bytes();
        h.update(path.to_string_lossy().as_bytes());
        h.update(&[0]);
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.digest()
}

impl Corpus {
    /// How many articles the files index answered without reading them.
    pub fn from_index(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.known.is_some_and(|k| k.indexed))
            .count()
    }

    /// Read, in parallel, the texts of the articles `wanted` picks that
    /// are not read yet (so that rules and reports do not read them one
    /// by one).
    pub fn read_texts(&self, wanted: impl Fn(&Article) -> bool + Sync) {
        read::with_readers(|| {
            self.articles
                .par_iter()
                .filter(|a| !a.is_read() && wanted(a))
                .for_each(|a| {
                    a.text();
                });
        });
    }

    /// Set the marks of the articles not scanned yet (those the files
    /// index answered) to `scan` of their texts, read in parallel, each
    /// let go once scanned.
    pub fn scan_texts(&mut self, scan: impl Fn(&str) -> Option<Marks> + Sync) {
        read::with_readers(|| {
            self.articles
                .par_iter_mut()
                .filter(|a| a.marks.is_none())
                .for_each(|a| {
                    let marks = a.with_text(&scan);
                    a.marks = marks;
                });
        });
    }

    /// The problems met reading texts after loading: unreadable files,
    /// articles that changed while being checked.
    pub fn late_problems(&self) -> Vec<&ArticleError> {
        self.articles
            .iter()
            .filter_map(Article::late_problem)
            .collect()
    }
}

/// Each distinct manifest, parsed once, with its text.
fn load_manifests(
    files: &[walk::WalkedFile],
) -> Result<BTreeMap<PathBuf, (meta::Manifest, String)>, CorpusError> {
    let mut manifests = BTreeMap::new();
    for path in files.iter().filter_map(|f| f.manifest.as_deref()) {
        if !manifests.contains_key(path) {
            manifests.insert(path.to_path_buf(), meta::load_manifest(path)?);
        }
    }
    Ok(manifests)
}

impl Article {
    /// Build an article from its text: front matter, boilerplate and metadata.
    /// `manifest` is this article's manifest entry, if any.
    pub fn from_text(
        id: String,
        path: PathBuf,
        text: String,
        manifest: Option<&MetaFields>,
    ) -> Result<Self, ArticleError> {
        let front = meta::front_matter(&path, &text)?;
        let body_start = front.as_ref().map_or(0, |f| f.range.end);
        let mut excluded: Vec<Range<usize>> = front.iter().map(|f| f.range.clone()).collect();
        excluded.extend(
            boilerplate::find(&text, body_start)
                .into_iter()
                .map(|h| h.range),
        );
        let excluded = merge_ranges(excluded);
        let from_text = meta::from_text(&text, body_start, &excluded);
        let meta = meta::merge(front.as_ref().map(|f| &f.fields), manifest, from_text);
        Ok(Article {
            id,
            path,
            text: OnceLock::from(Text {
                text,
                problem: None,
            }),
            meta,
            excluded,
            stamp: None,
            known: None,
            marks: None,
        })
    }

    /// An article known only by its metadata: claims files carry no text.
    pub fn without_text(id: String, path: PathBuf, meta: Metadata) -> Self {
        Article {
            id,
            path,
            text: OnceLock::from(Text {
                text: String::new(),
                problem: None,
            }),
            meta,
            excluded: Vec::new(),
            stamp: None,
            known: None,
            marks: None,
        }
    }

    /// An article the files index answered: its text is read when used.
    fn recorded(path: PathBuf, record: &index::Record) -> Self {
        Article {
            id: record.id.clone(),
            path,
            text: OnceLock::new(),
            meta: record.meta.clone(),
            excluded: record.excluded.clone(),
            stamp: Some(record.stamp),
            known: Some(Known {
                hash: record.hash,
                size: record.stamp.size,
                indexed: true,
            }),
            marks: None,
        }
    }

    /// The full text ("" for an article without text, or one that could
    /// not be read late: [`Article::late_problem`] says why).
    pub fn text(&self) -> &str {
        &self.text.get_or_init(|| self.read_late()).text
    }

    /// Let the text go, keeping its content `hash` (the caller's
    /// [`Article::content_hash`]) and size: it is read again when used,
    /// and must then still hash the same.
    fn let_text_go(&mut self, hash: u64) {
        let Some(t) = self.text.get() else { return };
        if t.problem.is_some() {
            return;
        }
        self.known = Some(Known {
            hash,
            size: t.text.len() as u64,
            indexed: false,
        });
        self.text = OnceLock::new();
    }

    /// `f` of the text, without keeping the text in memory when it is not
    /// already: read (and checked against its hash) for `f` alone. A text
    /// that cannot be read, or that changed, is kept as [`Article::text`]
    /// keeps it (with its problem, which the run reports).
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if let Some(t) = self.text.get() {
            return f(&t.text);
        }
        let t = self.read_late();
        if t.problem.is_none() {
            return f(&t.text);
        }
        let _ = self.text.set(t);
        f(self.text())
    }

    /// Whether the text is in memory.
    pub fn is_read(&self) -> bool {
        self.text.get().is_some()
    }

    /// Read the text of an article the index answered; it must still hash
    /// as recorded (its claims came from the cache under that hash).
    fn read_late(&self) -> Text {
        match read::read(&self.path) {
            Ok(text) => {
                let changed = self
                    .known
                    .is_some_and(|k| k.hash != content_hash(&text, self.meta.date));
                let problem = changed.then(|| {
                    Arc::new(ArticleError::Changed {
                        path: self.path.clone(),
                    })
                });
                Text { text, problem }
            }
            Err(e) => Text {
                text: String::new(),
                problem: Some(Arc::new(e)),
            },
        }
    }

    /// What went wrong reading the text late, if it was read late.
    pub fn late_problem(&self) -> Option<&ArticleError> {
        self.text.get()?.problem.as_deref()
    }

    /// [`content_hash`] of this article (as recorded, for an article the
    /// index answered).
    pub fn content_hash(&self) -> u64 {
        match self.known {
            Some(k) => k.hash,
            None => content_hash(self.text(), self.meta.date),
        }
    }

    /// The text's length in bytes (as recorded, for an article the index
    /// answered).
    pub fn size(&self) -> usize {
        match (self.known, self.text.get()) {
            (_, Some(t)) => t.text.len(),
            (Some(k), None) => usize::try_from(k.size).unwrap_or(usize::MAX),
            (None, None) => 0,
        }
    }

    /// Whether byte `offset` is in an excluded range.
    pub fn is_excluded(&self, offset: usize) -> bool {
        let i = self.excluded.partition_point(|r| r.end <= offset);
        self.excluded.get(i).is_some_and(|r| r.start <= offset)
    }
}

/// Sort ranges and merge the ones that overlap.
fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article::from_text("a.md".into(), "a.md".into(), text.into(), None).unwrap()
    }

    #[test]
    fn marks_keep_each_rules_list_in_one_allocation() {
        let mark = |tag: u32, start: u32| Mark {
            tag,
            start,
            end: start + 1,
            words: crate::sym::Sym::intern("w"),
        };
        let marks = Marks::new(vec![
            vec![mark(7, 0), mark(8, 3)],
            Vec::new(),
            vec![mark(9, 5)],
        ]);
        assert_eq!(marks.get(0), Some(&[mark(7, 0), mark(8, 3)][..]));
        assert_eq!(marks.get(1), Some(&[][..]));
        assert_eq!(marks.get(2), Some(&[mark(9, 5)][..]));
        assert_eq!(marks.get(3), None);
        assert_eq!(Marks::new(Vec::new()).get(0), None);
    }

    #[test]
    fn batches_start_small_and_double_up_to_the_batch_size() {
        let files: Vec<usize> = (0..10_000).collect();
        let sizes: Vec<usize> = batches(&files).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [256, 512, 1024, 2048, 4096, 2064]);
        let again: Vec<usize> = batches(&files).concat();
        assert_eq!(again, files);
        assert_eq!(batches(&files[..100]).concat(), &files[..100]);
        assert!(batches::<usize>(&[]).is_empty());
    }

    #[test]
    fn merges_overlapping_ranges_only() {
        assert_eq!(
            merge_ranges(vec![5..8, 0..3, 2..4, 8..9]),
            vec![0..4, 5..8, 8..9]
        );
    }

    #[test]
    fn front_matter_is_excluded_and_wins() {
        let text = "---\ndate: 2020-02-02\n---\nTitle\n\nSales grew in 2024.\n";
        let a = article(text);
        assert_eq!(a.excluded, vec![0..25]);
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2020, 2, 2));
        assert_eq!(a.meta.title.as_deref(), Some("Title"));
        assert!(a.is_excluded(0) && a.is_excluded(24) && !a.is_excluded(25));
    }

    #[test]
    fn text_after_front_matter_is_read_like_a_plain_article() {
        let text = "\u{feff}---\r\ntitle: T\r\n---\r\nBEIJING, March 3, 2021 (Xinhua) --\r\nT\r\n\r\nSales grew.\r\n";
        let a = article(text);
        let excluded: Vec<&str> = a.excluded.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            excluded,
            [
                "\u{feff}---\r\ntitle: T\r\n---\r\n",
                "BEIJING, March 3, 2021 (Xinhua) --\r\n"
            ]
        );
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2021, 3, 3));
        assert_eq!(
            a.meta.date_reason.as_deref(),
            Some("dateline 'March 3, 2021' line 4")
        );
        assert_eq!(a.meta.source.as_deref(), Some("Xinhua"));
        assert_eq!(a.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn manifest_entry_wins_over_the_text() {
        let entry = MetaFields {
            date: NaiveDate::from_ymd_opt(2021, 6, 1),
            ..MetaFields::default()
        };
        let a = Article::from_text(
            "a.txt".into(),
            "a.txt".into(),
            "Title\n\nSales grew in 2024.\n".into(),
            Some(&entry),
        )
        .unwrap();
        assert_eq!(a.meta.date, entry.date);
        assert_eq!(a.meta.date_reason.as_deref(), Some(meta::FROM_MANIFEST));
    }

    #[test]
    fn load_reads_a_manifest_beside_the_articles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title\n\nSales grew in 2024.\n").unwrap();
        std::fs::write(dir.path().join("corpus.yaml"), "a.txt: {source: Desk}\n").unwrap();
        let corpus = load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(corpus.articles[0].meta.source.as_deref(), Some("Desk"));
        assert!(corpus.skipped.is_empty());

        std::fs::write(dir.path().join("corpus.yaml"), "a.txt: {sorce: Desk}\n").unwrap();
        let err = load(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(matches!(err, CorpusError::Manifest { .. }));
    }

    #[test]
    fn load_visiting_visits_each_text_read_then_lets_it_go() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            "Title\n\nSales grew in 2024.\n",
            "Other\n\nIt has 8 parks.\n",
        ];
        for (i, t) in texts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("a{i}.txt")), t).unwrap();
        }
        std::fs::write(dir.path().join("bad.txt"), b"\xff\xfe").unwrap();
        let mut files = 0;
        let mut gathered = Vec::new();
        let (corpus, _) = load_visiting(
            &[dir.path().to_path_buf()],
            None,
            |n| files = n,
            |a, hash| {
                assert_eq!(hash, content_hash(a.text(), a.meta.date));
                a.marks = Some(Marks::new(vec![Vec::new()]));
                a.text().len()
            },
            |i, a, visited| gathered.push((i, a.id.clone(), visited)),
        )
        .unwrap();
        assert_eq!(files, 3);
        // In id order, the bad file reported and not among the articles.
        assert_eq!(
            gathered,
            [
                (0, "a0.txt".to_string(), Some(texts[0].len())),
                (1, "a1.txt".to_string(), Some(texts[1].len()))
            ]
        );
        assert_eq!(corpus.problems.len(), 1);
        // Texts are let go, what the visit kept stays, and a text is read
        // again when used.
        let a = &corpus.articles[1];
        assert!(!a.is_read() && a.marks.is_some());
        assert_eq!(a.size(), texts[1].len());
        assert_eq!(corpus.from_index(), 0);
        assert_eq!(a.with_text(str::len), texts[1].len());
        assert!(!a.is_read());
        assert_eq!(a.text(), texts[1]);
        assert!(a.late_problem().is_none());
        // A text that changed since it was read is not trusted.
        std::fs::write(dir.path().join("a0.txt"), "Title\n\nSales fell.\n").unwrap();
        let changed = &corpus.articles[0];
        assert_eq!(
            changed.with_text(|t| t.to_string()),
            "Title\n\nSales fell.\n"
        );
        assert!(matches!(
            changed.late_problem(),
            Some(ArticleError::Changed { .. })
        ));
    }
}
