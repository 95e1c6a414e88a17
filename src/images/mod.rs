//! Photos, private by default and light on every phone. Every JPEG or PNG a page shows
//! (Markdown `![]()`, the `figure` shortcode, raw `<img>`, the `image()` template function) is
//! published as a `<picture>`: lossy WebP at several widths, none wider than the source, and a
//! JPEG (or PNG) fallback, each turned upright by its EXIF orientation and carrying no
//! metadata at all. The original is not published unless `images.keep_original` says so
//! (then re-encoded, also without metadata). SVG, GIF and WebP files pass through untouched.
//!
//! Rendering only looks at a photo's header (its size, orientation, GPS) and notes what is
//! wanted; the pixels are worked on after rendering, in parallel, and each variant is kept in
//! the site's `.jieshui-cache/` under a name no one else can guess, so a rebuild (or `serve`)
//! encodes only what changed.

mod cache;
mod codec;
mod exif;
mod html;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::ImageSettings;
use crate::diagnostics::{Diagnostic, Severity};
use crate::messages::Msg;
use exif::{Header, Kind};

pub(crate) use html::rewrite;

/// A source larger than this (bytes) is worth a warning: nobody needs it on a web page.
const HUGE_BYTES: u64 = 20 * 1024 * 1024;
/// Nor a side longer than this (pixels).
const HUGE_SIDE: u32 = 8000;
/// Changes whenever the encoders' output would change: old cache entries are then not used.
const CODEC_VERSION: u32 = 1;

/// A file the build would copy: its path on disk and how messages name it.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) abs: PathBuf,
    pub(crate) shown: String,
}

/// A published variant: its output path, format and width.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Variant {
    path: String,
    format: Format,
    width: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// A photo the site shows, read once per build.
struct Photo {
    source: SourceFile,
    kind: Kind,
    header: Header,
    /// A hash of the file's bytes.
    digest: [u8; 16],
    /// Widths the `<picture>` offers (ascending), and others `image()` asked for.
    widths: Vec<u32>,
    extra: Mutex<BTreeSet<u32>>,
    /// Where it is shown (first place kept for messages about its pixels).
    used_at: Mutex<Vec<Diagnostic>>,
    /// Output path of the original, and of its variants without the `-960w.webp` suffix.
    out_path: String,
    out_stem: String,
}

/// Counts of a build's image work, for the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageCounts {
    /// Variants encoded in this run.
    pub encoded: usize,
    /// Variants taken from the cache.
    pub reused: usize,
}

/// The photos of one build.
pub(crate) struct Images {
    settings: ImageSettings,
    base_url: String,
    base_path: String,
    /// Files the build copies, by output path.
    files: HashMap<String, SourceFile>,
    photos: Mutex<HashMap<String, Option<Arc<Photo>>>>,
    cache: cache::DiskCache,
    encoded: AtomicUsize,
    reused: AtomicUsize,
}

/// What the `<img>` of a page turned into.
pub(crate) struct Picture {
    pub(crate) html: Option<String>,
    pub(crate) problems: Vec<Diagnostic>,
}

impl Images {
    pub(crate) fn new(
        root: &Path,
        settings: &ImageSettings,
        base_url: &str,
        base_path: &str,
        files: HashMap<String, SourceFile>,
    ) -> Images {
        Images {
            settings: settings.clone(),
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
            files,
            photos: Mutex::new(HashMap::new()),
            cache: cache::DiskCache::open(root),
            encoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    pub(crate) fn counts(&self) -> ImageCounts {
        ImageCounts {
            encoded: self.encoded.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }

    /// The output paths of originals that are not published as they are.
    pub(crate) fn replaced_originals(&self) -> Vec<String> {
        self.photos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter_map(|(path, p)| p.as_ref().map(|_| path.clone()))
            .collect()
    }

    /// The photo an address shows, read on first use; `Err` for a file that is not what its
    /// name says or cannot be read; `Ok(None)` for anything not worked on (SVG, GIF, another
    /// site, a missing file: the missing-image check reports that one).
    fn photo(&self, out_path: &str) -> Result<Option<Arc<Photo>>, Msg> {
        if let Some(known) = self
            .photos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(out_path)
        {
            return Ok(known.clone());
        }
        let Some(source) = self.files.get(out_path) else {
            return Ok(None);
        };
        let ext = out_path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let named = match ext.as_str() {
            "jpg" | "jpeg" | "jfif" => Kind::Jpeg,
            "png" => Kind::Png,
            _ => return Ok(None),
        };
        let src = out_path.to_string();
        let (kind, header, digest) =
            read_header(&source.abs).map_err(|e| Msg::ImageUnreadable {
                src: src.clone(),
                why: e.to_string(),
            })?;
        if kind == Kind::Unknown {
            return Err(Msg::ImageUnreadable {
                src,
                why: format!("not a {}", named.name()),
            });
        }
        if kind != named {
            return Err(Msg::ImageMislabelled {
                src,
                named: named.name().into(),
                actual: kind.name().into(),
            });
        }
        let header = header.ok_or_else(|| Msg::ImageUnreadable {
            src: src.clone(),
            why: "no image header".into(),
        })?;
        let (shown_w, _) = header.shown_size();
        let mut widths: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|w| *w <= shown_w)
            .collect();
        if widths.last() != Some(&shown_w) && self.settings.widths.last() > Some(&shown_w) {
            widths.push(shown_w);
        }
        let out_stem = out_path
            .rsplit_once('.')
            .map_or(out_path, |(s, _)| s)
            .to_string();
        let photo = Arc::new(Photo {
            source: source.clone(),
            kind,
            header,
            digest,
            widths,
            extra: Mutex::new(BTreeSet::new()),
            used_at: Mutex::new(Vec::new()),
            out_path: out_path.to_string(),
            out_stem,
        });
        let mut photos = self.photos.lock().unwrap_or_else(|e| e.into_inner());
        Ok(photos
            .entry(out_path.to_string())
            .or_insert(Some(photo))
            .clone())
    }

    /// The `<picture>` for an `<img>` whose address is `src` (as written in the page at
    /// `doc_path`); `at` places messages (an error diagnostic at the image). `attrs` are the
    /// image's other attributes, kept as they are.
    pub(crate) fn picture(
        &self,
        doc_path: &str,
        src: &str,
        attrs: &str,
        eager: bool,
        at: &Diagnostic,
    ) -> Picture {
        let mut problems = Vec::new();
        let Some(out_path) =
            crate::output::image_target(src, doc_path, &self.base_url, &self.base_path)
        else {
            return Picture {
                html: None,
                problems,
            };
        };
        let photo = match self.photo(&out_path) {
            Ok(Some(p)) => p,
            Ok(None) => {
                return Picture {
                    html: None,
                    problems,
                };
            }
            Err(msg) => {
                problems.push(at.clone().with_msg(msg));
                return Picture {
                    html: None,
                    problems,
                };
            }
        };
        let shown = src.to_string();
        if photo.header.gps {
            problems.push(warning(at, Msg::ImageGps { src: shown.clone() }));
        }
        let (w, h) = photo.header.shown_size();
        let len = std::fs::metadata(&photo.source.abs).map_or(0, |m| m.len());
        if len > HUGE_BYTES || w.max(h) > HUGE_SIDE {
            problems.push(warning(
                at,
                Msg::ImageHuge {
                    src: shown,
                    width: w,
                    height: h,
                    megabytes: len.div_ceil(1024 * 1024),
                },
            ));
        }
        photo
            .used_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(at.clone());
        Picture {
            html: Some(self.picture_html(&photo, src, attrs, eager)),
            problems,
        }
    }

    fn picture_html(&self, photo: &Photo, src: &str, attrs: &str, eager: bool) -> String {
        let written = src.split(['#', '?']).next().unwrap_or_default();
        let stem = match written.rsplit_once('.') {
            Some((s, _)) if !s.ends_with('/') => s,
            _ => written,
        };
        let url = |w: u32, f: Format| format!("{stem}-{w}w.{}", f.ext());
        let widest = photo.widths.last().copied().unwrap_or(1);
        let (sw, sh) = photo.header.shown_size();
        let height =
            ((u64::from(sh) * u64::from(widest) + u64::from(sw) / 2) / u64::from(sw)).max(1);
        let srcset: Vec<String> = photo
            .widths
            .iter()
            .map(|w| format!("{} {w}w", url(*w, Format::Webp)))
            .collect();
        let mut out = String::with_capacity(256);
        out.push_str("<picture><source type=\"image/webp\" srcset=\"");
        crate::markdown::escape_into(&mut out, &srcset.join(", "));
        out.push_str("\" sizes=\"");
        crate::markdown::escape_into(&mut out, &self.settings.sizes);
        out.push_str("\"><img src=\"");
        crate::markdown::escape_into(&mut out, &url(widest, fallback(photo.kind)));
        out.push('"');
        out.push_str(attrs);
        out.push_str(&format!(" width=\"{widest}\" height=\"{height}\""));
        if !eager {
            out.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        out.push_str("></picture>");
        out
    }

    /// `image(src="/news/a/photo.jpg", width=960)` for templates: the address of the
    /// fallback (JPEG or PNG) version about that wide, none wider than the source.
    pub(crate) fn url_for(&self, src: &str, width: Option<u32>) -> Result<String, Msg> {
        let out_path = crate::output::image_target(src, "/", &self.base_url, &self.base_path)
            .ok_or_else(|| Msg::ImageMissing { src: src.into() })?;
        let photo = self
            .photo(&out_path)?
            .ok_or_else(|| Msg::ImageMissing { src: src.into() })?;
        let (sw, _) = photo.header.shown_size();
        let w = width.unwrap_or(sw).clamp(1, sw);
        photo
            .extra
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(w);
        let path = format!("{}-{w}w.{}", photo.out_stem, fallback(photo.kind).ext());
        Ok(crate::output::urls::permalink(&self.base_url, &path))
    }

    fn variants(&self, photo: &Photo) -> Vec<Variant> {
        let fb = fallback(photo.kind);
        let used = !photo
            .used_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty();
        // WebP for the pictures of pages; a photo only `image()` asked for gets only those.
        let webp = if used { &photo.widths[..] } else { &[] };
        let mut v: Vec<Variant> = webp
            .iter()
            .map(|w| Variant {
                path: format!("{}-{w}w.webp", photo.out_stem),
                format: Format::Webp,
                width: *w,
            })
            .collect();
        let extra = photo
            .extra
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let fallbacks = photo.widths.last().filter(|_| used).into_iter().copied();
        for w in fallbacks.chain(extra).collect::<BTreeSet<u32>>() {
            v.push(Variant {
                path: format!("{}-{w}w.{}", photo.out_stem, fb.ext()),
                format: fb,
                width: w,
            });
        }
        if self.settings.keep_original {
            v.push(Variant {
                path: photo.out_path.clone(),
                format: fb,
                width: photo.header.shown_size().0,
            });
        }
        v
    }

    /// Makes (or takes from the cache) every variant of every photo shown, in parallel,
    /// handing each to `put`; with `encode` false (`check`) a photo not in the cache is only
    /// decoded, to find the broken ones. Problems are placed where each photo is shown.
    pub(crate) fn process(
        &self,
        encode: bool,
        progress: (bool, crate::messages::Lang),
        put: &(dyn Fn(String, Vec<u8>, &str) + Sync),
    ) -> Vec<Diagnostic> {
        let photos: Vec<Arc<Photo>> = {
            let map = self.photos.lock().unwrap_or_else(|e| e.into_inner());
            let mut v: Vec<Arc<Photo>> = map.values().flatten().cloned().collect();
            v.sort_by(|a, b| a.out_path.cmp(&b.out_path));
            v
        };
        let to_make = photos
            .iter()
            .filter(|p| {
                self.variants(p)
                    .iter()
                    .any(|v| !self.cache.has(&self.cache_key(p, v)))
            })
            .count();
        let bar = crate::output::progress::Progress::images(progress.0, progress.1, to_make);
        let problems = photos
            .par_iter()
            .flat_map_iter(|p| {
                let problems = self.process_one(p, encode, put);
                bar.tick();
                problems
            })
            .collect();
        bar.finish();
        problems
    }

    fn process_one(
        &self,
        photo: &Photo,
        encode: bool,
        put: &(dyn Fn(String, Vec<u8>, &str) + Sync),
    ) -> Vec<Diagnostic> {
        let variants = self.variants(photo);
        let keys: Vec<String> = variants.iter().map(|v| self.cache_key(photo, v)).collect();
        let cached: Vec<Option<Vec<u8>>> = keys.iter().map(|k| self.cache.get(k)).collect();
        let missing = cached.iter().any(Option::is_none);
        let pixels = if missing {
            let decoded = std::fs::read(&photo.source.abs)
                .map_err(|e| e.to_string())
                .and_then(|bytes| codec::decode(photo.kind, &bytes));
            match decoded {
                Ok(p) => Some(codec::orient(p, photo.header.orientation)),
                Err(why) => {
                    let used = photo.used_at.lock().unwrap_or_else(|e| e.into_inner());
                    let msg = Msg::ImageUnreadable {
                        src: photo.source.shown.clone(),
                        why,
                    };
                    return match used.first() {
                        Some(at) => vec![at.clone().with_msg(msg)],
                        None => vec![Diagnostic::error(msg).in_file(&photo.source.shown)],
                    };
                }
            }
        } else {
            None
        };
        if !encode {
            return Vec::new();
        }
        // The widest first, made from the source; narrower ones from the widest.
        let mut order: Vec<usize> = (0..variants.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(variants[i].width));
        let mut scaled: HashMap<u32, codec::Pixels> = HashMap::new();
        let mut problems = Vec::new();
        for i in order {
            let v = &variants[i];
            let bytes = match &cached[i] {
                Some(b) => {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                    b.clone()
                }
                None => {
                    let Some(src) = &pixels else { continue };
                    if !scaled.contains_key(&v.width) {
                        let from = scaled
                            .values()
                            .filter(|p| p.width >= v.width)
                            .min_by_key(|p| p.width);
                        let made = codec::resize(from.unwrap_or(src), v.width);
                        scaled.insert(v.width, made);
                    }
                    let Some(px) = scaled.get(&v.width) else {
                        continue;
                    };
                    let made = match v.format {
                        Format::Webp => Ok(codec::webp(px, self.settings.quality)),
                        Format::Jpeg => codec::jpeg(px, self.settings.jpeg_quality),
                        Format::Png => codec::png(px),
                    };
                    match made {
                        Ok(b) => {
                            self.encoded.fetch_add(1, Ordering::Relaxed);
                            self.cache.put(&keys[i], &b);
                            b
                        }
                        Err(why) => {
                            problems.push(
                                Diagnostic::error(Msg::ImageUnreadable {
                                    src: photo.source.shown.clone(),
                                    why,
                                })
                                .in_file(&photo.source.shown),
                            );
                            continue;
                        }
                    }
                }
            };
            put(v.path.clone(), bytes, &photo.source.shown);
        }
        problems
    }

    /// Photos the build copies as they are (no page shows them: a theme's CSS background, a
    /// download) that carry a GPS position: each is handed to `put` without its metadata, at
    /// its own path, with a warning at the file; returns their paths (not copied) and the
    /// warnings. A photo only `image()` or `cover` uses is warned at its file too.
    pub(crate) fn scrub_copies(
        &self,
        put: &(dyn Fn(String, Vec<u8>, &str) + Sync),
    ) -> (Vec<String>, Vec<Diagnostic>) {
        let shown_somewhere: HashMap<String, bool> = self
            .photos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(path, p)| {
                let warned = p.as_ref().is_none_or(|p| {
                    !p.header.gps
                        || !p
                            .used_at
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .is_empty()
                });
                (path.clone(), warned)
            })
            .collect();
        let gps_warning = |shown: &str| {
            Diagnostic::warning(Msg::ImageGps {
                src: shown.to_string(),
            })
            .in_file(shown)
        };
        let mut files: Vec<(&String, &SourceFile)> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let done: Vec<(Option<String>, Diagnostic)> = files
            .par_iter()
            .filter_map(|(out_path, source)| {
                if let Some(warned) = shown_somewhere.get(*out_path) {
                    return (!warned).then(|| (None, gps_warning(&source.shown)));
                }
                let ext = out_path.rsplit_once('.')?.1.to_ascii_lowercase();
                if !matches!(ext.as_str(), "jpg" | "jpeg" | "jfif" | "png") {
                    return None;
                }
                let (kind, header) = peek_header(&source.abs)?;
                let header = header.filter(|h| h.gps)?;
                let bytes = std::fs::read(&source.abs).ok()?;
                let clean = match kind {
                    Kind::Jpeg => exif::scrub_jpeg(&bytes, header.orientation),
                    Kind::Png => exif::scrub_png(&bytes, header.orientation),
                    _ => None,
                }?;
                put(out_path.to_string(), clean, &source.shown);
                Some((Some(out_path.to_string()), gps_warning(&source.shown)))
            })
            .collect();
        let mut replaced = Vec::new();
        let mut warnings = Vec::new();
        for (path, warning) in done {
            replaced.extend(path);
            warnings.push(warning);
        }
        (replaced, warnings)
    }

    fn cache_key(&self, photo: &Photo, v: &Variant) -> String {
        let quality = match v.format {
            Format::Webp => self.settings.quality,
            Format::Jpeg => self.settings.jpeg_quality,
            Format::Png => 0,
        };
        let mut material = Vec::with_capacity(40);
        material.extend(photo.digest);
        material.extend(CODEC_VERSION.to_le_bytes());
        material.extend(v.width.to_le_bytes());
        material.push(quality);
        material.push(v.format as u8);
        self.cache.name(&material, v.format.ext())
    }
}

/// What a file's bytes say (kind, header, digest), read again only when its size or time
/// changed: `serve` keeps these from build to build, so adding one photo to a site of hundreds
/// reads one photo.
fn read_header(path: &Path) -> std::io::Result<(Kind, Option<Header>, [u8; 16])> {
    type Seen = HashMap<
        PathBuf,
        (
            (u64, std::time::SystemTime),
            (Kind, Option<Header>, [u8; 16]),
        ),
    >;
    static SEEN: Mutex<Option<Seen>> = Mutex::new(None);
    let meta = std::fs::metadata(path)?;
    let stamp = (meta.len(), meta.modified()?);
    if let Some((was, facts)) = SEEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(path))
        && *was == stamp
    {
        return Ok(*facts);
    }
    let bytes = std::fs::read(path)?;
    let kind = Kind::sniff(&bytes);
    let header = match kind {
        Kind::Jpeg => exif::jpeg_header(&bytes),
        Kind::Png => exif::png_header(&bytes),
        _ => None,
    }
    .filter(|h| h.width > 0 && h.height > 0);
    let facts = (kind, header, cache::digest(&bytes));
    // Stamped as it was before reading: a file changed meanwhile is read again next time.
    SEEN.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(path.to_path_buf(), (stamp, facts));
    Ok(facts)
}

/// A copied file's kind and header from its first bytes (a JPEG's EXIF and frame header come
/// first; a PNG's `eXIf` before its pixels), so a build does not read and hash every download
/// whole; a header not found there is looked for in the whole file.
fn peek_header(path: &Path) -> Option<(Kind, Option<Header>)> {
    use std::io::Read;
    const PEEK: u64 = 256 * 1024;
    let mut start = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(PEEK)
        .read_to_end(&mut start)
        .ok()?;
    let kind = Kind::sniff(&start);
    let header = match kind {
        Kind::Jpeg => exif::jpeg_header(&start),
        Kind::Png => exif::png_header(&start),
        _ => return Some((kind, None)),
    };
    match header {
        Some(h) => Some((kind, Some(h))),
        None if start.len() as u64 == PEEK => read_header(path).ok().map(|(k, h, _)| (k, h)),
        None => Some((kind, None)),
    }
}

fn fallback(kind: Kind) -> Format {
    match kind {
        Kind::Png => Format::Png,
        _ => Format::Jpeg,
    }
}

fn warning(at: &Diagnostic, msg: Msg) -> Diagnostic {
    let mut d = at.clone().with_msg(msg);
    d.severity = Severity::Warning;
    d
}
