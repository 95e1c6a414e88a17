//! Link and image destinations: `@/path.md#anchor` resolved through the host,
//! `javascript:`, `vbscript:` and `data:` refused (`data:image/…` stays for images).

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Ev, Host, LinkRef, Problem, Severity};

/// The scheme of `url` when a page must not link it, as a browser reads it (any case,
/// whitespace and control characters ignored): `javascript:` and `vbscript:` run code, a `data:`
/// link opens whatever it holds. An image may be a `data:image/…` picture.
pub(crate) fn refused_scheme(url: &str, image: bool) -> Option<String> {
    let scheme = crate::text::html::link_scheme(url)?;
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(scheme),
        "data" if !(image && is_data_image(url)) => Some(scheme),
        _ => None,
    }
}

fn is_data_image(url: &str) -> bool {
    let plain: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect();
    plain.eq_ignore_ascii_case("data:image/")
}

pub(crate) struct Links<'s, I> {
    inner: I,
    host: &'s dyn Host,
    problems: &'s mut Vec<Problem>,
    links: &'s mut Vec<LinkRef>,
}

impl<'s, I> Links<'s, I> {
    pub(crate) fn new(
        inner: I,
        host: &'s dyn Host,
        problems: &'s mut Vec<Problem>,
        links: &'s mut Vec<LinkRef>,
    ) -> Self {
        Links {
            inner,
            host,
            problems,
            links,
        }
    }

    fn fix<'a>(&mut self, dest: CowStr<'a>, offset: usize, image: bool) -> CowStr<'a> {
        if let Some(rest) = dest.strip_prefix("@/") {
            let (path, anchor) = match rest.split_once('#') {
                Some((p, a)) => (p, (!a.is_empty()).then(|| a.to_string())),
                None => (rest, None),
            };
            return match self.host.resolve_link(path) {
                Ok(mut url) => {
                    if let Some(a) = &anchor {
                        url.push('#');
                        url.push_str(a);
                    }
                    self.links.push(LinkRef {
                        path: path.to_string(),
                        anchor,
                        offset,
                    });
                    CowStr::from(url)
                }
                Err(msg) => {
                    self.problems.push(Problem {
                        offset,
                        severity: Severity::Error,
                        msg,
                    });
                    dest
                }
            };
        }
        if let Some(scheme) = refused_scheme(&dest, image) {
            self.problems.push(Problem {
                offset,
                severity: Severity::Error,
                msg: crate::messages::Msg::JavascriptLink { scheme },
            });
            return CowStr::Borrowed("#");
        }
        match under_base(&dest, self.host.base_path()) {
            Some(url) => CowStr::from(url),
            None => dest,
        }
    }
}

/// A root-relative `dest` (`/news/a/`) put under the site's `base_path` (`/sub/news/a/`); `None`
/// when the site is at the host's root, `dest` is not root-relative (`//host/…` is not), or
/// already starts with the base path.
fn under_base(dest: &str, base_path: &str) -> Option<String> {
    let rest = dest.strip_prefix('/')?;
    if base_path.len() <= 1
        || rest.starts_with('/')
        || dest.starts_with(base_path)
        || dest == base_path.trim_end_matches('/')
    {
        return None;
    }
    Some(format!("{base_path}{rest}"))
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Links<'_, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        let (ev, range) = self.inner.next()?;
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.fix(dest_url, range.start, false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.fix(dest_url, range.start, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        Some((ev, range))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testhost::{html, render_with};
    use super::super::{LinkRef, Severity};
    use super::*;

    #[test]
    fn root_relative_links_go_under_the_base_path() {
        assert_eq!(
            under_base("/news/a/", "/sub/").as_deref(),
            Some("/sub/news/a/")
        );
        assert_eq!(under_base("/", "/sub/").as_deref(), Some("/sub/"));
        assert_eq!(
            under_base("/img/a.png?x=1#y", "/a/b/").as_deref(),
            Some("/a/b/img/a.png?x=1#y")
        );
        for (dest, base) in [
            ("/news/a/", "/"),
            ("/sub/news/a/", "/sub/"),
            ("/sub", "/sub/"),
            ("//cdn.example.org/x.js", "/sub/"),
            ("news/a/", "/sub/"),
            ("https://e.org/x/", "/sub/"),
            ("#top", "/sub/"),
        ] {
            assert_eq!(under_base(dest, base), None, "{dest} under {base}");
        }
    }

    #[test]
    fn scripts_and_data_are_refused() {
        let refused = |url: &str| refused_scheme(url, false);
        assert_eq!(
            refused("javascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(refused(" JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(refused("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(refused("\u{1}javascript:x").as_deref(), Some("javascript"));
        // Issue #14: these two were published as written.
        assert_eq!(refused("VBScript:msgbox(1)").as_deref(), Some("vbscript"));
        assert_eq!(
            refused("data:text/html;base64,PHNjcmlwdD4=").as_deref(),
            Some("data")
        );
        assert_eq!(
            refused("data:image/png;base64,iVBO").as_deref(),
            Some("data")
        );
        assert_eq!(refused_scheme("data:image/png;base64,iVBO", true), None);
        assert_eq!(
            refused_scheme("data:text/html,x", true).as_deref(),
            Some("data")
        );
        for ok in [
            "https://example.org/javascript:",
            "javascript",
            "mailto:a@b.org",
            "/a/",
        ] {
            assert_eq!(refused(ok), None, "{ok}");
        }
    }

    #[test]
    fn internal_links_resolved_and_recorded() {
        let src = "见 [世界水日](@/campaigns/world-water-day.md#活动) 与 ![图](@/_index.md)";
        let r = render_with(src, false);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(
            r.html
                .contains("<a href=\"/campaigns/world-water-day/#%E6%B4%BB%E5%8A%A8\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<img src=\"/\" alt=\"图\" />"),
            "{}",
            r.html
        );
        assert_eq!(
            r.links,
            vec![
                LinkRef {
                    path: "campaigns/world-water-day.md".into(),
                    anchor: Some("活动".into()),
                    offset: src.find("[世界").unwrap_or(0),
                },
                LinkRef {
                    path: "_index.md".into(),
                    anchor: None,
                    offset: src.find("![").unwrap_or(0)
                },
            ]
        );
    }

    #[test]
    fn unknown_target_is_an_error_at_the_link() {
        let src = "第一行\n\n文字 [坏链接](@/nope.md#x)\n\n[ref]: @/nope2.md\n\n[又一个][ref]";
        let r = render_with(src, false);
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].offset, src.find("[坏").unwrap_or(0));
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert!(
            r.problems[0]
                .msg
                .text(crate::messages::Lang::Zh)
                .contains("nope.md")
        );
        assert_eq!(r.problems[1].offset, src.find("[又").unwrap_or(0));
        assert!(r.links.is_empty());
    }

    #[test]
    fn javascript_links_refused() {
        let src = "[x](javascript:alert(1)) [y](<JAVA\tSCRIPT:x>)";
        let r = render_with(src, false);
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].offset, 0);
        assert!(!r.html.to_lowercase().contains("script:"), "{}", r.html);
        assert_eq!(
            html("[ok](https://example.org/)"),
            "<p><a href=\"https://example.org/\">ok</a></p>\n"
        );
    }
}
