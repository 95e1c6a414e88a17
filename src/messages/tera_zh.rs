//! Tera's most common rendering messages, put into Chinese for the template error frame.

/// Tera's most common rendering messages in Chinese (`Field `titel` is not defined. Available
/// fields: …` → `字段 `titel` 没有定义。可用的字段：…`); the others stay as Tera says them.
pub(super) fn tera_zh(detail: &str) -> String {
    const FIXED: &[(&str, &str)] = &[
        (
            "Tried to render a variable that is undefined",
            "要显示的值没有定义（变量或字段不存在）",
        ),
        ("Tried to escape an undefined value", "要显示的值没有定义"),
        ("Cannot divide by 0", "不能除以 0"),
        (" Available fields: ", "可用的字段："),
        (" Available variables: ", "可用的变量："),
    ];
    // (English before the name, after it; Chinese before, after).
    const NAMED: &[(&str, &str, &str, &str)] = &[
        ("Field `", "` is not defined.", "字段 `", "` 没有定义。"),
        ("Field `", "` is not defined", "字段 `", "` 没有定义"),
        ("Variable `", "` is not defined.", "变量 `", "` 没有定义。"),
        (
            "Variable `",
            "` exists but its value is undefined",
            "变量 `",
            "` 有，但它的值没有定义",
        ),
        (
            "Iteration not possible on type `",
            "`",
            "不能用 for 循环逐个取出 `",
            "` 类型的值",
        ),
    ];
    let mut out = detail.to_string();
    for (before, after, zh_before, zh_after) in NAMED {
        if let Some(start) = out.find(before)
            && let Some(len) = out[start + before.len()..].find(after)
        {
            let name = out[start + before.len()..start + before.len() + len].to_string();
            out.replace_range(
                start..start + before.len() + len + after.len(),
                &format!("{zh_before}{name}{zh_after}"),
            );
        }
    }
    for (en, zh) in FIXED {
        out = out.replace(en, zh);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teras_common_messages_read_in_chinese() {
        assert_eq!(
            tera_zh("Field `titel` is not defined. Available fields: title, date"),
            "字段 `titel` 没有定义。可用的字段：title, date"
        );
        assert_eq!(
            tera_zh("Variable `pg` is not defined. Available variables: page, site"),
            "变量 `pg` 没有定义。可用的变量：page, site"
        );
        assert_eq!(
            tera_zh("Iteration not possible on type `number`"),
            "不能用 for 循环逐个取出 `number` 类型的值"
        );
        assert_eq!(
            tera_zh("Tried to render a variable that is undefined"),
            "要显示的值没有定义（变量或字段不存在）"
        );
        // What is not known stays as Tera says it.
        assert_eq!(
            tera_zh("Found `}` but expected }}."),
            "Found `}` but expected }}."
        );
    }
}
