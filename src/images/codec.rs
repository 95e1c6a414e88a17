//! Pixels: a JPEG or PNG decoded, turned upright (EXIF orientation), made smaller, and encoded
//! as WebP (lossy), JPEG or PNG. The encoders are given pixels only, so nothing of the source's
//! metadata (GPS, camera serial, owner, thumbnail) can reach a published file.

use super::exif::Kind;

/// Decoded pixels, 3 (RGB) or 4 (RGBA) bytes each, row by row.
pub(crate) struct Pixels {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) channels: usize,
    pub(crate) data: Vec<u8>,
}

/// Decodes a JPEG or PNG; the error says what the decoder found wrong.
pub(crate) fn decode(kind: Kind, bytes: &[u8]) -> Result<Pixels, String> {
    match kind {
        Kind::Jpeg => decode_jpeg(bytes),
        Kind::Png => decode_png(bytes),
        other => Err(format!("{} is not decoded", other.name())),
    }
}

fn decode_jpeg(bytes: &[u8]) -> Result<Pixels, String> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(1 << 15)
        .set_max_height(1 << 15);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let data = decoder.decode().map_err(|e| e.to_string())?;
    let info = decoder.info().ok_or("no frame")?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if data.len() != width as usize * height as usize * 3 {
        return Err("unexpected pixel count".into());
    }
    Ok(Pixels {
        width,
        height,
        channels: 3,
        data,
    })
}

fn decode_png(bytes: &[u8]) -> Result<Pixels, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("too large")?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    let n = width as usize * height as usize;
    let (channels, data) = match frame.color_type {
        png::ColorType::Rgb => (3, buf),
        png::ColorType::Rgba => (4, buf),
        png::ColorType::Grayscale => (3, buf.iter().flat_map(|&g| [g, g, g]).collect()),
        png::ColorType::GrayscaleAlpha => (
            4,
            buf.chunks_exact(2)
                .flat_map(|c| [c[0], c[0], c[0], c[1]])
                .collect(),
        ),
        png::ColorType::Indexed => return Err("palette not expanded".into()),
    };
    if data.len() != n * channels {
        return Err("unexpected pixel count".into());
    }
    // A fully opaque image is kept as RGB: smaller files, and a JPEG-like WebP.
    if channels == 4 && data.chunks_exact(4).all(|p| p[3] == 255) {
        let rgb = data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        return Ok(Pixels {
            width,
            height,
            channels: 3,
            data: rgb,
        });
    }
    Ok(Pixels {
        width,
        height,
        channels,
        data,
    })
}

/// The pixels turned as EXIF `orientation` (1–8) says the photo is to be shown.
pub(crate) fn orient(p: Pixels, orientation: u8) -> Pixels {
    if !(2..=8).contains(&orientation) {
        return p;
    }
    let (w, h, c) = (p.width as usize, p.height as usize, p.channels);
    let (ow, oh) = if orientation >= 5 { (h, w) } else { (w, h) };
    let mut out = vec![0u8; p.data.len()];
    for y in 0..oh {
        for x in 0..ow {
            let (sx, sy) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x),
            };
            let s = (sy * w + sx) * c;
            let d = (y * ow + x) * c;
            out[d..d + c].copy_from_slice(&p.data[s..s + c]);
        }
    }
    Pixels {
        width: ow as u32,
        height: oh as u32,
        channels: c,
        data: out,
    }
}

/// For each output position, the first source index and the weights (a triangle filter as
/// wide as the scale, so every source pixel counts when shrinking).
fn weights(src: usize, dst: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = src as f32 / dst as f32;
    let support = scale.max(1.0);
    (0..dst)
        .map(|i| {
            let center = (i as f32 + 0.5) * scale;
            let lo = ((center - support).floor().max(0.0)) as usize;
            let hi = ((center + support).ceil() as usize).min(src);
            let mut w: Vec<f32> = (lo..hi)
                .map(|j| (1.0 - ((j as f32 + 0.5 - center) / support).abs()).max(0.0))
                .collect();
            let sum: f32 = w.iter().sum();
            if sum > 0.0 {
                w.iter_mut().for_each(|v| *v /= sum);
            }
            (lo, w)
        })
        .collect()
}

/// The pixels scaled to `width` (the height keeps the proportions).
pub(crate) fn resize(p: &Pixels, width: u32) -> Pixels {
    let (w, h, c) = (p.width as usize, p.height as usize, p.channels);
    let nw = width as usize;
    let nh = ((h as u64 * nw as u64 + w as u64 / 2) / w as u64).max(1) as usize;
    if nw == w {
        return Pixels {
            data: p.data.clone(),
            ..*p
        };
    }
    let wx = weights(w, nw);
    let mut mid = vec![0f32; nw * h * c];
    for y in 0..h {
        let row = &p.data[y * w * c..(y + 1) * w * c];
        for (x, (lo, ws)) in wx.iter().enumerate() {
            let mut acc = [0f32; 4];
            for (k, wt) in ws.iter().enumerate() {
                let s = (lo + k) * c;
                for ch in 0..c {
                    acc[ch] += f32::from(row[s + ch]) * wt;
                }
            }
            mid[(y * nw + x) * c..(y * nw + x) * c + c].copy_from_slice(&acc[..c]);
        }
    }
    let wy = weights(h, nh);
    let mut out = vec![0u8; nw * nh * c];
    let stride = nw * c;
    for (y, (lo, ws)) in wy.iter().enumerate() {
        let dst = &mut out[y * stride..(y + 1) * stride];
        let mut acc = vec![0f32; stride];
        for (k, wt) in ws.iter().enumerate() {
            let src = &mid[(lo + k) * stride..(lo + k + 1) * stride];
            for (a, s) in acc.iter_mut().zip(src) {
                *a += s * wt;
            }
        }
        for (d, a) in dst.iter_mut().zip(acc) {
            *d = a.round().clamp(0.0, 255.0) as u8;
        }
    }
    Pixels {
        width: nw as u32,
        height: nh as u32,
        channels: c,
        data: out,
    }
}

/// Lossy WebP at `quality` (0–100).
pub(crate) fn webp(p: &Pixels, quality: u8) -> Vec<u8> {
    let encoder = match p.channels {
        4 => webp::Encoder::from_rgba(&p.data, p.width, p.height),
        _ => webp::Encoder::from_rgb(&p.data, p.width, p.height),
    };
    encoder.encode(f32::from(quality)).to_vec()
}

/// Baseline JPEG at `quality` (alpha, which JPEG cannot hold, is dropped on white).
pub(crate) fn jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let rgb: std::borrow::Cow<'_, [u8]> = match p.channels {
        4 => p
            .data
            .chunks_exact(4)
            .flat_map(|px| {
                let a = u16::from(px[3]);
                let mix = move |v: u8| ((u16::from(v) * a + 255 * (255 - a)) / 255) as u8;
                [mix(px[0]), mix(px[1]), mix(px[2])]
            })
            .collect::<Vec<u8>>()
            .into(),
        _ => (&p.data[..]).into(),
    };
    let (w, h) = (
        u16::try_from(p.width).map_err(|e| e.to_string())?,
        u16::try_from(p.height).map_err(|e| e.to_string())?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// PNG (for sources that were PNG: drawings and screenshots keep sharp edges and transparency).
pub(crate) fn png(p: &Pixels) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, p.width, p.height);
        enc.set_color(match p.channels {
            4 => png::ColorType::Rgba,
            _ => png::ColorType::Rgb,
        });
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&p.data)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: u32, h: u32) -> Pixels {
        let data = (0..h)
            .flat_map(|y| (0..w).flat_map(move |x| [(x * 7) as u8, (y * 5) as u8, 128]))
            .collect();
        Pixels {
            width: w,
            height: h,
            channels: 3,
            data,
        }
    }

    #[test]
    fn orientation_6_turns_the_picture_clockwise() {
        let p = gradient(4, 2);
        let corner = p.data[(4) * 3..(4) * 3 + 3].to_vec(); // bottom-left source pixel
        let o = orient(p, 6);
        assert_eq!((o.width, o.height), (2, 4));
        assert_eq!(&o.data[..3], &corner[..]);
    }

    #[test]
    fn round_trips_through_the_encoders() {
        let p = gradient(64, 48);
        let small = resize(&p, 32);
        assert_eq!((small.width, small.height), (32, 24));
        let j = jpeg(&small, 80).expect("jpeg");
        let back = decode(Kind::Jpeg, &j).expect("decodes");
        assert_eq!((back.width, back.height), (32, 24));
        let w = webp(&small, 75);
        assert_eq!(Kind::sniff(&w), Kind::Webp);
        let png_bytes = png(&small).expect("png");
        assert_eq!(
            decode(Kind::Png, &png_bytes).expect("png decodes").width,
            32
        );
    }

    #[test]
    fn a_truncated_jpeg_is_an_error() {
        let j = jpeg(&gradient(64, 48), 80).expect("jpeg");
        assert!(decode(Kind::Jpeg, &j[..j.len() / 2]).is_err());
    }
}
