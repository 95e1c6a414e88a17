//! `jieshui build --zip FILE`: the built site as one zip file, for a USB stick or a platform
//! that takes an upload. The same input gives the same bytes: entries sorted by path, one fixed
//! time (1980-01-01 00:00, the earliest a zip can say), permissions 0644, made-by Unix,
//! Deflate at level 6, no extra fields. Names that are not ASCII carry the UTF-8 flag (general
//! purpose bit 11), which Windows' own extractor and current tools honour. The file is written
//! beside its final name and renamed into place, so an interrupted run leaves no half zip.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::{Copy, OutFile, Source};
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

/// What went into the zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed {
    pub(crate) files: usize,
    pub(crate) bytes: u64,
}

/// Writes `files` and `copies` (paths under the site root) into the zip file `to`.
pub(crate) fn write_zip(
    to: &Path,
    files: Vec<OutFile>,
    copies: &[Copy],
) -> Result<Packed, Diagnostic> {
    let fail = |detail: String| {
        Diagnostic::error(Msg::ZipFailed {
            path: to.display().to_string(),
            detail,
        })
    };
    let mut entries: Vec<(String, Entry<'_>)> = files
        .into_iter()
        .map(|f| (f.path, Entry::Bytes(f.bytes)))
        .chain(copies.iter().map(|c| (c.to.clone(), Entry::Copy(c))))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);

    let part = partial_name(to);
    let file = std::fs::File::create(&part).map_err(|e| fail(e.to_string()))?;
    let written = fill(std::io::BufWriter::new(file), &entries).and_then(|(w, n)| {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(n)
    });
    let files = match written {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(fail(e.to_string()));
        }
    };
    if let Err(e) = std::fs::rename(&part, to) {
        let _ = std::fs::remove_file(&part);
        return Err(fail(e.to_string()));
    }
    let bytes = std::fs::metadata(to).map_or(0, |m| m.len());
    Ok(Packed { files, bytes })
}

enum Entry<'a> {
    Bytes(Vec<u8>),
    Copy(&'a Copy),
}

/// `site.zip` → `.site.zip.jieshui-part` in the same folder (a rename there is atomic).
fn partial_name(to: &Path) -> PathBuf {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    to.with_file_name(format!(".{name}.jieshui-part"))
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix)
}

fn fill<W: Write + std::io::Seek>(
    out: W,
    entries: &[(String, Entry<'_>)],
) -> std::io::Result<(W, usize)> {
    let mut zip = ZipWriter::new(out);
    let mut buf = Vec::new();
    for (path, entry) in entries {
        zip.start_file(path.as_str(), options())
            .map_err(std::io::Error::other)?;
        match entry {
            Entry::Bytes(bytes) => zip.write_all(bytes)?,
            Entry::Copy(copy) => match &copy.from {
                Source::BuiltIn(bytes) => zip.write_all(bytes)?,
                Source::Disk(from) => {
                    buf.clear();
                    std::fs::File::open(from)
                        .and_then(|mut f| f.read_to_end(&mut buf))
                        .map_err(|e| {
                            std::io::Error::new(e.kind(), format!("{}: {e}", copy.shown))
                        })?;
                    zip.write_all(&buf)?;
                }
            },
        }
    }
    let out = zip.finish().map_err(std::io::Error::other)?;
    Ok((out, entries.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Vec<OutFile> {
        vec![
            OutFile {
                path: "b/index.html".into(),
                bytes: b"<p>b</p>".to_vec(),
            },
            OutFile {
                path: "index.html".into(),
                bytes: "<p>节水</p>".as_bytes().to_vec(),
            },
            OutFile {
                path: "图片/节水.txt".into(),
                bytes: b"x".to_vec(),
            },
        ]
    }

    #[test]
    fn the_same_site_gives_the_same_bytes_and_chinese_names_say_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
        let packed = write_zip(&a, site(), &[]).unwrap();
        assert_eq!(packed.files, 3);
        let mut reversed = site();
        reversed.reverse();
        write_zip(&b, reversed, &[]).unwrap();
        let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert_eq!(a, b);
        // Local headers in path order; bit 11 set exactly on the one with a Chinese name.
        let mut names = Vec::new();
        let mut at = 0;
        while a[at..].starts_with(b"PK\x03\x04") {
            let u16_at = |i: usize| u16::from_le_bytes([a[at + i], a[at + i + 1]]) as usize;
            let u32_at = |i: usize| {
                u32::from_le_bytes([a[at + i], a[at + i + 1], a[at + i + 2], a[at + i + 3]])
                    as usize
            };
            let flags = u16_at(6);
            let (size, name_len, extra_len) = (u32_at(18), u16_at(26), u16_at(28));
            let name = String::from_utf8(a[at + 30..at + 30 + name_len].to_vec()).unwrap();
            assert_eq!(flags & 0x800 != 0, !name.is_ascii(), "{name}: {flags:#x}");
            assert_eq!(extra_len, 0, "{name}");
            names.push(name);
            at += 30 + name_len + extra_len + size;
        }
        assert_eq!(names, ["b/index.html", "index.html", "图片/节水.txt"]);
    }

    #[test]
    fn a_zip_that_cannot_be_written_is_a_message_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("missing-folder").join("site.zip");
        let err = write_zip(&to, site(), &[]).unwrap_err();
        assert_eq!(err.msg.kind(), "zip-failed");
        let copy = Copy {
            from: Source::Disk(dir.path().join("gone.png")),
            to: "gone.png".into(),
            shown: "static/gone.png".into(),
        };
        let to = dir.path().join("site.zip");
        let err = write_zip(&to, site(), std::slice::from_ref(&copy)).unwrap_err();
        assert!(format!("{:?}", err.msg).contains("static/gone.png"));
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }
}
