//! HTML escaping for text jieshui writes into pages itself.

pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The first `max` characters of `text` (whitespace folded), with `…` when cut.
pub fn truncate_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = true;
    for ch in text.chars() {
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        if ch == ' ' && last_space {
            continue;
        }
        last_space = ch == ' ';
        if count == max {
            return format!("{}…", out.trim_end());
        }
        out.push(ch);
        count += 1;
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate_text("节约  用水\n人人有责", 4), "节约 用…");
        assert_eq!(truncate_text("短", 10), "短");
    }
}
