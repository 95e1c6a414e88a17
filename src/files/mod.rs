//! Reading the files users write: every failure names the path, a UTF-8 BOM is dropped, and
//! text that is not UTF-8 gets a message saying where and how to re-save it. One place for all.

pub mod theme;
pub mod walk;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos, display_path};
use crate::messages::Msg;

/// Reads `path` (under `root`) as UTF-8 text.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(root, path)?;
    decode(&display_path(root, path), bytes)
}

/// Reads `path` (under `root`), refusing a file that a link puts outside the site.
pub fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let shown = display_path(root, path);
    check_inside(root, path, &shown)?;
    std::fs::read(path).map_err(|e| io_error(&shown, &e))
}

/// Reads a file that a walk of the site reached without following a link. Its folders were
/// checked by the walk, so only the file itself could have become a link since: it is opened
/// without following one (where the system allows), and not resolved again.
pub fn read_unlinked(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    #[cfg(unix)]
    {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let shown = || display_path(root, path);
        let mut file = match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(f) => f,
            // ELOOP: the file was replaced by a link after the walk; check it the long way.
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return read_bytes(root, path),
            Err(e) => return Err(io_error(&shown(), &e)),
        };
        let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize + 1));
        file.read_to_end(&mut bytes)
            .map_err(|e| io_error(&shown(), &e))?;
        Ok(bytes)
    }
    #[cfg(not(unix))]
    {
        read_bytes(root, path)
    }
}

/// Refuses a file that a symbolic link (to it, or to a folder above it) puts outside the site
/// folder: a build reads only the site.
pub fn check_inside(root: &Path, path: &Path, shown: &str) -> Result<(), Diagnostic> {
    let real = std::fs::canonicalize(path).map_err(|e| io_error(shown, &e))?;
    let root = std::fs::canonicalize(root).map_err(|e| io_error(shown, &e))?;
    if real.starts_with(&root) {
        return Ok(());
    }
    Err(Diagnostic::error(Msg::LinkOutsideSite).in_file(shown))
}

/// Decodes file bytes as UTF-8 (BOM allowed), or explains what is wrong.
pub fn decode(shown: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(Msg::Utf16 { csv: is_csv(shown) }).in_file(shown));
    }
    lone_cr_to_lf(&mut bytes);
    // Most files are Chinese text, where a SIMD check is several times faster than the
    // standard library's byte-by-byte one.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Valid up to here, so this is a str.
        let text = String::from_utf8_lossy(good);
        let pos = Pos::of_offset(&text, text.len(), 1);
        Diagnostic::error(Msg::NotUtf8 { csv: is_csv(shown) })
            .in_file(shown)
            .at(pos)
    })
}

/// Old Mac line ends (a `\r` alone) become `\n`, so lines are counted as editors count them;
/// `\r\n` stays. A byte `\r` is never inside a multi-byte UTF-8 character.
fn lone_cr_to_lf(bytes: &mut [u8]) {
    if !bytes.contains(&b'\r') {
        return;
    }
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
}

/// How to re-save the file as UTF-8, for a spreadsheet export or any other text file.
/// CSV files get the spreadsheet's way of saving as UTF-8 in their hint.
fn is_csv(shown: &str) -> bool {
    shown.to_ascii_lowercase().ends_with(".csv")
}

pub fn io_error(shown: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::CannotRead {
        detail: e.to_string(),
    })
    .in_file(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        let text = decode("a.md", b"\xEF\xBB\xBFtitle".to_vec()).unwrap();
        assert_eq!(text, "title");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let d = decode("a.md", b"ok\nab\xC0\xAF".to_vec()).unwrap_err();
        assert_eq!(
            d.headline(crate::messages::Lang::Zh).split(": ").nth(1),
            Some("a.md:2:3")
        );
    }

    #[test]
    fn csv_gets_the_spreadsheet_hint() {
        let d = decode("data/units.csv", b"id\n\xff".to_vec()).unwrap_err();
        assert!(
            d.hint(crate::messages::Lang::Zh)
                .unwrap()
                .contains("CSV UTF-8")
        );
    }

    #[test]
    fn lone_cr_is_a_line_end() {
        assert_eq!(
            decode("a.md", b"a\rb\r\nc\r".to_vec()).unwrap(),
            "a\nb\r\nc\n"
        );
        let d = decode("a.md", b"ok\rab\xC0".to_vec()).unwrap_err();
        assert_eq!(d.pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn utf16_is_named() {
        let d = decode("a.md", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert_eq!(d.msg, Msg::Utf16 { csv: false });
    }
}
