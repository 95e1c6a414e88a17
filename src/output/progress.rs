//! The progress bar of a long build: drawn on stderr only when it is a terminal, and cleared
//! when rendering ends, so logs and pipes see nothing but the diagnostics and the summary.

use std::io::IsTerminal;

use crate::messages::{Lang, Status};

/// Counts rendered pages; does nothing when hidden.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

/// Fewer pages than this render too fast for a bar to be worth drawing.
const MIN_PAGES: usize = 200;

impl Progress {
    /// A bar when `wanted` and stderr is a terminal; hidden otherwise.
    pub(crate) fn new(wanted: bool, lang: Lang) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress::default();
        }
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(Status::Rendering.text(lang));
        Progress { bar: Some(bar) }
    }

    /// A bar for `count` jobs labelled `label` (each a noticeable moment), drawn at once when
    /// there are at least two.
    pub(crate) fn counting(wanted: bool, lang: Lang, count: usize, label: Status) -> Progress {
        if !wanted || count < 2 || !std::io::stderr().is_terminal() {
            return Progress::default();
        }
        let bar = indicatif::ProgressBar::new(count as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.text(lang));
        Progress { bar: Some(bar) }
    }

    /// A bar for `count` photos to encode, drawn at once (each takes a noticeable moment) when
    /// there are at least two.
    pub(crate) fn images(wanted: bool, lang: Lang, count: usize) -> Progress {
        Progress::counting(wanted, lang, count, Status::ImagesWorking)
    }

    /// `more` jobs to do, besides those already counted (pages rendered with their Markdown
    /// come first, the other files after). The bar appears only for a big site.
    pub(crate) fn start(&self, more: usize) {
        if let Some(bar) = &self.bar {
            bar.inc_length(more as u64);
            if bar.length().unwrap_or(0) >= MIN_PAGES as u64 && bar.is_hidden() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }

    pub(crate) fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Rendering is over: the bar goes away.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
