//! The shape of a proposal file, checked before it is read: every missing, unknown or
//! mistyped field of the file at once, each at its place and in a drafter's words (a text, a
//! list, an object; never a type name of the program).
//!
//! A file with shape problems is also repaired (missing texts empty, broken amendments left
//! out) so the format's other rules can be checked in the same run.

use serde_json::{Map, Value};

use super::{Amendment, Location, Problem, Spans};

/// What a field holds.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// `$comment`: a text or a list of texts.
    Comment,
    Source,
    Amendments,
    Occurrence,
    /// The provisions of a new article: a list of `{ "label": ..., "text": ... }`.
    NewProvisions,
}

/// A field of an object in the file.
struct Field {
    name: &'static str,
    required: bool,
    kind: Kind,
    /// What to write, for the help of a missing or mistyped field.
    example: &'static str,
}

const fn field(name: &'static str, required: bool, kind: Kind, example: &'static str) -> Field {
    Field {
        name,
        required,
        kind,
        example,
    }
}

const TOP: &[Field] = &[
    field("$schema", false, Kind::Text, r#""./schema.json""#),
    field(
        "$comment",
        false,
        Kind::Comment,
        r#""notes for readers of the file""#,
    ),
    field(
        "id",
        true,
        Kind::Text,
        r#""cr2-shall" (lowercase words joined by hyphens)"#,
    ),
    field(
        "tag",
        false,
        Kind::Text,
        r#""CR2" (the mark of its changes; derived from the id if left out)"#,
    ),
    field(
        "title",
        true,
        Kind::Text,
        r#""Binding cybersecurity commitments""#,
    ),
    field(
        "sponsor",
        true,
        Kind::Text,
        r#""Coalition to Reduce Cyber Risk (CR2)" (who asks)"#,
    ),
    field(
        "source",
        true,
        Kind::Source,
        r#"{ "filing": "Comments on the 2026 joint review", "date": "2025-11-03" }"#,
    ),
    field(
        "rationale",
        true,
        Kind::Text,
        r#""why, in the sponsor's terms""#,
    ),
    field(
        "base",
        true,
        Kind::Text,
        r#""usmca-ch19" (or "usmca-annex-12c", or a path)"#,
    ),
    field(
        "amendments",
        true,
        Kind::Amendments,
        r#"[ { "op": "delete_phrase", "at": "19.15.1", "phrase": "endeavor to" } ]"#,
    ),
];

const SOURCE: &[Field] = &[
    field(
        "filing",
        true,
        Kind::Text,
        r#""Comments on the 2026 joint review""#,
    ),
    field(
        "date",
        true,
        Kind::Text,
        r#""2025-11-03" (or "2025-11", or "2025")"#,
    ),
    field("docket", false, Kind::Text, r#""USTR-2025-0004""#),
    field(
        "url",
        false,
        Kind::Text,
        r#""https://www.regulations.gov/...""#,
    ),
];

const AT: Field = field("at", true, Kind::Text, r#""19.15.1" (any citation form)"#);
const PHRASE: Field = field(
    "phrase",
    true,
    Kind::Text,
    r#""endeavor to" (whole words, as in the text)"#,
);
const OCCURRENCE: Field = field(
    "occurrence",
    false,
    Kind::Occurrence,
    r#"2 (the second) or "all""#,
);
const TEXT: Field = field(
    "text",
    true,
    Kind::Text,
    r#""the provision's words, without its label""#,
);
const LABEL: Field = field(
    "label",
    true,
    Kind::Text,
    r#""3." or "(c)" ("" for a definition)"#,
);

/// The fields of each operation, `op` aside.
fn op_fields(op: &str) -> Option<Vec<Field>> {
    let with = field(
        "with",
        true,
        Kind::Text,
        r#""shall" (the words that replace the phrase)"#,
    );
    let before = field("before", false, Kind::Text, r#""19.15.2""#);
    let after = field("after", false, Kind::Text, r#""19.15.1(b)""#);
    let article_after = field("after", false, Kind::Text, r#""Article 19.18""#);
    let number = field("number", true, Kind::Text, r#""19.19""#);
    let title = field("title", true, Kind::Text, r#""Cybersecurity Workforce""#);
    let provisions = field(
        "provisions",
        true,
        Kind::NewProvisions,
        r#"[ { "label": "1.", "text": "Each Party shall ..." } ]"#,
    );
    let note_number = field(
        "number",
        true,
        Kind::Text,
        r#""8" (the next free footnote number)"#,
    );
    Some(match op {
        "replace_phrase" => vec![AT, PHRASE, with, OCCURRENCE],
        "delete_phrase" => vec![AT, PHRASE, OCCURRENCE],
        "replace_text" => vec![AT, TEXT],
        "insert_provision" => vec![before, after, LABEL, TEXT],
        "delete_provision" => vec![AT],
        "insert_article" => vec![article_after, number, title, provisions],
        "add_footnote" => vec![AT, PHRASE, OCCURRENCE, note_number, TEXT],
        _ => return None,
    })
}

/// Every shape problem of the file, and the file repaired enough to be read.
pub(super) fn check(value: &Value, spans: &Spans) -> (Vec<Problem>, Value) {
    let mut checker = Checker {
        spans,
        problems: Vec::new(),
    };
    let Some(top) = value.as_object() else {
        checker.problems.push(Problem {
            location: Location { line: 1, column: 1 },
            amendment: None,
            field: "proposal".into(),
            message: format!("the file holds {}, not a proposal object", describe(value)),
            help: "a proposal is one object: `{ \"id\": ..., \"title\": ..., \"amendments\": [ ... ] }`; `redline new -o FILE` writes one to start from".into(),
        });
        return (checker.problems, Value::Null);
    };
    let mut repaired = top.clone();
    checker.object(top, TOP, None, "", &mut repaired);
    if let Some(Value::Object(source)) = top.get("source") {
        let mut fixed = source.clone();
        checker.object(source, SOURCE, None, "source.", &mut fixed);
        repaired.insert("source".into(), Value::Object(fixed));
    }
    if let Some(Value::Array(items)) = top.get("amendments") {
        let fixed: Vec<Value> = items
            .iter()
            .enumerate()
            .map(|(index, item)| checker.amendment(index, item))
            .collect();
        repaired.insert("amendments".into(), Value::Array(fixed));
    }
    (checker.problems, Value::Object(repaired))
}

struct Checker<'s> {
    spans: &'s Spans,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn location(&self, amendment: Option<usize>, field: &str) -> Location {
        let top = || {
            self.spans
                .fields
                .get(field)
                .or_else(|| {
                    self.spans
                        .fields
                        .get(field.split('.').next().unwrap_or(field))
                })
                .copied()
        };
        match amendment {
            Some(i) => self
                .spans
                .amendments
                .get(i)
                .map(|a| a.fields.get(field).copied().unwrap_or(a.start)),
            None => top(),
        }
        .unwrap_or(Location { line: 1, column: 1 })
    }

    fn push(&mut self, amendment: Option<usize>, field: &str, message: String, help: String) {
        self.problems.push(Problem {
            location: self.location(amendment, field),
            amendment,
            field: field.to_string(),
            message,
            help,
        });
    }

    /// Checks an object against its fields; missing and mistyped fields get a harmless value
    /// in `repaired`, unknown ones are removed from it. Whether anything was wrong.
    fn object(
        &mut self,
        object: &Map<String, Value>,
        fields: &[Field],
        amendment: Option<usize>,
        prefix: &str,
        repaired: &mut Map<String, Value>,
    ) -> bool {
        let before = self.problems.len();
        for (name, value) in object {
            if name == "op" && amendment.is_some() {
                continue;
            }
            match fields.iter().find(|f| f.name == name) {
                Some(f) => {
                    if let Some(what) = mismatch(f.kind, value) {
                        self.push(
                            amendment,
                            &format!("{prefix}{name}"),
                            format!("`{prefix}{name}` should be {what}, not {}", describe(value)),
                            format!("write it like this: \"{name}\": {}", f.example),
                        );
                        repaired.insert(name.clone(), harmless(f.kind));
                    }
                }
                None => {
                    let known: Vec<&str> = fields
                        .iter()
                        .map(|f| f.name)
                        .filter(|n| !n.starts_with('$'))
                        .collect();
                    let nearest = known
                        .iter()
                        .map(|k| (strsim::levenshtein(k, name), *k))
                        .filter(|(d, k)| *d <= 2 || k.starts_with(name.as_str()))
                        .min()
                        .map_or(String::new(), |(_, k)| format!("did you mean `{k}`? "));
                    self.push(
                        amendment,
                        &format!("{prefix}{name}"),
                        format!("unknown field `{prefix}{name}`"),
                        format!("{nearest}the fields here are {}", known.join(", ")),
                    );
                    repaired.remove(name);
                }
            }
        }
        for f in fields
            .iter()
            .filter(|f| f.required && !object.contains_key(f.name))
        {
            let place = if prefix.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", prefix.trim_end_matches('.'))
            };
            let missing = format!("{prefix}{}", f.name);
            self.push(
                amendment,
                &missing,
                format!("`{}` is missing{place}", f.name),
                format!("add \"{}\": {}", f.name, f.example),
            );
            repaired.insert(f.name.to_string(), harmless(f.kind));
        }
        self.problems.len() > before
    }

    /// Checks one amendment; a broken one is replaced, in the repaired file, by one that has
    /// no problems of its own, so the others keep their numbers.
    fn amendment(&mut self, index: usize, item: &Value) -> Value {
        // A phrase amendment with an empty phrase: its own rules fail, so the baseline check
        // skips it, and its problems are left out as already reported.
        let placeholder = || serde_json::json!({ "op": "delete_phrase", "at": "-", "phrase": "" });
        let ops = Amendment::OPS.join(", ");
        let Some(object) = item.as_object() else {
            self.push(
                Some(index),
                "op",
                format!(
                    "amendment {} is {}, not an object",
                    index + 1,
                    describe(item)
                ),
                format!(
                    "each amendment is an object such as {}",
                    TOP[8].example.trim_matches(['[', ']', ' '])
                ),
            );
            return placeholder();
        };
        let op = match object.get("op") {
            None => {
                self.push(
                    Some(index),
                    "op",
                    "the amendment has no `op`".into(),
                    format!("say what it does: \"op\": one of {ops}"),
                );
                return placeholder();
            }
            Some(Value::String(op)) => op.as_str(),
            Some(other) => {
                self.push(
                    Some(index),
                    "op",
                    format!(
                        "`op` should be the name of an operation, not {}",
                        describe(other)
                    ),
                    format!("\"op\" is one of {ops}"),
                );
                return placeholder();
            }
        };
        let Some(fields) = op_fields(op) else {
            let nearest = Amendment::OPS
                .iter()
                .map(|k| (strsim::levenshtein(k, op), *k))
                .min()
                .filter(|(d, _)| *d <= 4)
                .map_or(String::new(), |(_, k)| format!("did you mean `{k}`? "));
            self.push(
                Some(index),
                "op",
                format!("`{op}` is not an operation"),
                format!(
                    "{nearest}\"op\" is one of {ops}; docs/proposals.md has an example of each"
                ),
            );
            return placeholder();
        };
        let mut repaired = object.clone();
        let broken = self.object(object, &fields, Some(index), "", &mut repaired);
        if let Some(Value::Array(provisions)) = object.get("provisions") {
            for p in provisions {
                let fields = [LABEL, TEXT];
                let mut ignored = Map::new();
                match p.as_object() {
                    Some(p) => {
                        self.object(p, &fields, Some(index), "provisions.", &mut ignored);
                    }
                    None => self.push(
                        Some(index),
                        "provisions",
                        format!(
                            "a provision of the new article is {}, not an object",
                            describe(p)
                        ),
                        "write each as { \"label\": \"1.\", \"text\": \"...\" }".into(),
                    ),
                }
            }
        }
        if broken || self.problems.iter().any(|p| p.amendment == Some(index)) {
            placeholder()
        } else {
            Value::Object(repaired)
        }
    }
}

/// What `kind` should be, in words, when `value` is not it.
fn mismatch(kind: Kind, value: &Value) -> Option<&'static str> {
    let fits = match kind {
        Kind::Text => value.is_string(),
        Kind::Comment => {
            value.is_string()
                || value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string))
        }
        Kind::Source => value.is_object(),
        Kind::Amendments | Kind::NewProvisions => value.is_array(),
        Kind::Occurrence => value.as_u64().is_some_and(|n| n >= 1) || value.as_str() == Some("all"),
    };
    (!fits).then_some(match kind {
        Kind::Text => "a text in double quotes",
        Kind::Comment => "a text, or a list of texts",
        Kind::Source => "an object with `filing` and `date` (and optionally `docket`, `url`)",
        Kind::Amendments => "a list [ ... ] of amendments",
        Kind::NewProvisions => {
            "a list [ ... ] of provisions, each { \"label\": ..., \"text\": ... }"
        }
        Kind::Occurrence => "a whole number from 1 (the first), or \"all\"",
    })
}

/// A value of `kind` that raises no further problem of its own, for the repaired file.
fn harmless(kind: Kind) -> Value {
    match kind {
        Kind::Text | Kind::Comment => Value::String(String::new()),
        Kind::Source => serde_json::json!({ "filing": "-", "date": "2025" }),
        Kind::Amendments | Kind::NewProvisions => Value::Array(Vec::new()),
        Kind::Occurrence => Value::from(1),
    }
}

/// A JSON value described for a drafter.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b} (true/false)"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(30).collect();
            let cut = if short.len() < s.len() { "…" } else { "" };
            format!("the text \"{short}{cut}\"")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Typographic quotes standing where JSON needs a straight `"`: outside every string, or
/// opening a key or a value. Each place, in order.
pub(super) fn typographic_quotes(text: &str) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, '“' | '”' | '„' | '‟' | '″') {
            found.push((i, c));
        }
    }
    found
}
