//! The allocator: mimalloc, keeping the memory extraction frees and
//! returning to the system at once what is freed after.
//!
//! A check holds its claims for the whole run while each stage (extraction
//! on every core, each rule, the cache and state writes) allocates and frees
//! hundreds of megabytes of its own. glibc's allocator, even at one arena
//! per core, kept part of what each stage freed, and how much varied from
//! run to run: a first check of a million articles with the cache peaked at
//! 3,838,064-3,951,732 KiB with glibc, 3,587,096-3,628,668 KiB with mimalloc
//! purging at once (re-checks: 3.51 and 3.63 million KiB). At 100,000
//! articles mimalloc holds more (570,336 KiB against 494,344): its
//! per-thread pages cost a fixed amount that a large corpus no longer
//! notices.

/// The allocator of the `claimcheck` binary (tests and benches keep the
/// system's).
pub type Allocator = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, which
/// mimalloc keeps stable: retired options keep their places).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory while articles are extracted: each article's tokens
/// and mentions are freed as the next are made, and a purge sends pages
/// back to the kernel only to fault them in again, zeroed, for the next
/// article (in a profile of 10,000 articles the kernel clearing pages was
/// a tenth of the CPU, first touches and such returns). Interleaved runs, 10 ms against never: 10,000
/// articles 1.13 -> 0.98 s (median of 8, CPU 1.90 -> 1.72 s) in one hour
/// and 1.19 -> 1.21 s (median of 6) in a slower one, page faults 16,900 ->
/// 7,200; 100,000 articles 9.02 -> 8.25 s; a million 91.7 -> 90.3 s, peak
/// 3,412 -> 3,441 MB. (Purging at once was slower still: 100,000 articles
/// 9.75-9.94 s against 8.63-8.78 s after 10 ms.) `MIMALLOC_PURGE_DELAY`,
/// when set, wins.
pub fn keep_freed() {
    set_purge_delay(-1);
}

/// Give freed memory back to the system as soon as it is freed, once the
/// claims are held: each stage's transient memory (a rule's, the cache's
/// and state's writes) is then gone before the next stage allocates its
/// own, and the run's peak is its largest stage's. (What extraction freed
/// stays: mimalloc v3 never schedules a purge of memory freed while
/// purging was off, and purges nothing on a schedule once the delay is 0;
/// the later stages reuse it.)
pub fn purge_at_once() {
    set_purge_delay(0);
}

fn set_purge_delay(ms: std::ffi::c_long) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set stores a number in mimalloc's option table,
    // which mimalloc reads each time it schedules a purge; it takes no
    // pointers.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, ms);
    }
}

#[cfg(test)]
mod tests {
    // One test: the option table is the process's, shared by every test
    // thread.
    #[test]
    fn the_purge_delay_is_its_option_and_follows_the_stage() {
        // SAFETY: reading an option takes no pointers.
        let delay = || unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        // mimalloc's default purge delay is 1000 ms in v3, 10 ms in v2: an
        // option at another place would hold neither.
        let default = delay();
        assert!(default == 1000 || default == 10, "{default}");
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // the user's setting wins
        }
        super::keep_freed();
        assert_eq!(delay(), -1);
        super::purge_at_once();
        assert_eq!(delay(), 0);
    }
}
