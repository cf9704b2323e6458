//! The time outputs are stamped with: `SOURCE_DATE_EPOCH` when it is set (reproducible output,
//! as reproducible-builds.org defines it), else now; always RFC 3339 in UTC to the second
//! (`2025-12-01T20:00:00Z`). A report's `generated` and a review decision's `at` both come
//! from here, so one variable makes every output of a run byte-for-byte reproducible.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `SOURCE_DATE_EPOCH` is set but is not a number of seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSourceDateEpoch(pub String);

impl fmt::Display for BadSourceDateEpoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SOURCE_DATE_EPOCH is `{}`, not a whole number of seconds since 1970-01-01 UTC\n  \
             help: set it to a number such as 1764619200, or unset it to use the current time",
            self.0
        )
    }
}

impl std::error::Error for BadSourceDateEpoch {}

/// The time to stamp an output with, as RFC 3339 UTC.
pub fn now() -> Result<String, BadSourceDateEpoch> {
    let time = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse()
            .ok()
            .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
            .ok_or(BadSourceDateEpoch(value))?,
        Err(_) => OffsetDateTime::now_utc(),
    };
    Ok(rfc3339(time))
}

/// The current time, as RFC 3339 UTC, whatever `SOURCE_DATE_EPOCH` says.
pub fn system_now() -> String {
    rfc3339(OffsetDateTime::now_utc())
}

/// `time` to the second, in UTC, as RFC 3339 (`Z` for the offset).
fn rfc3339(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("a time between years 0 and 9999 formats as RFC 3339")
}

/// Whether `text` is an RFC 3339 date and time (`2025-12-01T20:00:00Z`,
/// `2025-12-01T15:00:00-05:00`).
pub fn is_rfc3339(text: &str) -> bool {
    OffsetDateTime::parse(text, &Rfc3339).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_in_utc_with_z() {
        let time = OffsetDateTime::from_unix_timestamp(1_764_619_200).unwrap();
        assert_eq!(rfc3339(time), "2025-12-01T20:00:00Z");
        let offset = time.to_offset(time::UtcOffset::from_hms(-5, 0, 0).unwrap());
        assert_eq!(rfc3339(offset), "2025-12-01T20:00:00Z");
        let fractional = time.replace_nanosecond(123_456_789).unwrap();
        assert_eq!(rfc3339(fractional), "2025-12-01T20:00:00Z");
    }

    #[test]
    fn recognises_rfc3339() {
        assert!(is_rfc3339("2025-12-01T20:00:00Z"));
        assert!(is_rfc3339("2025-12-01T15:00:00-05:00"));
        assert!(!is_rfc3339("2025-12-01"));
        assert!(!is_rfc3339("yesterday"));
    }
}
