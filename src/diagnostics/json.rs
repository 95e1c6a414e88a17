//! `check --format json`: one JSON object per diagnostic, for editors and CI. `kind` is the
//! message's stable id (the same in every language); `message` and `hint` are in `lang`.

use crate::diagnostics::{Diagnostic, Severity};
use crate::messages::Lang;

pub(crate) fn to_json(d: &Diagnostic, lang: Lang) -> String {
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "kind": d.msg.kind(),
        "path": d.path,
        "line": d.pos.map(|p| p.line),
        "column": d.pos.and_then(|p| p.col),
        "message": d.message(lang),
        "hint": d.hint(lang),
        // In a table (CSV or spreadsheet): the cell as staff see it.
        "cell": d.cell.as_ref().map(|c| serde_json::json!({
            "sheet": c.sheet,
            "row": c.row,
            "column": c.col.map(crate::messages::column_letters),
            "header": c.header,
        })),
    })
    .to_string()
}
