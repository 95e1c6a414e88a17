//! `check --format json`: one JSON object per diagnostic, for editors and CI.

use crate::diagnostics::{Diagnostic, Severity};

pub(crate) fn to_json(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "path": d.path,
        "line": d.pos.map(|p| p.line),
        "column": d.pos.and_then(|p| p.col),
        "message": d.message,
        "hint": d.hint,
    })
    .to_string()
}
