//! Content rules of the government profile: an undated page (it counts as "not updated"), an
//! empty section (栏目), five or more of them (an error: inspections fail a site for it), and a
//! site whose newest dated page is older than `government.stale_days` at build time.

use crate::config::Config;
use crate::content::Library;
use crate::data::Typed;
use crate::diagnostics::{Diagnostic, Pos};
use crate::messages::Msg;

/// Five or more empty sections fail an inspection outright.
pub const EMPTY_SECTIONS_MAX: usize = 4;

/// The content rules' diagnostics, `today` being the build's date in the site's timezone.
pub fn check(
    config: &Config,
    lib: &Library,
    typed: &Typed,
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let docs = lib.pages.iter().map(|p| &p.doc);
    for doc in docs.chain(lib.sections.iter().map(|s| &s.doc)) {
        let body = doc.source.get(doc.body_start..).unwrap_or("");
        out.extend(crate::gov::embeds::warnings(
            &doc.shown,
            body,
            doc.body_line,
            config.domain(),
            &config.gov.allowed_hosts,
        ));
    }
    for page in &lib.pages {
        if page.doc.date.is_none() {
            out.push(
                Diagnostic::warning(Msg::UndatedPage)
                    .in_file(&page.doc.shown)
                    .at(Pos::line(1)),
            );
        }
    }
    let empty: Vec<&crate::content::Section> = lib
        .sections
        .iter()
        .filter(|s| s.parent.is_some() && !s.implicit)
        .filter(|s| s.pages.is_empty() && s.subsections.is_empty())
        .filter(|s| records_at(typed, &s.doc.path) == 0)
        .collect();
    for section in &empty {
        out.push(
            Diagnostic::warning(Msg::EmptySection {
                title: section.doc.fm.title.clone(),
            })
            .in_file(&section.doc.shown)
            .at(Pos::line(1)),
        );
    }
    if empty.len() > EMPTY_SECTIONS_MAX {
        out.push(
            Diagnostic::error(Msg::TooManyEmptySections { count: empty.len() })
                .in_file(crate::layout::CONFIG_FILE),
        );
    }
    let newest = lib
        .pages
        .iter()
        .filter_map(|p| p.doc.date.as_ref().map(|d| (d, &p.doc.shown)))
        .max_by_key(|(d, _)| d.timestamp);
    if let Some((date, shown)) = newest {
        let days = (today - date.date).get_days() as i64;
        let limit = config.gov.stale_days();
        if days > i64::from(limit) {
            out.push(
                Diagnostic::warning(Msg::SiteNotUpdated {
                    newest: date.date.to_string(),
                    days,
                    limit,
                })
                .in_file(shown.as_str())
                .at(Pos::line(1)),
            );
        }
    }
    out
}

/// Records whose list page is at `path` (`/carriers/`): a section holding a data file's
/// records is not empty.
fn records_at(typed: &Typed, path: &str) -> usize {
    match path {
        "/districts/" => typed.districts.records.len(),
        "/units/" => typed.units.records.len(),
        "/carriers/" => typed.carriers.records.len(),
        "/leaders/" => typed.leaders.records.len(),
        _ => 0,
    }
}
