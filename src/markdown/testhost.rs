//! A small [`Host`] for the unit tests.

use super::{Host, Options, Rendered, render};

pub(crate) struct TestHost;

impl Host for TestHost {
    fn resolve_link(&self, path: &str) -> Result<String, String> {
        match path {
            "_index.md" => Ok("/".to_string()),
            "campaigns/world-water-day.md" => Ok("/campaigns/world-water-day/".to_string()),
            other => Err(format!("找不到页面 {other}")),
        }
    }

    fn shortcode(
        &self,
        name: &str,
        args: &serde_json::Map<String, serde_json::Value>,
        body: Option<&str>,
    ) -> Result<String, String> {
        match name {
            "figure" => {
                let src = args.get("src").and_then(|v| v.as_str()).unwrap_or("");
                Ok(format!("<figure>{src}</figure>"))
            }
            "note" => Ok(format!("<div class=\"note\">{}</div>", body.unwrap_or(""))),
            "args" => Ok(serde_json::Value::Object(args.clone()).to_string()),
            _ => Err(format!("没有短代码 {name}")),
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
