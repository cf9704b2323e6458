//! The interactive review (`redline review -i`): a full-screen terminal front end over the
//! same [`crate::session`] every other command uses, where a reviewer steps through every
//! amendment, accepts or rejects it as `git add -p` does, and leaves with a consolidated
//! proposal and a decision log ([`crate::decisions`]).
//!
//! - [`changes`]: what is reviewed, one [`Change`] per amendment, in reading order;
//! - [`app`]: the state and what each [`Key`] does to it, with no terminal (unit-tested);
//! - [`draw`]: the screens, drawn from the state (snapshot-tested on ratatui's `TestBackend`);
//! - [`run`]: the terminal itself, always restored (on quit, error, panic, SIGINT, SIGTERM).

mod app;
mod changes;
mod draw;
mod styled;

use std::io;
use std::path::Path;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use app::{App, Ask, Effect, Key, Mode, Prompt, Shown, KEYS};
pub use changes::{Change, Changes, Collision, Texts};
pub use draw::{draw, MIN_HEIGHT, MIN_WIDTH};
pub use styled::StyledLines;

/// Runs the review on the terminal until the reviewer quits. `write` carries out a write the
/// reviewer asked for (the consolidated proposal to the path given, with whatever else the
/// command line asked for) and says what went wrong, in words; it must not print, as the
/// screen is the review's until this returns.
pub fn run(
    app: &mut App,
    colour: bool,
    write: &mut dyn FnMut(&App, &Path) -> Result<(), String>,
) -> io::Result<()> {
    restore_on_signal();
    // Raw mode and the alternate screen, with a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    loop {
        terminal.draw(|frame| draw(frame, app, colour))?;
        let Event::Key(pressed) = event::read()? else {
            continue; // a resize: drawn again at the new size
        };
        if pressed.kind == KeyEventKind::Release {
            continue;
        }
        let Some(key) = key_of(pressed) else {
            continue;
        };
        match app.handle(key) {
            Effect::None => {}
            Effect::Quit => return Ok(()),
            Effect::Write { path, quit } => {
                // `write` prints nothing: what it has to say waits until the terminal is
                // restored, so the screen stays the review's.
                match write(app, &path) {
                    Ok(()) => {
                        app.written(path);
                        if quit {
                            return Ok(());
                        }
                    }
                    Err(problem) => app.failed(&problem),
                }
            }
        }
    }
}

/// Leaves raw mode and the alternate screen however `run` ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// Out of raw mode and the alternate screen, the cursor shown again.
fn restore() {
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show);
}

/// A terminal key as the review reads it.
pub fn key_of(event: KeyEvent) -> Option<Key> {
    let control = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char('c') if control => Key::Interrupt,
        KeyCode::Char(_) if control => return None,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        _ => return None,
    })
}

/// SIGINT, SIGTERM and SIGHUP (in raw mode Ctrl-C is a key, but `kill` still sends them)
/// restore the terminal before the process ends as the signal's default action would. A
/// signal handler may do almost nothing, so `signal-hook` hands the signal to a thread.
fn restore_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                restore();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
}
