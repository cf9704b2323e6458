//! `redline review` (and `show`, `apply`) on the whole agreement at once, as a coalition's
//! policy team runs them: the shipped proposals as `proposals/*.json`, and small proposals
//! written for each way proposals meet (identical edits, conflicts, list items to merge).

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use common::named_file;
use predicates::prelude::*;
use scraper::{Html, Selector};

/// What `proposals/*.json` expands to: every file, the schema included, in name order.
fn shipped() -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir("proposals")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    paths.sort();
    paths
}

/// The shipped proposals (the schema left out) and the baselines they name.
fn shipped_proposals() -> Vec<(String, String)> {
    common::shipped_files()
        .into_iter()
        .map(|p| {
            let base = redline::proposal::Proposal::load(&p).unwrap().proposal.base;
            (p.display().to_string(), base)
        })
        .collect()
}

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = redline().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `review proposals/*.json --on-conflict first-wins` plus `extra`.
fn review_shipped(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["review".to_string()];
    args.extend(shipped());
    args.extend(["--on-conflict", "first-wins"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

/// The ids heading each provision of a text redline (`19.15.1  changed ...`).
fn provision_headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("19.") || l.starts_with("12.C") || l.starts_with("Article "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Every change's attribution in a JSON redline, over all sections.
fn attributions(value: &serde_json::Value) -> Vec<String> {
    value["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["provisions"].as_array().unwrap())
        .flat_map(|p| p["spans"].as_array().unwrap())
        .filter(|s| s["kind"] != "equal")
        .map(|s| s["attribution"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_whole_agreement_in_one_review_in_every_format() {
    let proposals = shipped_proposals();
    let bases: BTreeSet<&str> = proposals.iter().map(|(_, b)| b.as_str()).collect();

    let (code, text, stderr) = review_shipped(&["--color", "never"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("note: skipped proposals/schema.json: a JSON Schema, not a proposal"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("== ")).count(),
        if bases.len() > 1 { bases.len() } else { 0 },
        "one section per document"
    );
    assert!(text.contains("provisions  deleted  inserted  bindingness"));

    let (code, out, _) = review_shipped(&["--format", "json"]);
    assert_eq!(code, 1);
    let value = json(&out);
    let sections: BTreeSet<&str> = value["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["baseline"].as_str().unwrap())
        .collect();
    assert_eq!(sections, bases);
    assert_eq!(value["matrix"].as_array().unwrap().len(), proposals.len());
    let ids: Vec<&str> = value["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for by in attributions(&value) {
        assert!(
            by.split('+').all(|id| ids.contains(&id)),
            "attributed to `{by}`"
        );
    }
    let tags: BTreeSet<&str> = value["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["tag"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags.len(),
        proposals.len(),
        "tags are unique within the run"
    );

    let (code, out, _) = review_shipped(&["--format", "html"]);
    assert_eq!(code, 1);
    let doc = Html::parse_document(&out);
    let count = |css: &str| doc.select(&Selector::parse(css).unwrap()).count();
    assert_eq!(count("table.matrix tbody tr"), proposals.len());
    assert_eq!(
        count(".legend .tag"),
        proposals.len(),
        "one legend entry per proposal"
    );
    assert_eq!(
        count("#inline h2.document"),
        if bases.len() > 1 { bases.len() } else { 0 }
    );
    let changes = count("#inline ins, #inline del");
    assert!(changes > 0);
    assert_eq!(
        count("#inline ins[data-proposal], #inline del[data-proposal]"),
        changes
    );
    // Anchors stay unique across documents, and every contents link lands.
    let ids: Vec<String> = doc
        .select(&Selector::parse("[id]").unwrap())
        .map(|e| e.value().id().unwrap().to_string())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate HTML ids");
    for link in doc.select(&Selector::parse("nav.toc a").unwrap()) {
        let target = link.value().attr("href").unwrap().trim_start_matches('#');
        assert!(
            unique.contains(&target.to_string()),
            "#{target} has no target"
        );
    }

    let (code, out, _) = review_shipped(&["--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(out.contains("| Proposal | Sponsor | Provisions |"));
    if bases.len() > 1 {
        assert_eq!(out.matches("\nBaseline: ").count(), bases.len());
    }
}

#[test]
fn show_and_apply_take_the_whole_agreement_and_agree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("amended/");
    let mut apply = vec!["apply".to_string()];
    apply.extend(shipped());
    apply.extend(["--on-conflict", "first-wins", "-o"].map(String::from));
    apply.push(out.display().to_string());
    let apply: Vec<&str> = apply.iter().map(String::as_str).collect();
    let (code, _, stderr) = run(&apply);
    assert_eq!(code, 0, "{stderr}");
    let mut show = vec!["show".to_string()];
    show.extend(shipped());
    show.extend(["--on-conflict", "first-wins", "--format", "json", "--full"].map(String::from));
    let show: Vec<&str> = show.iter().map(String::as_str).collect();
    let (code, text, _) = run(&show);
    assert_eq!(code, 1);
    let value = json(&text);
    for section in value["sections"].as_array().unwrap() {
        let file = out.join(format!("{}.txt", section["baseline"].as_str().unwrap()));
        let applied = redline::parse::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut compared = 0;
        for p in section["provisions"].as_array().unwrap() {
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
}

#[test]
fn base_narrows_to_one_document() {
    let (code, text, stderr) = review_shipped(&["--base", "usmca-annex-12c", "--color", "never"]);
    assert!(
        shipped_proposals()
            .iter()
            .any(|(_, base)| base == "usmca-annex-12c"),
        "the shipped set has an Annex 12-C proposal"
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("note: --base usmca-annex-12c: left out "));
    assert!(!text.contains("== "), "one document, no sections");
    assert!(provision_headers(&text)
        .iter()
        .all(|id| !id.starts_with("19.")));
}

#[test]
fn a_filter_says_what_it_hid_and_the_exit_status_still_counts_it() {
    let (code, text, _) =
        review_shipped(&["--provision", "19.16", "--color", "never", "--context", "0"]);
    assert_eq!(code, 1, "the proposals change the text, shown or not");
    let note = text
        .lines()
        .find(|l| l.starts_with("--provision 19.16: "))
        .unwrap_or_else(|| panic!("no filter note in {text}"));
    assert!(note.contains("elsewhere not shown"), "{note}");
    assert!(provision_headers(&text)
        .iter()
        .all(|id| id.starts_with("19.16") || *id == "Article"));
}

/// Proposals written for a test, in a temporary directory.
struct Drafts(tempfile::TempDir);

impl Drafts {
    fn new() -> Drafts {
        Drafts(tempfile::tempdir().unwrap())
    }

    fn add(&self, id: &str, sponsor: &str, amendments: &str) -> String {
        named_file(self.0.path(), id, sponsor, amendments)
    }
}

const HARDEN: &str =
    r#"{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "shall"}"#;
const SEEK: &str =
    r#"{"op": "replace_phrase", "at": "19.15.1", "phrase": "endeavor to", "with": "seek to"}"#;
const INTERNATIONAL: &str = r#"{"op": "replace_phrase", "at": "19.15.2", "phrase": "consensus-based", "with": "international"}"#;

#[test]
fn conflicts_fail_by_default_naming_both_proposals() {
    let drafts = Drafts::new();
    let a = drafts.add("alpha", "Alpha", &format!("[{HARDEN}]"));
    let b = drafts.add("beta", "Beta", &format!("[{SEEK}, {INTERNATIONAL}]"));
    redline()
        .args(["review", &a, &b])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: 1 conflict between proposals; nothing was applied\n\
             alpha and beta conflict at 19.15.1: both edit the same words",
        ))
        .stderr(predicate::str::contains("--on-conflict first-wins"));
}

#[test]
fn first_wins_and_skip_leave_out_only_the_colliding_amendments_in_every_output() {
    let drafts = Drafts::new();
    let a = drafts.add("alpha", "Alpha", &format!("[{HARDEN}]"));
    let b = drafts.add("beta", "Beta", &format!("[{SEEK}, {INTERNATIONAL}]"));
    for (policy, left_out) in [
        ("first-wins", vec!["amendment 1 of beta"]),
        ("skip", vec!["amendment 1 of alpha", "amendment 1 of beta"]),
    ] {
        for format in ["text", "html", "json", "markdown"] {
            let (code, out, _) = run(&[
                "review",
                &a,
                &b,
                "--on-conflict",
                policy,
                "--format",
                format,
            ]);
            assert_eq!(code, 1);
            for amendment in &left_out {
                let line = format!("left out: {amendment}: collides with ");
                let found = match format {
                    "json" => json(&out)["settlement"]["left_out"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|l| {
                            format!(
                                "amendment {} of {}",
                                l["amendment"]["index"].as_u64().unwrap() + 1,
                                l["amendment"]["proposal"].as_str().unwrap()
                            ) == *amendment
                                && l["why"] == "conflict"
                        }),
                    _ => out.contains(&line),
                };
                assert!(found, "{policy} {format} lacks {amendment}: {out}");
            }
            assert!(
                !out.contains("amendment 2 of beta"),
                "{policy}: the unrelated amendment is not left out"
            );
        }
        let (_, out, _) = run(&["show", &a, &b, "--on-conflict", policy, "--format", "json"]);
        let inserted: String = json(&out)["sections"][0]["provisions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["spans"].as_array().unwrap())
            .filter(|s| s["kind"] == "insert")
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert!(
            inserted.contains("international"),
            "{policy}: beta's 2nd applies"
        );
    }
}

#[test]
fn identical_edits_are_one_change_attributed_to_both() {
    let drafts = Drafts::new();
    let a = drafts.add("alpha", "Alpha", &format!("[{HARDEN}]"));
    let b = drafts.add("beta", "Beta", &format!("[{HARDEN}, {INTERNATIONAL}]"));
    let (code, out, stderr) = run(&["review", &a, &b, "--format", "json"]);
    assert_eq!(code, 1, "identical edits are no conflict: {stderr}");
    let value = json(&out);
    assert!(value["settlement"]["conflicts"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(value["settlement"]["shared"][0]["provision"], "19.15.1");
    let by = attributions(&value);
    assert!(by.contains(&"alpha+beta".to_string()), "{by:?}");
    assert!(by.contains(&"beta".to_string()));
    let (_, text, _) = run(&["review", &a, &b, "--color", "never"]);
    assert!(text.contains("shall‹A+B›[- endeavor to-]:"), "{text}");
    assert!(text.contains(
        "same edit: amendment 1 of alpha and amendment 1 of beta make the same edit at 19.15.1"
    ));
}

#[test]
fn merge_keeps_two_new_list_items_relabelled_and_refuses_the_rest() {
    let drafts = Drafts::new();
    let item = |text: &str| {
        format!(
            r#"[{{"op": "insert_provision", "after": "19.15.1(b)", "label": "(c)", "text": "{text}"}}]"#
        )
    };
    let a = drafts.add(
        "alpha",
        "Alpha",
        &item("train cybersecurity professionals."),
    );
    let b = drafts.add("beta", "Beta", &item("support small enterprises."));
    redline()
        .args(["review", &a, &b])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both insert under the same id"));
    let (code, text, stderr) = run(&[
        "review",
        &a,
        &b,
        "--on-conflict",
        "merge",
        "--color",
        "never",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        text.contains("{+(c) train cybersecurity professionals.+}"),
        "{text}"
    );
    assert!(
        text.contains("{+(d) support small enterprises.+}"),
        "{text}"
    );
    assert!(text.contains(
        "merged: amendment 1 of beta inserted as 19.15.1(d) after 19.15.1(c), relabelled from 19.15.1(c)"
    ));
    // Two rewrites of the same words cannot be merged: refused as under fail, and said so.
    let c = drafts.add("gamma", "Gamma", &format!("[{HARDEN}]"));
    let d = drafts.add("delta", "Delta", &format!("[{SEEK}]"));
    redline()
        .args(["review", &c, &d, "--on-conflict", "merge"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "1 conflict between proposals cannot be merged",
        ));
}

#[test]
fn sponsor_matches_a_name_or_its_abbreviation_exactly() {
    let drafts = Drafts::new();
    let cc = drafts.add(
        "alpha",
        "Cybersecurity Coalition (CC)",
        &format!("[{HARDEN}]"),
    );
    let ccpl = drafts.add(
        "beta",
        "Center for Cybersecurity Policy and Law (CCPL)",
        &format!("[{INTERNATIONAL}]"),
    );
    let headers = |sponsor: &str| {
        let (code, text, stderr) = run(&[
            "show",
            &cc,
            &ccpl,
            "--sponsor",
            sponsor,
            "--context",
            "0",
            "--color",
            "never",
        ]);
        assert_eq!(code, 1, "{stderr}");
        provision_headers(&text)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(headers("CC"), ["19.15.1"], "CC must not select CCPL");
    assert_eq!(headers("ccpl"), ["19.15.2"]);
    assert_eq!(headers("cybersecurity coalition (cc)"), ["19.15.1"]);
    let (_, text, _) = run(&["show", &cc, &ccpl, "--proposal", "beta", "--context", "0"]);
    assert_eq!(provision_headers(&text), ["19.15.2"]);
    assert!(text.contains("1 changed provision shown; 1 changed provision elsewhere not shown"));
    redline()
        .args(["show", &cc, &ccpl, "--sponsor", "Cybersecurity"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--sponsor Cybersecurity: no proposal given has that sponsor",
        ))
        .stderr(predicate::str::contains("Cybersecurity Coalition (CC)"));
}

#[test]
fn tags_and_colours_are_the_same_in_every_run_and_format() {
    let tags = || -> Vec<(String, String, u64)> {
        let (_, out, _) = review_shipped(&["--format", "json"]);
        json(&out)["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap().to_string(),
                    p["tag"].as_str().unwrap().to_string(),
                    p["colour"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let first = tags();
    assert_eq!(first, tags(), "two runs");
    let (_, html, _) = review_shipped(&["--format", "html"]);
    let doc = Html::parse_document(&html);
    for (id, tag, colour) in &first {
        let selector = Selector::parse(".legend .tag").unwrap();
        let legend = doc
            .select(&selector)
            .find(|e| e.text().collect::<String>() == *tag)
            .unwrap_or_else(|| panic!("{id}'s tag {tag} is not in the legend"));
        assert!(
            legend.value().classes().any(|c| c == format!("c{colour}")),
            "{tag}: HTML colour differs from JSON's"
        );
        assert_eq!(colour, &(redline::attribution::tag_colour(tag) as u64));
    }
    // The colour follows the tag, not the position: a proposal reviewed alone with another
    // keeps its tag's colour.
    let (_, out, _) = run(&[
        "review",
        "proposals/cr2-shall.json",
        "proposals/interoperable-risk-management.json",
        "--format",
        "json",
    ]);
    let pair = json(&out);
    for p in pair["proposals"].as_array().unwrap() {
        let same = first
            .iter()
            .find(|(id, _, _)| id == p["id"].as_str().unwrap())
            .unwrap();
        assert_eq!(
            (p["tag"].as_str().unwrap(), p["colour"].as_u64().unwrap()),
            (same.1.as_str(), same.2)
        );
    }
}

#[test]
fn score_takes_the_same_proposal_options() {
    let drafts = Drafts::new();
    let a = drafts.add("alpha", "Alpha", &format!("[{HARDEN}]"));
    let b = drafts.add("beta", "Beta", &format!("[{SEEK}, {INTERNATIONAL}]"));
    redline()
        .args(["score", &a, &b])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--on-conflict first-wins"));
    let (code, text, stderr) = run(&[
        "score",
        &a,
        &b,
        "--on-conflict",
        "first-wins",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note: left out: amendment 1 of beta: collides with amendment 1 of alpha")
    );
    assert!(text.contains("19.15.1 "), "{text}");
    // The whole agreement: one comparison per document.
    let mut args = vec!["score".to_string()];
    args.extend(shipped());
    args.extend(["--color", "never"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, text, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let bases: BTreeSet<String> = shipped_proposals().into_iter().map(|(_, b)| b).collect();
    if bases.len() > 1 {
        for base in &bases {
            assert!(text.contains(&format!("== {base} ==")), "{text}");
        }
    }
}

#[test]
fn a_review_of_several_proposals_is_titled_by_count_and_sponsors_not_ids() {
    let (code, html, stderr) = run(&[
        "review",
        "--format",
        "html",
        "proposals/cr2-shall.json",
        "proposals/interoperable-risk-management.json",
        "proposals/coordinated-vulnerability-disclosure.json",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let page = Html::parse_document(&html);
    let title: String = page
        .select(&Selector::parse("title").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        title,
        "CHAPTER 19: DIGITAL TRADE as amended by 3 proposals from CR2; Cybersecurity Coalition"
    );
    assert!(!title.contains("cr2-shall"), "{title}");

    let (_, markdown, _) = review_shipped(&["--format", "markdown"]);
    let first = markdown.lines().next().unwrap();
    assert!(
        first.ends_with(&format!(
            "as amended by {} proposals from CCPL summary of CR2, Cybersecurity Coalition and Digi Americas filings; Cybersecurity Coalition; CR2",
            shipped_proposals().len()
        )),
        "{first}"
    );
}

/// A folder stands for the `.json` files in it, in name order, as `FOLDER/*.json` does in a
/// Unix shell: the same review, byte for byte, on a system whose shell does not expand `*`.
#[test]
fn a_folder_of_proposals_is_its_json_files_in_name_order() {
    let review = |proposals: &[String]| {
        redline()
            .arg("review")
            .args(proposals)
            .args(["--format", "json"])
            .env("SOURCE_DATE_EPOCH", "1764619200")
            .output()
            .unwrap()
    };
    let by_folder = review(&["proposals".to_string()]);
    assert_eq!(by_folder.status.code(), Some(1));
    assert_eq!(by_folder, review(&shipped()));
    for command in [
        &["check", "proposals"][..],
        &["score", "proposals"],
        &["instructions", "proposals"],
    ] {
        let (code, _, stderr) = run(command);
        assert_eq!(code, 0, "{command:?}: {stderr}");
        assert!(
            stderr.contains("note: skipped proposals/schema.json"),
            "{stderr}"
        );
    }
}

/// The files a folder stands for are inputs like any other: no output may overwrite them.
#[test]
fn an_output_never_overwrites_a_proposal_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = dir.path().join("cr2-shall.json");
    std::fs::copy("proposals/cr2-shall.json", &proposal).unwrap();
    let before = std::fs::read(&proposal).unwrap();
    let folder = dir.path().display().to_string();
    let target = proposal.display().to_string();
    for command in [
        &["instructions", &folder, "-o", &target][..],
        &["review", &folder, "-o", &target],
        &["apply", &folder, "-o", &target],
    ] {
        let (code, _, stderr) = run(command);
        assert_eq!(code, 2, "{command:?}: {stderr}");
        assert!(stderr.contains("is a proposal"), "{stderr}");
    }
    assert_eq!(std::fs::read(&proposal).unwrap(), before);
}

#[test]
fn a_folder_with_no_proposal_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cyber.txt"), "Proposal: cyber\n").unwrap();
    let folder = dir.path().display().to_string();
    let (code, stdout, stderr) = run(&["review", &folder]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        format!("error: the folder {folder} holds no .json file\n  help: a folder stands for the proposals (.json files) in it; name an instructions file (.txt) itself\n")
    );
}
