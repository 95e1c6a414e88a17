//! What a photo's file says about itself before it is decoded: its kind (from its first
//! bytes, not its name), its size, and from the EXIF block of a JPEG (or a PNG's `eXIf`) the
//! orientation the camera was held in and whether it records where the photo was taken.

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
    /// HEIC/HEIF/AVIF: what an iPhone saves; no browser but Safari shows HEIC.
    Heif,
    Unknown,
}

impl Kind {
    pub(crate) fn sniff(bytes: &[u8]) -> Kind {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Kind::Jpeg
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if bytes.starts_with(b"GIF8") {
            Kind::Gif
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Kind::Webp
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            Kind::Heif
        } else {
            Kind::Unknown
        }
    }

    /// How staff would name the format.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::Gif => "GIF",
            Kind::Webp => "WebP",
            Kind::Heif => "HEIC/HEIF",
            Kind::Unknown => "unknown",
        }
    }
}

/// What a JPEG's or PNG's headers say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// As stored, before the orientation is applied.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// EXIF orientation, 1–8 (1 when there is none).
    pub(crate) orientation: u8,
    /// The EXIF block has a GPS position.
    pub(crate) gps: bool,
}

impl Header {
    /// The size as shown (a photo taken upright with orientation 6 is stored on its side).
    pub(crate) fn shown_size(&self) -> (u32, u32) {
        match self.orientation {
            5..=8 => (self.height, self.width),
            _ => (self.width, self.height),
        }
    }
}

/// A JPEG's header: its frame size and EXIF facts. `None` when there is no frame header.
pub(crate) fn jpeg_header(bytes: &[u8]) -> Option<Header> {
    let mut h = Header {
        orientation: 1,
        ..Header::default()
    };
    let mut seen_frame = false;
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD8).contains(&marker) {
            i += 2;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let body = bytes.get(i + 4..i + 2 + len)?;
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame && body.len() >= 5 {
            h.height = u32::from(u16::from_be_bytes([body[1], body[2]]));
            h.width = u32::from(u16::from_be_bytes([body[3], body[4]]));
            seen_frame = true;
        } else if marker == 0xE1
            && let Some(tiff) = body.strip_prefix(b"Exif\0\0")
        {
            read_tiff(tiff, &mut h);
        }
        i += 2 + len;
    }
    seen_frame.then_some(h)
}

/// Reads orientation and GPS from an EXIF (TIFF) block; what it cannot read it leaves.
pub(crate) fn read_tiff(tiff: &[u8], h: &mut Header) {
    let big = match tiff.get(..4) {
        Some(b"MM\0*") => true,
        Some(b"II*\0") => false,
        _ => return,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at + 2)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let entries = |ifd: usize| -> Vec<(u16, usize)> {
        let count = u16_at(ifd).map_or(0, usize::from);
        (0..count)
            .map(|k| ifd + 2 + 12 * k)
            .filter_map(|e| Some((u16_at(e)?, e)))
            .collect()
    };
    let Some(ifd0) = u32_at(4) else { return };
    for (tag, e) in entries(ifd0 as usize) {
        match tag {
            0x0112 => {
                if let Some(o @ 1..=8) = u16_at(e + 8) {
                    h.orientation = o as u8;
                }
            }
            0x8825 => {
                if let Some(gps) = u32_at(e + 8) {
                    // Latitude or longitude (tags 1–4) make a position; a version alone does not.
                    h.gps = entries(gps as usize)
                        .iter()
                        .any(|(t, _)| (1..=4).contains(t));
                }
            }
            _ => {}
        }
    }
}

/// A PNG's header: its size and, from an `eXIf` chunk, the EXIF facts.
pub(crate) fn png_header(bytes: &[u8]) -> Option<Header> {
    let mut h = Header {
        orientation: 1,
        ..Header::default()
    };
    let mut i = 8;
    let mut seen = false;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        let kind = &bytes[i + 4..i + 8];
        let body = bytes.get(i + 8..(i + 8).checked_add(len)?)?;
        match kind {
            b"IHDR" if body.len() >= 8 => {
                h.width = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
                h.height = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
                seen = true;
            }
            b"eXIf" => read_tiff(body, &mut h),
            b"IDAT" | b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    seen.then_some(h)
}

/// The JPEG without the blocks that can hold where and by whom it was taken (EXIF and XMP in
/// APP1, IPTC in APP13, comments, the multi-picture index in APP2 and the pictures after the
/// image's end that it points to), pixels and colour profile untouched. An orientation other
/// than 1 is kept, in a new EXIF block holding only that. `None` for a file not laid out as a
/// JPEG.
pub(crate) fn scrub_jpeg(bytes: &[u8], orientation: u8) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    if orientation != 1 {
        let tiff = orientation_tiff(orientation);
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&tiff);
    }
    let mut i = 2;
    while i + 2 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            continue;
        }
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Some(out);
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
        let end = (i + 2 + len).min(bytes.len());
        if len < 2 {
            return None;
        }
        let body = &bytes[i + 4..end];
        let private =
            matches!(marker, 0xE1 | 0xED | 0xFE) || (marker == 0xE2 && body.starts_with(b"MPF\0"));
        if !private {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
        if marker == 0xDA {
            // Entropy-coded data: a 0xFF in it is followed by 0x00 or a restart marker, so the
            // next other marker (another scan's tables, or the end) is found by scanning.
            let mut j = i;
            while j + 1 < bytes.len() {
                if bytes[j] == 0xFF
                    && bytes[j + 1] != 0x00
                    && !(0xD0..=0xD7).contains(&bytes[j + 1])
                {
                    break;
                }
                j += 1;
            }
            out.extend_from_slice(&bytes[i..j]);
            i = j;
        }
    }
    None
}

/// The PNG without its text and EXIF chunks (`tEXt`, `zTXt`, `iTXt` — XMP lives there —
/// and `eXIf`); an orientation other than 1 is kept in a new `eXIf` holding only that.
pub(crate) fn scrub_png(bytes: &[u8], orientation: u8) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut i = SIGNATURE.len();
    while i + 12 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(i..end)?;
        let kind = &chunk[4..8];
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IHDR" && orientation != 1 {
            let tiff = orientation_tiff(orientation);
            let mut crc = crc32fast::Hasher::new();
            crc.update(b"eXIf");
            crc.update(&tiff);
            out.extend_from_slice(&(tiff.len() as u32).to_be_bytes());
            out.extend_from_slice(b"eXIf");
            out.extend_from_slice(&tiff);
            out.extend_from_slice(&crc.finalize().to_be_bytes());
        }
        i = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

/// A little-endian TIFF block with one entry: the orientation.
fn orientation_tiff(orientation: u8) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(1u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(u32::from(orientation).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An EXIF APP1 segment (little-endian TIFF) with an orientation and, if asked, a GPS
    /// position: what a phone writes, made byte by byte.
    pub(crate) fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
        let mut t: Vec<u8> = b"II*\0".to_vec();
        t.extend(8u32.to_le_bytes());
        let n: u16 = if gps { 2 } else { 1 };
        t.extend(n.to_le_bytes());
        // Orientation: SHORT, count 1, value inline.
        t.extend(0x0112u16.to_le_bytes());
        t.extend(3u16.to_le_bytes());
        t.extend(1u32.to_le_bytes());
        t.extend(u32::from(orientation).to_le_bytes());
        let gps_ifd = 8 + 2 + 12 * u32::from(n) + 4;
        if gps {
            t.extend(0x8825u16.to_le_bytes());
            t.extend(4u16.to_le_bytes());
            t.extend(1u32.to_le_bytes());
            t.extend(gps_ifd.to_le_bytes());
        }
        t.extend(0u32.to_le_bytes());
        if gps {
            // GPSLatitudeRef "N" and GPSLatitude 31/1 46/1 0/1 (a rational triple after it).
            t.extend(2u16.to_le_bytes());
            t.extend(1u16.to_le_bytes());
            t.extend(2u16.to_le_bytes());
            t.extend(2u32.to_le_bytes());
            t.extend(b"N\0\0\0");
            let rationals = gps_ifd + 2 + 24 + 4;
            t.extend(2u16.to_le_bytes());
            t.extend(5u16.to_le_bytes());
            t.extend(3u32.to_le_bytes());
            t.extend(rationals.to_le_bytes());
            t.extend(0u32.to_le_bytes());
            for v in [31u32, 1, 46, 1, 0, 1] {
                t.extend(v.to_le_bytes());
            }
        }
        let mut seg = vec![0xFF, 0xE1];
        seg.extend(((t.len() + 8) as u16).to_be_bytes());
        seg.extend(b"Exif\0\0");
        seg.extend(t);
        seg
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Kind::Jpeg);
        assert_eq!(Kind::sniff(b"\x89PNG\r\n\x1a\nxxxx"), Kind::Png);
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypheic\0\0"), Kind::Heif);
        assert_eq!(Kind::sniff(b"GIF89a"), Kind::Gif);
        assert_eq!(Kind::sniff(b"hello"), Kind::Unknown);
    }

    #[test]
    fn reads_orientation_and_gps() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(exif_app1(6, true));
        // A baseline frame header: 8 bits, 30 high, 40 wide, 3 components.
        jpeg.extend([0xFF, 0xC0, 0, 17, 8, 0, 30, 0, 40, 3]);
        jpeg.extend([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.extend([0xFF, 0xD9]);
        let h = jpeg_header(&jpeg).expect("a header");
        assert_eq!((h.width, h.height, h.orientation, h.gps), (40, 30, 6, true));
        assert_eq!(h.shown_size(), (30, 40));
        let mut plain = vec![0xFF, 0xD8];
        plain.extend(exif_app1(1, false));
        plain.extend([0xFF, 0xC0, 0, 8, 8, 0, 30, 0, 40, 1]);
        let h = jpeg_header(&plain).expect("a header");
        assert!(!h.gps);
        assert_eq!(h.orientation, 1);
    }

    /// A baseline JPEG's bytes after its EXIF: a frame header, a scan and the end.
    fn frame_and_scan() -> Vec<u8> {
        let mut b = vec![0xFF, 0xC0, 0, 17, 8, 0, 30, 0, 40, 3];
        b.extend([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0]);
        b.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        b.extend([0xFF, 0xD9]);
        b
    }

    #[test]
    fn scrubbing_a_jpeg_drops_the_position_and_keeps_pixels_and_orientation() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, b'J', b'F'];
        jpeg.extend(exif_app1(6, true));
        jpeg.extend([0xFF, 0xFE, 0, 5, b'h', b'i', b'!']);
        jpeg.extend(frame_and_scan());
        jpeg.extend(b"trailing picture with Exif GPS");
        let clean = scrub_jpeg(&jpeg, 6).expect("scrubbed");
        let h = jpeg_header(&clean).expect("a header");
        assert_eq!(
            (h.width, h.height, h.orientation, h.gps),
            (40, 30, 6, false)
        );
        assert!(clean.ends_with(&frame_and_scan()), "pixels untouched");
        assert!(!clean.windows(2).any(|w| w == b"hi"), "comment dropped");
        assert!(
            !clean.windows(8).any(|w| w == b"trailing"),
            "trailer dropped"
        );
        // Upright: no EXIF at all.
        let upright = scrub_jpeg(&jpeg, 1).unwrap();
        assert!(!upright.windows(4).any(|w| w == b"Exif"));
        assert_eq!(scrub_jpeg(b"not a jpeg", 1), None);
        assert_eq!(scrub_jpeg(&jpeg[..jpeg.len() / 3], 1), None);
    }

    #[test]
    fn scrubbing_a_png_drops_text_and_exif() {
        let chunk = |kind: &[u8], body: &[u8]| {
            let mut c = (body.len() as u32).to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(body);
            let mut crc = crc32fast::Hasher::new();
            crc.update(kind);
            crc.update(body);
            c.extend(crc.finalize().to_be_bytes());
            c
        };
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0, 0, 0]));
        let exif = exif_app1(6, true);
        png.extend(chunk(b"eXIf", &exif[10..]));
        png.extend(chunk(b"tEXt", b"Comment\0at home"));
        png.extend(chunk(b"IDAT", &[1, 2, 3]));
        png.extend(chunk(b"IEND", &[]));
        let clean = scrub_png(&png, 6).expect("scrubbed");
        let h = png_header(&clean).expect("a header");
        assert_eq!((h.width, h.height, h.orientation, h.gps), (4, 3, 6, false));
        assert!(!clean.windows(7).any(|w| w == b"at home"));
        assert!(clean.ends_with(&chunk(b"IEND", &[])));
        let upright = scrub_png(&png, 1).unwrap();
        assert!(!upright.windows(4).any(|w| w == b"eXIf"));
    }

    #[test]
    fn scrubbing_cut_or_damaged_files_never_panics() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(exif_app1(6, true));
        jpeg.extend(frame_and_scan());
        for cut in 0..jpeg.len() {
            let _ = scrub_jpeg(&jpeg[..cut], 6);
            let _ = scrub_png(&jpeg[..cut], 1);
            let mut damaged = jpeg.clone();
            damaged[cut] ^= 0xA5;
            let _ = scrub_jpeg(&damaged, 1);
        }
    }

    #[test]
    fn garbage_gives_no_header_and_no_panic() {
        assert_eq!(jpeg_header(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 1]), None);
        assert_eq!(png_header(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xff"), None);
        let mut h = Header::default();
        read_tiff(b"II*\0\xff\xff\xff\xff", &mut h);
        read_tiff(b"MM\0*\0\0\0\x08\xff\xff", &mut h);
        assert!(!h.gps);
    }
}
