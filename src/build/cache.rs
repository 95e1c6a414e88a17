//! The caches of one `jieshui serve` run: the stages whose results are kept between builds.

use crate::cache::Memo;

/// The caches of one serve run, one per stage.
#[derive(Default)]
pub struct BuildCache {
    /// Parsed front matter of content files (`content::load`).
    pub(crate) docs: Memo<crate::content::Parsed>,
    /// Rendered Markdown of pages and sections (`render::markdown_pass`).
    pub(crate) markdown: Memo<crate::render::MarkdownEntry>,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache")
            .field("docs", &self.docs.len())
            .field("markdown", &self.markdown.len())
            .finish()
    }
}
