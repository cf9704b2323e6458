//! The baseline texts: the two USMCA texts embedded in the binary, or any file in the same
//! layout.
//!
//! Embedding means `redline` works from any directory after `cargo install --path .`; the
//! embedded bytes are `texts/*.txt`, themselves byte-for-byte copies of the official texts.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::parse::{parse, ParseError};

/// A baseline text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// `usmca-ch19` for an embedded text, the path as given for a file.
    pub name: String,
    /// The text, exactly as stored.
    pub text: String,
    /// The file it was read from; `None` for an embedded text.
    pub path: Option<PathBuf>,
}

/// An embedded baseline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedded {
    /// The name `--base` accepts.
    pub name: &'static str,
    /// What the text is, for `--help` and listings.
    pub description: &'static str,
    pub text: &'static str,
}

/// USMCA Chapter 19, Digital Trade: the default baseline.
pub const USMCA_CH19: Embedded = Embedded {
    name: "usmca-ch19",
    description: "USMCA Chapter 19, Digital Trade (Articles 19.1 to 19.18)",
    text: include_str!("../texts/usmca-ch19.txt"),
};

/// USMCA Annex 12-C, Information and Communication Technology.
pub const USMCA_ANNEX_12C: Embedded = Embedded {
    name: "usmca-annex-12c",
    description:
        "USMCA Annex 12-C, Information and Communication Technology (Articles 12.C.1, 12.C.2)",
    text: include_str!("../texts/usmca-annex-12c.txt"),
};

/// Every embedded baseline; the first is the default.
pub const EMBEDDED: [Embedded; 2] = [USMCA_CH19, USMCA_ANNEX_12C];

/// A baseline that could not be loaded or parsed.
#[derive(Debug)]
pub enum BaselineError {
    /// Neither an embedded name nor a readable file.
    Read {
        name: String,
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    Encoding {
        name: String,
        line: usize,
        column: usize,
    },
    /// The file starts with a UTF-8 byte-order mark: an invisible character before the first
    /// heading, which a byte-for-byte official text does not hold.
    ByteOrderMark { name: String },
    /// The text does not follow the layout.
    Parse { name: String, error: ParseError },
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaselineError::Read { name, source } => {
                write!(f, "cannot read baseline `{name}`: {source}\n  help: ")?;
                match nearest_embedded(name) {
                    Some(embedded) => write!(f, "did you mean the embedded baseline `{embedded}`?"),
                    None => write!(
                        f,
                        "pass an embedded baseline ({}) or the path of a text in the baseline layout",
                        EMBEDDED.map(|e| e.name).join(", ")
                    ),
                }
            }
            BaselineError::Encoding { name, line, column } => write!(
                f,
                "{name}:{line}:{column}: the text is not valid UTF-8\n  help: save the file as UTF-8"
            ),
            BaselineError::ByteOrderMark { name } => write!(
                f,
                "{name}:1:1: the text starts with a byte-order mark (U+FEFF), an invisible \
                 character the official text does not hold\n  help: save the file as UTF-8 \
                 without a byte-order mark"
            ),
            BaselineError::Parse { name, error } => write!(f, "{name}:{error}"),
        }
    }
}

impl std::error::Error for BaselineError {}

/// Reads an input file whole. A device is refused rather than read: `/dev/zero` or
/// `/dev/urandom` would never end. A pipe is read (`diff <(git show HEAD:a.txt) a.txt`).
pub(crate) fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = std::fs::metadata(path)?.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return Err(std::io::Error::other("it is a device, not a text file"));
        }
    }
    std::fs::read(path)
}

/// The embedded baseline a mistyped name most likely meant (`usmca-annex12c`), if any.
fn nearest_embedded(name: &str) -> Option<&'static str> {
    let file = Path::new(name).file_name()?.to_str()?;
    EMBEDDED
        .iter()
        .map(|e| (strsim::levenshtein(file, e.name), e.name))
        .filter(|(distance, _)| (1..=3).contains(distance))
        .min()
        .map(|(_, name)| name)
}

impl Embedded {
    /// The embedded text, parsed. The embedded texts always parse (a test says so).
    pub fn document(&self) -> Result<Document, ParseError> {
        parse(self.text)
    }

    /// The embedded text as a [`Baseline`].
    pub fn baseline(&self) -> Baseline {
        Baseline {
            name: self.name.to_string(),
            text: self.text.to_string(),
            path: None,
        }
    }
}

impl Baseline {
    /// Loads `spec`: the name of an embedded baseline, or else the path of a file.
    pub fn load(spec: &str) -> Result<Baseline, BaselineError> {
        if let Some(embedded) = EMBEDDED.iter().find(|e| e.name == spec) {
            return Ok(embedded.baseline());
        }
        Self::from_file(Path::new(spec))
    }

    /// Reads a baseline from a file.
    pub fn from_file(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let bytes = read_input(path).map_err(|source| BaselineError::Read {
            name: name.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).expect("valid up to here");
            BaselineError::Encoding {
                name: name.clone(),
                line: valid.matches('\n').count() + 1,
                column: valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            }
        })?;
        if text.starts_with('\u{feff}') {
            return Err(BaselineError::ByteOrderMark { name });
        }
        Ok(Baseline {
            name,
            text,
            path: Some(path.to_path_buf()),
        })
    }

    /// Parses the text, naming the baseline in any error.
    pub fn document(&self) -> Result<Document, BaselineError> {
        parse(&self.text).map_err(|error| BaselineError::Parse {
            name: self.name.clone(),
            error,
        })
    }
}
