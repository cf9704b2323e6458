//! The review's state and what each key does to it, with no terminal in sight: the runner
//! ([`super::run`]) turns terminal events into [`Key`]s and carries out the [`Effect`]s,
//! and the screens ([`super::draw`]) read the state.

use std::path::PathBuf;

use super::changes::{Change, Changes};
use crate::citation::{resolve, Target};
use crate::decisions::{DecisionLog, Verdict};
use crate::review::is_below;
use crate::session::sponsor_matches;

/// A key as the review reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Ctrl-C: as `q`, asking first when decisions are unsaved.
    Interrupt,
}

/// What the review is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Help,
    /// Typing an answer at the foot of the screen.
    Prompt(Prompt),
    /// `q` with decisions not yet written: write them, drop them, or go back.
    ConfirmQuit,
}

/// A question at the foot of the screen and the answer typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub ask: Ask,
    pub input: String,
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// `g`: a provision, by citation.
    Goto,
    /// `/`: words to find in a change.
    Search,
    /// `s`: a sponsor to show only the changes of (empty: all).
    Sponsor,
    /// `p`: a proposal (id or tag) to show only the changes of (empty: all).
    Proposal,
    /// Where to write the consolidated proposal, then quit or not.
    SavePath { quit: bool },
}

impl Ask {
    pub fn question(self) -> &'static str {
        match self {
            Ask::Goto => "go to provision: ",
            Ask::Search => "search: ",
            Ask::Sponsor => "only sponsor (empty: all): ",
            Ask::Proposal => "only proposal, id or tag (empty: all): ",
            Ask::SavePath { .. } => "write the consolidated proposal to: ",
        }
    }
}

/// What the runner must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Leave the review, writing nothing (more).
    Quit,
    /// Write the consolidated proposal (and the log, the texts asked for) to `path`, then
    /// report back with [`App::written`] or [`App::failed`]; quit afterwards if `quit`.
    Write {
        path: PathBuf,
        quit: bool,
    },
}

/// Which changes the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    pub sponsor: Option<String>,
    pub proposal: Option<String>,
}

impl Shown {
    fn keeps(&self, change: &Change) -> bool {
        self.sponsor
            .as_deref()
            .is_none_or(|s| sponsor_matches(&change.sponsor, s))
            && self.proposal.as_deref().is_none_or(|p| {
                change.amendment.proposal.eq_ignore_ascii_case(p)
                    || change.tag.eq_ignore_ascii_case(p)
            })
    }

    /// `sponsor CR2, proposal CW`, or empty.
    pub fn describe(&self) -> String {
        let sponsor = self.sponsor.as_ref().map(|s| format!("sponsor {s}"));
        let proposal = self.proposal.as_ref().map(|p| format!("proposal {p}"));
        [sponsor, proposal]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The interactive review.
#[derive(Debug)]
pub struct App {
    pub changes: Changes,
    log: DecisionLog,
    /// The change shown, an index into `changes.list`.
    pub cursor: usize,
    pub shown: Shown,
    pub mode: Mode,
    /// Lines the redline of the change is scrolled by, from where it starts (up is negative).
    pub scroll: i16,
    /// A line for the reviewer, until the next key.
    pub message: Option<String>,
    /// `-o`: where the consolidated proposal goes; asked for when absent.
    pub output: Option<PathBuf>,
    /// Decisions taken since the last write.
    pub unsaved: bool,
    /// The number of log entries each action recorded, so `u` undoes one action.
    actions: Vec<(usize, usize)>,
    last_search: String,
}

impl App {
    /// A review of `changes` continuing `log` (empty, or resumed), on the first undecided
    /// change.
    pub fn new(changes: Changes, log: DecisionLog, output: Option<PathBuf>) -> App {
        let mut app = App {
            changes,
            log,
            cursor: 0,
            shown: Shown::default(),
            mode: Mode::Browse,
            scroll: 0,
            message: None,
            output,
            unsaved: false,
            actions: Vec::new(),
            last_search: String::new(),
        };
        if let Some(first) = app.visible().into_iter().find(|&i| app.undecided(i)) {
            app.cursor = first;
        }
        app
    }

    pub fn log(&self) -> &DecisionLog {
        &self.log
    }

    pub fn current(&self) -> Option<&Change> {
        self.changes.list.get(self.cursor)
    }

    pub fn verdict(&self, i: usize) -> Option<Verdict> {
        self.log.verdict(&self.changes.list[i].amendment)
    }

    fn undecided(&self, i: usize) -> bool {
        self.verdict(i).is_none()
    }

    /// The changes the list shows, as indices into `changes.list`.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.changes.list.len())
            .filter(|&i| self.shown.keeps(&self.changes.list[i]))
            .collect()
    }

    /// `(accepted, rejected, undecided)` over every change.
    pub fn tally(&self) -> (usize, usize, usize) {
        let mut tally = (0, 0, 0);
        for i in 0..self.changes.list.len() {
            match self.verdict(i) {
                Some(Verdict::Accepted) => tally.0 += 1,
                Some(Verdict::Rejected) => tally.1 += 1,
                None => tally.2 += 1,
            }
        }
        tally
    }

    /// `[7/42]`: the change shown among those listed.
    pub fn counter(&self) -> String {
        let visible = self.visible();
        match visible.iter().position(|&i| i == self.cursor) {
            Some(at) => format!("[{}/{}]", at + 1, visible.len()),
            None => format!("[–/{}]", visible.len()),
        }
    }

    /// Handles one key.
    pub fn handle(&mut self, key: Key) -> Effect {
        self.message = None;
        match self.mode.clone() {
            Mode::Help => {
                self.mode = Mode::Browse;
                Effect::None
            }
            Mode::ConfirmQuit => self.confirm_quit(key),
            Mode::Prompt(prompt) => self.prompt(prompt, key),
            Mode::Browse => self.browse(key),
        }
    }

    fn browse(&mut self, key: Key) -> Effect {
        match key {
            Key::Char('y') => self.decide(Verdict::Accepted),
            Key::Char('n') => self.decide(Verdict::Rejected),
            Key::Char('a') => self.accept_rest_of_proposal(),
            Key::Char('u') => self.undo(),
            Key::Char('j') | Key::Down => self.step(1, false),
            Key::Char('k') | Key::Up => self.step(-1, false),
            Key::Char('J') => self.step(1, true),
            Key::Char('K') => self.step(-1, true),
            Key::PageDown | Key::Char(' ') => self.scroll = self.scroll.saturating_add(10),
            Key::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Key::Char('g') => self.ask(Ask::Goto),
            Key::Char('/') => self.ask(Ask::Search),
            Key::Char('s') => self.ask(Ask::Sponsor),
            Key::Char('p') => self.ask(Ask::Proposal),
            Key::Char('w') => return self.write(false),
            Key::Char('?') => self.mode = Mode::Help,
            Key::Char('q') | Key::Interrupt => {
                if !self.unsaved {
                    return Effect::Quit;
                }
                self.mode = Mode::ConfirmQuit;
            }
            _ => {}
        }
        Effect::None
    }

    fn confirm_quit(&mut self, key: Key) -> Effect {
        match key {
            Key::Char('y') | Key::Enter => {
                self.mode = Mode::Browse;
                self.write(true)
            }
            Key::Char('n') => Effect::Quit,
            Key::Esc | Key::Char('c') | Key::Interrupt => {
                self.mode = Mode::Browse;
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn ask(&mut self, ask: Ask) {
        let input = match ask {
            Ask::Search => self.last_search.clone(),
            _ => String::new(),
        };
        self.mode = Mode::Prompt(Prompt { ask, input });
    }

    fn prompt(&mut self, mut prompt: Prompt, key: Key) -> Effect {
        match key {
            Key::Char(c) => prompt.input.push(c),
            Key::Backspace => {
                prompt.input.pop();
            }
            Key::Esc | Key::Interrupt => {
                self.mode = Mode::Browse;
                return Effect::None;
            }
            Key::Enter => {
                self.mode = Mode::Browse;
                return self.answer(prompt.ask, prompt.input.trim());
            }
            _ => {}
        }
        self.mode = Mode::Prompt(prompt);
        Effect::None
    }

    fn answer(&mut self, ask: Ask, input: &str) -> Effect {
        match ask {
            Ask::Goto => self.goto(input),
            Ask::Search => self.search(input),
            Ask::Sponsor => {
                let shown = Shown {
                    sponsor: (!input.is_empty()).then(|| input.to_string()),
                    ..self.shown.clone()
                };
                self.show_only(shown, Ask::Sponsor);
            }
            Ask::Proposal => {
                let shown = Shown {
                    proposal: (!input.is_empty()).then(|| input.to_string()),
                    ..self.shown.clone()
                };
                self.show_only(shown, Ask::Proposal);
            }
            Ask::SavePath { quit } => {
                if input.is_empty() {
                    self.message = Some("nothing written: no file named".to_string());
                    return Effect::None;
                }
                return Effect::Write {
                    path: PathBuf::from(input),
                    quit,
                };
            }
        }
        Effect::None
    }

    /// The written file, so the next `w` or `q` writes there again.
    pub fn written(&mut self, path: PathBuf) {
        self.message = Some(format!("wrote {}", path.display()));
        self.output = Some(path);
        self.unsaved = false;
    }

    /// Writing failed: say why, and stay.
    pub fn failed(&mut self, error: &str) {
        self.message = Some(format!(
            "not written: {}",
            error.lines().next().unwrap_or(error)
        ));
    }

    fn write(&mut self, quit: bool) -> Effect {
        match &self.output {
            Some(path) => Effect::Write {
                path: path.clone(),
                quit,
            },
            None => {
                self.mode = Mode::Prompt(Prompt {
                    ask: Ask::SavePath { quit },
                    input: "consolidated.json".to_string(),
                });
                Effect::None
            }
        }
    }

    /// Moves to the next (`by` 1) or previous (-1) listed change, or undecided change.
    fn step(&mut self, by: isize, undecided: bool) {
        let visible = self.visible();
        let at = visible.iter().position(|&i| i == self.cursor);
        let candidates: Vec<usize> = match (at, by > 0) {
            (Some(at), true) => visible[at + 1..].to_vec(),
            (Some(at), false) => visible[..at].iter().rev().copied().collect(),
            (None, _) => visible,
        };
        match candidates
            .into_iter()
            .find(|&i| !undecided || self.undecided(i))
        {
            Some(i) => self.move_to(i),
            None => {
                let what = if undecided {
                    "undecided change"
                } else {
                    "change"
                };
                let place = if by > 0 { "after" } else { "before" };
                self.message = Some(format!("no {what} {place} this one"));
            }
        }
    }

    fn move_to(&mut self, i: usize) {
        self.cursor = i;
        self.scroll = 0;
    }

    /// `y` or `n` on the change shown; accepting one side of a conflict rejects the other.
    fn decide(&mut self, verdict: Verdict) {
        if !self.visible().contains(&self.cursor) {
            return;
        }
        let cursor = self.cursor;
        let recorded = self.record(cursor, verdict);
        self.actions.push((cursor, recorded.len()));
        self.unsaved = true;
        self.message = Some(recorded.join("; "));
        self.next_undecided();
    }

    /// Records `verdict` on change `i` (and, for an acceptance, a rejection of every change it
    /// collides with that is not already rejected); what was recorded, in words.
    fn record(&mut self, i: usize, verdict: Verdict) -> Vec<String> {
        let change = self.changes.list[i].clone();
        let mut said = Vec::new();
        if verdict == Verdict::Accepted {
            for collision in change.exclusive() {
                if self.log.verdict(&collision.with) != Some(Verdict::Rejected) {
                    self.log.record(collision.with.clone(), Verdict::Rejected);
                    said.push(format!(
                        "rejected {} (collides at {})",
                        collision.with, collision.provision
                    ));
                }
            }
        }
        self.log.record(change.amendment.clone(), verdict);
        let word = match verdict {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        };
        said.insert(0, format!("{word} {}", change.amendment));
        said
    }

    fn next_undecided(&mut self) {
        let visible = self.visible();
        let at = visible.iter().position(|&i| i == self.cursor).unwrap_or(0);
        let after = visible[at..].iter().chain(&visible[..at]);
        match after.copied().find(|&i| self.undecided(i)) {
            Some(i) => self.move_to(i),
            None => {
                self.message = Some(format!(
                    "{}; every change is decided: q to write the consolidated proposal and quit",
                    self.message.take().unwrap_or_default()
                ));
            }
        }
    }

    /// `a`: accepts every undecided change of the shown change's proposal, except those that
    /// collide with a change already accepted.
    fn accept_rest_of_proposal(&mut self) {
        let Some(proposal) = self.current().map(|c| c.amendment.proposal.clone()) else {
            return;
        };
        let mut recorded = 0;
        let mut accepted = 0;
        let mut held = 0;
        for i in 0..self.changes.list.len() {
            let change = &self.changes.list[i];
            if change.amendment.proposal != proposal || !self.undecided(i) {
                continue;
            }
            let blocked = change
                .exclusive()
                .any(|c| self.log.verdict(&c.with) == Some(Verdict::Accepted));
            if blocked {
                held += 1;
                continue;
            }
            recorded += self.record(i, Verdict::Accepted).len();
            accepted += 1;
        }
        if recorded > 0 {
            self.actions.push((self.cursor, recorded));
            self.unsaved = true;
        }
        let mut said = format!("accepted {accepted} remaining change(s) of {proposal}");
        if held > 0 {
            said.push_str(&format!(
                "; {held} left undecided: they collide with changes already accepted"
            ));
        }
        self.message = Some(said);
        if accepted > 0 {
            self.next_undecided();
        }
    }

    /// `u`: takes back the last action (a conflict choice or `a` as a whole).
    fn undo(&mut self) {
        let Some((at, count)) = self.actions.pop() else {
            self.message = Some("nothing to undo".to_string());
            return;
        };
        for _ in 0..count {
            self.log.undo();
        }
        self.unsaved = true;
        if !self.visible().contains(&at) {
            self.shown = Shown::default();
        }
        self.move_to(at);
        self.message = Some(format!(
            "undid the decision on {}",
            self.changes.list[at].amendment
        ));
    }

    /// Lists only what `shown` keeps (`by`: the question that narrowed it), unless that is
    /// nothing, when it says what there is to choose from.
    fn show_only(&mut self, shown: Shown, by: Ask) {
        let keeps = (0..self.changes.list.len()).any(|i| shown.keeps(&self.changes.list[i]));
        if !keeps {
            let (what, name): (&str, fn(&Change) -> &str) = match by {
                Ask::Sponsor => ("sponsor", |c| &c.sponsor),
                _ => ("proposal", |c| &c.tag),
            };
            let mut known: Vec<&str> = self.changes.list.iter().map(name).collect();
            known.sort_unstable();
            known.dedup();
            self.message = Some(format!(
                "no {what} matches; try one of: {}",
                known.join("; ")
            ));
            return;
        }
        self.shown = shown;
        let visible = self.visible();
        if !visible.contains(&self.cursor) {
            let next = visible.iter().copied().find(|&i| i > self.cursor);
            self.move_to(next.unwrap_or(visible[0]));
        }
    }

    /// `g`: the first listed change in or below the provision (or article) cited.
    fn goto(&mut self, citation: &str) {
        if citation.is_empty() {
            return;
        }
        let mut problem = None;
        for (section, texts) in self.changes.texts.iter().enumerate() {
            let target =
                resolve(&texts.after, citation).or_else(|_| resolve(&texts.before, citation));
            let id = match target {
                Ok(Target::Article(a)) => format!("Article {}", a.heading.number),
                Ok(Target::Provision(p)) => p.id.clone(),
                Ok(Target::Footnote(f)) => f.id.clone(),
                Err(e) => {
                    problem.get_or_insert(e.to_string());
                    continue;
                }
            };
            let found = self.visible().into_iter().find(|&i| {
                let c = &self.changes.list[i];
                c.section == section && within(c, &id)
            });
            if let Some(i) = found {
                self.move_to(i);
                return;
            }
            problem = Some(format!("{citation}: no change listed there"));
        }
        self.message = problem.map(|p| p.lines().next().unwrap_or_default().to_string());
    }

    /// `/`: the next listed change (after the one shown, wrapping) whose provision, tag,
    /// sponsor, proposal or words contain the text, case-insensitively.
    fn search(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.last_search = text.to_string();
        let needle = text.to_lowercase();
        let visible = self.visible();
        let at = visible
            .iter()
            .position(|&i| i == self.cursor)
            .map_or(0, |a| a + 1);
        let order = visible[at..].iter().chain(&visible[..at]).copied();
        let found = order.into_iter().find(|&i| {
            let c = &self.changes.list[i];
            [
                c.provisions.join(" "),
                c.tag.clone(),
                c.sponsor.clone(),
                c.amendment.proposal.clone(),
                c.intent.clone(),
                c.article.clone(),
            ]
            .iter()
            .any(|field| field.to_lowercase().contains(&needle))
        });
        match found {
            Some(i) => self.move_to(i),
            None => self.message = Some(format!("{text}: not found in any listed change")),
        }
    }
}

/// Whether a change is in (or below) the provision or article `id` names.
fn within(change: &Change, id: &str) -> bool {
    if let Some(number) = id.strip_prefix("Article ") {
        return change.article.starts_with(&format!("{id}:"))
            || change.provisions.iter().any(|p| {
                p == number
                    || p.strip_prefix(number)
                        .is_some_and(|rest| rest.starts_with(['.', '(', '/']))
            });
    }
    change.provisions.iter().any(|p| p == id || is_below(p, id))
}

/// Every key, as the footer (short; the footer leaves out those without) and the help screen
/// and README (long) list them.
pub const KEYS: [(&str, &str, &str); 15] = [
    (
        "y",
        "accept",
        "accept this change (for a conflict: keep this side, reject the other)",
    ),
    ("n", "reject", "reject this change"),
    (
        "u",
        "undo",
        "take back the last decision (a conflict choice or `a` as a whole)",
    ),
    (
        "j/k",
        "move",
        "next or previous change (also the arrow keys)",
    ),
    ("J/K", "undecided", "next or previous undecided change"),
    (
        "g",
        "go to",
        "go to a provision or article by citation (19.15.1(a), Art. 19.15)",
    ),
    (
        "/",
        "search",
        "find a change by provision, tag, sponsor, proposal or words",
    ),
    (
        "s",
        "sponsor",
        "list only one sponsor's changes (empty: all)",
    ),
    (
        "p",
        "proposal",
        "list only one proposal's changes, by id or tag (empty: all)",
    ),
    (
        "a",
        "all of proposal",
        "accept every undecided change of this change's proposal",
    ),
    (
        "PgDn/PgUp",
        "",
        "scroll the redline of this change (also space)",
    ),
    (
        "w",
        "write",
        "write the consolidated proposal and the decision log now",
    ),
    ("?", "help", "the keys and what they do"),
    (
        "q",
        "quit",
        "quit; asks first when decisions are not written yet",
    ),
    ("Esc", "", "leave a prompt or this help"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{AmendmentRef, Policy, Session};

    const CR2: &str = "proposals/cr2-shall.json";
    const WORKFORCE: &str = "proposals/cybersecurity-workforce.json";
    const SME: &str = "tests/fixtures/sme-as-subparagraph.json";

    fn app(paths: &[&str], policy: Policy) -> App {
        let session = Session::load(paths, None).unwrap();
        let changes = Changes::of(&session, policy).unwrap();
        App::new(changes, DecisionLog::new(&session, policy), None)
    }

    fn press(app: &mut App, keys: &str) -> Effect {
        let mut effect = Effect::None;
        for c in keys.chars() {
            effect = app.handle(match c {
                '\n' => Key::Enter,
                '\x1b' => Key::Esc,
                c => Key::Char(c),
            });
        }
        effect
    }

    fn at(app: &App) -> AmendmentRef {
        app.current().unwrap().amendment.clone()
    }

    fn index_of(app: &App, proposal: &str, index: usize) -> usize {
        let wanted = AmendmentRef::new(proposal, index);
        app.changes
            .list
            .iter()
            .position(|c| c.amendment == wanted)
            .unwrap()
    }

    #[test]
    fn starts_on_the_first_change_and_counts() {
        let app = app(&[CR2, WORKFORCE], Policy::Fail);
        assert_eq!(app.changes.list.len(), 7, "one change per amendment");
        assert_eq!(app.cursor, 0);
        assert_eq!(app.counter(), "[1/7]");
        assert_eq!(app.tally(), (0, 0, 7));
    }

    #[test]
    fn y_and_n_decide_and_move_on_u_takes_back() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        let first = at(&app);
        press(&mut app, "y");
        assert_eq!(app.log().verdict(&first), Some(Verdict::Accepted));
        assert_eq!(app.cursor, 1, "on to the next undecided change");
        let second = at(&app);
        press(&mut app, "n");
        assert_eq!(app.log().verdict(&second), Some(Verdict::Rejected));
        assert_eq!(app.tally(), (1, 1, 5));
        assert!(app.unsaved);
        press(&mut app, "u");
        assert_eq!(app.log().verdict(&second), None);
        assert_eq!(at(&app), second, "undo goes back to the change");
        press(&mut app, "uu");
        assert_eq!(app.tally(), (0, 0, 7));
        assert_eq!(app.message.as_deref(), Some("nothing to undo"));
    }

    #[test]
    fn j_and_k_move_and_stop_at_the_ends() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        press(&mut app, "k");
        assert_eq!(app.cursor, 0);
        assert_eq!(app.message.as_deref(), Some("no change before this one"));
        press(&mut app, "jjj");
        assert_eq!(app.cursor, 3);
        press(&mut app, "jjjjjjj");
        assert_eq!(app.cursor, 6);
        assert_eq!(app.handle(Key::Up), Effect::None);
        assert_eq!(app.cursor, 5);
    }

    #[test]
    fn capital_j_and_k_skip_decided_changes() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        press(&mut app, "jyy"); // 1 and 2 accepted; on 3
        assert_eq!(app.cursor, 3);
        press(&mut app, "K");
        assert_eq!(app.cursor, 0, "1 and 2 are decided");
        press(&mut app, "J");
        assert_eq!(app.cursor, 3);
    }

    #[test]
    fn accepting_one_side_of_a_conflict_rejects_the_other_and_undo_restores_both() {
        let mut app = app(&[WORKFORCE, SME], Policy::Fail);
        let workforce = index_of(&app, "cybersecurity-workforce", 2);
        let sme = AmendmentRef::new("sme-as-subparagraph", 2);
        assert!(app.changes.list[workforce]
            .exclusive()
            .any(|c| c.with == sme));
        app.cursor = workforce;
        press(&mut app, "y");
        assert_eq!(app.log().verdict(&sme), Some(Verdict::Rejected));
        assert!(app
            .message
            .as_deref()
            .unwrap()
            .contains("rejected amendment 3 of sme-as-subparagraph"));
        // Changing one's mind: accepting the other side rejects the first.
        app.cursor = index_of(&app, "sme-as-subparagraph", 2);
        press(&mut app, "y");
        let workforce_ref = AmendmentRef::new("cybersecurity-workforce", 2);
        assert_eq!(app.log().verdict(&workforce_ref), Some(Verdict::Rejected));
        assert_eq!(app.log().verdict(&sme), Some(Verdict::Accepted));
        press(&mut app, "uu");
        assert_eq!(app.log().verdict(&sme), None);
        assert_eq!(app.log().verdict(&workforce_ref), None);
    }

    #[test]
    fn under_merge_both_sides_of_a_mergeable_conflict_can_be_accepted() {
        let mut app = app(&[WORKFORCE, SME], Policy::Merge);
        let workforce = index_of(&app, "cybersecurity-workforce", 2);
        assert!(!app.changes.list[workforce].conflicts.is_empty());
        assert_eq!(app.changes.list[workforce].exclusive().count(), 0);
        app.cursor = workforce;
        press(&mut app, "y");
        assert_eq!(app.tally(), (1, 0, 5), "nothing rejected with it");
    }

    #[test]
    fn a_accepts_the_rest_of_the_proposal_in_one_undoable_action() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        press(&mut app, "n"); // the first change, cr2-shall's or workforce's
        let proposal = at(&app).proposal;
        press(&mut app, "a");
        let mine = app
            .changes
            .list
            .iter()
            .filter(|c| c.amendment.proposal == proposal)
            .count();
        let (accepted, rejected, _) = app.tally();
        assert_eq!(rejected, 1);
        assert!(
            accepted >= mine - 1 && accepted <= mine,
            "{accepted} of {mine}"
        );
        press(&mut app, "u");
        assert_eq!(app.tally(), (0, 1, 6));
    }

    #[test]
    fn s_and_p_list_only_one_sponsor_or_proposal() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        press(&mut app, "sCR2\n");
        assert_eq!(app.visible().len(), 4);
        assert!(app.visible().contains(&app.cursor));
        assert_eq!(
            app.counter(),
            format!(
                "[{}/4]",
                app.visible().iter().position(|&i| i == app.cursor).unwrap() + 1
            )
        );
        press(&mut app, "s\n");
        assert_eq!(app.visible().len(), 7, "an empty answer lists all");
        press(&mut app, "snobody\n");
        assert_eq!(app.visible().len(), 7, "an unknown sponsor changes nothing");
        assert!(app
            .message
            .as_deref()
            .unwrap()
            .starts_with("no sponsor matches; try one of:"));
        press(&mut app, "pcw\n");
        assert_eq!(app.visible().len(), 3, "by tag, case-insensitively");
        press(&mut app, "p\x1b");
        assert_eq!(app.mode, Mode::Browse, "Esc leaves the prompt");
        assert_eq!(app.visible().len(), 3, "and changes nothing");
    }

    #[test]
    fn g_goes_to_a_provision_by_citation_and_slash_searches() {
        let mut app = app(&[CR2, WORKFORCE], Policy::Fail);
        press(&mut app, "gArt. 19.15(1)(b)\n");
        assert!(app
            .current()
            .unwrap()
            .provisions
            .contains(&"19.15.1(b)".to_string()));
        press(&mut app, "g19.99\n");
        assert!(app.message.is_some(), "an unknown citation is said");
        press(&mut app, "/recover\n");
        assert_eq!(at(&app), AmendmentRef::new("cr2-shall", 3));
    }

    #[test]
    fn q_asks_first_when_decisions_are_not_written() {
        let mut app = app(&[CR2], Policy::Fail);
        assert_eq!(press(&mut app, "q"), Effect::Quit, "nothing to lose");
        press(&mut app, "y");
        assert_eq!(press(&mut app, "q"), Effect::None);
        assert_eq!(app.mode, Mode::ConfirmQuit);
        press(&mut app, "\x1b");
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(app.handle(Key::Interrupt), Effect::None);
        assert_eq!(
            press(&mut app, "n"),
            Effect::Quit,
            "n quits without writing"
        );
        // Writing without -o asks where.
        press(&mut app, "q");
        assert_eq!(press(&mut app, "y"), Effect::None);
        assert!(matches!(
            app.mode,
            Mode::Prompt(Prompt {
                ask: Ask::SavePath { quit: true },
                ..
            })
        ));
        assert_eq!(
            press(&mut app, "\n"),
            Effect::Write {
                path: PathBuf::from("consolidated.json"),
                quit: true
            }
        );
        app.written(PathBuf::from("consolidated.json"));
        assert!(!app.unsaved);
        assert_eq!(press(&mut app, "q"), Effect::Quit);
    }

    #[test]
    fn a_resumed_review_starts_on_the_first_undecided_change() {
        let session = Session::load(&[CR2], None).unwrap();
        let changes = Changes::of(&session, Policy::Fail).unwrap();
        let mut log = DecisionLog::new(&session, Policy::Fail);
        log.record(changes.list[0].amendment.clone(), Verdict::Accepted);
        log.record(changes.list[1].amendment.clone(), Verdict::Rejected);
        let app = App::new(changes, log, None);
        assert_eq!(app.cursor, 2);
        assert_eq!(app.tally(), (1, 1, 2));
    }
}
