//! Automatic pinyin as textbooks print it, over fixture sites: 轻声 from the word list, 一/不
//! tone changes, the citation-tone setting, hand-written readings, 多音词 warnings.

use crate::harness::Site;

/// The readings in `html`'s ruby, in order, joined by spaces.
fn readings(html: &str) -> String {
    html.split("<rt>")
        .skip(1)
        .filter_map(|s| s.split("</rt>").next())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pupil_page(body: &str) -> Site {
    let site = Site::new();
    site.write(
        "content/a.md",
        &format!("---\ntitle: 拼音\npinyin: true\n---\n{body}\n"),
    );
    site
}

#[test]
fn neutral_tones_and_tone_changes_as_in_textbooks() {
    let site = pupil_page("爸爸妈妈告诉我，一个不是一起。");
    site.build().succeeds();
    assert_eq!(
        readings(&site.out("a/index.html")),
        "bà ba mā ma gào su wǒ yí gè bú shì yì qǐ"
    );
}

#[test]
fn citation_tones_when_the_site_asks() {
    let site = pupil_page("一个不是第一");
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nmarkdown:\n  pinyin_tones: citation\n",
    );
    site.build().succeeds();
    assert_eq!(readings(&site.out("a/index.html")), "yī gè bù shì dì yī");
}

#[test]
fn an_unknown_tone_setting_is_an_error_at_its_value() {
    let site = pupil_page("一个");
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nmarkdown:\n  pinyin_tones: book\n",
    );
    site.build().fails().error_at("site.yaml:5:");
}

#[test]
fn a_written_reading_wins_and_settles_the_warning() {
    let site = pupil_page("东西。\n\n{东西|dōng xī}。");
    let run = site.run(&["check"]);
    run.succeeds()
        .warning_at("content/a.md:5:1:")
        .says("dōng xi");
    assert_eq!(run.stderr.matches("warning: content/").count(), 1);
    site.build().succeeds();
    assert_eq!(readings(&site.out("a/index.html")), "dōng xi dōng xī");
}

#[test]
fn context_settles_words_read_by_meaning() {
    let site = pupil_page("我们去买些东西，这条河是东西走向。");
    let run = site.run(&["check"]);
    run.succeeds();
    assert!(!run.stderr.contains("warning: content/"), "{}", run.stderr);
    site.build().succeeds();
    let r = readings(&site.out("a/index.html"));
    assert!(r.contains("xiē dōng xi"), "{r}");
    assert!(r.ends_with("dōng xī zǒu xiàng"), "{r}");
}
