//! The three national campaigns and their dates: 世界水日, 中国水周, 全国城市节约用水宣传周.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday, date};

use crate::config::CampaignDates;
use crate::messages::FunctionWhy;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// The campaign's canonical name.
    pub name: &'static str,
    pub year: i16,
    pub start: Date,
    pub end: Date,
    /// 届: the how-manieth time it is held.
    pub ordinal: i64,
    /// e.g. 第二十九届世界水日.
    pub title: String,
}

pub const NAMES: [&str; 3] = ["世界水日", "中国水周", "全国城市节约用水宣传周"];

/// The campaign `name` (canonical, or 城市节水宣传周) in `year`, with `overrides` from site.yaml.
pub fn campaign(
    name: &str,
    year: i16,
    overrides: &BTreeMap<i32, BTreeMap<String, CampaignDates>>,
) -> Result<Campaign, FunctionWhy> {
    if !(1..=9999).contains(&year) {
        // jiff's calendar covers years 1–9999 here; `date()` would panic outside it.
        return Err(FunctionWhy::YearOutOfRange(i64::from(year)));
    }
    let (canonical, first_year, start, end) = match name {
        "世界水日" => ("世界水日", 1993, date(year, 3, 22), date(year, 3, 22)),
        "中国水周" => ("中国水周", 1988, date(year, 3, 22), date(year, 3, 28)),
        "全国城市节约用水宣传周" | "城市节水宣传周" => {
            let (s, e) = week_holding(date(year, 5, 15));
            ("全国城市节约用水宣传周", 1992, s, e)
        }
        _ => {
            return Err(FunctionWhy::UnknownCampaign(name.to_string()));
        }
    };
    if i64::from(year) < first_year {
        return Err(FunctionWhy::NotYetHeld {
            name: canonical.to_string(),
            first: first_year,
        });
    }
    let overridden = overrides.get(&i32::from(year)).and_then(|by_name| {
        by_name
            .get(canonical)
            .or_else(|| by_name.get(name))
            .or_else(|| {
                (canonical == NAMES[2])
                    .then(|| by_name.get("城市节水宣传周"))
                    .flatten()
            })
    });
    let (start, end) = match overridden {
        Some(d) => (
            d.start
                .parse()
                .map_err(|_| FunctionWhy::NotADate(d.start.to_string()))?,
            d.end
                .parse()
                .map_err(|_| FunctionWhy::NotADate(d.end.to_string()))?,
        ),
        None => (start, end),
    };
    let ordinal = i64::from(year) - first_year + 1;
    Ok(Campaign {
        name: canonical,
        year,
        start,
        end,
        ordinal,
        title: format!("第{}届{canonical}", chinese_number(ordinal)),
    })
}

/// The Sunday–Saturday week that holds `day`.
fn week_holding(day: Date) -> (Date, Date) {
    let back = i64::from(day.weekday().to_sunday_zero_offset());
    let start = day - jiff::Span::new().days(back);
    debug_assert_eq!(start.weekday(), Weekday::Sunday);
    (start, start + jiff::Span::new().days(6))
}

/// 1 → 一, 10 → 十, 29 → 二十九, 34 → 三十四, 100 → 一百.
pub fn chinese_number(n: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(0..1000).contains(&n) {
        return n.to_string();
    }
    let (h, t, u) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    let mut out = String::new();
    if h > 0 {
        out.push_str(DIGITS[h]);
        out.push('百');
        if t == 0 && u > 0 {
            out.push('零');
        }
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            out.push_str(DIGITS[t]);
        }
        out.push('十');
    }
    if u > 0 || n == 0 {
        out.push_str(DIGITS[u]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> BTreeMap<i32, BTreeMap<String, CampaignDates>> {
        BTreeMap::new()
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(29), "二十九");
        assert_eq!(chinese_number(34), "三十四");
        assert_eq!(chinese_number(30), "三十");
        assert_eq!(chinese_number(105), "一百零五");
    }

    #[test]
    fn years_past_the_calendar_are_errors_not_panics() {
        for name in NAMES {
            assert!(campaign(name, 10_000, &none()).is_err());
            assert!(campaign(name, i16::MAX, &none()).is_err());
            assert!(campaign(name, i16::MIN, &none()).is_err());
            assert!(campaign(name, 9999, &none()).is_ok());
        }
    }

    #[test]
    fn the_2021_campaigns() {
        let w = campaign("世界水日", 2021, &none()).unwrap();
        assert_eq!(w.title, "第二十九届世界水日");
        assert_eq!(w.start, date(2021, 3, 22));
        let c = campaign("中国水周", 2021, &none()).unwrap();
        assert_eq!(c.title, "第三十四届中国水周");
        assert_eq!((c.start, c.end), (date(2021, 3, 22), date(2021, 3, 28)));
        let u = campaign("城市节水宣传周", 2021, &none()).unwrap();
        assert_eq!(u.title, "第三十届全国城市节约用水宣传周");
        assert_eq!((u.start, u.end), (date(2021, 5, 9), date(2021, 5, 15)));
    }

    #[test]
    fn week_holding_may_15_each_year() {
        // 2019..=2026: the Sunday–Saturday week holding 15 May.
        let expected = [
            (2019, 12),
            (2020, 10),
            (2021, 9),
            (2022, 15),
            (2023, 14),
            (2024, 12),
            (2025, 11),
            (2026, 10),
        ];
        for (year, sunday) in expected {
            let u = campaign("全国城市节约用水宣传周", year, &none()).unwrap();
            assert_eq!(u.start, date(year, 5, sunday), "{year}");
            assert_eq!(u.end, date(year, 5, sunday + 6), "{year}");
            assert_eq!(u.ordinal, i64::from(year) - 1991);
        }
    }

    #[test]
    fn override_wins() {
        let mut o = none();
        o.entry(2019).or_default().insert(
            "全国城市节约用水宣传周".into(),
            CampaignDates {
                start: "2019-05-11".into(),
                end: "2019-05-17".into(),
            },
        );
        let u = campaign("城市节水宣传周", 2019, &o).unwrap();
        assert_eq!((u.start, u.end), (date(2019, 5, 11), date(2019, 5, 17)));
        assert!(campaign("植树节", 2021, &o).is_err());
    }
}
