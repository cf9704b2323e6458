//! The interactive review's screens, drawn on ratatui's `TestBackend` at the smallest size it
//! supports (80×24) and a large one (140×50), and compared with the committed snapshots
//! (`cargo insta review` to accept a deliberate change). The key handling is unit-tested in
//! `src/tui/app.rs`; here only what the reviewer sees.

use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use redline::decisions::DecisionLog;
use redline::session::{AmendmentRef, Policy, Session};
use redline::tui::{draw, App, Changes, Key};

/// The workforce proposal, its earlier SME draft that collides with it at 19.15.1(c), and
/// CR2's "shall": a conflict, shared edits and plain changes in one article.
const REVIEWED: [&str; 3] = [
    "proposals/cr2-shall.json",
    "proposals/cybersecurity-workforce.json",
    "tests/fixtures/sme-as-subparagraph.json",
];

fn app(policy: Policy) -> App {
    let session = Session::load(&REVIEWED, None).unwrap();
    let changes = Changes::of(&session, policy).unwrap();
    App::new(changes, DecisionLog::new(&session, policy), None)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle(match c {
            '\n' => Key::Enter,
            c => Key::Char(c),
        });
    }
}

fn screen(app: &App, width: u16, height: u16, colour: bool) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app, colour)).unwrap();
    terminal
}

fn snapshot(name: &str, app: &App) {
    for (width, height) in [(80, 24), (140, 50)] {
        let terminal = screen(app, width, height, false);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn the_first_change() {
    snapshot("first", &app(Policy::Fail));
}

#[test]
fn decisions_are_marked_and_counted() {
    let mut app = app(Policy::Fail);
    press(&mut app, "yyn");
    snapshot("decided", &app);
}

#[test]
fn a_conflict_is_a_choice_between_the_colliding_amendments() {
    let mut app = app(Policy::Fail);
    press(&mut app, "gArticle 19.15, paragraph 1(c)\n");
    assert_eq!(
        app.current().unwrap().amendment,
        AmendmentRef::new("cybersecurity-workforce", 2)
    );
    snapshot("conflict", &app);
}

#[test]
fn under_merge_a_mergeable_conflict_is_shown_merged() {
    let mut app = app(Policy::Merge);
    press(&mut app, "g19.15.1(c)\n");
    snapshot("merged", &app);
}

#[test]
fn the_list_narrowed_to_one_sponsor() {
    let mut app = app(Policy::Fail);
    press(&mut app, "sCR2\n");
    snapshot("sponsor", &app);
}

#[test]
fn help_lists_every_key() {
    let mut app = app(Policy::Fail);
    press(&mut app, "?");
    snapshot("help", &app);
}

#[test]
fn a_prompt_and_the_quit_confirmation_sit_in_the_footer() {
    let mut app = app(Policy::Fail);
    press(&mut app, "g19.15");
    insta::assert_snapshot!("prompt_80x24", screen(&app, 80, 24, false).backend());
    press(&mut app, "\nyq");
    insta::assert_snapshot!("confirm_quit_80x24", screen(&app, 80, 24, false).backend());
}

#[test]
fn below_80x24_the_screen_says_so() {
    let app = app(Policy::Fail);
    for (width, height) in [(79, 24), (80, 23), (79, 60)] {
        let terminal = screen(&app, width, height, false);
        let text = terminal.backend().to_string();
        assert!(
            text.contains("at least 80×24") && text.contains(&format!("{width}×{height}")),
            "{text}"
        );
    }
    insta::assert_snapshot!("too_small_60x20", screen(&app, 60, 20, false).backend());
}

#[test]
fn in_colour_deletions_are_red_and_struck_insertions_green_and_underlined() {
    let mut app = app(Policy::Fail);
    press(&mut app, "g19.15.1\n");
    let colour = screen(&app, 140, 50, true);
    let cells = colour.backend().buffer().content();
    assert!(cells
        .iter()
        .any(|c| c.fg == Color::Red && c.modifier.contains(Modifier::CROSSED_OUT)));
    assert!(cells
        .iter()
        .any(|c| c.fg == Color::Green && c.modifier.contains(Modifier::UNDERLINED)));
    let text = colour.backend().to_string();
    assert!(
        !text.contains("[-") && !text.contains("{+"),
        "no markers in colour"
    );
    let plain = screen(&app, 140, 50, false);
    let cells = plain.backend().buffer().content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "without colour (NO_COLOR, --color never) no cell is coloured"
    );
    let text = plain.backend().to_string();
    assert!(
        text.contains("[-") && text.contains("{+"),
        "markers instead"
    );
}

#[test]
fn the_readme_and_docs_list_every_key() {
    for file in ["README.md", "docs/review.md"] {
        let text = std::fs::read_to_string(file).unwrap();
        for (key, _, long) in redline::tui::KEYS {
            assert!(
                text.contains(&format!("| `{key}` | {long} |")),
                "{file} lists `{key}` as the help screen does: {long}"
            );
        }
    }
}
