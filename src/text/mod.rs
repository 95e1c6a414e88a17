//! Text helpers every stage uses, knowing nothing of sites: character classes (Han, CJK),
//! HTML escaping and link schemes, URL slugs.

pub mod chars;
pub mod html;
pub mod slug;
