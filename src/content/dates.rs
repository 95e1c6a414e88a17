//! Dates as authors write them: `2021-03-22` (a local date in the site's timezone) or RFC 3339.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A parsed front-matter date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteDate {
    /// As the author wrote it when valid (`2021-03-22` or `2021-03-22T09:00:00+08:00`).
    pub iso: String,
    /// The calendar date in the site's timezone.
    pub date: Date,
    /// Seconds since the epoch, for sorting and feeds.
    pub timestamp: i64,
}

use crate::messages::Msg;

pub fn parse(text: &str, tz: &TimeZone) -> Result<SiteDate, Msg> {
    let text = text.trim();
    if text.len() == 10 {
        let date: Date = text.parse().map_err(|_| bad(text))?;
        let zoned = date.to_zoned_datetime(tz.clone()).map_err(|_| bad(text))?;
        return Ok(SiteDate {
            iso: text.to_string(),
            date,
            timestamp: zoned.timestamp().as_second(),
        });
    }
    if !offset_is_real(text) {
        return Err(bad(text));
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        let zoned = ts.to_zoned_datetime(tz.clone());
        return Ok(SiteDate {
            iso: text.to_string(),
            date: zoned.date(),
            timestamp: ts.as_second(),
        });
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        let zoned = dt.to_zoned_datetime(tz.clone()).map_err(|_| bad(text))?;
        return Ok(SiteDate {
            iso: text.to_string(),
            date: dt.date(),
            timestamp: zoned.timestamp().as_second(),
        });
    }
    Err(bad(text))
}

/// Whether the UTC offset at the end of a date and time, if any, is one RFC 3339 (and so every
/// feed reader) accepts: `Z`, or `+HH:MM`/`-HH:MM` with hours up to 23 and minutes up to 59.
/// (jiff alone reads `+25:00`, which then went into feeds as written.)
fn offset_is_real(text: &str) -> bool {
    let Some(time) = text.get(11..) else {
        return true;
    };
    let time = match time.find('[') {
        Some(i) => &time[..i],
        None => time,
    };
    let Some(at) = time.find(['Z', 'z', '+', '-']) else {
        return true;
    };
    match &time.as_bytes()[at..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let digits = [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit());
            digits && (h1 - b'0') * 10 + (h2 - b'0') <= 23 && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

fn bad(text: &str) -> Msg {
    Msg::BadDate {
        value: text.to_string(),
    }
}

/// 2021-03-22 → 2021年3月22日.
pub fn zh(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The date at the start of an ISO string (`2021-03-22…`), if there is one.
pub fn leading_date(text: &str) -> Option<Date> {
    text.get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only_and_rfc3339() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let d = parse("2021-03-22", &tz).unwrap();
        assert_eq!(zh(d.date), "2021年3月22日");
        let t = parse("2021-11-17T14:26:46+08:00", &tz).unwrap();
        assert_eq!(t.date, jiff::civil::date(2021, 11, 17));
        assert!(t.timestamp > d.timestamp);
        assert!(parse("2021-13-01", &tz).is_err());
        assert!(parse("yesterday", &tz).is_err());
        assert!(parse("2021-02-30", &tz).is_err());
    }

    #[test]
    fn offsets_as_rfc3339_allows() {
        // Issue #14: `+25:00` was accepted and written into the feed as it was.
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        for ok in [
            "2021-03-22T09:00:00+08:00",
            "2021-03-22T09:00:00Z",
            "2021-03-22T09:00:00-23:59",
            "2021-03-22T09:00:00",
            "2021-03-22 09:00:00+08:00",
        ] {
            assert!(parse(ok, &tz).is_ok(), "{ok}");
        }
        for bad in [
            "2021-03-22T09:00:00+25:00",
            "2021-03-22T09:00:00+24:00",
            "2021-03-22T09:00:00+08:60",
            "2021-03-22T09:00:00+0800",
            "2021-03-22T09:00:00+08",
        ] {
            assert!(parse(bad, &tz).is_err(), "{bad}");
        }
    }

    #[test]
    fn leading_date_of_iso_strings() {
        assert_eq!(
            leading_date("2021-05-09T10:00:00Z"),
            Some(jiff::civil::date(2021, 5, 9))
        );
        assert_eq!(leading_date("2021"), None);
    }
}
