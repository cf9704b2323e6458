//! Word wrapping for the terminal: a [`WriteColor`] that breaks lines at white space to fit a
//! width, so a redline reads on an 80-column terminal the way it reads on paper.
//!
//! Lines break only at white space, never inside a word, and a change marker (`[-`, `+}`)
//! sticks to the word beside it, so a marker is never cut either. A word wider than the whole
//! line is the only thing ever cut. Continuation lines start at the *hang*: by default two
//! columns right of the line's own indentation, or where the writer said the text begins
//! ([`Wrapper::hang_here`]), so a subparagraph's lines align under its text, not its label.
//! The white space at a break is dropped (and so is its colour: a struck space never trails a
//! line); colour in effect at a break is closed before the line ends and reopened after the
//! indentation.

use std::io::{self, Write};

use termcolor::{ColorSpec, WriteColor};
use unicode_width::UnicodeWidthStr;

/// Something written but not yet placed on a line.
#[derive(Debug, Clone)]
enum Pending {
    Text(String),
    Colour(ColorSpec),
    Reset,
}

/// Text still waiting for its place: a run of white space or a word, with the colour changes
/// that came with it.
#[derive(Debug, Default)]
struct Run {
    parts: Vec<Pending>,
    width: usize,
}

impl Run {
    fn push_text(&mut self, text: &str) {
        self.width += text.width();
        match self.parts.last_mut() {
            Some(Pending::Text(last)) => last.push_str(text),
            _ => self.parts.push(Pending::Text(text.to_string())),
        }
    }

    fn has_text(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Pending::Text(_)))
    }
}

/// Wraps what is written to `out` at `width` columns; with no width it passes everything
/// through unchanged.
pub struct Wrapper<'a> {
    out: &'a mut dyn WriteColor,
    width: Option<usize>,
    /// Columns used on the current output line.
    column: usize,
    /// The indentation of the current line, once its first word has come.
    indent: Option<usize>,
    /// Where continuation lines start, when the writer said.
    hang: Option<usize>,
    /// Whether a word has been placed on the current line after its indentation.
    placed: bool,
    space: Run,
    word: Run,
    /// The colour in effect on `out`.
    active: Option<ColorSpec>,
}

impl<'a> Wrapper<'a> {
    /// A wrapper writing to `out`, wrapping at `width` columns if given.
    pub fn new(out: &'a mut dyn WriteColor, width: Option<usize>) -> Wrapper<'a> {
        Wrapper {
            out,
            width,
            column: 0,
            indent: None,
            hang: None,
            placed: false,
            space: Run::default(),
            word: Run::default(),
            active: None,
        }
    }

    /// Continuation lines of the current line start where the next word will: under the text
    /// after a label.
    pub fn hang_here(&mut self) -> io::Result<()> {
        if self.width.is_some() {
            self.place_word()?;
            self.hang = Some(self.column + self.space.width);
        }
        Ok(())
    }

    /// Continuation lines of the current line start at `column`.
    pub fn hang_at(&mut self, column: usize) {
        self.hang = Some(column);
    }

    /// Places everything still pending; call at the end.
    pub fn finish(&mut self) -> io::Result<()> {
        self.place_word()?;
        let space = std::mem::take(&mut self.space);
        self.emit(space.parts)
    }

    fn continuation_indent(&self) -> usize {
        let width = self.width.unwrap_or(usize::MAX);
        self.hang
            .unwrap_or(self.indent.unwrap_or(0) + 2)
            .min(width / 2)
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        for piece in pieces(text) {
            if piece == "\n" {
                self.place_word()?;
                let space = std::mem::take(&mut self.space);
                self.emit_colours(space.parts)?;
                self.out.write_all(b"\n")?;
                self.column = 0;
                self.indent = None;
                self.hang = None;
                self.placed = false;
            } else if piece.starts_with(char::is_whitespace) {
                if self.indent.is_none() {
                    self.out.write_all(piece.as_bytes())?;
                    self.column += piece.width();
                } else {
                    self.place_word()?;
                    self.space.push_text(piece);
                }
            } else {
                if self.indent.is_none() {
                    self.indent = Some(self.column);
                }
                self.word.push_text(piece);
            }
        }
        Ok(())
    }

    fn change_colour(&mut self, change: Pending) -> io::Result<()> {
        if self.width.is_none() {
            return self.emit(vec![change]);
        }
        if self.word.has_text() {
            self.word.parts.push(change);
        } else if self.indent.is_none() && !self.space.has_text() {
            self.emit(vec![change])?;
        } else {
            self.space.parts.push(change);
        }
        Ok(())
    }

    /// Puts the pending white space and word on the line, or the word alone on a new line if
    /// they do not fit.
    fn place_word(&mut self) -> io::Result<()> {
        if !self.word.has_text() {
            if !self.word.parts.is_empty() {
                let word = std::mem::take(&mut self.word);
                self.space.parts.extend(word.parts);
            }
            return Ok(());
        }
        let width = self.width.unwrap_or(usize::MAX);
        let space = std::mem::take(&mut self.space);
        let word = std::mem::take(&mut self.word);
        if self.placed && self.column + space.width + word.width > width {
            self.break_line(space.parts)?;
        } else {
            self.column += space.width;
            self.emit(space.parts)?;
        }
        if self.column + word.width > width {
            self.cut_word(word.parts, width)
        } else {
            self.column += word.width;
            self.placed = true;
            self.emit(word.parts)
        }
    }

    /// Ends the line and indents the next one; of the white space at the break only its colour
    /// changes are kept.
    fn break_line(&mut self, dropped: Vec<Pending>) -> io::Result<()> {
        let colour = self.active.take();
        if colour.is_some() {
            self.out.reset()?;
        }
        let indent = self.continuation_indent();
        write!(self.out, "\n{:indent$}", "")?;
        self.column = indent;
        self.placed = false;
        if let Some(colour) = colour {
            self.out.set_color(&colour)?;
            self.active = Some(colour);
        }
        self.emit_colours(dropped)
    }

    /// A word wider than the line: as much as fits on each line.
    fn cut_word(&mut self, parts: Vec<Pending>, width: usize) -> io::Result<()> {
        for part in parts {
            let Pending::Text(text) = part else {
                self.emit(vec![part])?;
                continue;
            };
            for c in text.chars() {
                let w = c.to_string().width();
                if self.placed && self.column + w > width {
                    self.break_line(Vec::new())?;
                }
                write!(self.out, "{c}")?;
                self.column += w;
                self.placed = true;
            }
        }
        Ok(())
    }

    fn emit_colours(&mut self, parts: Vec<Pending>) -> io::Result<()> {
        let colours = parts
            .into_iter()
            .filter(|p| !matches!(p, Pending::Text(_)))
            .collect();
        self.emit(colours)
    }

    fn emit(&mut self, parts: Vec<Pending>) -> io::Result<()> {
        for part in parts {
            match part {
                Pending::Text(text) => self.out.write_all(text.as_bytes())?,
                Pending::Colour(spec) => {
                    self.out.set_color(&spec)?;
                    self.active = Some(spec);
                }
                Pending::Reset => {
                    self.out.reset()?;
                    self.active = None;
                }
            }
        }
        Ok(())
    }
}

/// `text` cut into line breaks, runs of other white space, and runs of anything else.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = if first == '\n' {
            1
        } else {
            let space = first.is_whitespace();
            rest.char_indices()
                .find(|&(_, c)| c == '\n' || c.is_whitespace() != space)
                .map_or(rest.len(), |(i, _)| i)
        };
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

impl Write for Wrapper<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.out.write(buf);
        }
        let text =
            std::str::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.text(text)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl WriteColor for Wrapper<'_> {
    fn supports_color(&self) -> bool {
        self.out.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.change_colour(Pending::Colour(spec.clone()))
    }

    fn reset(&mut self) -> io::Result<()> {
        self.change_colour(Pending::Reset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use termcolor::NoColor;

    fn wrapped(text: &str, width: usize, hang_after: Option<&str>) -> String {
        let mut out = NoColor::new(Vec::new());
        {
            let mut w = Wrapper::new(&mut out, Some(width));
            match hang_after {
                Some(label) => {
                    write!(w, "{label}").unwrap();
                    w.hang_here().unwrap();
                    write!(w, "{text}").unwrap();
                }
                None => write!(w, "{text}").unwrap(),
            }
            w.finish().unwrap();
        }
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn breaks_at_spaces_and_hangs_under_the_text() {
        let out = wrapped(
            "build the capabilities of their respective national entities",
            30,
            Some("    (a) "),
        );
        assert_eq!(
            out,
            "    (a) build the capabilities\n        of their respective\n        national entities"
        );
    }

    #[test]
    fn a_marker_stays_with_its_word() {
        let out = wrapped("the Parties shall[- endeavor to-]: build", 18, None);
        assert_eq!(out, "the Parties\n  shall[- endeavor\n  to-]: build");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let out = wrapped("sha256:0123456789abcdef", 10, None);
        assert!(out.lines().all(|l| l.width() <= 10), "{out}");
        assert_eq!(out.replace("\n  ", ""), "sha256:0123456789abcdef");
    }
}
