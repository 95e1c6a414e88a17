//! Quizzes from `data/quizzes/ID.yaml`: their page, the shortcode, the no-script reveal, the
//! teacher's key for print, and each bad field placed.

use crate::harness::Site;

const GOOD: &str = "title: 节水小测验\ngrade: 三年级\nquestions:\n  - question: 世界水日是每年的哪一天？\n    choices: [5月15日, 3月22日, 6月5日]\n    answer: B\n    explain: 每年3月22日。\n  - question: 第二题\n    choices: [对, 错]\n    answer: a\n";

fn quiz_site(text: &str) -> Site {
    let site = Site::new();
    site.write("data/quizzes/water.yaml", text);
    site
}

#[test]
fn a_quiz_gets_a_page_that_works_without_script() {
    let site = quiz_site(GOOD);
    site.build().succeeds();
    let html = site.out("quizzes/water/index.html");
    assert!(html.contains("<h1>节水小测验</h1>"), "{html}");
    // Questions are fieldsets with a legend, choices labelled radios.
    assert_eq!(html.matches("<fieldset>").count(), 2, "{html}");
    assert!(html.contains(
        "<legend><span class=\"quiz-number\">第1题</span> 世界水日是每年的哪一天？</legend>"
    ));
    assert!(html.contains("<input type=\"radio\" name=\"water-1\" id=\"water-1-B\" value=\"B\"><label for=\"water-1-B\">"));
    // The answer is revealed per question without script.
    assert!(html.contains("<details class=\"quiz-reveal\">\n<summary>看答案</summary>\n<p><strong>答案：B. 3月22日</strong></p>\n<p>每年3月22日。</p>"), "{html}");
    // The teacher's key: hidden on screen, for print.
    assert!(
        html.contains("<section class=\"quiz-key\" aria-labelledby=\"quiz-key-water\" hidden>")
    );
    assert!(
        !html.contains("<script"),
        "the built-in page needs no script: {html}"
    );
}

#[test]
fn the_shortcode_shows_a_quiz_in_a_page_with_pinyin_when_asked() {
    let site = quiz_site(&GOOD.replace("grade: 三年级\n", "pinyin: true\n"));
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n{{ quiz(id=\"water\") }}\n",
    );
    site.build().succeeds();
    let html = site.out("a/index.html");
    assert!(html.contains("class=\"quiz-form\""), "{html}");
    assert!(html.contains("<ruby>世<rp>(</rp><rt>shì</rt>"), "{html}");
    assert!(html.contains("<ruby>一<rp>(</rp><rt>yì</rt>"), "{html}");
}

#[test]
fn an_unknown_quiz_in_a_shortcode_is_an_error_at_the_shortcode() {
    let site = quiz_site(GOOD);
    site.write(
        "content/a.md",
        "---\ntitle: a\n---\n\n{{ quiz(id=\"nope\") }}\n",
    );
    site.build()
        .fails()
        .error_at("content/a.md:5:")
        .says("data/quizzes/nope.yaml");
}

#[test]
fn each_bad_field_is_an_error_at_its_place() {
    for (text, at) in [
        (
            GOOD.replace("answer: B", "answer: D"),
            "data/quizzes/water.yaml:6:13",
        ),
        (
            GOOD.replace("6月5日", "3月22日"),
            "data/quizzes/water.yaml:5:29",
        ),
        (
            GOOD.replace("question: 第二题", "question: \"\""),
            "data/quizzes/water.yaml:8:15",
        ),
        (
            GOOD.replace("choices: [对, 错]", "choices: [对]"),
            "data/quizzes/water.yaml:9:14",
        ),
        (
            GOOD.replace("explain:", "explian:"),
            "data/quizzes/water.yaml:7:5",
        ),
        (
            GOOD.replace("title: 节水小测验\n", ""),
            "data/quizzes/water.yaml",
        ),
    ] {
        quiz_site(&text).build().fails().error_at(at);
    }
    Site::new()
        .write("data/quizzes/水.yaml", GOOD)
        .build()
        .fails()
        .error_at("data/quizzes/水.yaml");
}

#[test]
fn the_default_theme_scores_with_script_and_prints_a_worksheet() {
    let site = quiz_site(GOOD);
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: default\n",
    );
    site.build().succeeds();
    let html = site.out("quizzes/water/index.html");
    assert!(html.contains("quiz.js\" defer></script>"), "{html}");
    assert!(html.contains("media=\"print\""), "{html}");
    let js = site.out("quiz.js");
    assert!(js.contains("交卷") && js.contains("window.print()"));
    let css = site.out("print.css");
    assert!(css.contains("size:A4"));
    assert!(css.contains(".quiz-key,.quiz-key[hidden]{display:block!important;break-before:page"));
    assert!(css.contains(".quiz-reveal,.quiz-actions"));
}

#[test]
fn a_qr_code_leads_back_to_the_public_address_and_none_without_one() {
    let site = quiz_site(GOOD);
    site.build().succeeds();
    let html = site.out("quizzes/water/index.html");
    assert!(
        html.contains("<figure class=\"print-qr\" hidden><svg role=\"img\""),
        "{html}"
    );
    assert!(html.contains("扫码打开这份测验：https://example.org/quizzes/water/"));
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: t\nrelative_urls: true\n",
    );
    site.build().succeeds();
    let html = site.out("quizzes/water/index.html");
    assert!(html.contains("class=\"quiz-form\""), "{html}");
    assert!(!html.contains("print-qr"), "{html}");
}

#[test]
fn a_pupil_page_prints_with_a_qr_code_in_the_default_theme() {
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org/\ntheme: default\n",
    );
    site.write("content/p.md", "---\ntitle: p\npinyin: true\n---\n节水\n");
    site.write("content/q.md", "---\ntitle: q\n---\n节水\n");
    site.build().succeeds();
    assert!(
        site.out("p/index.html")
            .contains("扫码打开本页：https://example.org/p/")
    );
    assert!(!site.out("q/index.html").contains("print-qr"));
    assert!(
        site.out("print.css")
            .contains(".print-qr,.print-qr[hidden]{display:flex!important")
    );
}
