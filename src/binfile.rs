//! The checked binary files claimcheck keeps beside its cache (claims
//! buckets, the files index, the results state): a magic, a JSON header,
//! little-endian fields, and an XXH3 checksum of every byte before it, so a
//! damaged file is detected and rebuilt, never trusted.

use std::io::Write;
use std::path::Path;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// What reading one of these files found.
pub enum Loaded<T> {
    Found(T),
    /// No file.
    Absent,
    /// Made under another key: ignored and replaced.
    Stale,
    /// Reported, ignored and replaced, never trusted.
    Damaged(String),
}

/// Read the file at `path` and `decode` it (Ok(None): made under another
/// key; Err: damaged, with why).
pub(crate) fn read<T>(
    path: &Path,
    decode: impl FnOnce(&[u8]) -> Result<Option<T>, String>,
) -> Loaded<T> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Absent,
        Err(e) => return Loaded::Damaged(format!("cannot read {}: {e}", path.display())),
    };
    match decode(&bytes) {
        Ok(Some(t)) => Loaded::Found(t),
        Ok(None) => Loaded::Stale,
        Err(e) => Loaded::Damaged(format!("{}: {e}", path.display())),
    }
}

/// Builds a checked file: magic, header, fields; [`Writer::finish`] (in
/// memory) or [`Writer::seal`] (to a file, as it goes) adds the checksum.
/// Writing to a file, a write error is kept and returned by `seal`, so the
/// fields are written without a `?` each.
pub(crate) struct Writer<W: Write = Vec<u8>> {
    out: W,
    hash: Xxh3,
    failed: Option<std::io::Error>,
}

impl Writer<Vec<u8>> {
    pub(crate) fn new(magic: &[u8; 8], header: &[u8], capacity: usize) -> Writer {
        let out = Vec::with_capacity(capacity + header.len() + 24);
        Writer::to(out, magic, header)
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        // Writing to memory cannot fail.
        self.seal().unwrap_or_default()
    }
}

impl<W: Write> Writer<W> {
    /// A checked file written to `out` as it is built: a results state or
    /// files index of a million articles is hundreds of megabytes.
    pub(crate) fn to(out: W, magic: &[u8; 8], header: &[u8]) -> Writer<W> {
        let mut w = Writer {
            out,
            hash: Xxh3::new(),
            failed: None,
        };
        w.put(magic);
        w.u32(header.len() as u32);
        w.put(header);
        w
    }

    fn put(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        self.hash.update(bytes);
        if let Err(e) = self.out.write_all(bytes) {
            self.failed = Some(e);
        }
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.put(&[v]);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.put(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.put(&v.to_le_bytes());
    }

    /// A UTF-8 string preceded by its u32 length.
    pub(crate) fn string(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.put(s.as_bytes());
    }

    /// Bytes preceded by their u64 length.
    pub(crate) fn blob(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.put(b);
    }

    /// Add the checksum (of every byte before it) and hand back the
    /// output, or the first write error.
    pub(crate) fn seal(mut self) -> std::io::Result<W> {
        let checksum = self.hash.digest();
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.out.write_all(&checksum.to_le_bytes())?;
        Ok(self.out)
    }
}

/// Reads a cache file's bytes in order; every read checks its length.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A UTF-8 string preceded by its u32 length.
    pub(crate) fn string(&mut self) -> Result<String, String> {
        let n = self.u32()?;
        let n = self.len(u64::from(n))?;
        std::str::from_utf8(self.take(n)?)
            .map(str::to_string)
            .map_err(|_| "a string is not UTF-8".to_string())
    }

    pub(crate) fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    pub(crate) fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// Bytes preceded by their u64 length.
    pub(crate) fn blob(&mut self) -> Result<&'a [u8], String> {
        let n = self.u64()?;
        let n = self.len(n)?;
        self.take(n)
    }

    /// The end: nothing may follow.
    pub(crate) fn done(&self) -> Result<(), String> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err("trailing bytes".into())
        }
    }

    pub(crate) fn len(&mut self, n: u64) -> Result<usize, String> {
        usize::try_from(n).map_err(|_| format!("a length of {n} bytes"))
    }
}

/// Check a file's magic and checksum (the last 8 bytes: XXH3 of every byte
/// before them) and read its header (u32 length, JSON): a reader of the
/// rest, without the checksum, and the header.
pub(crate) fn open<'a, H: serde::de::DeserializeOwned>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    what: &str,
) -> Result<(Reader<'a>, H), String> {
    if bytes.len() < magic.len() + 8 || &bytes[..magic.len()] != magic {
        return Err(format!("not a claimcheck {what} file"));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    let mut expected = [0u8; 8];
    expected.copy_from_slice(sum);
    if xxh3_64(body) != u64::from_le_bytes(expected) {
        return Err("checksum mismatch (truncated or modified)".into());
    }
    let mut r = Reader {
        bytes: body,
        at: magic.len(),
    };
    let n = r.u32()?;
    let n = r.len(u64::from(n))?;
    let header = serde_json::from_slice(r.take(n)?).map_err(|e| format!("bad header: {e}"))?;
    Ok((r, header))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"CCTEST01";

    fn fields<W: Write>(w: &mut Writer<W>) {
        w.u8(7);
        w.u32(1 << 20);
        w.u64(u64::MAX);
        w.string("Binzhou");
        w.blob(&[1, 2, 3]);
    }

    #[test]
    fn a_file_written_as_it_goes_is_the_file_built_in_memory() {
        let mut memory = Writer::new(MAGIC, b"{}", 0);
        fields(&mut memory);
        let memory = memory.finish();
        let mut streamed = Writer::to(std::io::BufWriter::new(Vec::new()), MAGIC, b"{}");
        fields(&mut streamed);
        let streamed = streamed.seal().unwrap().into_inner().unwrap();
        assert_eq!(memory, streamed);
        let (mut r, header) = open::<serde_json::Value>(&streamed, MAGIC, "test").unwrap();
        assert_eq!(header, serde_json::json!({}));
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.u32().unwrap(), 1 << 20);
        assert_eq!(r.u64().unwrap(), u64::MAX);
        assert_eq!(r.string().unwrap(), "Binzhou");
        assert_eq!(r.blob().unwrap(), [1, 2, 3]);
        r.done().unwrap();
    }

    /// Accepts `room` bytes, then fails.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::Error::other("disk full"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_is_kept_until_the_seal() {
        let mut w = Writer::to(Full { room: 20 }, MAGIC, b"{}");
        fields(&mut w);
        let e = w.seal().err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("disk full"));
    }
}
