//! The terminal renderer's output as ratatui text: a [`WriteColor`] that keeps each run of
//! text with its style, so the interactive review shows a redline with exactly the colours and
//! markers of `redline show` (the renderer decides them; this only translates).

use std::io::{self, Write};

use ratatui::style::{Color as TuiColor, Modifier, Style};
use ratatui::text::{Line, Span};
use termcolor::{Color, ColorSpec, WriteColor};

/// Styled lines written through [`WriteColor`]; colour codes only if `colour`, else the
/// renderer writes its `[-deleted-]{+inserted+}` markers.
#[derive(Debug)]
pub struct StyledLines {
    colour: bool,
    style: Style,
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
}

impl StyledLines {
    pub fn new(colour: bool) -> StyledLines {
        StyledLines {
            colour,
            style: Style::default(),
            lines: Vec::new(),
            current: Vec::new(),
        }
    }

    /// The lines begun so far.
    pub fn line_count(&self) -> usize {
        self.lines.len() + usize::from(!self.current.is_empty())
    }

    /// The lines written; a last line without its newline is kept.
    pub fn into_lines(mut self) -> Vec<Line<'static>> {
        if !self.current.is_empty() {
            self.end_line();
        }
        self.lines
    }

    fn end_line(&mut self) {
        self.lines
            .push(Line::from(std::mem::take(&mut self.current)));
    }

    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.current.last_mut() {
            Some(last) if last.style == self.style => last.content.to_mut().push_str(text),
            _ => self
                .current
                .push(Span::styled(text.to_string(), self.style)),
        }
    }
}

impl Write for StyledLines {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let mut pieces = text.split('\n');
        if let Some(first) = pieces.next() {
            self.push(first);
        }
        for piece in pieces {
            self.end_line();
            self.push(piece);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl WriteColor for StyledLines {
    fn supports_color(&self) -> bool {
        self.colour
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.style = if self.colour {
            style_of(spec)
        } else {
            Style::default()
        };
        Ok(())
    }

    fn reset(&mut self) -> io::Result<()> {
        self.style = Style::default();
        Ok(())
    }
}

/// The ratatui style of a termcolor colour specification.
pub fn style_of(spec: &ColorSpec) -> Style {
    let mut style = Style::default();
    if let Some(fg) = spec.fg() {
        style = style.fg(colour_of(*fg));
    }
    if let Some(bg) = spec.bg() {
        style = style.bg(colour_of(*bg));
    }
    let modifiers = [
        (spec.bold(), Modifier::BOLD),
        (spec.dimmed(), Modifier::DIM),
        (spec.italic(), Modifier::ITALIC),
        (spec.underline(), Modifier::UNDERLINED),
        (spec.strikethrough(), Modifier::CROSSED_OUT),
    ];
    for (on, modifier) in modifiers {
        if on {
            style = style.add_modifier(modifier);
        }
    }
    style
}

fn colour_of(colour: Color) -> TuiColor {
    match colour {
        Color::Black => TuiColor::Black,
        Color::Blue => TuiColor::Blue,
        Color::Green => TuiColor::Green,
        Color::Red => TuiColor::Red,
        Color::Cyan => TuiColor::Cyan,
        Color::Magenta => TuiColor::Magenta,
        Color::Yellow => TuiColor::Yellow,
        Color::White => TuiColor::White,
        Color::Ansi256(n) => TuiColor::Indexed(n),
        Color::Rgb(r, g, b) => TuiColor::Rgb(r, g, b),
        _ => TuiColor::Reset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_keep_their_styles_and_lines_split_at_newlines() {
        let mut out = StyledLines::new(true);
        write!(out, "a ").unwrap();
        out.set_color(
            ColorSpec::new()
                .set_fg(Some(Color::Red))
                .set_strikethrough(true),
        )
        .unwrap();
        write!(out, "gone").unwrap();
        out.reset().unwrap();
        write!(out, " b\nc").unwrap();
        let lines = out.into_lines();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].spans.len(), 3);
        assert_eq!(
            lines[0].spans[1].style,
            Style::default()
                .fg(TuiColor::Red)
                .add_modifier(Modifier::CROSSED_OUT)
        );
        assert_eq!(lines[1].spans[0].content, "c");
    }

    #[test]
    fn without_colour_no_style_is_kept() {
        let mut out = StyledLines::new(false);
        out.set_color(ColorSpec::new().set_fg(Some(Color::Green)))
            .unwrap();
        write!(out, "x").unwrap();
        assert_eq!(out.into_lines()[0].spans[0].style, Style::default());
    }
}
