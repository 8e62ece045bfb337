//! `Sym`: a shared, immutable string for the claim fields that repeat
//! across millions of claims (article, unit, metric, noun, subject,
//! scope). One allocation per distinct string instead of one per claim:
//! at a million articles that is the difference between fitting in memory
//! and not.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::FxHashSet;

/// A shared string; compares, hashes and prints as the `str` it holds.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(Arc<str>);

/// Interned strings are kept per thread (extraction runs on rayon's
/// threads), so interning takes no lock; a string interned on two threads
/// is stored twice, which is harmless. Only small vocabularies are
/// interned: units, metrics, nouns, subjects, scopes.
const MAX_INTERNED: usize = 100_000;

thread_local! {
    static INTERNED: RefCell<FxHashSet<Arc<str>>> = RefCell::new(FxHashSet::default());
}

impl Sym {
    /// A `Sym` holding `s`, without interning (one per article id).
    pub fn new(s: &str) -> Self {
        Sym(Arc::from(s))
    }

    /// The `Sym` for `s`, shared with every earlier `intern(s)` on this
    /// thread.
    pub fn intern(s: &str) -> Self {
        INTERNED.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(a) = set.get(s) {
                return Sym(a.clone());
            }
            let a: Arc<str> = Arc::from(s);
            // A runaway vocabulary (free text by mistake) must not grow
            // without bound: past the cap, strings are simply not shared.
            if set.len() < MAX_INTERNED {
                set.insert(a.clone());
            }
            Sym(a)
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
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
        s.0.to_string()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Sym> for str {
    fn eq(&self, other: &Sym) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Sym> for String {
    fn eq(&self, other: &Sym) -> bool {
        self.as_str() == &*other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_strings_share_one_allocation() {
        let a = Sym::intern("gdp");
        let b = Sym::from("gdp".to_string());
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&Sym::new("gdp").0, &a.0));
    }

    #[test]
    fn a_sym_behaves_like_its_str() {
        let s = Sym::intern("yuan");
        assert_eq!(s, "yuan");
        assert_eq!(s.as_str(), "yuan");
        assert_eq!(format!("{s} {s:?}"), "yuan \"yuan\"");
        assert_eq!(serde_json::to_string(&s).ok().as_deref(), Some("\"yuan\""));
        let set: std::collections::HashSet<Sym> = [s.clone()].into();
        assert!(set.contains("yuan"));
        assert!(Sym::intern("a") < Sym::intern("b"));
    }
}
