//! Compact encodings shared with `themes/default/static/search.js`: the digit alphabet of the
//! posting lists, the FNV-1a hash that places a term in a shard, and JSON text safe inside a
//! JavaScript file. Change them only together with search.js.

/// Digits: every printable ASCII character from `#` to `}` except `\`, so a posting list is a
/// JSON string that needs no escaping. The first `HALF` digits end a number, the others carry
/// on to the next (higher) digit.
const ALPHABET: &[u8; 90] =
    b"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}";

/// Values per digit.
pub(crate) const HALF: u64 = 45;

/// Appends `v` as little-endian base-45 digits: zero or more continuing digits, then an ending one.
pub(crate) fn push_varint(out: &mut String, mut v: u64) {
    while v >= HALF {
        out.push(char::from(ALPHABET[(HALF + v % HALF) as usize]));
        v /= HALF;
    }
    out.push(char::from(ALPHABET[v as usize]));
}

/// Whether byte `b` of an encoded string ends a number (so a list may be split after it).
pub(crate) fn ends_number(b: u8) -> bool {
    ALPHABET[..HALF as usize].contains(&b)
}

/// Decodes a string of varints (for tests, and as the reference for search.js).
#[cfg(test)]
pub(crate) fn decode_varints(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let (mut acc, mut mul) = (0u64, 1u64);
    for b in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == b)? as u64;
        if d >= HALF {
            acc += (d - HALF) * mul;
            mul *= HALF;
        } else {
            out.push(acc + d * mul);
            (acc, mul) = (0, 1);
        }
    }
    (mul == 1 && acc == 0).then_some(out)
}

/// 32-bit FNV-1a over the UTF-8 bytes of `term`: which shard holds it.
pub(crate) fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// 64-bit FNV-1a, for the index's version id.
pub(crate) fn fnv64(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// The 64-bit FNV offset basis.
pub(crate) const FNV64_START: u64 = 0xcbf2_9ce4_8422_2325;

/// `s` as a JSON string literal that is also valid in any JavaScript engine (U+2028 and U+2029
/// escaped).
pub(crate) fn js_string(out: &mut String, s: &str) {
    // Serialising a &str cannot fail; fall back to an empty literal rather than panic.
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    if json.contains(['\u{2028}', '\u{2029}']) {
        out.push_str(
            &json
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        );
    } else {
        out.push_str(&json);
    }
}

/// `text` as a JSON string literal, with each run of whitespace made one space, trimmed, and
/// cut to `max` characters; escapes what JSON and JavaScript need. Copies runs of plain
/// characters whole.
pub(crate) fn js_text(out: &mut String, text: &str, max: usize) {
    out.push('"');
    let mut n = 0;
    let mut space = false;
    let mut run: Option<usize> = None;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if n >= max {
            end = i;
            break;
        }
        // No whitespace above U+3000: skip the table for CJK text.
        if (c as u32) <= 0x3000 && c.is_whitespace() {
            if let Some(s) = run.take() {
                out.push_str(&text[s..i]);
            }
            space = n > 0;
            continue;
        }
        if space {
            space = false;
            out.push(' ');
            n += 1;
            if n >= max {
                end = i;
                break;
            }
        }
        n += 1;
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            c if (c as u32) < 0x20 => "",
            _ => {
                run.get_or_insert(i);
                continue;
            }
        };
        if let Some(s) = run.take() {
            out.push_str(&text[s..i]);
        }
        if escape.is_empty() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(escape);
        }
    }
    if let Some(s) = run {
        out.push_str(&text[s..end]);
    }
    out.push('"');
}

/// A 64-bit FNV-style hash of `bytes` taken eight at a time, for the index's version id.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = FNV64_START;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    fnv64(&mut h, words.remainder());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [
            0,
            1,
            44,
            45,
            46,
            2024,
            45 * 45,
            1 << 32,
            u64::from(u32::MAX),
        ];
        let mut s = String::new();
        for v in values {
            push_varint(&mut s, v);
        }
        assert!(!s.contains(['"', '\\']));
        assert_eq!(decode_varints(&s), Some(values.to_vec()));
        let mut one = String::new();
        push_varint(&mut one, 44);
        assert_eq!(one.len(), 1);
        assert!(ends_number(one.as_bytes()[0]));
    }

    #[test]
    fn alphabet_is_distinct_and_json_safe() {
        let mut seen = std::collections::BTreeSet::new();
        for &b in ALPHABET {
            assert!(seen.insert(b));
            assert!(b.is_ascii_graphic() && b != b'"' && b != b'\\');
        }
    }

    #[test]
    fn fnv_matches_reference_values() {
        // Reference values of 32-bit FNV-1a.
        assert_eq!(term_hash(""), 0x811c_9dc5);
        assert_eq!(term_hash("a"), 0xe40c_292c);
        assert_eq!(term_hash("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn texts_collapse_whitespace_cut_and_escape() {
        let text = |t: &str, max: usize| {
            let mut s = String::new();
            js_text(&mut s, t, max);
            s
        };
        assert_eq!(text("  节水\n\n 宣传\u{3000}周 ", 100), "\"节水 宣传 周\"");
        assert_eq!(text("节约用水", 2), "\"节约\"");
        assert_eq!(
            text("a \"b\"\\\u{1}\u{2028}c", 100),
            "\"a \\\"b\\\"\\\\\\u0001 c\""
        );
        let parsed: String = serde_json::from_str(&text("x\u{7}\"\\y", 10)).unwrap_or_default();
        assert_eq!(parsed, "x\u{7}\"\\y");
    }

    #[test]
    fn js_strings_escape_line_separators() {
        let mut s = String::new();
        js_string(&mut s, "a\u{2028}\"<b>");
        assert_eq!(s, "\"a\\u2028\\\"<b>\"");
    }
}
