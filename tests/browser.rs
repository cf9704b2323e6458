//! The HTML redline as a reader gets it: rendered by a real browser (headless Chromium), on
//! screen and printed to PDF (read back with `pdftotext`). On screen the first change must be
//! on the first screen; on paper every page carries the DRAFT mark, the generation time and
//! its page number, and the first page holds the first change.
//!
//! Without `chromium` or `pdftotext` the test says so on stderr and passes, unless `CI` is set
//! (`.ci/run` installs both), when their absence is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

mod common;
use common::tool;

/// `SOURCE_DATE_EPOCH` for the redlines made here, and how the outputs print it.
const EPOCH: &str = "1764619200";
const GENERATED: &str = "2025-12-01 20:00 UTC";

/// The screen height within which the first change must start, in CSS pixels.
const FIRST_SCREEN: f64 = 1000.0;

fn chromium(args: &[&str], page: &Path) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

/// Writes the HTML redline of `args` (a `show` or `review` command line) to `dir/name`.
fn redline_html(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let status = Command::cargo_bin("redline")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .arg("-o")
        .arg(&path)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "{args:?} shows differences");
    path
}

/// The top of the first `<del>` or `<ins>` as laid out at 1280 × 1000 pixels: a copy of the
/// page gets a script (the redline itself has none) that writes it into the DOM.
fn first_change_top(page: &Path) -> f64 {
    let probe = page.with_extension("probe.html");
    let html = std::fs::read_to_string(page).unwrap();
    let script = "<script>addEventListener('load', () => { const c = \
                  document.querySelector('#inline del, #inline ins'); \
                  document.body.setAttribute('data-first-change', \
                  c ? c.getBoundingClientRect().top : -1); });</script>";
    std::fs::write(&probe, html.replace("</body>", &format!("{script}</body>"))).unwrap();
    let out = chromium(
        &[
            "--window-size=1280,1000",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ],
        &probe,
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let value = dom
        .split("data-first-change=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no measurement in the DOM: {dom:.300}"));
    value.parse().unwrap()
}

/// The printed pages' text, one string per page.
fn printed_pages(page: &Path) -> Vec<String> {
    let pdf = page.with_extension("pdf");
    let out = chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        page,
    );
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn first_change_on_the_first_screen_and_page_and_every_page_marked() {
    if tool("chromium").is_none() || tool("pdftotext").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let one = redline_html(
        dir.path(),
        "backdoors.html",
        &["show", "proposals/encryption-backdoor-ban.json"],
    );
    let four = redline_html(
        dir.path(),
        "review.html",
        &[
            "review",
            "proposals/cr2-shall.json",
            "proposals/cybersecurity-workforce.json",
            "proposals/coordinated-vulnerability-disclosure.json",
            "proposals/interoperable-risk-management.json",
            "--on-conflict",
            "first-wins",
        ],
    );
    // A changed provision's heading line: its id, then what happened to it.
    let heading = regex::Regex::new(r"(?m)^\S+\s+(changed|inserted|deleted|moved)").unwrap();
    for page in [&one, &four] {
        let top = first_change_top(page);
        eprintln!("{}: first change at {top} px", page.display());
        assert!(
            (0.0..FIRST_SCREEN).contains(&top),
            "{}: the first change starts at {top} px",
            page.display()
        );
        let pages = printed_pages(page);
        assert!(!pages.is_empty());
        for (n, text) in pages.iter().enumerate() {
            let number = format!("Page {} of {}", n + 1, pages.len());
            for expected in ["DRAFT", GENERATED, &number] {
                assert!(
                    text.contains(expected),
                    "{} page {}: no {expected:?} in {text:.400}",
                    page.display(),
                    n + 1
                );
            }
        }
        assert!(
            heading.is_match(&pages[0]),
            "{}: no changed provision on the first printed page",
            page.display()
        );
    }
}
