//! Record views and record pages: every district, unit, carrier and leader at `/KIND/ID/`, and
//! each kind's index at `/KIND/`, cross-linked with the pages and targets that name them.

use tera::Value;

use crate::config::Config;
use crate::data::refs::Kind;
use crate::data::targets::{Amount, number};
use crate::data::{ContentRefs, DataSet, Typed};
use crate::output::urls::permalink;
use crate::render::values::obj;

/// Views of every record (by kind, then index) and of every indicator, built once.
pub(crate) struct RecordViews {
    pub(crate) districts: Vec<Value>,
    pub(crate) units: Vec<Value>,
    pub(crate) carriers: Vec<Value>,
    pub(crate) leaders: Vec<Value>,
    pub(crate) indicators: Vec<Value>,
}

impl RecordViews {
    pub(crate) fn of(&self, kind: Kind) -> &[Value] {
        match kind {
            Kind::Districts => &self.districts,
            Kind::Units => &self.units,
            Kind::Carriers => &self.carriers,
            Kind::Leaders => &self.leaders,
        }
    }

    pub(crate) fn pick(&self, kind: Kind, indices: &[usize]) -> Value {
        if indices.is_empty() {
            return crate::render::values::empty_list();
        }
        let all = self.of(kind);
        Value::from(
            indices
                .iter()
                .filter_map(|&i| all.get(i).cloned())
                .collect::<Vec<_>>(),
        )
    }
}

pub(crate) fn record_path(kind: Kind, id: &str) -> String {
    format!("/{}/{id}/", kind.name())
}

pub(crate) fn build_views(config: &Config, data: &DataSet) -> RecordViews {
    let typed = &data.typed;
    let base = |kind: Kind, i: usize, value: serde_json::Value| -> Value {
        let mut m = match Value::from_serializable(&value).as_map() {
            Some(m) => m.clone(),
            None => tera::Map::new(),
        };
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let path = record_path(kind, &id);
        m.insert("collection".into(), Value::from(kind.name()));
        m.insert("index".into(), Value::from(i));
        m.insert(
            "permalink".into(),
            Value::from(permalink(&config.base_url, &path)),
        );
        m.insert("path".into(), Value::from(path));
        let sample = value
            .get("sample")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        m.insert("sample".into(), Value::from(sample));
        Value::from(m)
    };
    let districts: Vec<Value> = typed
        .districts
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| base(Kind::Districts, i, to_json(r)))
        .collect();
    let units: Vec<Value> = typed
        .units
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| base(Kind::Units, i, to_json(r)))
        .collect();
    let with_district = |v: Value, d: Option<usize>| -> Value {
        let mut m = v.as_map().cloned().unwrap_or_default();
        m.insert(
            "district".into(),
            d.and_then(|d| districts.get(d).cloned())
                .unwrap_or(Value::none()),
        );
        Value::from(m)
    };
    let carriers = typed
        .carriers
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            with_district(
                base(Kind::Carriers, i, to_json(r)),
                typed.carrier_district.get(i).copied().flatten(),
            )
        })
        .collect();
    let leaders = typed
        .leaders
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            with_district(
                base(Kind::Leaders, i, to_json(r)),
                typed.leader_district.get(i).copied().flatten(),
            )
        })
        .collect();
    let indicators = (0..typed.indicators.len())
        .map(|i| indicator_view(typed, i, &districts, &units))
        .collect();
    RecordViews {
        districts,
        units,
        carriers,
        leaders,
        indicators,
    }
}

/// A figure as templates print it: `13`, not `13.0`.
fn num(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// An indicator as templates (and the `targets` chart) use it.
fn indicator_view(typed: &Typed, i: usize, districts: &[Value], units: &[Value]) -> Value {
    let flat = &typed.indicators[i];
    let ind = &flat.indicator;
    let refs = typed.indicator_refs.get(i).cloned().unwrap_or_default();
    let max = refs
        .by_district
        .iter()
        .map(|(_, a)| a.shown())
        .fold(0.0_f64, f64::max);
    let rows: Vec<Value> = refs
        .by_district
        .iter()
        .map(|(d, amount)| {
            let (exact, min, maxv) = match amount {
                Amount::Exact(n) => (num(*n), Value::none(), Value::none()),
                Amount::Range(r) => (Value::none(), num(r.min), r.max.map_or(Value::none(), num)),
            };
            let shown = amount.shown();
            let bar = if max > 0.0 {
                (shown / max * 100.0).round()
            } else {
                0.0
            };
            obj([
                (
                    "district",
                    districts.get(*d).cloned().unwrap_or(Value::none()),
                ),
                ("label", Value::from(amount.label(&ind.unit))),
                ("value", num(shown)),
                ("exact", exact),
                ("min", min),
                ("max", maxv),
                ("bar", Value::from(bar)),
            ])
        })
        .collect();
    let exact_sum: Option<f64> = refs.by_district.iter().map(|(_, a)| a.exact()).sum();
    let computed = exact_sum
        .filter(|_| !refs.by_district.is_empty())
        .map(|s| s + ind.city.unwrap_or(0.0));
    let mismatch = matches!((ind.total, computed), (Some(t), Some(c)) if (t - c).abs() > 1e-9);
    let pick = |all: &[Value], idx: &[usize]| {
        Value::from(
            idx.iter()
                .filter_map(|&j| all.get(j).cloned())
                .collect::<Vec<_>>(),
        )
    };
    let parts: Vec<Value> = typed
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent == Some(i))
        .map(|(j, f)| {
            obj([
                ("id", Value::from(f.indicator.id.as_str())),
                ("name", Value::from(f.indicator.name.as_str())),
                ("index", Value::from(j)),
            ])
        })
        .collect();
    obj([
        ("id", Value::from(ind.id.as_str())),
        ("name", Value::from(ind.name.as_str())),
        ("unit", Value::from(ind.unit.as_str())),
        ("year", Value::from(i64::from(flat.year))),
        ("total", ind.total.map_or(Value::none(), num)),
        (
            "total_label",
            ind.total.map_or(Value::none(), |t| {
                Value::from(format!("{}{}", number(t), ind.unit))
            }),
        ),
        ("city", ind.city.map_or(Value::none(), num)),
        ("computed_total", computed.map_or(Value::none(), num)),
        ("mismatch", Value::from(mismatch)),
        (
            "note",
            ind.note.as_deref().map_or(Value::none(), Value::from),
        ),
        ("rows", Value::from(rows)),
        ("max", num(max)),
        ("districts", pick(districts, &refs.districts)),
        ("lead", pick(units, &refs.lead)),
        ("participants", pick(units, &refs.participants)),
        ("parts", Value::from(parts)),
        ("is_part", Value::from(flat.parent.is_some())),
    ])
}

/// The context of one record page: the record and what links to it.
pub(crate) fn single_context(
    kind: Kind,
    i: usize,
    views: &RecordViews,
    typed: &Typed,
    refs: &ContentRefs,
    page_views: &[Value],
    mentions: &[Vec<(Kind, usize)>],
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert_value("record", views.of(kind)[i].clone());
    let pages_where = |f: &dyn Fn(&crate::data::DocRefs, usize) -> bool| -> Value {
        Value::from(
            refs.pages
                .iter()
                .enumerate()
                .filter(|(p, r)| f(r, *p))
                .map(|(p, _)| page_views[p].clone())
                .collect::<Vec<_>>(),
        )
    };
    let mentioned = |p: usize| mentions.get(p).is_some_and(|m| m.contains(&(kind, i)));
    match kind {
        Kind::Districts => {
            let targets: Vec<Value> = typed
                .indicator_refs
                .iter()
                .enumerate()
                .filter_map(|(j, r)| {
                    let row = r.by_district.iter().find(|(d, _)| *d == i);
                    let named = r.districts.contains(&i);
                    if row.is_none() && !named {
                        return None;
                    }
                    let unit = &typed.indicators[j].indicator.unit;
                    Some(obj([
                        ("indicator", views.indicators[j].clone()),
                        (
                            "label",
                            row.map_or(Value::from("列为任务地区"), |(_, a)| {
                                Value::from(a.label(unit))
                            }),
                        ),
                        ("value", row.map_or(Value::none(), |(_, a)| num(a.shown()))),
                        ("named", Value::from(row.is_none())),
                    ]))
                })
                .collect();
            ctx.insert_value("targets", Value::from(targets));
            let in_district = |list: &[Option<usize>], all: &[Value]| {
                Value::from(
                    list.iter()
                        .enumerate()
                        .filter(|(_, d)| **d == Some(i))
                        .map(|(k, _)| all[k].clone())
                        .collect::<Vec<_>>(),
                )
            };
            ctx.insert_value(
                "carriers",
                in_district(&typed.carrier_district, &views.carriers),
            );
            ctx.insert_value(
                "leaders",
                in_district(&typed.leader_district, &views.leaders),
            );
            ctx.insert_value(
                "pages",
                pages_where(&|r, p| r.districts.contains(&i) || mentioned(p)),
            );
        }
        Kind::Units => {
            let pick = |f: &dyn Fn(&crate::data::IndicatorRefs) -> bool| {
                Value::from(
                    typed
                        .indicator_refs
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| f(r))
                        .map(|(j, _)| views.indicators[j].clone())
                        .collect::<Vec<_>>(),
                )
            };
            ctx.insert_value("leads", pick(&|r| r.lead.contains(&i)));
            ctx.insert_value("joins", pick(&|r| r.participants.contains(&i)));
            ctx.insert_value("pages_lead", pages_where(&|r, _| r.lead.contains(&i)));
            ctx.insert_value(
                "pages_join",
                pages_where(&|r, _| r.participants.contains(&i)),
            );
        }
        Kind::Carriers => {
            ctx.insert_value(
                "pages",
                pages_where(&|r, p| r.carriers.contains(&i) || mentioned(p)),
            );
        }
        Kind::Leaders => {
            ctx.insert_value("pages", pages_where(&|_, p| mentioned(p)));
        }
    }
    ctx
}
