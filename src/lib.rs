//! `redline`: treaty amendments as word-level redlines, with a bindingness score.
//!
//! The library is a pipeline, one module per stage:
//!
//! 1. [`baseline`]: the embedded USMCA texts, or any text in the same layout;
//! 2. [`parse`]: the layout into a [`document::Document`] of addressable provisions;
//! 3. [`citation`]: the forms people cite provisions in, resolved to provisions;
//! 4. [`proposal`]: amendments as a validated JSON file;
//! 5. [`amend`]: a proposal applied to a document, with a record of every edit;
//! 6. [`diff`]: two versions compared provision by provision and word by word, as a
//!    [`diff::Redline`];
//! 7. [`attribution`]: which proposal made each change, when several apply in order;
//! 8. [`bindingness`]: how hard each provision binds, with the words behind each score;
//! 9. [`review`]: where several proposals collide, and how that was settled;
//! 10. [`session`]: several proposals on the agreement at once: loaded, grouped by document,
//!     settled, applied, redlined, attributed and scored into the report renderers read;
//! 11. [`decisions`]: a reviewer's accept/reject decisions on a session's amendments, as a
//!     log that saves, resumes and replays;
//! 12. [`render`]: a report as terminal text, HTML, JSON or Markdown.
//!
//! [`clock`] stamps every output with one time (`SOURCE_DATE_EPOCH` honoured).
//!
//! ```
//! use redline::{baseline::USMCA_CH19, citation};
//! let doc = USMCA_CH19.document().unwrap();
//! let target = citation::resolve(&doc, "Art. 19.15(1)(a)").unwrap();
//! assert_eq!(target.id(), "19.15.1(a)");
//! ```

pub mod amend;
pub mod attribution;
pub mod baseline;
pub mod bindingness;
pub mod citation;
pub mod clock;
pub mod decisions;
pub mod diff;
pub mod document;
pub mod instructions;
pub mod parse;
pub mod proposal;
pub mod propose;
pub mod render;
pub mod review;
pub mod session;
pub mod tui;
