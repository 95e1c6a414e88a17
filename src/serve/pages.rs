//! The page served for every path while there is no good build yet: the errors, escaped, and
//! the live-reload script, so it turns into the site as soon as a build succeeds.

use crate::html::escape;

use super::reload::inject;
use super::state::Snapshot;

pub(crate) fn no_site(snap: &Snapshot) -> String {
    let errors = if snap.errors.is_empty() {
        "the site is being built…".to_string()
    } else {
        snap.errors
            .iter()
            .map(|e| escape(e))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <title>构建失败 · build failed</title></head>\
         <body style=\"font:15px/1.6 sans-serif;margin:2em\">\
         <h1>站点有错误，修正后本页会自动刷新</h1>\
         <p>The site has errors; this page reloads once they are fixed.</p>\
         <pre style=\"white-space:pre-wrap;background:#fff5f5;padding:1em\">{errors}</pre>\
         </body></html>\n"
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
        let page = no_site(&snap);
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("data-build=\"none\""));
    }
}
