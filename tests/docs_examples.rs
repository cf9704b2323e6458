//! Every example a reader is shown runs as printed: the command lines of README.md and of every
//! page in docs/ (a ```sh block whole, the `$ ` lines of a ```console block) and the examples of
//! every `--help`.
//!
//! A page runs top to bottom in a fresh directory holding copies of the repository's proposals,
//! fixtures and texts, as a reader typing its examples in order would; so does each command's
//! `--help`. An example fails the test when a `redline` command in it exits with status 2,
//! unless the page shows the error it prints, which must then be the error printed. What a reader
//! does by hand between two commands is done by the test: a text printed to a file "to edit" is
//! edited (`EDITED_TEXT`), `$EDITOR` makes the same edit, and a file the page says to save is
//! saved. The interactive review needs a terminal: its examples are skipped here and run in
//! tests/tui_tmux.rs. A block with no `redline` command (the set-up commands, `cargo run` and
//! `cargo test`, or a benchmark script) is not run here. A block that hands the output to a
//! consumer this machine lacks (LibreOffice's `soffice`, poppler's `pdftoppm` or `pdftotext`,
//! `chromium`) is skipped with a note on stderr, as tests/libreoffice.rs and tests/browser.rs
//! are, unless `CI` is set (`.ci/run` installs them), when a missing consumer is a failure.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The edit the test makes where a page says to edit a printed text: paragraph 2 of Article
/// 19.15 made binding.
const EDITED_TEXT: Edit = Edit {
    from: "shall endeavor to employ",
    to: "shall employ",
};

struct Edit {
    from: &'static str,
    to: &'static str,
}

/// One example: a script for `sh`, where it is shown, and what the page shows it print.
struct Example {
    place: String,
    script: String,
    shown: Shown,
}

/// What a page shows under a command of a ```console block. A line `...` stands for any lines.
enum Shown {
    Nothing,
    /// The lines the command prints on standard output.
    Output(Vec<String>),
    /// The error it prints (the lines from `error:` on), with exit status 2.
    Error(Vec<String>),
}

impl Shown {
    /// How `run` differs from what is shown, if it does.
    fn mismatch(&self, run: &Run) -> Option<String> {
        let (shown, printed) = match self {
            Shown::Nothing => return run.trouble(),
            Shown::Output(lines) => {
                if let Some(trouble) = run.trouble() {
                    return Some(trouble);
                }
                (lines, &run.output.stdout)
            }
            Shown::Error(lines) => (lines, &run.output.stderr),
        };
        let printed = String::from_utf8_lossy(printed);
        let mut printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
        while printed.last() == Some(&"") {
            printed.pop();
        }
        (!matches_shown(shown, &printed)).then(|| {
            format!(
                "the page shows\n{}\nbut it prints\n{}",
                shown.join("\n"),
                printed.join("\n")
            )
        })
    }
}

/// Whether `printed` is `shown`, where a shown `...` line stands for any number of lines and a
/// shown line ending in `…` for a longer line it begins (a terminal's cut at its width).
fn matches_shown(shown: &[String], printed: &[&str]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=printed.len()).any(|skip| matches_shown(rest, &printed[skip..]))
        }
        Some((first, rest)) => printed
            .split_first()
            .is_some_and(|(line, after)| same_line(first, line) && matches_shown(rest, after)),
    }
}

/// Runs `redline`, recording any run that exits 2 and skipping interactive runs; stands first
/// on the PATH of every example.
const WRAPPER: &str = r#"#!/bin/sh
for arg; do
  case $arg in
    -i|--interactive) printf 'redline %s\n' "$*" >> "$EXAMPLES_SKIPPED"; exit 0 ;;
  esac
done
"$REDLINE" "$@"
status=$?
if [ "$status" -ge 2 ]; then printf 'redline %s\n' "$*" >> "$EXAMPLES_FAILED"; fi
exit "$status"
"#;

/// `$EDITOR` for `redline edit`: makes `EDITED_TEXT` in the file it is given.
fn editor_script() -> String {
    format!(
        "#!/bin/sh\nsed -i 's/{}/{}/' \"$1\"\n",
        EDITED_TEXT.from, EDITED_TEXT.to
    )
}

/// A fresh directory for one page: copies of what the examples name, and the wrapper.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        for copied in ["proposals", "tests/fixtures", "texts"] {
            copy_dir(Path::new(copied), &dir.path().join(copied));
        }
        let bin = dir.path().join(".bin");
        fs::create_dir(&bin).unwrap();
        write_executable(&bin.join("redline"), WRAPPER);
        write_executable(&bin.join("edit-as-a-reader"), &editor_script());
        Workspace { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn log(&self, name: &str) -> PathBuf {
        self.path().join(".bin").join(name)
    }

    /// Runs one script.
    fn run(&self, script: &str) -> Run {
        for log in ["failed", "skipped"] {
            fs::write(self.log(log), "").unwrap();
        }
        let path = format!(
            "{}:{}",
            self.path().join(".bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(self.path())
            .env("PATH", path)
            .env("REDLINE", assert_cmd::cargo::cargo_bin("redline"))
            .env("EXAMPLES_FAILED", self.log("failed"))
            .env("EXAMPLES_SKIPPED", self.log("skipped"))
            .env("EDITOR", self.log("edit-as-a-reader"))
            .env_remove("VISUAL")
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1764619200")
            .env_remove("REDLINE_PAGER")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let read = |name| fs::read_to_string(self.log(name)).unwrap();
        Run {
            output,
            failed: read("failed"),
            skipped: read("skipped"),
        }
    }

    /// Does by hand what a reader does after `command`: edits a text printed "to edit".
    fn follow_up(&self, command: &str) {
        let Some(target) = command
            .split_once("--format text >")
            .map(|(_, rest)| rest.split_whitespace().next().unwrap_or_default())
        else {
            return;
        };
        let file = self.path().join(target);
        let text = fs::read_to_string(&file).unwrap();
        if text.contains(EDITED_TEXT.from) {
            fs::write(&file, text.replacen(EDITED_TEXT.from, EDITED_TEXT.to, 1)).unwrap();
        }
    }
}

/// What one script did: its output, and the `redline` runs in it that failed or were skipped,
/// a line each.
struct Run {
    output: Output,
    failed: String,
    skipped: String,
}

impl Run {
    /// What went wrong, when the script was not meant to fail: a `redline` run that exited 2,
    /// or the script itself failing (a syntax error, a command not found).
    fn trouble(&self) -> Option<String> {
        let stderr = String::from_utf8_lossy(&self.output.stderr);
        if !self.failed.is_empty() {
            Some(format!("`{}` failed:\n{stderr}", self.failed.trim_end()))
        } else if self.output.status.code().is_none_or(|code| code >= 2) {
            Some(format!(
                "the script ended with {}:\n{stderr}",
                self.output.status
            ))
        } else {
            None
        }
    }
}

fn write_executable(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The examples of a Markdown page, in order, and the files it says to save.
fn page_examples(page: &str) -> Vec<Example> {
    let text = fs::read_to_string(page).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut examples = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(language) = lines[index].strip_prefix("```") else {
            index += 1;
            continue;
        };
        let start = index + 1;
        let end = start
            + lines[start..]
                .iter()
                .position(|line| line.starts_with("```"))
                .unwrap_or_else(|| panic!("{page}:{}: a code block is not closed", index + 1));
        let block = &lines[start..end];
        match language {
            "sh" if block.iter().any(|line| line.starts_with("redline ")) => {
                examples.push(Example {
                    place: format!("{page}:{start}"),
                    script: block.join("\n"),
                    shown: Shown::Nothing,
                })
            }
            "console" => examples.extend(console_examples(page, start, block)),
            _ => {
                if let Some(name) = saved_as(&lines[..index]) {
                    examples.push(Example {
                        place: format!("{page}:{start}"),
                        script: format!("cat > '{name}' <<'SAVED'\n{}\nSAVED", block.join("\n")),
                        shown: Shown::Nothing,
                    });
                }
            }
        }
        index = end + 1;
    }
    examples
}

/// The `$ ` lines of a console block, each with what is shown under it.
fn console_examples(page: &str, start: usize, block: &[&str]) -> Vec<Example> {
    block
        .iter()
        .enumerate()
        .filter_map(|(offset, line)| {
            let command = line.strip_prefix("$ ")?;
            let shown: Vec<String> = block[offset + 1..]
                .iter()
                .take_while(|line| !line.starts_with("$ "))
                .map(|line| line.to_string())
                .collect();
            let shown = match shown.first() {
                None => Shown::Nothing,
                Some(first) if first.starts_with("error: ") => Shown::Error(shown),
                Some(_) => Shown::Output(shown),
            };
            Some(Example {
                place: format!("{page}:{}", start + offset + 1),
                script: command.to_string(),
                shown,
            })
        })
        .collect()
}

/// The file name a page tells the reader to save the next block as ("Save this as `cyber.txt`:").
fn saved_as(before: &[&str]) -> Option<String> {
    let paragraph = before
        .iter()
        .rev()
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty());
    paragraph
        .filter_map(|line| line.split_once("Save this as `"))
        .find_map(|(_, rest)| rest.split_once('`').map(|(name, _)| name.to_string()))
}

/// The examples of `redline ARGS... --help`: the lines under "Examples:" that start with
/// `redline`, a line ending in `\` joined to the next.
fn help_examples(args: &[&str]) -> Vec<Example> {
    let help = redline_help(args);
    let place = format!("redline {} --help", args.join(" "));
    let mut examples = Vec::new();
    let mut continued: Option<String> = None;
    for line in help
        .lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| !line.is_empty())
    {
        let line = line.trim();
        let script = match continued.take() {
            Some(start) => format!("{start}\n{line}"),
            None if line.starts_with("redline ") => line.to_string(),
            None => continue,
        };
        if script.ends_with('\\') {
            continued = Some(script);
        } else {
            examples.push(Example {
                place: place.clone(),
                script,
                shown: Shown::Nothing,
            });
        }
    }
    examples
}

fn redline_help(args: &[&str]) -> String {
    let output = Command::new(assert_cmd::cargo::cargo_bin("redline"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands `redline --help` lists.
fn subcommands() -> Vec<String> {
    redline_help(&[])
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

fn same_line(shown: &str, printed: &str) -> bool {
    let shown = shown.trim_end();
    match shown.strip_suffix('…') {
        Some(cut) => printed.starts_with(cut),
        None => printed == shown,
    }
}

/// Runs a sequence of examples in one workspace; every problem found, and what was skipped.
fn run_in_order(examples: &[Example]) -> (Vec<String>, Vec<String>) {
    let workspace = Workspace::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for example in examples {
        if let Some(consumer) = absent_consumer(&example.script) {
            assert!(
                std::env::var_os("CI").is_none(),
                "{}: `{consumer}` is missing: .ci/run installs it",
                example.place
            );
            eprintln!("skipped {}: `{consumer}` is not installed", example.place);
            continue;
        }
        let run = workspace.run(&example.script);
        skipped.extend(
            run.skipped
                .lines()
                .map(|line| format!("{}: {line}", example.place)),
        );
        if let Some(mismatch) = example.shown.mismatch(&run) {
            problems.push(format!(
                "{}: `{}`: {mismatch}",
                example.place, example.script
            ));
        }
        workspace.follow_up(&example.script);
    }
    (problems, skipped)
}

/// The outside programs examples hand redline's output to.
const CONSUMERS: [&str; 4] = ["soffice", "pdftoppm", "pdftotext", "chromium"];

/// The first consumer `script` runs that is not on this machine's PATH.
fn absent_consumer(script: &str) -> Option<&'static str> {
    let runs = |name: &str| {
        script
            .lines()
            .any(|line| line.split_whitespace().next() == Some(name))
    };
    let installed = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    };
    CONSUMERS
        .into_iter()
        .find(|name| runs(name) && !installed(name))
}

fn pages() -> Vec<String> {
    let mut pages = vec!["README.md".to_string()];
    let mut docs: Vec<String> = fs::read_dir("docs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| path.display().to_string())
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

#[test]
fn every_example_in_the_readme_and_docs_runs_as_printed() {
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut count = 0;
    for page in pages() {
        let examples = page_examples(&page);
        count += examples.len();
        let (page_problems, page_skipped) = run_in_order(&examples);
        problems.extend(page_problems);
        skipped.extend(page_skipped);
    }
    assert!(count > 30, "only {count} examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert_only_interactive(&skipped);
}

#[test]
fn every_example_in_every_help_runs_as_printed() {
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut commands: Vec<Vec<String>> = vec![Vec::new()];
    commands.extend(subcommands().into_iter().map(|name| vec![name]));
    assert!(commands.len() > 10, "{commands:?}");
    for command in &commands {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let examples = help_examples(&args);
        assert!(
            !examples.is_empty(),
            "`redline {} --help` has no examples",
            args.join(" ")
        );
        let (found, skipped_here) = run_in_order(&examples);
        problems.extend(found);
        skipped.extend(skipped_here);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert_only_interactive(&skipped);
}

/// An example line must not wrap in an 80-column terminal, or it is no longer one command.
#[test]
fn help_examples_fit_an_80_column_terminal() {
    let mut commands: Vec<Vec<String>> = vec![Vec::new()];
    commands.extend(subcommands().into_iter().map(|name| vec![name]));
    let too_wide: Vec<String> = commands
        .iter()
        .flat_map(|command| {
            let args: Vec<&str> = command.iter().map(String::as_str).collect();
            help_examples(&args)
        })
        .flat_map(|example| {
            example
                .script
                .lines()
                .filter(|line| line.chars().count() + 2 > 80)
                .map(|line| format!("{}: {line}", example.place))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(too_wide.is_empty(), "{}", too_wide.join("\n"));
}

/// Only interactive reviews are skipped, and tests/tui_tmux.rs runs those in a terminal.
fn assert_only_interactive(skipped: &[String]) {
    for line in skipped {
        assert!(
            line.contains(" -i ") || line.contains("--interactive"),
            "{line}"
        );
    }
}
