//! `redline review` as a coalition's policy team runs it on the shipped proposals.

use assert_cmd::Command;
use predicates::prelude::*;
use scraper::{Html, Selector};

/// Every shipped proposal for Chapter 19, in file-name order, then a fixture drafted to collide
/// with one of them (the SME ask as subparagraph (c) of 19.15.1, where the workforce ask is).
fn shipped_ch19() -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir("proposals")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".json") && !p.ends_with("schema.json"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(r#""base": "usmca-ch19""#)
        })
        .collect();
    paths.sort();
    paths.push("tests/fixtures/sme-as-subparagraph.json".to_string());
    paths
}

/// The ids heading each provision of a text redline (`19.15.1  changed ...`).
fn provision_headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("19.") || l.starts_with("Article "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect()
}

fn review(extra: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env_remove("NO_COLOR")
        .arg("review")
        .args(shipped_ch19())
        .args(extra);
    cmd
}

#[test]
fn conflicts_fail_by_default_naming_both_proposals() {
    review(&[])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: 3 conflicts between proposals; nothing was applied\n\
             cybersecurity-workforce and sme-as-subparagraph conflict at 19.15.1(a): both edit the same words",
        ))
        .stderr(predicate::str::contains(
            "cybersecurity-workforce and sme-as-subparagraph conflict at 19.15.1(c): both insert under the same id",
        ))
        .stderr(predicate::str::contains("--on-conflict first-wins"));
}

#[test]
fn first_wins_reviews_everything_with_sponsor_marks_and_a_matrix() {
    let out = review(&["--on-conflict", "first-wins"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("note: left out amendment").count(),
        3,
        "{stderr}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Sponsors:\n  ‹CCCCDA› CCPL summary of CR2, Cybersecurity Coalition and Digi Americas filings\n"),
        "{text}"
    );
    assert!(text.contains("  ‹CR2› Coalition to Reduce Cyber Risk (CR2)\n"));
    assert!(
        text.contains("proposal  ") && text.contains("provisions  deleted  inserted  bindingness")
    );
    assert!(
        text.contains(
            "Accordingly, ‹CR2›[-the Parties-]‹CR2›{+each Party+} shall‹CR2›[- endeavor to-]:"
        ),
        "{text}"
    );
    assert!(text.contains("conflict (first-wins): cybersecurity-workforce and sme-as-subparagraph"));
}

#[test]
fn filter_by_sponsor() {
    let out = review(&[
        "--on-conflict",
        "first-wins",
        "--sponsor",
        "coalition to reduce cyber risk (cr2)",
        "--context",
        "0",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        provision_headers(&text),
        ["19.15.1", "19.15.1(a)", "19.15.2"],
        "{text}"
    );
}

#[test]
fn an_unknown_sponsor_lists_the_sponsors() {
    review(&["--on-conflict", "skip", "--sponsor", "Nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no proposal reviewed has a sponsor, tag or id matching `Nobody`",
        ))
        .stderr(predicate::str::contains(
            "Coalition to Reduce Cyber Risk (CR2) (CR2)",
        ));
}

#[test]
fn filter_by_provision() {
    let out = review(&[
        "--on-conflict",
        "skip",
        "--provision",
        "Art. 19.15(2)",
        "--context",
        "0",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(provision_headers(&text), ["19.15.2"], "{text}");
}

#[test]
fn apply_gives_the_text_review_shows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("combined.txt");
    Command::cargo_bin("redline")
        .unwrap()
        .arg("apply")
        .args(shipped_ch19())
        .args(["--on-conflict", "first-wins", "-o"])
        .arg(&out)
        .assert()
        .success();
    let applied = redline::parse::parse(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let json = review(&["--on-conflict", "first-wins", "--format", "json", "--full"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut compared = 0;
    for p in json["provisions"].as_array().unwrap() {
        let Some(provision) = p["new_id"].as_str().and_then(|id| applied.provision(id)) else {
            continue;
        };
        let new_side: String = p["spans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] != "delete")
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(new_side, provision.text, "{}", provision.id);
        compared += 1;
    }
    assert_eq!(compared, applied.provisions().count());
}

#[test]
fn html_has_a_sponsor_legend_and_marks_every_change() {
    let out = review(&["--on-conflict", "first-wins", "--format", "html"])
        .output()
        .unwrap();
    let doc = Html::parse_document(&String::from_utf8(out.stdout).unwrap());
    let select = |css: &str| doc.select(&Selector::parse(css).unwrap()).count();
    assert_eq!(select(".legend .tag"), 3, "one legend entry per sponsor");
    assert_eq!(select("table.matrix tbody tr"), shipped_ch19().len());
    let changes = select("#inline ins, #inline del");
    assert!(changes > 0);
    assert_eq!(
        select("#inline ins[data-proposal], #inline del[data-proposal]"),
        changes
    );
}

#[test]
fn proposals_for_different_baselines_are_refused() {
    Command::cargo_bin("redline")
        .unwrap()
        .args([
            "review",
            "proposals/cr2-shall.json",
            "proposals/encryption-backdoor-ban.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the proposals target different baselines",
        ));
}
