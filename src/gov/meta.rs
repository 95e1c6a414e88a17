//! The values of the `<meta>` set government pages carry (`SiteName`, `SiteDomain`,
//! `SiteIDCode`, `ColumnName`, `ColumnType`, `ArticleTitle`, `PubDate`, `ContentSource`) and the
//! addresses the footer's filing numbers link to. Templates see them as `gov` (none outside the
//! government profile).

use serde::Serialize;

use crate::config::Config;
use crate::content::{Doc, Section};

/// Where an ICP filing number links: the MIIT filing system.
pub const ICP_URL: &str = "https://beian.miit.gov.cn/";

/// Where a 公安 filing number links, followed by its 14 digits.
pub const POLICE_URL: &str = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=";

/// One page's `gov` value. Empty strings are left out by the theme.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub site_name: String,
    pub site_domain: String,
    pub site_id_code: String,
    /// The section (栏目) a page is in, or the section itself.
    pub column_name: String,
    /// The section's `extra.column_type` when given, else its title.
    pub column_type: String,
    pub article_title: String,
    /// `2021-05-11`, or `2021-05-11 09:00:00` (in the site's timezone) when a time is given.
    pub pub_date: String,
    /// The page's `extra.source`, else `organization.sponsor`.
    pub content_source: String,
    pub icp_url: String,
    /// Empty when the 公安 number is missing or malformed (its warning says so).
    pub police_url: String,
}

impl Meta {
    /// What every page of the site shows.
    pub fn site(config: &Config) -> Meta {
        let org = config.organization.clone().unwrap_or_default();
        let police_url = crate::config::organization::police_record_code(&org.police_record)
            .map(|digits| format!("{POLICE_URL}{digits}"))
            .unwrap_or_default();
        Meta {
            site_name: config.title.clone(),
            site_domain: config.domain().to_string(),
            site_id_code: org.site_code.trim().to_string(),
            content_source: org.sponsor.trim().to_string(),
            icp_url: ICP_URL.to_string(),
            police_url,
            ..Meta::default()
        }
    }

    /// The column (栏目) a section page or a page in it belongs to.
    pub fn column(mut self, section: &Section) -> Meta {
        let fm = &section.doc.fm;
        self.column_name = fm.title.clone();
        self.column_type = extra_str(&section.doc, "column_type")
            .unwrap_or(&fm.title)
            .to_string();
        self
    }

    /// A page's own values: its title, date and source.
    pub fn article(mut self, doc: &Doc, config: &Config) -> Meta {
        self.article_title = doc.fm.title.clone();
        if let Some(date) = &doc.date {
            self.pub_date = pub_date(&date.iso, date.timestamp, &config.timezone);
        }
        if let Some(source) = extra_str(doc, "source") {
            self.content_source = source.to_string();
        }
        self
    }
}

fn extra_str<'a>(doc: &'a Doc, key: &str) -> Option<&'a str> {
    doc.fm
        .extra
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `PubDate` as government pages write it: the date, with the time when the author gave one.
fn pub_date(iso: &str, timestamp: i64, tz: &jiff::tz::TimeZone) -> String {
    if iso.len() == 10 {
        return iso.to_string();
    }
    match jiff::Timestamp::from_second(timestamp) {
        Ok(ts) => ts
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_values_come_from_site_yaml() {
        let text = "title: 常州节水\nbase_url: https://slj.example.gov.cn/jieshui/\norganization:\n  sponsor: 常州市水利局\n  site_code: \"3204000001\"\n  police_record: 苏公网安备 32041102000123号\n";
        let config = Config::parse(text, None).unwrap();
        assert!(config.government());
        let m = Meta::site(&config);
        assert_eq!(m.site_domain, "slj.example.gov.cn");
        assert_eq!(m.site_id_code, "3204000001");
        assert_eq!(m.content_source, "常州市水利局");
        assert_eq!(
            m.police_url,
            "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32041102000123"
        );
    }

    #[test]
    fn pub_date_keeps_a_date_and_shows_a_time_in_the_site_zone() {
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(pub_date("2021-05-11", 0, &tz), "2021-05-11");
        let ts: jiff::Timestamp = "2021-05-11T01:00:00Z".parse().unwrap();
        assert_eq!(
            pub_date("2021-05-11T01:00:00Z", ts.as_second(), &tz),
            "2021-05-11 09:00:00"
        );
    }

    #[test]
    fn explicit_setting_beats_the_site_code() {
        let off = "title: t\nbase_url: https://e.org/\norganization:\n  site_code: \"3204000001\"\ngovernment:\n  enabled: false\n";
        assert!(!Config::parse(off, None).unwrap().government());
        let on = "title: t\nbase_url: https://e.org/\ngovernment:\n  enabled: true\n";
        assert!(Config::parse(on, None).unwrap().government());
        let none = "title: t\nbase_url: https://e.org/\norganization:\n  site_code: \"\"\n";
        assert!(!Config::parse(none, None).unwrap().government());
    }
}
