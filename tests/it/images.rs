//! Images a page shows: a missing one is an error at the image; every JPEG or PNG becomes a
//! `<picture>` of WebP widths and a fallback, upright and without any metadata; a broken or
//! mislabelled file is an error where it is shown; a photo with a GPS position is a warning
//! there; a rebuild takes every variant from the cache. The photos are made here, in memory:
//! an EXIF block with orientation 6 and a GPS position is spliced in byte by byte.

use crate::harness::{Site, jieshui};

/// RGB pixels `w`×`h`: the left half red, the right half blue (as stored).
fn halves(w: u32, h: u32) -> Vec<u8> {
    (0..h)
        .flat_map(|_| {
            (0..w).flat_map(move |x| {
                if x < w / 2 {
                    [220, 30, 30]
                } else {
                    [30, 30, 220]
                }
            })
        })
        .collect()
}

/// A JPEG as a phone writes it: EXIF with `orientation` and, if `gps`, a position.
pub(crate) fn photo(w: u16, h: u16, orientation: u16, gps: bool) -> Vec<u8> {
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(
            &halves(u32::from(w), u32::from(h)),
            w,
            h,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encode a JPEG");
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1(orientation, gps));
    out.extend(&jpeg[2..]);
    out
}

pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().expect("png header");
    writer.write_image_data(&halves(w, h)).expect("png data");
    writer.finish().expect("png end");
    out
}

/// An EXIF APP1 segment (little-endian TIFF): orientation, and a GPS IFD with a latitude.
fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let n: u16 = if gps { 3 } else { 2 };
    t.extend(n.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    // A camera serial number (ASCII, inline): must not be published either.
    entry(&mut t, 0xA431, 2, 4, u32::from_le_bytes(*b"SN9\0"));
    let gps_ifd = 8 + 2 + 12 * u32::from(n) + 4;
    if gps {
        entry(&mut t, 0x8825, 4, 1, gps_ifd);
    }
    t.extend(0u32.to_le_bytes());
    if gps {
        let rationals = gps_ifd + 2 + 24 + 4;
        t.extend(2u16.to_le_bytes());
        entry(&mut t, 1, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
        entry(&mut t, 2, 5, 3, rationals);
        t.extend(0u32.to_le_bytes());
        for v in [31u32, 1, 46, 1, 0, 1] {
            t.extend(v.to_le_bytes());
        }
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(u16::try_from(t.len() + 8).expect("short").to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}

fn site_with_images() -> Site {
    let site = Site::new();
    site.write(
        "content/visit/index.md",
        "---\ntitle: 参观水厂\n---\n![水厂外景](plant.png)\n\n![水厂内景](水厂.jpg) ![同一张](%E6%B0%B4%E5%8E%82.jpg)\n\n![标志](/images/logo.svg) ![外站](https://other.example.com/a.png)\n",
    );
    site.write_bytes("content/visit/plant.png", &png(64, 48));
    site.write_bytes("content/visit/水厂.jpg", &photo(64, 48, 1, false));
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site
}

/// A site whose page shows a phone photo (1200×800 stored, orientation 6, with GPS).
fn photo_site() -> Site {
    let site = Site::new();
    site.write(
        "content/news/stall/index.md",
        "---\ntitle: 宣传周摊位\n---\n宣传周现场。\n\n![宣传周摊位（示例图）](stall.jpg)\n\n![示意图](chart.png)\n",
    );
    site.write_bytes("content/news/stall/stall.jpg", &photo(1200, 800, 6, true));
    site.write_bytes("content/news/stall/chart.png", &png(300, 200));
    site
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"Exif" || w == b"EXIF") || bytes.windows(3).any(|w| w == b"SN9")
}

fn jpeg_pixels(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    let mut d = zune_jpeg::JpegDecoder::new(ZCursor::new(bytes));
    let px = d.decode().expect("a published JPEG decodes");
    let info = d.info().expect("info");
    (usize::from(info.width), usize::from(info.height), px)
}

#[test]
fn images_that_exist_give_no_warning() {
    let site = site_with_images();
    let run = site.run(&["check", "--strict"]);
    run.succeeds();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    site.build().succeeds();
    let html = site.out("visit/index.html");
    // SVG passes through untouched, and so does another site's image.
    assert!(
        html.contains("<img src=\"/images/logo.svg\" alt=\"标志\""),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"https://other.example.com/a.png\""),
        "{html}"
    );
    assert!(site.out_exists("images/logo.svg"));
    // The percent-escaped address and the plain one are the same photo.
    assert!(html.contains("%E6%B0%B4%E5%8E%82-64w.webp"), "{html}");
    assert!(site.out_exists("visit/水厂-64w.webp"));
}

#[test]
fn a_missing_image_is_an_error_at_the_image() {
    let site = site_with_images();
    site.write(
        "content/news.md",
        "---\ntitle: 新闻\n---\n节水宣传。\n\n看图：![宣传周](zhou.jpg)\n\n![标志](/images/nosuch.svg)\n",
    );
    site.build()
        .fails()
        .error_at("content/news.md:6:4: the image `zhou.jpg` is not in the built site")
        .error_at("content/news.md:8:1: the image `/images/nosuch.svg`");
    // In Chinese, by default.
    site.run_in(None, &["check"])
        .fails()
        .says("error: content/news.md:6:4: 找不到图片 `zhou.jpg`");
}

#[test]
fn a_bundle_image_deleted_is_missed_on_the_next_build() {
    let site = site_with_images();
    site.build().succeeds();
    std::fs::remove_file(site.root().join("content/visit/plant.png")).unwrap();
    site.build()
        .fails()
        .error_at("content/visit/index.md:4:1: the image `plant.png`");
}

#[test]
fn a_phone_photo_becomes_an_upright_picture_without_metadata() {
    let site = photo_site();
    let run = site.build();
    run.succeeds().warning_at(
        "content/news/stall/index.md:6:1: the photo `stall.jpg` records where it was taken",
    );
    let html = site.out("news/stall/index.html");
    // Shown upright it is 800×1200: WebP at 480 and 800 (never wider than the source).
    assert!(
        html.contains("<picture><source type=\"image/webp\" srcset=\"stall-480w.webp 480w, stall-800w.webp 800w\""),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"stall-800w.jpg\" alt=\"宣传周摊位（示例图）\" width=\"800\" height=\"1200\"></picture>"),
        "the first image loads at once: {html}"
    );
    assert!(
        html.contains("<img src=\"chart-300w.png\" alt=\"示意图\" width=\"300\" height=\"200\" loading=\"lazy\" decoding=\"async\"></picture>"),
        "later ones are lazy: {html}"
    );
    // The original (with its GPS block) is not published.
    assert!(!site.out_exists("news/stall/stall.jpg"));
    let out = site.root().join("public/news/stall");
    let fallback = std::fs::read(out.join("stall-800w.jpg")).expect("the fallback");
    assert!(!has_exif(&fallback));
    let (w, h, px) = jpeg_pixels(&fallback);
    assert_eq!((w, h), (800, 1200));
    // Turned clockwise: the stored left half (red) is now the top.
    let at = |x: usize, y: usize| &px[(y * w + x) * 3..(y * w + x) * 3 + 3];
    assert!(
        at(400, 100)[0] > 150 && at(400, 100)[2] < 100,
        "{:?}",
        at(400, 100)
    );
    assert!(
        at(400, 1100)[2] > 150 && at(400, 1100)[0] < 100,
        "{:?}",
        at(400, 1100)
    );
    for (name, width, height) in [
        ("stall-480w.webp", 480, 720),
        ("stall-800w.webp", 800, 1200),
    ] {
        let bytes = std::fs::read(out.join(name)).expect("a WebP variant");
        assert!(!has_exif(&bytes), "{name}");
        let f = webp::BitstreamFeatures::new(&bytes).expect("a WebP");
        assert_eq!((f.width(), f.height()), (width, height), "{name}");
    }
    // `check` says the same, and writes nothing.
    site.run(&["check"])
        .succeeds()
        .warning_at("content/news/stall/index.md:6:1: the photo `stall.jpg`");
}

#[test]
fn a_second_build_encodes_nothing() {
    let site = photo_site();
    site.build()
        .succeeds()
        .says("images: 5 variant(s) encoded, 0 taken from the cache");
    let first = site.output_tree();
    site.build()
        .succeeds()
        .says("images: 0 variant(s) encoded, 5 taken from the cache");
    assert_eq!(first, site.output_tree(), "the same site");
    // A replaced photo is encoded again, and only it.
    site.write_bytes("content/news/stall/chart.png", &png(200, 100));
    site.build()
        .succeeds()
        .says("images: 2 variant(s) encoded, 3 taken from the cache");
    // The cache folder may be deleted at any time.
    std::fs::remove_dir_all(site.root().join(".jieshui-cache")).unwrap();
    site.build().succeeds().says("images: 5 variant(s) encoded");
}

#[test]
fn keep_original_publishes_it_without_metadata() {
    let site = photo_site();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\ntheme: t\nimages:\n  keep_original: true\n  widths: [300]\n",
    );
    site.build().succeeds();
    let original = std::fs::read(site.root().join("public/news/stall/stall.jpg")).unwrap();
    assert!(!has_exif(&original));
    assert_eq!(jpeg_pixels(&original).0, 800);
    assert!(
        site.out("news/stall/index.html")
            .contains("srcset=\"stall-300w.webp 300w\"")
    );
}

#[test]
fn a_truncated_photo_is_an_error_where_it_is_shown() {
    let site = photo_site();
    let whole = photo(1200, 800, 1, false);
    site.write_bytes("content/news/stall/stall.jpg", &whole[..whole.len() / 2]);
    site.build()
        .fails()
        .error_at("content/news/stall/index.md:6:1: the picture `content/news/stall/stall.jpg` cannot be read");
    site.run(&["check"])
        .fails()
        .error_at("content/news/stall/index.md:6:1");
}

#[test]
fn a_mislabelled_photo_is_an_error_where_it_is_shown() {
    let site = photo_site();
    site.write_bytes("content/news/stall/stall.jpg", &png(40, 30));
    site.build()
        .fails()
        .error_at("content/news/stall/index.md:6:1: `news/stall/stall.jpg` is named as a JPEG file but is really PNG");
    site.write_bytes(
        "content/news/stall/stall.jpg",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    );
    site.build()
        .fails()
        .error_at("content/news/stall/index.md:6:1: `news/stall/stall.jpg` is named as a JPEG file but is really HEIC/HEIF");
}

#[test]
fn the_figure_shortcode_and_raw_html_get_pictures_too() {
    let site = photo_site();
    site.write(
        "templates/shortcodes/figure.html",
        "<figure><img src=\"{{ src }}\" alt=\"{{ alt }}\"><figcaption>{{ alt }}</figcaption></figure>",
    );
    site.write(
        "content/news/stall/index.md",
        "---\ntitle: 宣传周摊位\n---\n\n{{ figure(src=\"chart.png\", alt=\"示意图\") }}\n\n<img src=\"stall.jpg\" alt=\"摊位\">\n",
    );
    site.build()
        .succeeds()
        .warning_at("content/news/stall/index.md:7:");
    let html = site.out("news/stall/index.html");
    assert!(
        html.contains(
            "<figure><picture><source type=\"image/webp\" srcset=\"chart-300w.webp 300w\""
        ),
        "{html}"
    );
    assert!(html.contains("<img src=\"stall-800w.jpg\" alt=\"摊位\" width=\"800\" height=\"1200\" loading=\"lazy\""), "{html}");
}

#[test]
fn the_image_function_gives_a_themes_card_picture() {
    let site = photo_site();
    site.write(
        "templates/page.html",
        "<meta property=\"og:image\" content=\"{{ image(src=page.path ~ \"stall.jpg\", width=600) }}\">{{ page.content | safe }}",
    );
    site.build().succeeds();
    let html = site.out("news/stall/index.html");
    assert!(
        html.contains("content=\"https://example.org/news/stall/stall-600w.jpg\""),
        "{html}"
    );
    let card = std::fs::read(site.root().join("public/news/stall/stall-600w.jpg")).unwrap();
    assert_eq!(jpeg_pixels(&card).0, 600);
    site.write("templates/page.html", "{{ image(src=\"/nosuch.jpg\") }}");
    site.build().fails().says("nosuch.jpg");
}

#[test]
fn a_planted_cache_link_is_not_followed() {
    let site = photo_site();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join(".jieshui-cache")).unwrap();
    site.build().succeeds().says("images: 5 variant(s) encoded");
    site.build().succeeds().says("images: 5 variant(s) encoded");
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
    let _ = jieshui(&["--help"]);
}

#[test]
fn a_cover_in_front_matter_is_the_default_themes_social_preview() {
    let site = photo_site();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: https://example.org/\n",
    );
    site.write(
        "content/news/stall/index.md",
        "---\ntitle: 宣传周摊位\ncover: stall.jpg\n---\n宣传周现场。\n",
    );
    site.build().succeeds();
    let html = site.out("news/stall/index.html");
    // Never wider than the source (800 shown), upright, without metadata.
    assert!(
        html.contains(
            "<meta property=\"og:image\" content=\"https://example.org/news/stall/stall-800w.jpg\">"
        ),
        "{html}"
    );
    let card = std::fs::read(site.root().join("public/news/stall/stall-800w.jpg")).unwrap();
    assert!(!has_exif(&card));
    assert!(!site.out_exists("news/stall/stall.jpg"));
    site.write(
        "content/news/stall/index.md",
        "---\ntitle: 宣传周摊位\ncover: nosuch.jpg\n---\n",
    );
    site.build().fails().says("nosuch.jpg");
}

#[test]
fn a_photo_copied_as_it_is_loses_its_position_but_not_its_pixels() {
    let site = Site::new();
    // A theme's background and a download: no page shows them, so they are copied.
    site.write_bytes("static/bg.jpg", &photo(64, 48, 6, true));
    site.write_bytes("static/plain.jpg", &photo(64, 48, 1, false));
    site.write(
        "themes/t/static/style.css",
        "body { background: url(/bg.jpg); }\n",
    );
    let run = site.build();
    run.succeeds()
        .warning_at("static/bg.jpg: the photo `static/bg.jpg` records where it was taken");
    let original = photo(64, 48, 6, true);
    let published = std::fs::read(site.root().join("public/bg.jpg")).expect("published");
    assert!(published.len() < original.len(), "the GPS block is gone");
    assert!(!published.windows(3).any(|w| w == b"SN9"), "no position");
    // The same picture, still turned by its orientation.
    assert_eq!(jpeg_pixels(&published), jpeg_pixels(&original));
    assert!(
        published.windows(4).any(|w| w == b"Exif"),
        "orientation kept"
    );
    // A photo without a position is copied byte for byte, without a warning.
    assert_eq!(
        std::fs::read(site.root().join("public/plain.jpg")).unwrap(),
        photo(64, 48, 1, false)
    );
    assert!(!run.stderr.contains("plain.jpg"), "{}", run.stderr);
}

#[test]
fn a_cover_with_a_position_is_warned_at_its_file() {
    let site = Site::new();
    site.write(
        "content/news/a/index.md",
        "---\ntitle: 甲\ncover: stall.jpg\n---\n正文\n",
    );
    site.write_bytes("content/news/a/stall.jpg", &photo(640, 480, 1, true));
    site.write(
        "themes/t/templates/page.html",
        "<img src=\"{{ image(src=page.cover, width=320) }}\" alt=\"\">",
    );
    site.build().succeeds().warning_at(
        "content/news/a/stall.jpg: the photo `content/news/a/stall.jpg` records where it was taken",
    );
    assert!(!site.out_exists("news/a/stall.jpg"));
}
