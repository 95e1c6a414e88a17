//! The page served for every path while there is no good build yet: the errors, escaped, and
//! the live-reload script, so it turns into the site as soon as a build succeeds.

use crate::messages::{Lang, Status};
use crate::text::html::escape;

use super::reload::inject;
use super::state::Snapshot;

pub(crate) fn no_site(snap: &Snapshot, lang: Lang) -> String {
    let errors = if snap.errors.is_empty() {
        Status::StillBuilding.text(lang)
    } else {
        snap.errors
            .iter()
            .map(|e| escape(e))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\
         <body style=\"font:15px/1.6 sans-serif;margin:2em\">\
         <h1>{heading}</h1>\
         <pre style=\"white-space:pre-wrap;background:#fff5f5;padding:1em\">{errors}</pre>\
         </body></html>\n",
        html_lang = match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        title = escape(&Status::ErrorPageTitle.text(lang)),
        heading = escape(&Status::ErrorPageHeading.text(lang)),
    );
    String::from_utf8_lossy(&inject(page.as_bytes(), &snap.build)).into_owned()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn errors_are_escaped() {
        let snap = Snapshot {
            build: "none".into(),
            errors: Arc::from(vec![
                "error: content/a.md:1: <script>x</script>".to_string(),
            ]),
            ..Snapshot::default()
        };
        let page = no_site(&snap, Lang::Zh);
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("<html lang=\"zh-CN\">") && page.contains("改好以后"));
        let page = no_site(&snap, Lang::En);
        assert!(page.contains("<html lang=\"en\">") && page.contains("reloads once"));
        assert!(!page.contains("改好以后"));
        assert!(page.contains("data-build=\"none\""));
    }
}
