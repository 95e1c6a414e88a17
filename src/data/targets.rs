//! `data/targets.yaml` 年度目标: one year or a list of years, each with indicators that may
//! have per-district numbers, ranges ("N个以上", "N–M个"), named districts, and parts (其中…).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

#[derive(Debug, Clone)]
pub enum TargetsFile {
    Many(Vec<Year>),
    One(Year),
}

/// One year (a mapping) or several (a list), told apart by shape so that errors inside keep
/// their line and column (an untagged enum would hide them).
impl<'de> Deserialize<'de> for TargetsFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TargetsFile;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`year:` and `indicators:`, or a list of such years")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<TargetsFile, A::Error> {
                Year::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(TargetsFile::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<TargetsFile, A::Error> {
                Vec::<Year>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(TargetsFile::Many)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Year {
    pub year: i32,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub unit: String,
    #[serde(serialize_with = "whole_opt")]
    pub total: Option<f64>,
    /// The part done at city level.
    #[serde(serialize_with = "whole_opt")]
    pub city: Option<f64>,
    #[serde(default)]
    pub by_district: IndexMap<String, Amount>,
    /// Districts named without numbers.
    #[serde(default)]
    pub districts: Vec<String>,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub parts: Vec<Indicator>,
}

/// An exact number, or "N个以上" (`{min: N}`) / "N–M个" (`{min: N, max: M}`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Amount {
    Exact(#[serde(serialize_with = "whole")] f64),
    Range(Range),
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(serialize_with = "whole")]
    pub min: f64,
    #[serde(serialize_with = "whole_opt")]
    pub max: Option<f64>,
}

/// Figures as the plan writes them: `7`, not `7.0` (for `data.targets` in templates).
fn whole<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        s.serialize_i64(*n as i64)
    } else {
        s.serialize_f64(*n)
    }
}

fn whole_opt<S: serde::Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => whole(n, s),
        None => s.serialize_none(),
    }
}

/// A number, or `{min: N}` / `{min: N, max: M}`; anything else says which of those to write.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, {min: N} for \"N个以上\", or {min: N, max: M} for \"N–M个\"")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Amount, E> {
                Ok(Amount::Exact(n as f64))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Amount, E> {
                Ok(Amount::Exact(n as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Amount, E> {
                Ok(Amount::Exact(n))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Amount, A::Error> {
                Range::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Amount::Range)
            }
        }
        d.deserialize_any(V)
    }
}

impl Amount {
    pub fn exact(&self) -> Option<f64> {
        match self {
            Amount::Exact(n) => Some(*n),
            Amount::Range(_) => None,
        }
    }

    /// The number a chart shows: the exact number, else the range's maximum, else its minimum.
    pub fn shown(&self) -> f64 {
        match self {
            Amount::Exact(n) => *n,
            Amount::Range(r) => r.max.unwrap_or(r.min),
        }
    }

    /// The largest number it allows (for comparing parts with their parent), if bounded.
    pub fn upper(&self) -> Option<f64> {
        match self {
            Amount::Exact(n) => Some(*n),
            Amount::Range(r) => r.max,
        }
    }

    /// As the plan would say it: 3, 1个以上, 1–2.
    pub fn label(&self, unit: &str) -> String {
        match self {
            Amount::Exact(n) => format!("{}{unit}", number(*n)),
            Amount::Range(Range { min, max: None }) => format!("{}{unit}以上", number(*min)),
            Amount::Range(Range {
                min,
                max: Some(max),
            }) => format!("{}–{}{unit}", number(*min), number(*max)),
        }
    }
}

/// 3.0 → "3", 2.5 → "2.5".
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An indicator with its place in the file, flattened (parts after their parent).
#[derive(Debug, Clone)]
pub struct Flat {
    pub year: i32,
    pub indicator: Indicator,
    /// YAML path of the indicator (`indicators[2].parts[0]`, or `[0].indicators[2]`).
    pub path: String,
    /// Index of the parent in the flat list, for parts.
    pub parent: Option<usize>,
}

pub fn flatten(file: &TargetsFile) -> Vec<Flat> {
    let (years, many): (Vec<&Year>, bool) = match file {
        TargetsFile::One(y) => (vec![y], false),
        TargetsFile::Many(ys) => (ys.iter().collect(), true),
    };
    let mut out = Vec::new();
    for (yi, year) in years.into_iter().enumerate() {
        let prefix = if many {
            format!("[{yi}].indicators")
        } else {
            "indicators".to_string()
        };
        for (i, ind) in year.indicators.iter().enumerate() {
            push(&mut out, year.year, ind, format!("{prefix}[{i}]"), None);
        }
    }
    out
}

fn push(out: &mut Vec<Flat>, year: i32, ind: &Indicator, path: String, parent: Option<usize>) {
    let me = out.len();
    let mut shallow = ind.clone();
    shallow.parts.clear();
    out.push(Flat {
        year,
        indicator: shallow,
        path: path.clone(),
        parent,
    });
    for (i, part) in ind.parts.iter().enumerate() {
        push(out, year, part, format!("{path}.parts[{i}]"), Some(me));
    }
}

/// The totals rules of the contract, as warnings (the plan is shown as published).
/// `at(path, diag)` places a diagnostic at a YAML path of the file.
pub fn check_totals(flat: &[Flat], at: &dyn Fn(&str, Diagnostic) -> Diagnostic) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in flat {
        let ind = &f.indicator;
        let exact: Option<Vec<f64>> = ind.by_district.values().map(Amount::exact).collect();
        if let (Some(total), Some(values)) = (ind.total, exact)
            && !values.is_empty()
        {
            let city = ind.city.unwrap_or(0.0);
            let sum = city + values.iter().sum::<f64>();
            if (sum - total).abs() > 1e-9 {
                out.push(at(
                    &format!("{}.total", f.path),
                    Diagnostic::warning(Msg::TotalMismatch {
                        name: ind.name.clone(),
                        stated: number(total),
                        sum: number(sum),
                        city: ind.city.map(|_| (number(city), number(sum - city))),
                    }),
                ));
            }
        }
        let Some(parent) = f.parent.map(|p| &flat[p].indicator) else {
            continue;
        };
        if let (Some(part), Some(whole)) = (ind.total, parent.total)
            && part > whole
        {
            out.push(at(
                &format!("{}.total", f.path),
                Diagnostic::warning(Msg::PartLargerThanWhole {
                    name: ind.name.clone(),
                    part: number(part),
                    whole_name: parent.name.clone(),
                    whole: number(whole),
                    district: None,
                }),
            ));
        }
        for (district, amount) in &ind.by_district {
            let whole = parent.by_district.get(district).and_then(Amount::upper);
            if let (Some(part), Some(whole)) = (amount.exact(), whole)
                && part > whole
            {
                out.push(at(
                    &format!("{}.by_district.{district}", f.path),
                    Diagnostic::warning(Msg::PartLargerThanWhole {
                        name: ind.name.clone(),
                        part: number(part),
                        whole_name: parent.name.clone(),
                        whole: number(whole),
                        district: Some(district.clone()),
                    }),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Flat> {
        let file: TargetsFile = serde_yaml::from_str(text).unwrap();
        flatten(&file)
    }

    #[test]
    fn mistakes_inside_targets_keep_their_line() {
        let text = "year: 2021\nindicators:\n  - id: a\n    name: A\n    unit: 个\n    by_district: {wujin: 1-2}\n";
        let d = crate::yaml::parse::<TargetsFile>("data/targets.yaml", text, 1).unwrap_err();
        assert_eq!(
            d.pos.map(|p| p.line),
            Some(6),
            "{}",
            d.render(crate::messages::Lang::En)
        );
        assert!(
            d.message(crate::messages::Lang::En)
                .contains("{min: N, max: M}"),
            "{}",
            d.message(crate::messages::Lang::En)
        );
        let missing = "- year: 2021\n  indicators:\n    - id: a\n      name: A\n";
        let d = crate::yaml::parse::<TargetsFile>("data/targets.yaml", missing, 1).unwrap_err();
        assert!(
            d.message(crate::messages::Lang::En).contains("unit"),
            "{}",
            d.message(crate::messages::Lang::En)
        );
        assert!(d.pos.is_some(), "{}", d.render(crate::messages::Lang::En));
    }

    #[test]
    fn whole_figures_serialize_as_integers() {
        let flat = parse(
            "year: 2021\nindicators:\n  - {id: a, name: A, unit: 个, total: 7, by_district: {x: 2, y: {min: 1}}}\n",
        );
        let json = serde_json::to_string(&flat[0].indicator).unwrap();
        assert!(
            json.contains("\"total\":7,") && json.contains("\"x\":2") && json.contains("\"min\":1"),
            "{json}"
        );
    }

    #[test]
    fn amounts_and_labels() {
        let flat = parse(
            "year: 2021\nindicators:\n  - {id: a, name: A, unit: 个, by_district: {x: 2, y: {min: 1}, z: {min: 1, max: 2}}}\n",
        );
        let bd = &flat[0].indicator.by_district;
        assert_eq!(bd["x"].label("个"), "2个");
        assert_eq!(bd["y"].label("个"), "1个以上");
        assert_eq!(bd["z"].label("个"), "1–2个");
    }

    #[test]
    fn total_mismatch_and_part_over_parent_are_warnings() {
        let flat = parse(
            "year: 2021\nindicators:\n  - id: e\n    name: 节水型企业\n    unit: 家\n    total: 20\n    by_district: {a: 10, b: 10}\n    parts:\n      - {id: p, name: 其中省级, unit: 家, total: 13, by_district: {a: 11, b: 3}}\n",
        );
        assert_eq!(flat.len(), 2);
        let warnings = check_totals(&flat, &|_, d| d);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0]
                .message(crate::messages::Lang::En)
                .contains("stated total is 13")
                && warnings[0]
                    .message(crate::messages::Lang::En)
                    .contains("14")
        );
        assert!(
            warnings[1]
                .message(crate::messages::Lang::En)
                .contains("larger than 节水型企业 there (10)")
        );
    }

    #[test]
    fn city_part_counts_in_the_total() {
        let flat = parse(
            "- year: 2021\n  indicators:\n    - {id: a, name: 用水审计, unit: 家, total: 20, city: 3, by_district: {x: 10, y: 7}}\n",
        );
        assert!(check_totals(&flat, &|_, d| d).is_empty());
        assert_eq!(flat[0].path, "[0].indicators[0]");
    }
}
