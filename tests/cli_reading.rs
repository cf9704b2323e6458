//! Reading a redline from the command line: lines wrapped to the terminal's width without
//! cutting a word or losing a change, `--stat`, `--quiet`, `--no-scores`, `--final`, the
//! context a changed list item needs (its chapeau and article heading), deletions before
//! insertions, and moves marked at both ends.

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

const EXCERPT: &str = "tests/fixtures/ch19-excerpt.txt";

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = redline().args(args).output().unwrap();
    assert!(out.status.code().unwrap() < 2, "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each provision's text as the plain redline shows it: heading line, then the body lines
/// joined (a wrapped body unwrapped).
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let redline = text.split_once("provisions differ").expect("a summary").1;
    for line in redline.lines().skip(1) {
        let indent = line.len() - line.trim_start().len();
        if line.trim().is_empty() || line.trim_start().starts_with('…') {
            continue;
        }
        match (indent, out.last_mut()) {
            (0, _) => out.push((line.to_string(), String::new())),
            (2, Some((heading, body))) if body.is_empty() => {
                heading.push(' ');
                heading.push_str(line.trim());
            }
            (_, Some((_, body))) if indent >= 4 => {
                body.push(' ');
                body.push_str(line.trim());
            }
            _ => {}
        }
    }
    out.into_iter()
        .filter(|(_, body)| !body.is_empty())
        .collect()
}

/// The old and the new text a plain-text redline body spells.
fn sides(body: &str) -> (String, String) {
    let inserted = regex::Regex::new(r"(?s)\{\+.*?\+\}").unwrap();
    let deleted = regex::Regex::new(r"(?s)\[-.*?-\]").unwrap();
    let old = inserted
        .replace_all(body, "")
        .replace("[-", "")
        .replace("-]", "");
    let new = deleted
        .replace_all(body, "")
        .replace("{+", "")
        .replace("+}", "");
    (collapsed(&old), collapsed(&new))
}

/// Each shown provision's old and new text, label first, from the JSON redline.
fn json_sides(args: &[&str]) -> Vec<(String, String, String)> {
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json_args)).unwrap();
    value["sections"][0]["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let side = |skip: &str, label: &serde_json::Value, present: &str| {
                if p[present].is_null() {
                    return String::new();
                }
                let text: String = p["spans"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["kind"] != skip)
                    .map(|s| s["text"].as_str().unwrap())
                    .collect();
                collapsed(&format!("{} {text}", label.as_str().unwrap_or_default()))
            };
            let old_label = if p["old_label"].is_null() {
                &p["label"]
            } else {
                &p["old_label"]
            };
            (
                p["eid"].as_str().unwrap().to_string(),
                side("insert", old_label, "old_id"),
                side("delete", &p["label"], "new_id"),
            )
        })
        .collect()
}

#[test]
fn wrapped_lines_fit_keep_every_word_and_both_texts() {
    for proposal in [
        "proposals/encryption-backdoor-ban.json",
        "proposals/cr2-shall.json",
    ] {
        let base = ["show", proposal, "--full", "--color", "never"];
        let whole = stdout(&base);
        let expected = json_sides(&base);
        for width in [60, 80, 140] {
            let w = width.to_string();
            let mut args = base.to_vec();
            args.extend(["--width", &w]);
            let wrapped = stdout(&args);
            for line in wrapped.lines() {
                assert!(line.width() <= width, "{width}: {line:?} is too long");
            }
            let body = |text: &str| {
                let start = text.find("provisions differ").expect("a summary");
                collapsed(&text[start..])
            };
            assert_eq!(body(&wrapped), body(&whole), "{proposal} at {width}");
            let shown = blocks(&wrapped);
            assert_eq!(shown.len(), expected.len(), "{proposal} at {width}");
            for ((heading, text), (eid, old, new)) in shown.iter().zip(&expected) {
                assert_eq!(
                    sides(text),
                    (old.clone(), new.clone()),
                    "{eid} ({heading}) at {width}"
                );
            }
        }
    }
}

/// A proposal that edits one item of a list in Annex 12-C, 12.C.2.2(c), whose chapeau
/// (12.C.2.2: "no Party shall ... require ... to:") it does not touch.
fn item_proposal(dir: &tempfile::TempDir) -> String {
    file(
        dir,
        "item.json",
        r#"{"id":"item","title":"t","sponsor":"s","source":{"filing":"f","date":"2026-11-24"},
        "rationale":"r","base":"usmca-annex-12c","amendments":[{"op":"replace_phrase",
        "at":"12.C.2.2(c)","phrase":"cryptographic algorithm","with":"cryptographic algorithm, protocol"}]}"#,
    )
}

#[test]
fn continuation_lines_hang_under_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = item_proposal(&dir);
    let out = stdout(&["show", &proposal, "--color", "never", "--width", "60"]);
    let start = out.find("        (b) partner").expect("12.C.2.2(b)");
    let next = out[start..].lines().nth(1).unwrap();
    assert!(next.starts_with("            the territory"), "{next:?}");
}

#[test]
fn stat_counts_words_per_provision_and_in_total() {
    let out = stdout(&["show", "proposals/cr2-shall.json", "--stat"]);
    assert_eq!(
        out,
        " 19.15.1    |  6 ----++\n 19.15.1(a) |  3 --+\n 19.15.2    | 22 --++++++++++++++++++++\n 3 provisions changed, 8 words deleted(-), 23 words inserted(+)\n"
    );
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_status() {
    redline()
        .args(["show", "proposals/cr2-shall.json", "-q"])
        .assert()
        .code(1)
        .stdout("");
    redline()
        .args(["diff", EXCERPT, EXCERPT, "--quiet"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn no_scores_and_final_leave_out_figures_and_the_draft_mark() {
    let plain = stdout(&["show", "proposals/cr2-shall.json"]);
    assert!(plain.contains("DRAFT · generated 2025-12-01 20:00 UTC"));
    assert!(plain.contains("(bindingness density 47.5 → 82.5 (+35.0))"));
    let out = stdout(&["show", "proposals/cr2-shall.json", "--no-scores", "--final"]);
    assert!(!out.contains("bindingness"), "{out}");
    assert!(!out.contains("DRAFT"));
    assert!(out.contains("generated 2025-12-01 20:00 UTC"));
    let html = stdout(&[
        "show",
        "proposals/cr2-shall.json",
        "--format",
        "html",
        "--final",
    ]);
    assert!(!html.contains("DRAFT"));
    assert!(html.contains("counter(page)"));
}

#[test]
fn show_and_score_print_an_articles_density_alike() {
    let show = stdout(&["show", "proposals/cr2-shall.json"]);
    let score = stdout(&["score", "proposals/cr2-shall.json", "--color", "never"]);
    assert!(score.contains("density 47.5 -> 82.5 (+35.0)"), "{score}");
    assert!(show.contains("density 47.5 → 82.5 (+35.0)"), "{show}");
}

#[test]
fn a_changed_item_shows_its_chapeau_and_article_heading_at_any_context() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = item_proposal(&dir);
    for format in ["text", "markdown", "html"] {
        let out = stdout(&["show", &proposal, "--context", "0", "--format", format]);
        for expected in [
            "ICT Products that Use Cryptography",
            "no Party shall impose or maintain a technical regulation",
            "2 unchanged items of 12.C.2.2 not shown",
        ] {
            assert!(out.contains(expected), "{format} lacks {expected:?}");
        }
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "show",
        &proposal,
        "--context",
        "0",
        "--format",
        "json",
    ]))
    .unwrap();
    let ids: Vec<&str> = json["sections"][0]["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["new_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"Article 12.C.2") && ids.contains(&"12.C.2.2"),
        "{ids:?}"
    );
}

/// Writes `text` to a file in `dir`.
fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_paragraph_rewritten_with_no_word_in_common_is_one_change_deletion_first() {
    let dir = tempfile::tempdir().unwrap();
    let old = file(
        &dir,
        "old.txt",
        "Keep this.\n\nAlpha beta gamma.\n\nKeep that.\n",
    );
    let new = file(
        &dir,
        "new.txt",
        "Keep this.\n\nDelta epsilon zeta.\n\nKeep that.\n",
    );
    let out = stdout(&["diff", &old, &new, "--color", "never"]);
    assert!(out.contains("1 paragraph differs: 1 changed"), "{out}");
    assert!(
        out.contains("[-Alpha beta gamma.-]{+Delta epsilon zeta.+}"),
        "{out}"
    );
}

#[test]
fn a_deleted_provision_stands_where_it_stood() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(EXCERPT).unwrap();
    // 19.15.2 goes; a new Article 19.17 comes after the last article.
    let cut = old.find("2. Given the evolving").unwrap();
    let end = old[cut..].find("\n\n").unwrap() + cut + 2;
    let new = format!(
        "{}{}Article 19.17: Something New\n\n1. Each Party shall do something new.\n",
        &old[..cut],
        &old[end..]
    );
    let new = file(&dir, "new.txt", &new);
    let out = stdout(&["diff", EXCERPT, &new, "--color", "never", "--full"]);
    let deleted = out.find("19.15.2  deleted").expect("19.15.2 deleted");
    let article_16 = out.find("Article 19.16").expect("Article 19.16");
    assert!(deleted < article_16, "{out}");
}

#[test]
fn a_move_is_marked_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(EXCERPT).unwrap();
    // 19.15.2 moves to the end of Article 19.16, as its paragraph 3, with one word changed.
    let cut = old.find("2. Given the evolving").unwrap();
    let end = old[cut..].find("\n\n").unwrap() + cut + 2;
    let moved = old[cut..end]
        .replacen("2. ", "3. ", 1)
        .replace("more effective", "far more effective");
    let rest = format!("{}{}", &old[..cut], &old[end..]);
    let new = format!("{}\n\n{}", rest.trim_end(), moved.trim_end());
    let new = file(&dir, "moved.txt", &format!("{new}\n"));

    let text = stdout(&["diff", EXCERPT, &new, "--color", "never"]);
    assert!(text.contains("19.15.2  moved to 19.16.3"), "{text}");
    assert!(
        text.contains("[>moved to 19.16.3<] 2. Given the evolving"),
        "{text}"
    );
    assert!(
        text.contains("19.16.3  moved from 19.15.2 and changed"),
        "{text}"
    );
    assert!(text.contains("[<moved from 19.15.2>] 3. Given"), "{text}");
    assert!(text.contains("{+far +}more effective"), "{text}");
    assert!(
        text.find("[>moved to").unwrap() < text.find("Article 19.16").unwrap(),
        "the old place is in Article 19.15"
    );

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["diff", EXCERPT, &new, "--format", "json"])).unwrap();
    let moves = json["sections"][0]["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0]["from"], "19.15.2");
    assert_eq!(moves[0]["to"], "19.16.3");
    assert_eq!(moves[0]["from_label"], "2.");
    assert_eq!(moves[0]["to_label"], "3.");

    let html = stdout(&["diff", EXCERPT, &new, "--format", "html"]);
    let doc = scraper::Html::parse_document(&html);
    let select = |s: &str| {
        doc.select(&scraper::Selector::parse(s).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert!(select("#inline .moved-away .move-from")[0].starts_with("moved away: 2. Given"));
    assert_eq!(select("#inline .moved a.move-note"), ["moved from 19.15.2"]);
    // Side by side, the Before column shows the old label.
    let before = select("#side-by-side tr.moved td");
    assert!(before[0].trim_start().starts_with("2."), "{before:?}");

    let markdown = stdout(&["diff", EXCERPT, &new, "--format", "markdown"]);
    assert!(markdown.contains("{>>moved to 19.16.3<<}"), "{markdown}");
    assert!(markdown.contains("{>>moved from 19.15.2<<}"), "{markdown}");
}

#[test]
fn a_changed_chapeau_counts_its_items_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = file(
        &dir,
        "chapeau.json",
        r#"{"id":"chapeau","title":"t","sponsor":"s","source":{"filing":"f","date":"2026-11-24"},
        "rationale":"r","base":"usmca-annex-12c","amendments":[{"op":"replace_phrase",
        "at":"12.C.2.2","phrase":"impose or maintain","with":"adopt or maintain"}]}"#,
    );
    let out = stdout(&["show", &proposal, "--context", "0", "--color", "never"]);
    assert!(out.contains("[-impose-]{+adopt+} or maintain"), "{out}");
    assert!(
        out.contains("… 3 unchanged items of 12.C.2.2 not shown …"),
        "{out}"
    );
}
