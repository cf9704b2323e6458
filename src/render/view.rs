//! What a redline shows, in order, for every renderer: the changes, the context a lawyer needs
//! to read them, the old places of moved provisions, and counts of what is left out.
//!
//! Context is of two kinds. Around each change, `--context N` unchanged provisions either side.
//! Whatever N is, a changed provision also shows what gives it legal meaning: the chain of
//! chapeaux above it ("no Party shall ... require ... to:") and its article heading. When a
//! changed chapeau's unchanged items are left out, the count says they are its items.
//!
//! A moved provision shows at both ends: where it arrives (the redline's own entry, "moved
//! from"), and where it stood (a [`Entry::MovedAway`] marker, "moved to"), placed before the
//! first provision that followed it in the old text and kept its place.

use crate::diff::{Layout, ProvisionRedline, Redline, Status};

/// One entry of a redline as displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'r> {
    /// The provision at this index of [`Redline::provisions`]: a change, or context.
    Provision(usize, &'r ProvisionRedline),
    /// Where the moved provision at this index stood in the old text.
    MovedAway(usize, &'r ProvisionRedline),
    /// Unchanged provisions left out: how many, and the provision shown above them whose
    /// items they are, if they are.
    Elided {
        count: usize,
        items_of: Option<&'r ProvisionRedline>,
    },
}

impl<'r> Entry<'r> {
    fn provision(&self) -> Option<&'r ProvisionRedline> {
        match *self {
            Entry::Provision(_, p) | Entry::MovedAway(_, p) => Some(p),
            Entry::Elided { .. } => None,
        }
    }

    /// The entry stands in the old text at this place (a deleted provision, a move's old
    /// place) rather than in the new one.
    fn old_side_only(&self) -> bool {
        match self {
            Entry::Provision(_, p) => p.new_id.is_none(),
            Entry::MovedAway(..) => true,
            Entry::Elided { .. } => false,
        }
    }

    fn is_change(&self) -> bool {
        match self {
            Entry::Provision(_, p) => p.is_change(),
            Entry::MovedAway(..) => true,
            Entry::Elided { .. } => false,
        }
    }
}

/// The entries to display: every change, its chapeaux and article heading, `context`
/// unchanged provisions either side (`None`: every provision), and elision counts for the rest.
pub fn entries(redline: &Redline, context: Option<usize>) -> Vec<Entry<'_>> {
    entries_around(redline, context, ProvisionRedline::is_change)
}

/// The entries to display around the provisions `focus` picks (rather than around every
/// change): those, their chapeaux and article heading, `context` provisions either side, and
/// elision counts for the rest. An interactive review shows one amendment's provisions so.
pub fn entries_around(
    redline: &Redline,
    context: Option<usize>,
    focus: impl Fn(&ProvisionRedline) -> bool,
) -> Vec<Entry<'_>> {
    let all = with_moves_away(redline);
    let focused: Vec<bool> = all
        .iter()
        .map(|e| e.is_change() && e.provision().is_some_and(&focus))
        .collect();
    let shown = shown_flags(redline.layout, &all, &focused, context);
    let mut out: Vec<Entry> = Vec::new();
    // The provisions shown above the current one that it may be an item of, outermost first.
    let mut open: Vec<&ProvisionRedline> = Vec::new();
    for (entry, shown) in all.into_iter().zip(shown) {
        let p = entry.provision().expect("only provisions so far");
        while open.last().is_some_and(|q| q.depth >= p.depth) {
            open.pop();
        }
        if shown {
            open.push(p);
            out.push(entry);
            continue;
        }
        let items_of = open.last().copied();
        match out.last_mut() {
            Some(Entry::Elided {
                count,
                items_of: last,
            }) if same(*last, items_of) => *count += 1,
            _ => out.push(Entry::Elided { count: 1, items_of }),
        }
    }
    out
}

fn same(a: Option<&ProvisionRedline>, b: Option<&ProvisionRedline>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Every provision in reading order, with a [`Entry::MovedAway`] at the old place of each
/// moved one.
fn with_moves_away(redline: &Redline) -> Vec<Entry<'_>> {
    let provisions = &redline.provisions;
    // A provision keeps its old place if it is in the old text and was not moved or split off.
    let anchor = |p: &ProvisionRedline| match p.status {
        Status::Moved { .. } | Status::Split => None,
        _ => p.old_index,
    };
    // The highest old place kept up to each provision: the first provision kept beyond a moved
    // one's old place is where this running maximum first passes it, found by binary search
    // (a scan per move is quadratic on a long text with many moves).
    let highest: Vec<Option<usize>> = provisions
        .iter()
        .scan(None, |highest, p| {
            *highest = (*highest).max(anchor(p));
            Some(*highest)
        })
        .collect();
    let mut away: Vec<(usize, usize, usize)> = provisions
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.status, Status::Moved { .. }))
        .filter_map(|(i, p)| {
            let old = p.old_index?;
            let before = highest.partition_point(|h| h.is_none_or(|h| h <= old));
            Some((before, old, i))
        })
        .collect();
    away.sort_unstable();
    let mut away = away.into_iter().peekable();
    let mut out = Vec::with_capacity(provisions.len() + away.len());
    for (i, p) in provisions.iter().enumerate() {
        while let Some((_, _, m)) = away.next_if(|&(before, _, _)| before == i) {
            out.push(Entry::MovedAway(m, &provisions[m]));
        }
        out.push(Entry::Provision(i, p));
    }
    out.extend(away.map(|(_, _, m)| Entry::MovedAway(m, &provisions[m])));
    out
}

/// Which entries to show: the focused ones (changes), `context` either side, and each one's
/// chapeaux and article heading.
fn shown_flags(
    layout: Layout,
    all: &[Entry],
    focused: &[bool],
    context: Option<usize>,
) -> Vec<bool> {
    let Some(context) = context else {
        return vec![true; all.len()];
    };
    let mut shown = vec![false; all.len()];
    let mut last_change: Option<usize> = None;
    for i in (0..all.len()).filter(|&i| focused[i]) {
        let from = i
            .saturating_sub(context)
            .max(last_change.map_or(0, |c| c + 1));
        shown[from..=i.saturating_add(context).min(all.len() - 1)].fill(true);
        last_change = Some(i);
        if layout == Layout::Provisions {
            for above in governing(all, i) {
                shown[above] = true;
            }
        }
    }
    shown
}

/// The entries that govern entry `i`: its chapeaux (each provision above it of smaller depth,
/// up to depth 0) and its article heading, on the same side of the redline as it.
fn governing(all: &[Entry], i: usize) -> Vec<usize> {
    let Some(p) = all[i].provision() else {
        return Vec::new();
    };
    if p.kind.ends_with("heading") {
        return Vec::new();
    }
    let old_side = all[i].old_side_only();
    let same_side = |e: &Entry| match e {
        Entry::Provision(_, q) if old_side => q.old_id.is_some(),
        Entry::Provision(_, q) => q.new_id.is_some(),
        _ => false,
    };
    let mut out = Vec::new();
    let mut depth = p.depth;
    for j in (0..i).rev().filter(|&j| same_side(&all[j])) {
        let q = all[j].provision().expect("a provision");
        if q.kind == "article heading" {
            out.push(j);
            break;
        }
        if q.kind.ends_with("heading") {
            break;
        }
        if q.depth < depth {
            out.push(j);
            depth = q.depth;
        }
    }
    out
}

/// `… 3 unchanged provisions not shown …`, or `… 2 unchanged items of 19.15.1 not shown …`.
pub fn elided_text(layout: Layout, count: usize, items_of: Option<&ProvisionRedline>) -> String {
    let plural = if count == 1 { "" } else { "s" };
    match items_of {
        Some(chapeau) => format!(
            "… {count} unchanged item{plural} of {} not shown …",
            chapeau.id()
        ),
        None => {
            let noun = match layout {
                Layout::Provisions => "provision",
                Layout::Paragraphs => "paragraph",
            };
            format!("… {count} unchanged {noun}{plural} not shown …")
        }
    }
}
