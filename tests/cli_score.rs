//! `redline score` as a user runs it.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so snapshots stay the same.
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

fn json(args: &[&str]) -> Value {
    let out = redline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn table_of_the_default_baseline_with_cues_and_aggregates() {
    redline()
        .arg("score")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "CHAPTER 19: DIGITAL TRADE: bindingness, 0 to 100\n",
        ))
        .stdout(predicate::str::is_match(
            r#"\n  19\.15\.1\(a\) +best_efforts +50  "shall endeavor" \(19\.15\.1\)\n"#,
        ).unwrap())
        .stdout(predicate::str::contains(
            "  total 1.90 obligation-equivalents, density 47.5 over 4 scored (0 unscored); best_efforts 4\n",
        ))
        .stdout(predicate::str::contains("\nOverall: total "));
}

#[test]
fn json_of_the_annex_carries_every_cue() {
    let v = json(&["score", "--base", "usmca-annex-12c", "--format", "json"]);
    assert_eq!(v["source"], "usmca-annex-12c");
    let item = v["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "12.C.2.2(a)")
        .unwrap();
    assert_eq!(item["bindingness"]["category"], "prohibition");
    assert_eq!(item["bindingness"]["strength"], 100);
    let cue = &item["bindingness"]["cues"][0];
    assert_eq!(cue["phrase"], "no Party shall");
    assert_eq!(cue["inherited_from"], "12.C.2.2");
    assert_eq!(v["overall"]["scored"], 8);
}

#[test]
fn a_pasted_clause() {
    redline()
        .args([
            "score",
            "--text",
            "The Parties shall endeavour to cooperate in appropriate cases.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("¶1    best_efforts       35"));
}

#[test]
fn a_file_of_clauses_gives_one_result_per_paragraph_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clauses.txt");
    std::fs::write(
        &path,
        "No Party shall require the transfer of source code.\n\nThe Parties recognise the importance of\nbuilding capabilities.\n\n\nEach Party shall endeavour to accept documents.\n",
    )
    .unwrap();
    let v = json(&["score", path.to_str().unwrap(), "--format", "json"]);
    let clauses = v["clauses"].as_array().unwrap();
    let got: Vec<(&str, i64)> = clauses
        .iter()
        .map(|c| {
            (
                c["bindingness"]["category"].as_str().unwrap(),
                c["bindingness"]["strength"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("prohibition", 100),
            ("hortatory", 10),
            ("best_efforts", 50)
        ]
    );
    assert_eq!(
        clauses[1]["text"],
        "The Parties recognise the importance of building capabilities."
    );
}

#[test]
fn a_file_in_the_baseline_layout_is_scored_as_a_document() {
    let v = json(&[
        "score",
        "tests/fixtures/usmca-ch19-cr2.txt",
        "--format",
        "json",
    ]);
    let p = v["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "19.15.1(b)")
        .unwrap();
    // Struck "endeavor to": (b) strengthens collaboration mechanisms, cooperative content.
    assert_eq!(p["bindingness"]["category"], "cooperation");
}

#[test]
fn comparison_against_an_amended_text() {
    redline()
        .args([
            "score",
            "--against",
            "tests/fixtures/usmca-ch19-cr2.txt",
            "--color",
            "never",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "  19.15.1     changed   best_efforts 50         obligation 100          +50\n",
        ))
        .stdout(predicate::str::contains(
            "  19.15.3     added     -                       hedged_obligation 60    -\n",
        ))
        .stdout(predicate::str::contains(
            "  19.17.5     removed   exception 10 ",
        ))
        .stdout(predicate::str::contains(
            "  19.15.1(a)  rescored  best_efforts 50         obligation 100          +50\n",
        ))
        .stdout(predicate::str::contains(
            "Article 19.15: total 1.90 -> 4.20 (+2.30)  density 47.5 -> 84.0 (+36.5)\n",
        ));
    let v = json(&[
        "score",
        "--against",
        "tests/fixtures/usmca-ch19-cr2.txt",
        "--format",
        "json",
    ]);
    assert_eq!(v["provisions"][0]["delta"], 50);
    assert_eq!(v["provisions"][1]["status"], "rescored");
    assert_eq!(v["articles"][0]["article"], "19.15");
    assert_eq!(v["articles"][0]["after"]["total"], 4.2);
    assert_eq!(v["articles"][0]["delta_density"], 36.5);
    assert!((v["overall"]["delta_total"].as_f64().unwrap() - 2.2).abs() < 1e-9);
}

#[test]
fn an_unreadable_file_is_an_error_with_help() {
    redline()
        .args(["score", "no-such-file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `no-such-file.txt`"))
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn proposals_are_scored_before_and_after() {
    let out = Command::cargo_bin("redline")
        .unwrap()
        .args(["score", "proposals/cr2-shall.json", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = json["provisions"].as_array().unwrap();
    let p = changes.iter().find(|c| c["id"] == "19.15.1").unwrap();
    assert_eq!(p["before"]["bindingness"]["category"], "best_efforts");
    assert_eq!(p["after"]["bindingness"]["category"], "obligation");
    assert!(p["delta"].as_i64().unwrap() > 0);
    // 19.15.2 gains a "for greater certainty" sentence that keeps prescriptive measures open,
    // which the score reads as a hedge on the new "shall".
    let p = changes.iter().find(|c| c["id"] == "19.15.2").unwrap();
    assert_eq!(p["before"]["bindingness"]["category"], "best_efforts");
    assert_eq!(p["after"]["bindingness"]["category"], "hedged_obligation");
    assert!(p["delta"].as_i64().unwrap() > 0);
}

#[test]
fn proposals_and_texts_are_not_mixed() {
    Command::cargo_bin("redline")
        .unwrap()
        .args(["score", "proposals/cr2-shall.json", "texts/usmca-ch19.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`texts/usmca-ch19.txt` is not a proposal",
        ));
}
