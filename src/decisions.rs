//! TEMPORARY STAND-IN (issue-17-tui branch only): the agreed interface of the decision log,
//! replaced by the decisions engineer's module when it lands on main.

use crate::session::{AmendmentRef, Choices, Policy, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub amendment: AmendmentRef,
    pub verdict: Verdict,
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct DecisionLog {
    policy: Policy,
    decisions: Vec<Decision>,
}

impl DecisionLog {
    pub fn new(_session: &Session, policy: Policy) -> DecisionLog {
        DecisionLog {
            policy,
            decisions: Vec::new(),
        }
    }
    pub fn record(&mut self, amendment: AmendmentRef, verdict: Verdict) {
        self.decisions.push(Decision {
            amendment,
            verdict,
            at: String::new(),
        });
    }
    pub fn undo(&mut self) -> Option<Decision> {
        self.decisions.pop()
    }
    pub fn verdict(&self, amendment: &AmendmentRef) -> Option<Verdict> {
        self.decisions
            .iter()
            .rev()
            .find(|d| &d.amendment == amendment)
            .map(|d| d.verdict)
    }
    pub fn undecided(&self, session: &Session) -> Vec<AmendmentRef> {
        session
            .proposals()
            .iter()
            .flat_map(|p| p.amendments())
            .filter(|a| self.verdict(a).is_none())
            .collect()
    }
    pub fn choices(&self) -> Choices {
        Choices {
            policy: self.policy,
            left_out: Default::default(),
        }
    }
    pub fn to_json(&self) -> String {
        String::new()
    }
}
