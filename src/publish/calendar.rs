//! `events.ics`: every page with `event`, plus the national campaigns of each year the site
//! covers (RFC 5545: all-day events, CRLF, lines folded at 75 octets, escaped text, stable UIDs,
//! DTSTAMP from the pages' own dates so builds are reproducible).

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::config::Config;
use crate::output::OutFile;
use crate::output::urls::permalink;

pub(crate) struct CalEvent {
    /// Stable, unique within the site.
    pub uid: String,
    pub summary: String,
    pub start: Date,
    /// Inclusive last day.
    pub end: Date,
    pub location: Option<String>,
    pub description: Option<String>,
    /// Site path of the page describing it.
    pub path: Option<String>,
    /// DTSTAMP, derived from content (never the build time).
    pub stamp: Date,
}

pub(crate) fn calendar(config: &Config, mut events: Vec<CalEvent>) -> OutFile {
    events.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    let host = config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("jieshui");
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//jieshui//jieshui//ZH");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(&config.title)));
    line(&format!("X-WR-TIMEZONE:{}", config.timezone_name));
    for e in &events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@{host}", e.uid));
        line(&format!("DTSTAMP:{}T000000Z", compact(e.stamp)));
        line(&format!("DTSTART;VALUE=DATE:{}", compact(e.start)));
        let after = e.end.tomorrow().unwrap_or(e.end);
        line(&format!("DTEND;VALUE=DATE:{}", compact(after)));
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(loc) = &e.location {
            line(&format!("LOCATION:{}", escape_text(loc)));
        }
        if let Some(desc) = &e.description {
            line(&format!("DESCRIPTION:{}", escape_text(desc)));
        }
        if let Some(path) = &e.path {
            line(&format!("URL:{}", permalink(&config.base_url, path)));
        }
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    OutFile {
        path: "events.ics".into(),
        bytes: out.into_bytes(),
    }
}

/// The national campaigns of `years`, with `overrides` from site.yaml.
pub(crate) fn campaign_events(
    config: &Config,
    years: impl IntoIterator<Item = i16>,
) -> Vec<CalEvent> {
    let mut out = Vec::new();
    for year in years {
        for (i, name) in crate::config::campaign::NAMES.iter().enumerate() {
            let Ok(c) = crate::config::campaign::campaign(name, year, &config.campaigns) else {
                continue;
            };
            out.push(CalEvent {
                uid: format!("campaign-{year}-{i}"),
                summary: c.title.clone(),
                start: c.start,
                end: c.end,
                location: None,
                description: None,
                path: None,
                stamp: jiff::civil::date(year, 1, 1),
            });
        }
    }
    out
}

/// The years the site covers: of every page's date and event.
pub(crate) fn years_covered(dates: impl IntoIterator<Item = Date>) -> Vec<i16> {
    let set: BTreeMap<i16, ()> = dates.into_iter().map(|d| (d.year(), ())).collect();
    set.into_keys().collect()
}

/// The UID of a page's event: `page-` and its file's path (`plan/a.md` → `page-plan-a`), with
/// what a content line cannot hold (controls, `;`, `,`, `:`, `"`, `\\`, spaces) written as
/// `%XX`, so a file name cannot break the calendar's lines.
pub(crate) fn uid_for(rel: &str) -> String {
    let mut uid = String::from("page-");
    for c in rel.trim_end_matches(".md").chars() {
        match c {
            '/' | '\\' => uid.push('-'),
            c if c.is_control()
                || c.is_whitespace()
                || matches!(c, ';' | ',' | ':' | '"' | '%') =>
            {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    uid.push_str(&format!("%{b:02X}"));
                }
            }
            c => uid.push(c),
        }
    }
    uid
}

fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma, newline.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `text` as content lines of at most 75 octets, continuation lines starting with a
/// space, never splitting a UTF-8 character; CRLF endings.
fn fold_into(out: &mut String, text: &str) {
    let mut used = 0;
    for ch in text.chars() {
        let n = ch.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "节约用水".repeat(30));
        fold_into(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn a_file_name_cannot_break_the_calendar() {
        // Issue #14 item 13: a newline in a file name made a line of its own.
        assert_eq!(uid_for("news/a.md"), "page-news-a");
        assert_eq!(uid_for("宣传/节水.md"), "page-宣传-节水");
        let uid = uid_for("page-a\nX-INJECTED:1.md");
        assert_eq!(uid, "page-page-a%0AX-INJECTED%3A1");
        assert!(!uid.contains(['\n', '\r', ':']));
        assert_ne!(uid_for("a b.md"), uid_for("a-b.md"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn campaigns_of_a_year_are_all_day_events() {
        let config =
            crate::config::Config::parse("title: t\nbase_url: https://e.org/\n", None).unwrap();
        let events = campaign_events(&config, [2021]);
        assert_eq!(events.len(), 3);
        let ics = String::from_utf8(calendar(&config, events).bytes).unwrap();
        assert!(ics.contains("SUMMARY:第二十九届世界水日\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20210509\r\nDTEND;VALUE=DATE:20210516\r\n"));
        assert!(ics.contains("UID:campaign-2021-0@e.org\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }
}
