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
