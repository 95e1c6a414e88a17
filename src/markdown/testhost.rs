//! A small [`Host`] for the unit tests.

use super::{Host, Options, Rendered, render};
use crate::messages::Msg;

pub(crate) struct TestHost;

impl Host for TestHost {
    fn resolve_link(&self, path: &str) -> Result<String, Msg> {
        match path {
            "_index.md" => Ok("/".to_string()),
            "campaigns/world-water-day.md" => Ok("/campaigns/world-water-day/".to_string()),
            other => Err(Msg::BrokenInternalLink {
                path: other.to_string(),
            }),
        }
    }

    fn shortcode(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
    ) -> Result<String, Msg> {
        match name {
            "figure" => {
                let src = args.get("src").and_then(|v| v.as_str()).unwrap_or("");
                Ok(format!("<figure>{src}</figure>"))
            }
            "note" => Ok(format!("<div class=\"note\">{}</div>", body.unwrap_or(""))),
            "args" => Ok(serde_json::Value::Object(args.clone()).to_string()),
            _ => Err(Msg::UnknownShortcode {
                name: name.to_string(),
                known: Vec::new(),
            }),
        }
    }
}

pub(crate) fn render_with(src: &str, pinyin: bool) -> Rendered {
    let opts = Options {
        pinyin,
        ..Options::default()
    };
    render(src, &opts, &TestHost)
}

pub(crate) fn html(src: &str) -> String {
    render_with(src, false).html
}
