//! The typed files together: loaded, then every reference between them and from content pages
//! resolved to record indices.

use serde::Serialize;

use crate::content::{Doc, Library};
use crate::data::records::{Carrier, District, Leader, Record, Unit};
use crate::data::refs::{Kind, Table};
use crate::data::table::{Source, SourceMap, read_list};
use crate::data::targets::{self, Amount, Flat, TargetsFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;

#[derive(Debug, Default)]
pub struct Typed {
    pub districts: Table<District>,
    pub units: Table<Unit>,
    pub carriers: Table<Carrier>,
    pub leaders: Table<Leader>,
    /// Every indicator of every year, parts after their parents.
    pub indicators: Vec<Flat>,
    pub indicator_refs: Vec<IndicatorRefs>,
    /// The district index of each carrier and leader, when it names one.
    pub carrier_district: Vec<Option<usize>>,
    pub leader_district: Vec<Option<usize>>,
    /// `data/quizzes/*.yaml`, by id.
    pub quizzes: Vec<crate::data::quiz::Quiz>,
    targets_map: Option<SourceMap>,
}

/// An indicator's references, resolved.
#[derive(Debug, Default, Clone)]
pub struct IndicatorRefs {
    pub by_district: Vec<(usize, Amount)>,
    pub districts: Vec<usize>,
    pub lead: Vec<usize>,
    pub participants: Vec<usize>,
}

impl Typed {
    /// How many records the four kinds have (each has its page).
    pub fn record_count(&self) -> usize {
        self.districts.records.len()
            + self.units.records.len()
            + self.carriers.records.len()
            + self.leaders.records.len()
    }

    /// Loads `stem` if it is a typed file; returns its value for `data.NAME`, or `None` when the
    /// file is not typed (or failed: then the diagnostics say why and `Some(Null)` is returned).
    pub fn load_file(
        &mut self,
        stem: &str,
        shown: &str,
        source: Source<'_>,
        diags: &mut Diagnostics,
    ) -> Option<serde_json::Value> {
        let mut problems = Vec::new();
        let csv = matches!(source, Source::Table(_));
        let value = match stem {
            "districts" => match list(shown, source, Kind::Districts, &mut problems) {
                Some((l, m, broken)) => {
                    self.districts = Table::new(l, m, &mut problems);
                    self.districts.set_broken(broken);
                    Some(json(&self.districts.records))
                }
                None => {
                    self.districts = Table::broken();
                    None
                }
            },
            "units" => match list(shown, source, Kind::Units, &mut problems) {
                Some((l, m, broken)) => {
                    self.units = Table::new(l, m, &mut problems);
                    self.units.set_broken(broken);
                    check_unit_urls(&self.units, &mut problems);
                    Some(json(&self.units.records))
                }
                None => {
                    self.units = Table::broken();
                    None
                }
            },
            "carriers" => match list(shown, source, Kind::Carriers, &mut problems) {
                Some((l, m, broken)) => {
                    self.carriers = Table::new(l, m, &mut problems);
                    self.carriers.set_broken(broken);
                    Some(json(&self.carriers.records))
                }
                None => {
                    self.carriers = Table::broken();
                    None
                }
            },
            "leaders" => match list(shown, source, Kind::Leaders, &mut problems) {
                Some((l, m, broken)) => {
                    self.leaders = Table::new(l, m, &mut problems);
                    self.leaders.set_broken(broken);
                    Some(json(&self.leaders.records))
                }
                None => {
                    self.leaders = Table::broken();
                    None
                }
            },
            "targets" => {
                let text = match source {
                    Source::Yaml(text) => text,
                    Source::Table(_) => "",
                };
                if csv {
                    problems.push(Diagnostic::error(Msg::TargetsNotYaml).in_file(shown));
                    None
                } else {
                    match crate::yaml::parse::<TargetsFile>(shown, text, 1) {
                        Ok(file) => {
                            self.indicators = targets::flatten(&file);
                            self.targets_map = Some(SourceMap::yaml(shown, text));
                            Some(match &file {
                                TargetsFile::One(y) => json(y),
                                TargetsFile::Many(ys) => json(ys),
                            })
                        }
                        Err(d) => {
                            problems.push(d);
                            None
                        }
                    }
                }
            }
            _ => return None,
        };
        diags.extend(problems);
        Some(value.unwrap_or(serde_json::Value::Null))
    }

    /// Marks the record kind `stem` (if it is one) as present but unreadable: references to
    /// it are not checked, its file's own error says what is wrong.
    pub fn mark_broken(&mut self, stem: &str) {
        match stem {
            "districts" => self.districts = Table::broken(),
            "units" => self.units = Table::broken(),
            "carriers" => self.carriers = Table::broken(),
            "leaders" => self.leaders = Table::broken(),
            _ => {}
        }
    }

    /// References inside the data files: districts of carriers and leaders, and everything a
    /// target names. Then the totals rules.
    pub fn cross_check(&mut self, diags: &mut Diagnostics) {
        self.carrier_district = resolve_districts(&self.carriers, &self.districts, diags);
        self.leader_district = resolve_districts(&self.leaders, &self.districts, diags);
        let Some(map) = &self.targets_map else { return };
        let at = |path: &str, d: Diagnostic| -> Diagnostic {
            let d = d.in_file(&map.shown);
            match map.pos_path(path) {
                Some(pos) => d.at(pos).with_source(map.text()),
                None => d,
            }
        };
        let at_key = |path: &str, d: Diagnostic| -> Diagnostic {
            let d = d.in_file(&map.shown);
            match map.pos_key_path(path) {
                Some(pos) => d.at(pos).with_source(map.text()),
                None => d,
            }
        };
        let mut all = Vec::with_capacity(self.indicators.len());
        for f in &self.indicators {
            let ind = &f.indicator;
            let mut r = IndicatorRefs::default();
            for (key, amount) in &ind.by_district {
                match self.districts.resolve(key) {
                    Some(i) => r.by_district.push((i, *amount)),
                    None => {
                        if let Some(d) = self.districts.unknown(Kind::Districts, key) {
                            diags.push(at_key(&format!("{}.by_district.{key}", f.path), d));
                        }
                    }
                }
            }
            let mut one_list = |field: &str, keys: &[String], kind: Kind, out: &mut Vec<usize>| {
                for (k, key) in keys.iter().enumerate() {
                    let found = match kind {
                        Kind::Districts => self.districts.resolve(key),
                        _ => self.units.resolve(key),
                    };
                    match found {
                        Some(i) => out.push(i),
                        None => {
                            let d = match kind {
                                Kind::Districts => self.districts.unknown(kind, key),
                                _ => self.units.unknown(kind, key),
                            };
                            if let Some(d) = d {
                                diags.push(at(&format!("{}.{field}[{k}]", f.path), d));
                            }
                        }
                    }
                }
            };
            one_list(
                "districts",
                &ind.districts,
                Kind::Districts,
                &mut r.districts,
            );
            one_list("lead", &ind.lead, Kind::Units, &mut r.lead);
            one_list(
                "participants",
                &ind.participants,
                Kind::Units,
                &mut r.participants,
            );
            all.push(r);
        }
        self.indicator_refs = all;
        diags.extend(targets::check_totals(&self.indicators, &at));
    }

    /// The flat index of the indicator `id` (ids are looked up in all years; the latest wins).
    pub fn indicator(&self, id: &str) -> Option<usize> {
        self.indicators.iter().rposition(|f| f.indicator.id == id)
    }
}

/// The records of one list file, where they stand, and whether some could not be read (then
/// references to it are not checked: the file's own errors say what is wrong).
fn list<T: serde::de::DeserializeOwned>(
    shown: &str,
    source: Source<'_>,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Vec<T>, SourceMap, bool)> {
    let before = problems.len();
    match read_list(shown, source, kind, problems) {
        Ok((list, map)) => Some((list, map, problems.len() > before)),
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

/// A unit's `url` is its web site: `http(s)://` only, so no `javascript:` link reaches a page
/// through a theme that links it.
fn check_unit_urls(units: &Table<Unit>, problems: &mut Vec<Diagnostic>) {
    let Some(map) = &units.map else { return };
    for (i, unit) in units.records.iter().enumerate() {
        let Some(url) = &unit.url else { continue };
        if !matches!(
            crate::text::html::link_scheme(url).as_deref(),
            Some("http" | "https")
        ) {
            problems.push(map.diag(
                "",
                i,
                "url",
                Diagnostic::error(Msg::BadWebAddress { url: url.clone() }),
            ));
        }
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn resolve_districts<T: Record>(
    table: &Table<T>,
    districts: &Table<District>,
    diags: &mut Diagnostics,
) -> Vec<Option<usize>> {
    table
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let key = r.district()?;
            let found = districts.resolve(key);
            if found.is_none()
                && let Some(map) = &table.map
                && let Some(d) = districts.unknown(Kind::Districts, key)
            {
                diags.push(map.diag("", i, "district", d));
            }
            found
        })
        .collect()
}

/// What one content file references, resolved to record indices.
#[derive(Debug, Default, Clone)]
pub struct DocRefs {
    pub districts: Vec<usize>,
    pub lead: Vec<usize>,
    pub participants: Vec<usize>,
    pub carriers: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct ContentRefs {
    pub pages: Vec<DocRefs>,
    pub sections: Vec<DocRefs>,
}

/// Resolves the front-matter references of every page and section.
pub fn resolve_content(lib: &Library, typed: &Typed, diags: &mut Diagnostics) -> ContentRefs {
    let one = |doc: &Doc, diags: &mut Diagnostics| {
        let fm = &doc.fm;
        let mut refs = DocRefs::default();
        let mut go = |field: &str, keys: &[String], kind: Kind, out: &mut Vec<usize>| {
            for (k, key) in keys.iter().enumerate() {
                let found = match kind {
                    Kind::Districts => typed.districts.resolve(key),
                    Kind::Units => typed.units.resolve(key),
                    Kind::Carriers => typed.carriers.resolve(key),
                    Kind::Leaders => typed.leaders.resolve(key),
                };
                let unknown = || match kind {
                    Kind::Districts => typed.districts.unknown(kind, key),
                    Kind::Units => typed.units.unknown(kind, key),
                    Kind::Carriers => typed.carriers.unknown(kind, key),
                    Kind::Leaders => typed.leaders.unknown(kind, key),
                };
                match found {
                    Some(i) if !out.contains(&i) => out.push(i),
                    Some(_) => {}
                    None => {
                        if let Some(d) = unknown() {
                            diags.push(doc.diag_at_key(&format!("{field}[{k}]"), d));
                        }
                    }
                }
            }
        };
        go(
            "districts",
            &fm.districts,
            Kind::Districts,
            &mut refs.districts,
        );
        go("lead", &fm.lead, Kind::Units, &mut refs.lead);
        go(
            "participants",
            &fm.participants,
            Kind::Units,
            &mut refs.participants,
        );
        go("carriers", &fm.carriers, Kind::Carriers, &mut refs.carriers);
        refs
    };
    ContentRefs {
        pages: lib.pages.iter().map(|p| one(&p.doc, diags)).collect(),
        sections: lib.sections.iter().map(|s| one(&s.doc, diags)).collect(),
    }
}
