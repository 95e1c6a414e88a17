//! Placeholder tokens: a run of private-use characters standing for item `N` of the prepass.
//!
//! Markdown treats private-use characters like letters, so a token never splits an event,
//! never starts a block and never changes emphasis flanking.

pub(crate) const START: char = '\u{E000}';
const END: char = '\u{E001}';
const DIGITS: [char; 10] = [
    '\u{E010}', '\u{E011}', '\u{E012}', '\u{E013}', '\u{E014}', '\u{E015}', '\u{E016}', '\u{E017}',
    '\u{E018}', '\u{E019}',
];

/// Appends the token for item `idx`.
pub(crate) fn push(out: &mut String, idx: usize) {
    out.push(START);
    let digits = idx.to_string();
    for d in digits.bytes() {
        out.push(DIGITS[usize::from(d - b'0')]);
    }
    out.push(END);
}

/// Reads a token at the start of `s`: `(item index, byte length)`.
pub(crate) fn parse(s: &str) -> Option<(usize, usize)> {
    let mut chars = s.char_indices();
    if chars.next()?.1 != START {
        return None;
    }
    let mut idx: usize = 0;
    for (n, (i, c)) in chars.enumerate() {
        if c == END {
            return (n > 0).then_some((idx, i + c.len_utf8()));
        }
        let d = DIGITS.iter().position(|&x| x == c)?;
        idx = idx.checked_mul(10)?.checked_add(d)?;
    }
    None
}

/// A piece of a string split at tokens.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Plain text `s[a..b]`.
    Text(usize, usize),
    /// Item `idx` whose token spans `s[a..b]`.
    Token { idx: usize, a: usize, b: usize },
}

/// Splits `s` into text and tokens for items below `count`; other private-use runs stay text.
pub(crate) fn split(s: &str, count: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut search = 0;
    while let Some(i) = s[search..].find(START).map(|i| i + search) {
        match parse(&s[i..]) {
            Some((idx, len)) if idx < count => {
                if text_from < i {
                    out.push(Piece::Text(text_from, i));
                }
                out.push(Piece::Token {
                    idx,
                    a: i,
                    b: i + len,
                });
                text_from = i + len;
                search = text_from;
            }
            _ => search = i + START.len_utf8(),
        }
    }
    if text_from < s.len() {
        out.push(Piece::Text(text_from, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for idx in [0, 7, 10, 12345] {
            let mut s = String::new();
            push(&mut s, idx);
            assert_eq!(parse(&s), Some((idx, s.len())));
        }
        assert_eq!(parse("\u{E000}\u{E001}"), None);
        assert_eq!(parse("x"), None);
    }

    #[test]
    fn split_pieces() {
        let mut s = String::from("ab");
        push(&mut s, 1);
        s.push_str("c\u{E000}d");
        let t = 2..2 + 3 * 3;
        assert_eq!(
            split(&s, 2),
            vec![
                Piece::Text(0, 2),
                Piece::Token {
                    idx: 1,
                    a: t.start,
                    b: t.end
                },
                Piece::Text(t.end, s.len())
            ]
        );
        // an index past the table is not a token
        assert_eq!(split(&s, 1), vec![Piece::Text(0, s.len())]);
    }
}
