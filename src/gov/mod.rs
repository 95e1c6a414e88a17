//! The government profile (政府网站检查): what a government publicity site is inspected for,
//! checked before it is published. On when site.yaml says `government: { enabled: true }` or
//! fills in `organization.site_code` (see [`crate::config::Config::government`]).
//!
//! - [`meta`]: the `<meta>` set and footer links templates show (`gov` in templates);
//! - [`content`]: undated pages, empty sections, a site not updated for too long;
//! - [`embeds`]: scripts, frames and embeds from hosts not allowed;
//! - [`wording`]: 易错表述 from `data/wording.yaml`;
//! - [`theme`]: a theme whose page frame leaves out a required item.

pub mod content;
pub mod embeds;
pub mod meta;
pub mod theme;
pub mod wording;
