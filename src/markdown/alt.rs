//! Images need alternative text (WCAG 1.1.1): `![](x.png)` is a warning at the image.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{Problem, Severity};

/// Watches events for images whose alt text is empty.
#[derive(Default)]
pub(crate) struct AltCheck {
    /// Start offset of the open image, and whether it has text so far.
    open: Option<(usize, bool)>,
    pub(crate) problems: Vec<Problem>,
    /// Every image's address as written (after `@/` links are resolved), with its offset.
    pub(crate) images: Vec<super::LinkRef>,
}

impl AltCheck {
    pub(crate) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.open = Some((range.start, false));
                self.images.push(super::LinkRef {
                    path: dest_url.to_string(),
                    anchor: None,
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, false)) = self.open.take() {
                    self.problems.push(Problem {
                        offset,
                        severity: Severity::Warning,
                        msg: crate::messages::Msg::ImageNoAlt,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some((_, has)) = self.open.as_mut() {
                    *has = true;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::Severity;
    use crate::markdown::testhost::render_with;

    #[test]
    fn image_without_alt_warns_at_the_image() {
        let src = "文字\n\n![](a.png) and ![水厂](b.png)\n";
        let out = render_with(src, false);
        let warnings: Vec<_> = out
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .collect();
        assert_eq!(warnings.len(), 1, "{:?}", out.problems);
        assert_eq!(warnings[0].offset, src.find("![]").unwrap());
    }
}
