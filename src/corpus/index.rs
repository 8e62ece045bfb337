//! The files index (`files.index` in the claims cache's corpus folder):
//! what a run learnt about each article file, so that the next run can
//! skip reading a file that has not changed.
//!
//! Reading a corpus is mostly reading every file and parsing its metadata
//! (front matter, datelines, boilerplate). For a file whose [`Stamp`]
//! (size, modification and change times, inode) is what the index
//! recorded, the index gives its metadata, excluded ranges and content hash
//! instead, and the text is read only if something needs it (a finding in
//! it, a rule re-run on it). The change time cannot be set by users, so
//! tools that restore modification times (`cp -p`, `rsync -t`,
//! `touch -d`) still change the stamp.
//!
//! A file modified shortly before it was read could be modified again
//! within the same timestamp tick after it was read, leaving its stamp
//! unchanged; such files ("racily clean", as git calls them) are not
//! recorded until their modification time is [`SETTLED`] in the past.
//!
//! The index is keyed by the claims cache's key (the extractor's code,
//! the lexicon) and by the bytes of the corpus's manifests: a change to
//! either makes every file be read again. A file:
//!
//! ```text
//! magic "CCINDEX1"
//! u32 length, header JSON {"key": hex, "manifests": hex, "records": n}
//! n × record (path, id, stamp, content hash, metadata, excluded ranges)
//! u64 XXH3 of every byte before it
//! ```
//!
//! A damaged index is ignored (the files are read) and rewritten.

use super::{Article, Metadata};
use crate::binfile::{self, Loaded, Reader, Writer};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The index's file name in the cache's corpus folder.
pub const FILE: &str = "files.index";

const MAGIC: &[u8; 8] = b"CCINDEX1";

/// How long ago a file must have been modified, when it was read, to be
/// recorded: longer than any file system's timestamp tick.
pub const SETTLED: Duration = Duration::from_secs(2);

/// What a file looked like: if any of it differs, the file may have
/// changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified: i64,
    /// Status change time (Unix), nanoseconds since the epoch; 0 elsewhere.
    pub changed: i64,
    /// Inode number (Unix); 0 elsewhere.
    pub inode: u64,
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Stamp {
                size: m.len(),
                modified: ns(m.mtime(), m.mtime_nsec()),
                changed: ns(m.ctime(), m.ctime_nsec()),
                inode: m.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            Stamp {
                size: m.len(),
                modified,
                changed: 0,
                inode: 0,
            }
        }
    }

    /// Device and inode: the same file however it is reached (None where
    /// the platform has no inodes).
    pub fn identity(m: &std::fs::Metadata) -> Option<(u64, u64)> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some((m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            None
        }
    }

    /// Whether the file had been left alone for [`SETTLED`] by `read_at`
    /// (so a later change must change its stamp).
    fn settled(&self, read_at: SystemTime) -> bool {
        let Ok(since) = read_at.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let limit = i64::try_from(since.saturating_sub(SETTLED).as_nanos()).unwrap_or(i64::MAX);
        self.modified < limit && self.changed < limit
    }
}

/// What the index knows of one article file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub stamp: Stamp,
    /// [`super::content_hash`] of its text and date.
    pub hash: u64,
    pub meta: Metadata,
    pub excluded: Vec<Range<usize>>,
}

/// The records of a corpus's files, by path.
#[derive(Debug, Default)]
pub struct Index {
    /// The fingerprint of the manifests the records were made with.
    pub manifests: u64,
    records: HashMap<PathBuf, Record>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    key: String,
    manifests: String,
    records: u64,
}

impl Index {
    /// Read the index at `path`, made under `key`.
    pub fn load(path: &Path, key: u64) -> Loaded<Index> {
        binfile::read(path, |bytes| decode(bytes, key))
    }

    /// The record of the file at `path`, if it still has `stamp` and `id`.
    pub fn get(&self, path: &Path, id: &str, stamp: &Stamp) -> Option<&Record> {
        self.records
            .get(path)
            .filter(|r| r.stamp == *stamp && r.id == id)
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Write the index of `articles` (`hashes`: their content hashes, in
/// order), read at `read_at`, to `path` atomically. Articles whose text
/// had a problem, or that were modified too recently, are left out.
pub fn save(
    path: &Path,
    key: u64,
    manifests: u64,
    articles: &[Article],
    hashes: &[u64],
    read_at: SystemTime,
) -> std::io::Result<()> {
    let recorded: Vec<(&Article, Stamp, u64)> = articles
        .iter()
        .zip(hashes)
        .filter(|(a, _)| a.late_problem().is_none())
        .filter_map(|(a, &h)| {
            let stamp = a.stamp?;
            (a.known.is_some_and(|k| k.indexed) || stamp.settled(read_at)).then_some((a, stamp, h))
        })
        .collect();
    let header = serde_json::to_vec(&Header {
        key: format!("{key:016x}"),
        manifests: format!("{manifests:016x}"),
        records: recorded.len() as u64,
    })
    .map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written as it is encoded: hundreds of megabytes at a million articles.
    crate::output::write_atomic_with(path, |f| {
        let mut w = Writer::to(f, MAGIC, &header);
        for (a, stamp, hash) in recorded {
            w.string(&a.path.to_string_lossy());
            w.string(&a.id);
            w.u64(stamp.size);
            w.u64(stamp.modified as u64);
            w.u64(stamp.changed as u64);
            w.u64(stamp.inode);
            w.u64(hash);
            let m = &a.meta;
            put_opt(&mut w, m.title.as_deref());
            match m.date {
                Some(d) => {
                    w.u8(1);
                    w.u32(d.num_days_from_ce() as u32);
                }
                None => w.u8(0),
            }
            w.u8(u8::from(m.date_inferred));
            put_opt(&mut w, m.date_reason.as_deref());
            put_opt(&mut w, m.source.as_deref());
            put_opt(&mut w, m.url.as_deref());
            w.u32(a.excluded.len() as u32);
            for r in &a.excluded {
                w.u64(r.start as u64);
                w.u64(r.end as u64);
            }
        }
        w.seal().map(drop)
    })
}

fn put_opt<W: std::io::Write>(w: &mut Writer<W>, s: Option<&str>) {
    match s {
        Some(s) => {
            w.u8(1);
            w.string(s);
        }
        None => w.u8(0),
    }
}

fn get_opt(r: &mut Reader<'_>) -> Result<Option<String>, String> {
    match r.u8()? {
        0 => Ok(None),
        1 => r.string().map(Some),
        t => Err(format!("an optional field tagged {t}")),
    }
}

/// Decode an index: Ok(None) when made under another key.
fn decode(bytes: &[u8], key: u64) -> Result<Option<Index>, String> {
    let (mut r, header) = binfile::open::<Header>(bytes, MAGIC, "files index")?;
    if header.key != format!("{key:016x}") {
        return Ok(None);
    }
    let manifests = u64::from_str_radix(&header.manifests, 16)
        .map_err(|_| format!("a bad manifests fingerprint `{}`", header.manifests))?;
    let n = r.len(header.records)?;
    let mut records = HashMap::with_capacity(n.min(bytes.len() / 64));
    for _ in 0..n {
        let path = PathBuf::from(r.string()?);
        let id = r.string()?;
        let stamp = Stamp {
            size: r.u64()?,
            modified: r.u64()? as i64,
            changed: r.u64()? as i64,
            inode: r.u64()?,
        };
        let hash = r.u64()?;
        let title = get_opt(&mut r)?;
        let date = match r.u8()? {
            0 => None,
            1 => {
                let days = r.u32()? as i32;
                Some(
                    NaiveDate::from_num_days_from_ce_opt(days)
                        .ok_or_else(|| format!("a bad date ({days} days)"))?,
                )
            }
            t => return Err(format!("a date tagged {t}")),
        };
        let date_inferred = r.u8()? != 0;
        let meta = Metadata {
            title,
            date,
            date_inferred,
            date_reason: get_opt(&mut r)?,
            source: get_opt(&mut r)?,
            url: get_opt(&mut r)?,
        };
        let ranges = r.u32()?;
        let mut excluded = Vec::new();
        for _ in 0..ranges {
            let start = r.u64()?;
            let end = r.u64()?;
            let (start, end) = (r.len(start)?, r.len(end)?);
            if start > end || end as u64 > stamp.size {
                return Err(format!("{}: a bad excluded range", path.display()));
            }
            excluded.push(start..end);
        }
        let record = Record {
            id,
            stamp,
            hash,
            meta,
            excluded,
        };
        if records.insert(path, record).is_some() {
            return Err("a file listed twice".into());
        }
    }
    r.done()?;
    Ok(Some(Index { manifests, records }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_round_trips_and_trusts_only_settled_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(
            &file,
            "BEIJING, March 3, 2021 (Xinhua) --\nT\n\nSales grew.\n",
        )
        .unwrap();
        let corpus = super::super::load(&[dir.path().to_path_buf()]).unwrap();
        let a = &corpus.articles[0];
        let hash = a.content_hash();
        let path = dir.path().join("idx");
        let later = SystemTime::now() + Duration::from_secs(10);
        save(&path, 7, 3, &corpus.articles, &[hash], later).unwrap();
        let Loaded::Found(index) = Index::load(&path, 7) else {
            panic!("index not found");
        };
        assert_eq!(index.manifests, 3);
        let stamp = a.stamp.unwrap();
        let record = index.get(&a.path, "a.txt", &stamp).unwrap();
        assert_eq!(record.meta, a.meta);
        assert_eq!(record.excluded, a.excluded);
        assert_eq!(record.hash, hash);
        assert!(index.get(&a.path, "b.txt", &stamp).is_none());
        let touched = Stamp {
            changed: stamp.changed + 1,
            ..stamp
        };
        assert!(index.get(&a.path, "a.txt", &touched).is_none());
        assert!(matches!(Index::load(&path, 8), Loaded::Stale));

        // Just modified: not recorded. The read time comes from the file's
        // own stamp, so a slow machine cannot make it look settled.
        let just_after = SystemTime::UNIX_EPOCH
            + Duration::from_nanos(u64::try_from(stamp.modified.max(stamp.changed)).unwrap())
            + Duration::from_secs(1);
        save(&path, 7, 3, &corpus.articles, &[hash], just_after).unwrap();
        let Loaded::Found(index) = Index::load(&path, 7) else {
            panic!("index not found");
        };
        assert!(index.is_empty());

        // Loading with the index: the text is read when used, and must be
        // what the index recorded.
        save(&path, 7, 3, &corpus.articles, &[hash], later).unwrap();
        let Loaded::Found(index) = Index::load(&path, 7) else {
            panic!("index not found");
        };
        let again = super::super::load_with(&[dir.path().to_path_buf()], Some(&index)).unwrap();
        assert_eq!(again.from_index(), 0, "another manifests fingerprint");
        let index = Index {
            manifests: again.manifests,
            ..index
        };
        let again = super::super::load_with(&[dir.path().to_path_buf()], Some(&index)).unwrap();
        assert_eq!(again.from_index(), 1);
        let b = &again.articles[0];
        assert!(!b.is_read());
        assert_eq!((b.size(), b.content_hash()), (a.size(), hash));
        std::fs::write(&file, "Changed since.\n").unwrap();
        assert_eq!(b.text(), "Changed since.\n");
        assert!(matches!(
            b.late_problem(),
            Some(crate::corpus::ArticleError::Changed { .. })
        ));
        assert_eq!(again.late_problems().len(), 1);

        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(matches!(Index::load(&path, 7), Loaded::Damaged(_)));
    }
}
