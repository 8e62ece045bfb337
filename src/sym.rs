//! `Sym`: an interned string for the claim fields that repeat across
//! millions of claims (article, unit, metric, noun, subject, scope). Four
//! bytes, copied, compared and hashed as a number: at a million articles
//! a claim's six strings cost 24 bytes instead of 96 (an `Arc<str>` each),
//! and rules key their maps on numbers rather than strings.

use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroU32;
use std::ops::Deref;
use std::sync::{LazyLock, Mutex};

use rustc_hash::FxHashMap;

/// An interned string; prints, orders and serializes as the `str` it
/// holds, and equal strings are equal `Sym`s.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(NonZeroU32);

/// Every string interned so far, for the life of the process: read
/// without a lock (an append-only vector), so that `as_str` is an index.
/// `Sym(n)` is `STRINGS[n - 1]`.
static STRINGS: boxcar::Vec<Box<str>> = boxcar::Vec::new();

/// Each string's `Sym`, for interning: a lock taken only for strings a
/// thread has not seen before (see `SEEN`).
static INDEX: LazyLock<Mutex<FxHashMap<&'static str, Sym>>> = LazyLock::new(Default::default);

/// The strings a thread has interned, so that the vocabularies (units,
/// metrics, nouns…) are interned without the lock; capped, as article ids
/// and runaway vocabularies are seen once and need no second lookup.
const MAX_SEEN: usize = 100_000;

thread_local! {
    static SEEN: RefCell<FxHashMap<&'static str, Sym>> = RefCell::new(FxHashMap::default());
}

impl Sym {
    /// The `Sym` for a string seen once (an article id): not remembered
    /// by the thread.
    pub fn new(s: &str) -> Self {
        Self::global(s)
    }

    /// The `Sym` for `s`, the same on every thread.
    pub fn intern(s: &str) -> Self {
        SEEN.with(|seen| {
            if let Some(&sym) = seen.borrow().get(s) {
                return sym;
            }
            let sym = Self::global(s);
            let mut seen = seen.borrow_mut();
            if seen.len() < MAX_SEEN {
                seen.insert(sym.as_str(), sym);
            }
            sym
        })
    }

    fn global(s: &str) -> Self {
        // A poisoned lock only means another thread panicked while
        // interning; the map itself is always whole.
        let mut index = INDEX.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&sym) = index.get(s) {
            return sym;
        }
        let at = STRINGS.push(Box::from(s));
        let sym = u32::try_from(at + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .map(Sym)
            .unwrap_or_else(|| panic!("more than {} distinct strings interned", u32::MAX - 1));
        index.insert(Self::lookup(sym), sym);
        sym
    }

    fn lookup(sym: Sym) -> &'static str {
        // Every `Sym` was made by `global` after its string was pushed.
        STRINGS.get(sym.0.get() as usize - 1).map_or("", |s| s)
    }

    pub fn as_str(&self) -> &'static str {
        Self::lookup(*self)
    }
}

impl PartialOrd for Sym {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By the strings, as the claims' order has always been.
impl Ord for Sym {
    fn cmp(&self, other: &Self) -> Ordering {
        if self == other {
            Ordering::Equal
        } else {
            self.as_str().cmp(other.as_str())
        }
    }
}

impl Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Self {
        Sym::intern(s)
    }
}

impl From<String> for Sym {
    fn from(s: String) -> Self {
        Sym::intern(&s)
    }
}

impl From<&String> for Sym {
    fn from(s: &String) -> Self {
        Sym::intern(s)
    }
}

impl From<Sym> for String {
    fn from(s: Sym) -> Self {
        s.as_str().to_string()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Sym> for str {
    fn eq(&self, other: &Sym) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Sym> for String {
    fn eq(&self, other: &Sym) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_are_one_sym_on_every_thread() {
        let a = Sym::intern("gdp");
        let b = Sym::from("gdp".to_string());
        assert_eq!(a, b);
        assert_eq!(Sym::new("gdp"), a);
        let c = std::thread::spawn(|| Sym::intern("gdp")).join().unwrap();
        assert_eq!(c, a);
        assert_ne!(Sym::intern("GDP"), a);
        assert_eq!(std::mem::size_of::<Option<Sym>>(), 4);
    }

    #[test]
    fn a_sym_behaves_like_its_str() {
        let s = Sym::intern("yuan");
        assert_eq!(s, "yuan");
        assert_eq!(s.as_str(), "yuan");
        assert_eq!(format!("{s} {s:?}"), "yuan \"yuan\"");
        assert_eq!(serde_json::to_string(&s).ok().as_deref(), Some("\"yuan\""));
        // Ordered by the strings, whatever order they were interned in.
        let (z, a) = (Sym::intern("zz-late"), Sym::intern("aa-later"));
        assert!(a < z);
        assert!(Sym::intern("a") < Sym::intern("b"));
    }
}
