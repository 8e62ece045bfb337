//! `check --format html`: the page of the seeds (snapshot and structure),
//! accepted findings, and a real browser: headless Chromium loads a page
//! built from an article that tries to inject script, and the rendered DOM
//! shows the highlights and no script.

use regex::Regex;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{claimcheck, root};

fn html_of(args: &[&str], dir: &Path) -> String {
    let mut all = vec!["check", "--format", "html", "--fail-on", "never"];
    all.extend_from_slice(args);
    let o = claimcheck(&all, dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("the page is UTF-8")
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// The page loads nothing: no `src` at all, no `href` but links inside the
/// page, and every one of those links lands on an element of the page.
fn assert_self_contained(html: &str) {
    let tag_with_src = Regex::new(r#"<[A-Za-z][^<>]*\ssrc\s*="#).unwrap();
    assert!(!tag_with_src.is_match(html), "a tag loads something");
    assert!(!html.contains("<script"), "the page has no script");
    assert!(!html.contains("<link"), "the page links no stylesheet");
    let href = Regex::new(r#"\shref="([^"]*)""#).unwrap();
    let id = Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let ids: HashSet<&str> = id
        .captures_iter(html)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect();
    let mut links = 0;
    for c in href.captures_iter(html) {
        let target = c.get(1).unwrap().as_str();
        let fragment = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("href {target:?} leaves the page"));
        assert!(ids.contains(fragment), "href {target:?} has no target");
        links += 1;
    }
    assert!(links > 0);
}

#[test]
fn html_report_of_the_seeds() {
    let html = html_of(&["seeds"], &root());
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    assert!(html.ends_with("</html>\n"));
    assert_self_contained(&html);
    // The growth slip in 004 involves three claims: 37, 53 and 30 percent.
    assert_eq!(count(&html, "<mark class=\"claim flagged\""), 3, "{html}");
    assert_eq!(count(&html, "<mark class=\"claim accepted\""), 0);
    // The naming finding's three spellings are names, not claims.
    assert_eq!(count(&html, "<mark class=\"span flagged\""), 3);
    assert_eq!(count(&html, "<div class=\"finding error\""), 1);
    assert_eq!(count(&html, "<div class=\"finding info\""), 1);
    assert!(html.contains("<tr id=\"rule-growth-mismatch\" class=\"failing\">"));
    // Every claim is highlighted once (the seeds have no crossing spans).
    assert_eq!(count(&html, "<mark class=\"claim "), 82);
    // Hovering shows what was extracted, and which rules verified it.
    assert!(html.contains(
        "title=\"“30 percent”: growth (flagged)&#10;value 30 percent · interval [29.5, 30.5] (exact)"
    ));
    assert!(html.contains("verified by part-exceeds-whole, figures-disagree, timeline"));
    // Rendering twice gives the same bytes.
    assert_eq!(html, html_of(&["seeds"], &root()));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("check__html_seeds", html);
    });
}

#[test]
fn accepted_findings_are_shown_as_accepted_not_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let baseline = d.join("baseline.yaml");
    let rules = root().join("rules");
    let seeds = root().join("seeds");
    let o = claimcheck(
        &[
            "baseline",
            "write",
            seeds.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        d,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = html_of(
        &[
            seeds.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        d,
    );
    assert_eq!(count(&html, "<mark class=\"claim flagged\""), 0);
    assert_eq!(count(&html, "<mark class=\"claim accepted\""), 3);
    assert_eq!(count(&html, "<mark class=\"span accepted\""), 3);
    assert_eq!(count(&html, "finding error is-accepted"), 1);
    assert!(html.contains("accepted in baseline"));
}

/// An article that tries to run script, with a growth slip in it.
const EVIL: &str = "Binzhou champion products <script>document.title='pwned'</script>

A caption <img src=x onerror=\"document.title='pwned'\"> & \"quotes\" 'single'

According to statistics, in 2021 Binzhou had 37 products with production volumes or market share ranked number one either globally or nationally.

In 2023, the number of products in Binzhou with production volumes or market share ranking first globally or nationally rose to 53.

In just two years, moving from 37 to 53, the number of products in Binzhou ranked first nationally has grown by 30 percent.
";

/// Chromium, from `CHROMIUM`, /usr/bin/chromium or PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let mut candidates = vec![PathBuf::from("/usr/bin/chromium")];
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            candidates.push(dir.join("chromium"));
            candidates.push(dir.join("chromium-browser"));
        }
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// The DOM of `page` after Chromium loaded it (scripts, if any, ran).
fn dump_dom(browser: &Path, page: &Path) -> String {
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let out_path = work.path().join("dom.html");
    let err_path = work.path().join("stderr.txt");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", browser.display()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish in 120 s: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let dom = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed ({status}): {}",
        std::fs::read_to_string(&err_path).unwrap_or_default()
    );
    dom
}

#[test]
fn chromium_renders_the_page_and_runs_no_injected_script() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed, and CI must run this test (.ci/run installs it)");
        }
        eprintln!(
            "note: chromium not found (set CHROMIUM or install it); skipping the browser test"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("corpus")).unwrap();
    std::fs::write(d.join("corpus/evil.txt"), EVIL).unwrap();
    let rules = root().join("rules");
    let page = d.join("page.html");
    let o = claimcheck(
        &[
            "check",
            "corpus",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
        d,
    );
    // The growth slip is an error: exit 1, and the page is written.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_self_contained(&html);

    // First, the harness itself: in this browser a script in a page does
    // change the title, so a title that is not 'pwned' below means something.
    let control = d.join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><head><title>clean</title></head><body><script>document.title='pwned'</script></body></html>",
    )
    .unwrap();
    let control_dom = dump_dom(&browser, &control);
    assert!(
        control_dom.contains("<title>pwned</title>"),
        "the control page's script did not run: {control_dom}"
    );

    let dom = dump_dom(&browser, &page);
    assert!(dom.contains("<title>claimcheck report</title>"), "{dom}");
    assert!(!dom.contains("pwned</title>"), "an injected script ran");
    // No element came from the article: its markup is text.
    assert!(
        !dom.contains("<script"),
        "a script element in the page: {dom}"
    );
    assert!(!dom.contains("<img"), "an img element in the page: {dom}");
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
    // The highlights as rendered: 37, 53 and 30 percent are flagged.
    let flagged = Regex::new(r#"<mark class="claim flagged" id="claim-\d+""#).unwrap();
    assert_eq!(flagged.find_iter(&dom).count(), 3, "{dom}");
    let claims =
        Regex::new(r#"<mark class="claim (flagged|verified|unchecked|accepted)""#).unwrap();
    assert_eq!(claims.find_iter(&dom).count(), 6, "{dom}");
    let finding = Regex::new(r#"<div class="finding error" id="finding-1">"#).unwrap();
    assert!(finding.is_match(&dom));
    // The line breaks of the article survive (pre-wrap), and the link from
    // the finding to the stated growth lands on the highlight.
    assert!(dom.contains("'single'\n\nAccording to statistics"), "{dom}");
    let stated = Regex::new(r##"<a href="#(claim-\d+)">“30 percent”</a>"##).unwrap();
    let id = stated
        .captures(&dom)
        .and_then(|c| c.get(1))
        .expect("a link to the stated growth")
        .as_str();
    assert!(
        dom.contains(&format!("<mark class=\"claim flagged\" id=\"{id}\"")),
        "{dom}"
    );
}
