//! Instants and dates on the wire, read without chrono's general parser.
//!
//! chrono reads a `DateTime<Utc>` or a `NaiveDate` from JSON through its format parser, which
//! understands every strftime-like item, and each console's first view linked it for a handful
//! of fields (measured on the hub's board: ~13 KB of wasm before compression). What the worker
//! writes is one form, RFC 3339 as chrono's serde writes it (`2026-12-05T09:30:00Z`, with 1–9
//! fractional digits when there are any) and dates as `YYYY-MM-DD`. These readers take exactly
//! that (and a numeric offset, `+09:00`, which RFC 3339 allows), and nothing else. They are used
//! with `#[serde(with = "…")]` on the fields the consoles' first views read (the hub's board and
//! attention lists, the city's report and programs, the company's jobs and approval); the writing is
//! chrono's own, so the JSON is unchanged (a property test checks that every instant chrono writes
//! reads back the same).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Digits as a number, or `None` if any byte is not an ASCII digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, RFC 3339 (a lower-case `t`/`z` or a space as the
/// separator, as RFC 3339 allows, too).
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = parse_date(text.get(..10)?)?;
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(&fraction[..len])? * 10u32.pow(9 - len as u32);
        rest = &fraction[len..];
    }
    let offset_seconds: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = i64::from(h * 3600 + m * 60);
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = date.and_time(time);
    let utc = local.checked_sub_signed(chrono::TimeDelta::seconds(offset_seconds))?;
    Some(utc.and_utc())
}

fn invalid<E: serde::de::Error>(what: &str, text: &str) -> E {
    E::custom(format_args!("not {what}: {text}"))
}

/// `#[serde(with = "crate::wire_time::instant")]` on a `DateTime<Utc>`.
pub mod instant {
    use super::*;

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_instant(&text).ok_or_else(|| invalid("an RFC 3339 instant", &text))
    }
}

/// `#[serde(default, with = "crate::wire_time::instant_opt")]` on an `Option<DateTime<Utc>>`
/// (`null` or missing is `None`).
pub mod instant_opt {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
            None => Ok(None),
            Some(text) => parse_instant(&text)
                .map(Some)
                .ok_or_else(|| invalid("an RFC 3339 instant", &text)),
        }
    }
}

/// `#[serde(with = "crate::wire_time::date")]` on a `NaiveDate`.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_date(&text).ok_or_else(|| invalid("a date (YYYY-MM-DD)", &text))
    }
}

/// `#[serde(default, with = "crate::wire_time::date_opt")]` on an `Option<NaiveDate>`.
pub mod date_opt {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
            None => Ok(None),
            Some(text) => parse_date(&text)
                .map(Some)
                .ok_or_else(|| invalid("a date (YYYY-MM-DD)", &text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Fields {
        #[serde(with = "instant")]
        at: DateTime<Utc>,
        #[serde(default, with = "instant_opt")]
        maybe: Option<DateTime<Utc>>,
        #[serde(with = "date")]
        day: NaiveDate,
        #[serde(default, with = "date_opt")]
        maybe_day: Option<NaiveDate>,
    }

    proptest! {
        /// Every instant chrono writes (any second of years 1–9999, any nanosecond) reads back
        /// the same, through the struct's JSON as through chrono's own reader.
        #[test]
        fn every_instant_chrono_writes_reads_back(secs in -62_135_596_800i64..253_402_300_799, nanos in 0u32..1_000_000_000, offset in -86_399i32..86_400) {
            let at = Utc.timestamp_opt(secs, nanos).single().expect("in range");
            let fields = Fields { at, maybe: Some(at), day: at.date_naive(), maybe_day: Some(at.date_naive()) };
            let json = serde_json::to_string(&fields).expect("writes");
            prop_assert_eq!(serde_json::from_str::<Fields>(&json).expect("reads"), fields);
            // Written with a numeric offset (whole minutes, as RFC 3339 has them).
            let offset = FixedOffset::east_opt(offset - offset % 60).expect("in range");
            let text = at.with_timezone(&offset).to_rfc3339();
            prop_assert_eq!(parse_instant(&text), Some(at), "{}", text);
        }
    }

    #[test]
    fn the_forms_the_worker_writes_and_rfc3339_allows() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 5, 9, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(parse_instant("2026-12-05T09:30:00Z"), Some(at));
        assert_eq!(parse_instant("2026-12-05t09:30:00z"), Some(at));
        assert_eq!(parse_instant("2026-12-05 18:30:00+09:00"), Some(at));
        assert_eq!(
            parse_instant("2026-12-05T09:30:00.5Z"),
            Some(at + chrono::TimeDelta::milliseconds(500))
        );
        assert_eq!(parse_date("2026-12-05"), Some(at.date_naive()));
        let missing: Fields =
            serde_json::from_str(r#"{"at":"2026-12-05T09:30:00Z","day":"2026-12-05"}"#)
                .expect("reads");
        assert_eq!((missing.maybe, missing.maybe_day), (None, None));
    }

    #[test]
    fn anything_else_is_refused_with_what_was_expected() {
        for bad in [
            "",
            "2026-12-05",
            "2026-12-05T09:30Z",
            "2026-12-05T09:30:00",
            "2026-13-05T09:30:00Z",
            "2026-02-30T09:30:00Z",
            "2026-12-05T24:00:00Z",
            "2026-12-05T09:30:00.Z",
            "2026-12-05T09:30:00.1234567890Z",
            "2026-12-05T09:30:00+9:00",
            "2026-12-05T09:30:00+24:00",
            "２０２６-12-05T09:30:00Z",
            "2026-12-05T09:30:00Zjunk",
            "+2026-12-05T09:30:00Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
        for bad in [
            "",
            "2026-1-05",
            "2026/12/05",
            "2026-12-32",
            "20261205",
            "2026-12-05 ",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let refused = serde_json::from_str::<Fields>(r#"{"at":"yesterday","day":"2026-12-05"}"#)
            .expect_err("refused");
        assert!(
            refused
                .to_string()
                .contains("not an RFC 3339 instant: yesterday"),
            "{refused}"
        );
    }
}
