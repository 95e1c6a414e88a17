//! Images a page shows must be in the built site: a missing one is a warning at the image, with
//! its file, line and column, and `check --strict` fails on it.

use crate::harness::Site;

fn site_with_images() -> Site {
    let site = Site::new();
    site.write(
        "content/visit/index.md",
        "---\ntitle: 参观水厂\n---\n![水厂外景](plant.png)\n\n![水厂内景](水厂.jpg) ![同一张](%E6%B0%B4%E5%8E%82.jpg)\n\n![标志](/images/logo.svg) ![外站](https://other.example.com/a.png)\n",
    );
    site.write_bytes("content/visit/plant.png", b"png");
    site.write_bytes("content/visit/水厂.jpg", b"jpg");
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site
}

#[test]
fn images_that_exist_give_no_warning() {
    let site = site_with_images();
    let run = site.run(&["check", "--strict"]);
    run.succeeds();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

#[test]
fn a_missing_image_is_a_warning_at_the_image() {
    let site = site_with_images();
    site.write(
        "content/news.md",
        "---\ntitle: 新闻\n---\n节水宣传。\n\n看图：![宣传周](zhou.jpg)\n\n![标志](/images/nosuch.svg)\n",
    );
    site.build()
        .succeeds()
        .warning_at("content/news.md:6:4: the image `zhou.jpg` is not in the built site")
        .warning_at("content/news.md:8:1: the image `/images/nosuch.svg`");
    let strict = site.run(&["check", "--strict"]);
    strict.fails();
    // In Chinese, by default.
    site.run_in(None, &["check"])
        .says("warning: content/news.md:6:4: 找不到图片 `zhou.jpg`");
}

#[test]
fn a_bundle_image_deleted_is_missed_on_the_next_build() {
    let site = site_with_images();
    site.build().succeeds();
    std::fs::remove_file(site.root().join("content/visit/plant.png")).unwrap();
    site.build()
        .succeeds()
        .warning_at("content/visit/index.md:4:1: the image `plant.png`");
}
