//! Who made each change and when, as Word records a revision, and the document's one counter
//! of revision ids.

use super::super::Report;

/// What a run of text (or a paragraph mark) is in the tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// In both versions.
    Equal,
    Insert,
    Delete,
    /// Moved away from here: in the old version only.
    MoveFrom,
    /// Moved to here: in the new version only.
    MoveTo,
}

impl Mark {
    /// The element that wraps runs of this mark and, in a paragraph mark's properties, marks
    /// the paragraph mark; `None` for equal text.
    pub fn element(self) -> Option<&'static str> {
        match self {
            Mark::Equal => None,
            Mark::Insert => Some("w:ins"),
            Mark::Delete => Some("w:del"),
            Mark::MoveFrom => Some("w:moveFrom"),
            Mark::MoveTo => Some("w:moveTo"),
        }
    }

    /// Deleted text is `w:delText`; moved-away text stays `w:t`, as Word writes it.
    pub fn text_element(self) -> &'static str {
        match self {
            Mark::Delete => "w:delText",
            _ => "w:t",
        }
    }
}

/// A change's author and date, as `w:author` and `w:date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    /// `2025-11-03T00:00:00Z`; `None` when no date is known.
    pub date: Option<String>,
}

/// Author of a change that no proposal is credited with: a renumbering that follows from
/// another change, or any change of `redline diff`.
pub const TOOL_AUTHOR: &str = "redline";

/// The author of a change attributed to `attribution` (a proposal id, or ids joined with `+`):
/// the proposals' sponsors, joined with ` + `, dated with the first proposal's filing date.
/// An unattributed change in a redline of one proposal is that proposal's.
pub fn author(report: &Report, attribution: Option<&str>) -> Author {
    let proposals: Vec<_> = match attribution {
        Some(ids) => ids
            .split('+')
            .filter_map(|id| report.proposals.iter().find(|p| p.id == id))
            .collect(),
        None if report.proposals.len() == 1 => report.proposals.iter().collect(),
        None => Vec::new(),
    };
    let mut sponsors: Vec<&str> = Vec::new();
    for p in &proposals {
        if !sponsors.contains(&p.sponsor.as_str()) {
            sponsors.push(&p.sponsor);
        }
    }
    if sponsors.is_empty() {
        return Author {
            name: TOOL_AUTHOR.to_string(),
            date: None,
        };
    }
    Author {
        name: sponsors.join(" + "),
        date: proposals.first().and_then(|p| word_date(&p.source.date)),
    }
}

/// A proposal's date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the date-time Word wants, the
/// missing month or day taken as the first: `2025` gives `2025-01-01T00:00:00Z`.
pub fn word_date(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (year, month, day) = match parts.as_slice() {
        [y] => (*y, "01", "01"),
        [y, m] => (*y, *m, "01"),
        [y, m, d] => (*y, *m, *d),
        _ => return None,
    };
    (digits(year, 4) && digits(month, 2) && digits(day, 2))
        .then(|| format!("{year}-{month}-{day}T00:00:00Z"))
}

/// The document's revision ids: one counter for every tracked change, paragraph-mark change
/// and move range in the body and the footnotes, so each id is used once (a range's start
/// and end share theirs).
#[derive(Debug, Default)]
pub struct RevisionIds {
    last: u32,
}

impl RevisionIds {
    /// A fresh revision id.
    pub fn next(&mut self) -> String {
        self.last += 1;
        self.last.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(word_date("2025").as_deref(), Some("2025-01-01T00:00:00Z"));
        assert_eq!(
            word_date("2025-11").as_deref(),
            Some("2025-11-01T00:00:00Z")
        );
        assert_eq!(
            word_date("2025-11-03").as_deref(),
            Some("2025-11-03T00:00:00Z")
        );
        assert_eq!(word_date("3 November 2025"), None);
    }
}
