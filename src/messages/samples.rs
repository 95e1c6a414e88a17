//! One representative instance of every message kind, placed as jieshui would place it: the
//! examples of the user guide's common-errors page and the catalogue's snapshot tests.

use super::{
    AliasWhy, BaseUrlWhy, Cell, FunctionWhy, IdWhy, LinkWhy, Msg, NameWhy, Origin, OutputWhy,
    ReachWhy, SheetLimit, ShortcodeWhy, SlugWhy,
};
use crate::diagnostics::{Diagnostic, Pos};
use crate::layout::RecordKind as Kind;

fn at(d: Diagnostic, path: &str, line: usize, col: usize) -> Diagnostic {
    d.in_file(path).at(Pos::new(line, col))
}

fn sample_cell(row: usize, col: usize, header: &str) -> Cell {
    Cell {
        sheet: None,
        row,
        col: Some(col),
        header: Some(header.to_string()),
    }
}

fn s(text: &str) -> String {
    text.to_string()
}

/// Every kind once, in catalogue order.
pub(super) fn samples() -> Vec<Diagnostic> {
    use Diagnostic as D;
    let e = D::error;
    let w = D::warning;
    let md = "content/news/a.md";
    vec![
        at(e(Msg::NotUtf8 { csv: false }), md, 4, 1),
        e(Msg::Utf16 { csv: true }).in_file("data/carriers.csv"),
        e(Msg::CannotRead {
            detail: s("Permission denied (os error 13)"),
        })
        .in_file(md),
        e(Msg::LinkOutsideSite).in_file("content/shared"),
        e(Msg::SymlinkLoop {
            target: s("content"),
        })
        .in_file("content/news/loop"),
        w(Msg::BadFileName {
            why: NameWhy::Character('?'),
        })
        .in_file("content/news/为什么?.md"),
        e(Msg::FileNameNotUtf8).in_file("content/news/\u{FFFD}\u{FFFD}.md"),
        e(Msg::EmptyFile).in_file(md),
        at(e(Msg::NoFrontMatter), md, 1, 1),
        at(e(Msg::FrontMatterNotClosed), md, 1, 1),
        D::error(Msg::EmptyFrontMatter).in_file(md).at(Pos::line(2)),
        at(e(Msg::EmptyTitle), md, 2, 7),
        at(
            e(Msg::EmptyTerm {
                taxonomy: s("tags"),
            }),
            md,
            4,
            8,
        ),
        at(
            e(Msg::BadDate {
                value: s("2021-13-40"),
            }),
            md,
            3,
            7,
        ),
        at(
            e(Msg::EventEndsBeforeStart {
                start: s("2021-03-28"),
                end: s("2021-03-22"),
            }),
            md,
            6,
            8,
        ),
        at(
            e(Msg::SectionOnlyField {
                field: s("sort_by"),
            }),
            md,
            4,
            1,
        ),
        at(
            e(Msg::PageOnlyField {
                field: s("publish_date"),
            }),
            "content/news/_index.md",
            5,
            1,
        ),
        at(
            e(Msg::ExpiresBeforePublished {
                publish: s("2021-03-22"),
                expiry: s("2021-03-01"),
            }),
            md,
            5,
            14,
        ),
        at(
            e(Msg::BadSlug {
                slug: s("news/a"),
                why: SlugWhy::Slash,
            }),
            md,
            3,
            7,
        ),
        e(Msg::IndexMd).in_file("content/index.md"),
        e(Msg::UrlClaimedTwice {
            url: s("/news/a/"),
            first: s("content/news/a.md"),
        })
        .in_file("content/news/a/index.md"),
        at(
            e(Msg::UnknownField {
                field: s("titel"),
                suggestion: Some(s("title")),
                expected: vec![s("title"), s("date"), s("tags")],
            }),
            md,
            2,
            1,
        ),
        at(
            e(Msg::UnknownValue {
                value: s("县"),
                suggestion: None,
                expected: vec![s("区"), s("县级市")],
            }),
            "data/districts.yaml",
            4,
            9,
        ),
        at(
            e(Msg::WrongType {
                found: s("string \"是\""),
                expected: s("a boolean"),
            }),
            md,
            3,
            8,
        ),
        at(
            e(Msg::MissingField { field: s("name") }),
            "data/districts.yaml",
            3,
            3,
        ),
        at(e(Msg::DuplicateKey { key: s("title") }), md, 3, 1),
        at(e(Msg::ChineseColon), md, 2, 1),
        at(e(Msg::ChinesePunctuation { mark: '【' }), md, 3, 7),
        at(e(Msg::NeedsQuotes), md, 2, 10),
        at(e(Msg::BadIndent), md, 5, 2),
        at(e(Msg::UnclosedQuote { quote: '"' }), md, 2, 8),
        at(e(Msg::UnclosedBracket { open: '[' }), md, 3, 7),
        at(e(Msg::TextAfterQuote), md, 2, 13),
        at(e(Msg::YamlTab), md, 4, 1),
        at(e(Msg::YamlTooDeep { max: 128 }), "data/big.yaml", 2, 132),
        e(Msg::YamlAliasesTooBig).in_file("data/big.yaml"),
        at(e(Msg::ControlCharacter { code: s("U+000B") }), md, 6, 9),
        at(
            e(Msg::YamlSyntax {
                detail: s("did not find expected ',' or ']'"),
            }),
            md,
            3,
            7,
        ),
        e(Msg::NoSiteYaml { root: s("mysite") }),
        e(Msg::EmptySiteYaml).in_file("site.yaml"),
        at(
            e(Msg::BadBaseUrl {
                url: s("example.org"),
                why: BaseUrlWhy::Scheme,
            }),
            "site.yaml",
            2,
            11,
        ),
        at(
            e(Msg::UnknownTimezone {
                timezone: s("Beijing"),
            }),
            "site.yaml",
            5,
            11,
        ),
        at(
            e(Msg::UnknownTaxonomy { name: s("authors") }),
            "site.yaml",
            8,
            5,
        ),
        at(e(Msg::EmptyOutputDir), "site.yaml", 6, 13),
        at(
            w(Msg::OrganizationEmpty { field: s("icp") }),
            "site.yaml",
            12,
            8,
        ),
        at(
            w(Msg::OrganizationMalformed {
                field: s("site_code"),
                value: s("12345"),
            }),
            "site.yaml",
            11,
            14,
        ),
        at(
            w(Msg::GovThemeMissing {
                template: s("themes/mine/templates/base.html"),
                items: vec![
                    s("<meta name=\"SiteIDCode\">"),
                    s("<meta name=\"PubDate\">"),
                ],
            }),
            "themes/mine/templates/base.html",
            9,
            1,
        ),
        at(w(Msg::UndatedPage), "content/news/a.md", 1, 1),
        at(
            w(Msg::EmptySection {
                title: s("政策解读"),
            }),
            "content/policy/_index.md",
            1,
            1,
        ),
        at(e(Msg::TooManyEmptySections { count: 5 }), "site.yaml", 1, 1),
        at(
            w(Msg::SiteNotUpdated {
                newest: s("2021-05-10"),
                days: 30,
                limit: 14,
            }),
            "content/news/a.md",
            1,
            1,
        ),
        at(
            w(Msg::ExternalResource {
                tag: s("script"),
                host: s("ads.example.com"),
            }),
            "content/news/a.md",
            7,
            1,
        ),
        at(
            w(Msg::Wording {
                wrong: s("常州市水利厅"),
                right: s("常州市水利局"),
            }),
            "content/news/a.md",
            6,
            3,
        ),
        at(
            e(Msg::BadMenuUrl {
                name: s("新闻"),
                url: s("@/new/_index.md"),
            }),
            "site.yaml",
            15,
            22,
        ),
        at(
            e(Msg::FeedNoSection {
                path: s("campaign"),
            }),
            "site.yaml",
            18,
            5,
        ),
        e(Msg::ThemeNotFound { theme: s("blue") }).in_file("site.yaml"),
        e(Msg::NoContentFolder),
        e(Msg::DataDefinedTwice {
            name: s("carriers"),
            first: s("data/carriers.csv"),
        })
        .in_file("data/carriers.yaml"),
        D::error(Msg::CsvUnreadable {
            detail: s("found record with 3 fields, but the previous record has 4 fields"),
        })
        .in_file("data/carriers.csv")
        .at(Pos::line(5)),
        e(Msg::CsvEncodingUnknown).in_file("data/carriers.csv"),
        e(Msg::SheetUnreadable {
            detail: Some(s("Invalid Zip archive: Could not find EOCD")),
        })
        .in_file("data/carriers.xlsx"),
        e(Msg::SheetTooBig {
            why: SheetLimit::Rows(100_000),
        })
        .in_file("data/carriers.xlsx"),
        at(
            e(Msg::UnknownColumn {
                header: s("名字"),
                suggestion: Some(s("名称")),
                expected: vec![s("编号 id"), s("名称 name"), s("级别 level")],
            }),
            "data/carriers.xlsx",
            1,
            2,
        )
        .in_cell(sample_cell(1, 2, "名字")),
        at(
            e(Msg::DuplicateColumn {
                field: s("name"),
                first: s("B"),
            }),
            "data/carriers.xlsx",
            1,
            5,
        )
        .in_cell(sample_cell(1, 5, "name")),
        at(
            e(Msg::MissingColumn {
                field: s("name"),
                header: s("名称"),
            }),
            "data/carriers.xlsx",
            1,
            1,
        ),
        at(e(Msg::ColumnWithoutHeader), "data/carriers.xlsx", 3, 3).in_cell(sample_cell(3, 3, "")),
        at(
            e(Msg::CellError {
                value: s("#DIV/0!"),
            }),
            "data/carriers.xlsx",
            12,
            6,
        )
        .in_cell(sample_cell(12, 6, "年份")),
        e(Msg::TargetsNotYaml).in_file("data/targets.csv"),
        at(
            e(Msg::BadWebAddress {
                url: s("www.czwater.gov"),
            }),
            "data/units.yaml",
            6,
            8,
        ),
        at(
            e(Msg::BadId {
                id: s("武进"),
                why: IdWhy::Characters,
            }),
            "data/districts.yaml",
            3,
            7,
        ),
        at(
            e(Msg::DuplicateId {
                id: s("wujin"),
                first_line: s("3"),
            }),
            "data/districts.yaml",
            9,
            7,
        ),
        at(
            e(Msg::NoDataFile {
                kind: Kind::Leaders,
                key: s("czws"),
            }),
            md,
            5,
            12,
        ),
        at(
            e(Msg::UnknownRecord {
                kind: Kind::Districts,
                key: s("武近"),
                suggestion: Some(s("武进")),
            }),
            md,
            5,
            13,
        ),
        at(
            w(Msg::TotalMismatch {
                name: s("节水型企业"),
                stated: s("120"),
                sum: s("118"),
                city: None,
            }),
            "data/targets.yaml",
            7,
            12,
        ),
        at(
            w(Msg::PartLargerThanWhole {
                name: s("节水型小区"),
                part: s("40"),
                whole_name: s("节水型居民小区"),
                whole: s("30"),
                district: None,
            }),
            "data/targets.yaml",
            12,
            14,
        ),
        at(
            e(Msg::QuizEmptyText {
                field: s("question"),
            }),
            "data/quizzes/water-day.yaml",
            4,
            15,
        ),
        at(
            e(Msg::QuizTooFewChoices { count: 1 }),
            "data/quizzes/water-day.yaml",
            5,
            14,
        ),
        at(
            e(Msg::QuizDuplicateChoice {
                choice: s("3月22日"),
                first: 'A',
            }),
            "data/quizzes/water-day.yaml",
            5,
            29,
        ),
        at(
            e(Msg::QuizBadAnswer {
                answer: s("D"),
                last: 'C',
            }),
            "data/quizzes/water-day.yaml",
            6,
            13,
        ),
        at(w(Msg::ImageNoAlt), md, 8, 1),
        at(
            w(Msg::AsciiPunctuation {
                mark: '(',
                full: '（',
            }),
            md,
            9,
            7,
        ),
        at(
            e(Msg::ImageMissing {
                src: s("shuichang.jpg"),
            }),
            md,
            10,
            1,
        ),
        at(
            w(Msg::ImageGps {
                src: s("xuanchuan.jpg"),
            }),
            md,
            12,
            1,
        ),
        at(
            e(Msg::ImageUnreadable {
                src: s("content/news/a/shuichang.jpg"),
                why: s("premature end of file"),
            }),
            md,
            14,
            1,
        ),
        at(
            e(Msg::ImageMislabelled {
                src: s("news/a/huodong.jpg"),
                named: s("JPEG"),
                actual: s("HEIC/HEIF"),
            }),
            md,
            16,
            1,
        ),
        at(
            w(Msg::ImageHuge {
                src: s("quanjing.jpg"),
                width: 12000,
                height: 9000,
                megabytes: 31,
            }),
            md,
            18,
            1,
        ),
        at(
            e(Msg::TemplateFunction {
                why: FunctionWhy::NoPage(s("news/old.md")),
            }),
            "templates/page.html",
            3,
            10,
        ),
        at(
            w(Msg::Polyphone {
                ch: '行',
                reading: s("xíng"),
                alt: s("háng"),
            }),
            md,
            9,
            5,
        ),
        at(
            w(Msg::PolyphoneWord {
                word: s("东西"),
                reading: s("dōng xi"),
                alt: s("dōng xī"),
            }),
            md,
            9,
            5,
        ),
        at(
            e(Msg::RubyMismatch {
                base: s("节水"),
                readings: s("jieshui"),
                chars: 2,
                syllables: 1,
            }),
            md,
            9,
            1,
        ),
        at(
            e(Msg::JavascriptLink {
                scheme: s("javascript"),
            }),
            md,
            10,
            1,
        ),
        at(
            e(Msg::LinkToDraft {
                path: s("news/plan.md"),
            }),
            md,
            11,
            1,
        ),
        at(
            e(Msg::LinkToScheduled {
                path: s("news/plan.md"),
                date: s("2021-03-22"),
            }),
            md,
            11,
            1,
        ),
        at(
            e(Msg::LinkToExpired {
                path: s("news/plan.md"),
                date: s("2021-12-31"),
            }),
            md,
            11,
            1,
        ),
        at(
            e(Msg::BrokenInternalLink {
                path: s("news/b.md"),
            }),
            md,
            11,
            1,
        ),
        at(
            e(Msg::MissingHeading {
                path: s("data.md"),
                anchor: s("区县"),
                headings: vec![s("districts"), s("units")],
            }),
            md,
            12,
            1,
        ),
        at(
            w(Msg::ExternalLinkBroken {
                url: s("https://www.example.org/notice/2019.html"),
                why: LinkWhy::Status(404),
                others: 0,
            }),
            md,
            14,
            5,
        ),
        w(Msg::ExternalLinkUnreachable {
            url: s("https://water.example.net/"),
            why: ReachWhy::Timeout(10),
            others: 2,
        })
        .in_file(md),
        w(Msg::ExternalLinksUnfinished {
            count: 37,
            seconds: 600,
        }),
        at(
            e(Msg::UnknownShortcode {
                name: s("vedio"),
                known: vec![s("figure"), s("video")],
            }),
            md,
            13,
            1,
        ),
        at(
            e(Msg::ShortcodeSyntax {
                name: s("figure"),
                why: ShortcodeWhy::BadValue,
            }),
            md,
            14,
            1,
        ),
        at(
            e(Msg::ShortcodeFailed {
                name: s("carrier"),
                detail: s("templates/shortcodes/carrier.html:1:4: unknown carrier `sample`"),
            }),
            md,
            16,
            1,
        ),
        at(e(Msg::ShortcodeNoEnd { name: s("note") }), md, 15, 1),
        at(e(Msg::StrayEnd), md, 20, 1),
        e(Msg::NotInMarkdownFilter {
            what: s("@/news/a.md"),
        })
        .in_file("templates/index.html"),
        at(w(Msg::MoreProblems { count: 12 }), md, 30, 1),
        at(
            e(Msg::TemplateCircle {
                chain: vec![
                    s("shortcodes/note.html"),
                    s("partials/box.html"),
                    s("shortcodes/note.html"),
                ],
                extends: false,
            }),
            "themes/default/templates/shortcodes/note.html",
            3,
            12,
        ),
        e(Msg::TemplateMissingParent {
            parent: s("base.html"),
        })
        .in_file("templates/page.html"),
        at(
            e(Msg::TemplateError {
                detail: s("Variable `page.titel` not found in context"),
                page: Some(s(md)),
            }),
            "templates/page.html",
            5,
            9,
        ),
        at(
            e(Msg::TemplateNotFound {
                template: s("special.html"),
            }),
            md,
            4,
            11,
        ),
        e(Msg::PageTooBig {
            page: s("/news/a/"),
            limit_mb: 64,
        })
        .in_file("themes/default/templates/page.html"),
        e(Msg::RenderTooLong {
            page: s("/news/a/"),
            seconds: 60,
        })
        .in_file("themes/default/templates/page.html"),
        e(Msg::MemoryLimit {
            limit_mb: 18432,
            page: Some(s("/news/a/")),
        })
        .in_file("themes/default/templates/page.html"),
        e(Msg::RecordTemplateMissing {
            template: s("carrier.html"),
            path: s("/carriers/"),
        }),
        at(
            e(Msg::BadAlias {
                alias: s("https://old.example.org/a"),
                why: AliasWhy::FullUrl,
            }),
            md,
            4,
            11,
        ),
        e(Msg::WrittenTwice {
            path: s("news/a/index.html"),
            first: Origin::File(s("content/news/a.md")),
            second: Origin::Alias {
                from: s("/news/a/"),
                to: s("/news/b/"),
            },
        })
        .in_file(md),
        e(Msg::FileFolderClash {
            path: s("news"),
            file: Origin::File(s("static/news")),
            inner: s("news/index.html"),
            folder: Origin::File(s("content/news/_index.md")),
        })
        .in_file("content/news/_index.md"),
        at(
            e(Msg::ReservedOutput {
                path: s(".jieshui/index.html"),
                origin: Origin::File(s(md)),
            }),
            md,
            3,
            7,
        ),
        e(Msg::CannotWrite {
            path: s("index.html"),
            from: Some(Origin::File(s("content/_index.md"))),
            detail: s("No space left on device (os error 28)"),
        }),
        e(Msg::OutputDirRefused {
            dir: s("content/out"),
            why: OutputWhy::Inside(s("content")),
        }),
        e(Msg::OutputNotFolder { dir: s("public") }),
        e(Msg::OutputNotOurs { dir: s("public") }),
        e(Msg::OutputBusy {
            dir: s("public"),
            pid: Some(4242),
        }),
        w(Msg::OutputNotAtomic {
            dir: s("/media/user/USB"),
        }),
        e(Msg::InitNotEmpty { dir: s("mysite") }),
        e(Msg::UnknownCommand {
            given: s("biuld"),
            suggestion: Some(s("build")),
        }),
        e(Msg::UnknownOption {
            given: s("--strict"),
            command: s("jieshui build"),
            suggestion: None,
        }),
        e(Msg::BadOptionValue {
            option: s("--format"),
            value: s("xml"),
            valid: vec![s("text"), s("json")],
        }),
        e(Msg::MissingArgument {
            what: s("<DIR>"),
            command: s("jieshui init"),
        }),
        e(Msg::CommandLine {
            detail: s("the argument '--drafts' cannot be used multiple times"),
        }),
        e(Msg::InternalError),
        e(Msg::NotAFolder {
            dir: s("mysite/site.yaml"),
            detail: None,
        }),
        e(Msg::BadInterface {
            interface: s("10.0.0.99"),
            detail: s("Cannot assign requested address (os error 99)"),
        }),
        e(Msg::CannotListen {
            address: s("127.0.0.1:80"),
            detail: s("Permission denied (os error 13)"),
        }),
        e(Msg::PortsBusy {
            interface: s("127.0.0.1"),
            first: 1111,
            last: 1121,
        }),
        e(Msg::ServerFailed {
            detail: s("Address already in use (os error 98)"),
        }),
        w(Msg::WatchFailed {
            detail: s("inotify watch limit reached"),
        }),
        e(Msg::ZipFailed {
            path: s("D:/节水网站.zip"),
            detail: s("No space left on device (os error 28)"),
        }),
        e(Msg::SecretInSite)
            .in_file("site.yaml")
            .at(Pos::new(12, 3)),
        e(Msg::DeployNotSet).in_file("site.yaml"),
        e(Msg::BadEndpoint {
            value: s("s3.oss-cn-hangzhou.aliyuncs.com/mybucket"),
        })
        .in_file("site.yaml")
        .at(Pos::new(30, 13)),
        e(Msg::NoCredentials {
            provider: s("阿里云 OSS"),
            names: vec![
                s("ALIBABA_CLOUD_ACCESS_KEY_ID"),
                s("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            ],
        }),
        e(Msg::CredentialsInsideSite {
            path: s("/home/wang/site/keys.txt"),
        }),
        e(Msg::TooManyDeletes {
            count: 1200,
            max: 256,
        }),
        e(Msg::DeployFailed {
            key: s("news/index.html"),
            detail: s("403 AccessDenied: Access Denied"),
        }),
        w(Msg::NotServedOutside {
            path: s("ok.txt"),
            source: s("/home/wang/site/static/ok.txt"),
        }),
    ]
}
