//! The message catalogue: every diagnostic jieshui prints, one variant per kind, rendered in
//! Chinese (the default) or English at print time.
//!
//! A kind has a stable id (`unknown-field`), used in `check --format json` and as the heading
//! id of its entry in the user guide's common-errors page, which is generated from
//! [`guide`] (`docs/content/errors.md`). Adding a variant does not compile until it has a text
//! in both languages ([`zh`], [`en`]) and a guide entry; the tests check it has a sample too.

mod en;
/// The guide's common-errors page, written from the samples by a test.
#[cfg(test)]
mod errors_page;
mod guide;
mod origin;
/// One diagnostic of every kind, for the snapshot tests and the guide.
#[cfg(test)]
mod samples;
mod status;
mod tera_zh;
mod zh;

pub use guide::Guide;
pub use origin::Origin;
#[cfg(test)]
use samples::samples;
pub use status::Status;

use crate::layout::RecordKind;

/// The language messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh-CN`, `en`, `en-US`…; `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language asked for before the site is read: the `--lang` flag, else `JIESHUI_LANG`.
    pub fn requested(flag: Option<Lang>) -> Option<Lang> {
        flag.or_else(|| {
            std::env::var("JIESHUI_LANG")
                .ok()
                .and_then(|v| Lang::from_tag(&v))
        })
    }

    /// The flag or environment's choice, else the site's `language` (`en*` is English), else
    /// Chinese.
    pub fn resolve(requested: Option<Lang>, site_language: Option<&str>) -> Lang {
        requested
            .or_else(|| site_language.and_then(Lang::from_tag))
            .unwrap_or_default()
    }
}

/// Defines [`Msg`] with its stable kind ids and the list of all of them.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $kind:literal => $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? ),* $(,)?) => {
        /// One message, with what it needs to be said in any language.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Msg {
            $( $(#[$doc])* $name $({ $($field: $ty),* })? ),*
        }

        impl Msg {
            /// The stable id of this kind of message (kebab-case).
            pub fn kind(&self) -> &'static str {
                match self {
                    $( Msg::$name { .. } => $kind ),*
                }
            }
        }

        /// Every kind id, in catalogue order.
        pub const KINDS: &[&str] = &[$($kind),*];
    };
}

catalogue! {
    // Files and encodings
    "not-utf8" => NotUtf8 { csv: bool },
    "utf16" => Utf16 { csv: bool },
    "cannot-read" => CannotRead { detail: String },
    "link-outside-site" => LinkOutsideSite,
    "symlink-loop" => SymlinkLoop { target: String },
    "bad-file-name" => BadFileName { why: NameWhy },
    "file-name-not-utf8" => FileNameNotUtf8,
    // Front matter
    "empty-file" => EmptyFile,
    "no-front-matter" => NoFrontMatter,
    "front-matter-not-closed" => FrontMatterNotClosed,
    "empty-front-matter" => EmptyFrontMatter,
    "empty-title" => EmptyTitle,
    "empty-term" => EmptyTerm { taxonomy: String },
    "bad-date" => BadDate { value: String },
    "event-ends-before-start" => EventEndsBeforeStart { start: String, end: String },
    "section-only-field" => SectionOnlyField { field: String },
    "page-only-field" => PageOnlyField { field: String },
    "expires-before-published" => ExpiresBeforePublished { publish: String, expiry: String },
    "bad-slug" => BadSlug { slug: String, why: SlugWhy },
    "index-md" => IndexMd,
    "url-claimed-twice" => UrlClaimedTwice { url: String, first: String },
    // YAML
    "unknown-field" => UnknownField { field: String, suggestion: Option<String>, expected: Vec<String> },
    "unknown-value" => UnknownValue { value: String, suggestion: Option<String>, expected: Vec<String> },
    "wrong-type" => WrongType { found: String, expected: String },
    "missing-field" => MissingField { field: String },
    "duplicate-key" => DuplicateKey { key: String },
    "chinese-colon" => ChineseColon,
    "chinese-punctuation" => ChinesePunctuation { mark: char },
    "needs-quotes" => NeedsQuotes,
    "bad-indent" => BadIndent,
    "unclosed-quote" => UnclosedQuote { quote: char },
    "unclosed-bracket" => UnclosedBracket { open: char },
    "text-after-quote" => TextAfterQuote,
    "yaml-tab" => YamlTab,
    "yaml-too-deep" => YamlTooDeep { max: usize },
    "yaml-aliases-too-big" => YamlAliasesTooBig,
    "control-character" => ControlCharacter { code: String },
    "yaml-syntax" => YamlSyntax { detail: String },
    // site.yaml
    "no-site-yaml" => NoSiteYaml { root: String },
    "empty-site-yaml" => EmptySiteYaml,
    "bad-base-url" => BadBaseUrl { url: String, why: BaseUrlWhy },
    "unknown-timezone" => UnknownTimezone { timezone: String },
    "unknown-taxonomy" => UnknownTaxonomy { name: String },
    "empty-output-dir" => EmptyOutputDir,
    "organization-empty" => OrganizationEmpty { field: String },
    "organization-malformed" => OrganizationMalformed { field: String, value: String },
    "gov-theme-missing" => GovThemeMissing { template: String, items: Vec<String> },
    "undated-page" => UndatedPage,
    "empty-section" => EmptySection { title: String },
    "too-many-empty-sections" => TooManyEmptySections { count: usize },
    "site-not-updated" => SiteNotUpdated { newest: String, days: i64, limit: u32 },
    "external-resource" => ExternalResource { tag: String, host: String },
    "wording" => Wording { wrong: String, right: String },
    "bad-menu-url" => BadMenuUrl { name: String, url: String },
    "feed-no-section" => FeedNoSection { path: String },
    "theme-not-found" => ThemeNotFound { theme: String },
    "no-content-folder" => NoContentFolder,
    // Data files
    "data-defined-twice" => DataDefinedTwice { name: String, first: String },
    "csv-unreadable" => CsvUnreadable { detail: String },
    "csv-encoding-unknown" => CsvEncodingUnknown,
    "sheet-unreadable" => SheetUnreadable { detail: Option<String> },
    "sheet-too-big" => SheetTooBig { why: SheetLimit },
    "unknown-column" => UnknownColumn { header: String, suggestion: Option<String>, expected: Vec<String> },
    "duplicate-column" => DuplicateColumn { field: String, first: String },
    "missing-column" => MissingColumn { field: String, header: String },
    "column-without-header" => ColumnWithoutHeader,
    "cell-error" => CellError { value: String },
    "targets-not-yaml" => TargetsNotYaml,
    "bad-web-address" => BadWebAddress { url: String },
    "bad-id" => BadId { id: String, why: IdWhy },
    "duplicate-id" => DuplicateId { id: String, first_line: String },
    "no-data-file" => NoDataFile { kind: RecordKind, key: String },
    "unknown-record" => UnknownRecord { kind: RecordKind, key: String, suggestion: Option<String> },
    "total-mismatch" => TotalMismatch { name: String, stated: String, sum: String, city: Option<(String, String)> },
    "part-larger-than-whole" => PartLargerThanWhole { name: String, part: String, whole_name: String, whole: String, district: Option<String> },
    "quiz-empty-text" => QuizEmptyText { field: String },
    "quiz-too-few-choices" => QuizTooFewChoices { count: usize },
    "quiz-duplicate-choice" => QuizDuplicateChoice { choice: String, first: char },
    "quiz-bad-answer" => QuizBadAnswer { answer: String, last: char },
    // Markdown
    "image-no-alt" => ImageNoAlt,
    "ascii-punctuation" => AsciiPunctuation { mark: char, full: char },
    "image-missing" => ImageMissing { src: String },
    "image-gps" => ImageGps { src: String },
    "image-unreadable" => ImageUnreadable { src: String, why: String },
    "image-mislabelled" => ImageMislabelled { src: String, named: String, actual: String },
    "image-huge" => ImageHuge { src: String, width: u32, height: u32, megabytes: u64 },
    "template-function" => TemplateFunction { why: FunctionWhy },
    "polyphone" => Polyphone { ch: char, reading: String, alt: String },
    "polyphone-word" => PolyphoneWord { word: String, reading: String, alt: String },
    "ruby-mismatch" => RubyMismatch { base: String, readings: String, chars: usize, syllables: usize },
    "javascript-link" => JavascriptLink { scheme: String },
    "link-to-draft" => LinkToDraft { path: String },
    "link-to-scheduled" => LinkToScheduled { path: String, date: String },
    "link-to-expired" => LinkToExpired { path: String, date: String },
    "broken-internal-link" => BrokenInternalLink { path: String },
    "missing-heading" => MissingHeading { path: String, anchor: String, headings: Vec<String> },
    // External links (`check --external`)
    "external-link-broken" => ExternalLinkBroken { url: String, why: LinkWhy, others: usize },
    "external-link-unreachable" => ExternalLinkUnreachable { url: String, why: ReachWhy, others: usize },
    "external-links-unfinished" => ExternalLinksUnfinished { count: usize, seconds: u64 },
    "unknown-shortcode" => UnknownShortcode { name: String, known: Vec<String> },
    "shortcode-syntax" => ShortcodeSyntax { name: String, why: ShortcodeWhy },
    "shortcode-failed" => ShortcodeFailed { name: String, detail: String },
    "shortcode-no-end" => ShortcodeNoEnd { name: String },
    "stray-end" => StrayEnd,
    "not-in-markdown-filter" => NotInMarkdownFilter { what: String },
    "more-problems" => MoreProblems { count: usize },
    // Templates and rendering
    "template-circle" => TemplateCircle { chain: Vec<String>, extends: bool },
    "template-missing-parent" => TemplateMissingParent { parent: String },
    "template-error" => TemplateError { detail: String, page: Option<String> },
    "template-not-found" => TemplateNotFound { template: String },
    "page-too-big" => PageTooBig { page: String, limit_mb: u64 },
    "render-too-long" => RenderTooLong { page: String, seconds: u64 },
    "memory-limit" => MemoryLimit { limit_mb: u64, page: Option<String> },
    "record-template-missing" => RecordTemplateMissing { template: String, path: String },
    "bad-alias" => BadAlias { alias: String, why: AliasWhy },
    // Output
    "written-twice" => WrittenTwice { path: String, first: Origin, second: Origin },
    "file-folder-clash" => FileFolderClash { path: String, file: Origin, inner: String, folder: Origin },
    "reserved-output" => ReservedOutput { path: String, origin: Origin },
    "cannot-write" => CannotWrite { path: String, from: Option<Origin>, detail: String },
    "output-dir-refused" => OutputDirRefused { dir: String, why: OutputWhy },
    "output-not-folder" => OutputNotFolder { dir: String },
    "output-not-ours" => OutputNotOurs { dir: String },
    "output-busy" => OutputBusy { dir: String, pid: Option<u32> },
    "output-not-atomic" => OutputNotAtomic { dir: String },
    "init-not-empty" => InitNotEmpty { dir: String },
    // The command line
    "unknown-command" => UnknownCommand { given: String, suggestion: Option<String> },
    "unknown-option" => UnknownOption { given: String, command: String, suggestion: Option<String> },
    "bad-option-value" => BadOptionValue { option: String, value: String, valid: Vec<String> },
    "missing-argument" => MissingArgument { what: String, command: String },
    "command-line" => CommandLine { detail: String },
    "internal-error" => InternalError,
    // serve
    "not-a-folder" => NotAFolder { dir: String, detail: Option<String> },
    "bad-interface" => BadInterface { interface: String, detail: String },
    "cannot-listen" => CannotListen { address: String, detail: String },
    "ports-busy" => PortsBusy { interface: String, first: u16, last: u16 },
    "server-failed" => ServerFailed { detail: String },
    "watch-failed" => WatchFailed { detail: String },
    "zip-failed" => ZipFailed { path: String, detail: String },
    "secret-in-site" => SecretInSite,
    "deploy-not-set" => DeployNotSet,
    "bad-endpoint" => BadEndpoint { value: String },
    "no-credentials" => NoCredentials { provider: String, names: Vec<String> },
    "credentials-inside-site" => CredentialsInsideSite { path: String },
    "too-many-deletes" => TooManyDeletes { count: usize, max: usize },
    "deploy-failed" => DeployFailed { key: String, detail: String },
    "not-served-outside" => NotServedOutside { path: String, source: String },
}

/// Why a file name cannot be copied to Windows or a FAT USB stick.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameWhy {
    ControlCharacter,
    Character(char),
    EndsWithDotOrSpace,
    Reserved(String),
}

/// Why a slug (or one part of an alias) is refused.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlugWhy {
    Empty,
    Slash,
    DotDot,
    Space,
    /// `?`, `#` or `%`: the address would end, jump or be decoded there.
    BreaksLinks(char),
    /// Invisible or direction-changing, so the address looks like another one.
    Invisible(char),
    /// The output file could not be copied to Windows or a FAT USB stick.
    NotPortable(NameWhy),
}

/// Why `base_url` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaseUrlWhy {
    Scheme,
    Spaces,
    QueryOrFragment,
    NoHost,
    DotSegment,
}

/// Which limit a spreadsheet passes (they keep a build's time and memory bounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetLimit {
    /// More rows than this.
    Rows(usize),
    /// More columns than this.
    Columns(usize),
    /// More cells than this, all rows together (as read, or as the reader would spell them out).
    Cells(usize),
    /// The file is larger than this many MiB.
    File(u64),
    /// Unpacked (an `.xlsx` or `.ods` is a zip), it would be larger than this many MiB.
    Unpacked(u64),
}

/// Where a problem is in a table (a CSV file or a spreadsheet), the way staff see it in Excel
/// or WPS: `第4行 D列（级别）`, with the sheet's name when the workbook has more than one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub sheet: Option<String>,
    /// 1-based, as the spreadsheet numbers rows.
    pub row: usize,
    /// 1-based (A = 1); `None` for the whole row.
    pub col: Option<usize>,
    /// The column's header, as written.
    pub header: Option<String>,
}

impl Cell {
    /// `第4行 D列（级别）` / `row 4, column D (级别)`.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        match lang {
            Lang::Zh => {
                if let Some(sheet) = &self.sheet {
                    out.push_str(&format!("工作表“{sheet}”"));
                }
                out.push_str(&format!("第{}行", self.row));
                if let Some(col) = self.col {
                    out.push_str(&format!(" {}列", column_letters(col)));
                    if let Some(h) = self.header.as_deref().filter(|h| !h.is_empty()) {
                        out.push_str(&format!("（{h}）"));
                    }
                }
            }
            Lang::En => {
                if let Some(sheet) = &self.sheet {
                    out.push_str(&format!("sheet “{sheet}”, "));
                }
                out.push_str(&format!("row {}", self.row));
                if let Some(col) = self.col {
                    out.push_str(&format!(", column {}", column_letters(col)));
                    if let Some(h) = self.header.as_deref().filter(|h| !h.is_empty()) {
                        out.push_str(&format!(" ({h})"));
                    }
                }
            }
        }
        out
    }
}

/// A spreadsheet's name of column `col` (1-based): 1 → `A`, 27 → `AA`.
pub fn column_letters(col: usize) -> String {
    let mut n = col.max(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What the other site answered about a link that does not work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkWhy {
    /// An HTTP status of 400 or more (after following redirects).
    Status(u16),
    /// More redirects than this, one after the other.
    TooManyRedirects(usize),
    /// A redirect leads back to an address already passed.
    RedirectLoop,
}

/// Why another site could not be reached (this may pass: check again later).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReachWhy {
    /// No answer within this many seconds.
    Timeout(u64),
    /// The host name is not found (DNS).
    Dns,
    /// Nothing listens there (connection refused).
    Refused,
    /// The secure connection (HTTPS certificate) failed.
    Tls,
    /// 429: the site asks to come back later.
    TooManyRequests,
    /// The address cannot be sent as it is written.
    BadAddress,
    /// Another network failure, in the system's words.
    Other(String),
}

/// Why a record id is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdWhy {
    Empty,
    Characters,
}

/// What a template function or filter could not do (`url`, `get_page`, `get_section`,
/// `get_data`, `campaign`, `record`, `indicator`, `date_zh`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FunctionWhy {
    UrlNoFile(String),
    UrlNotALink(String),
    UrlClimbs(String),
    NoPage(String),
    NoSection(String),
    NoData(String),
    YearOutOfRange(i64),
    UnknownCampaign(String),
    NotYetHeld {
        name: String,
        first: i64,
    },
    NotADate(String),
    UnknownRecordKind(String),
    UnknownRecordId {
        kind: RecordKind,
        id: String,
    },
    UnknownIndicator(String),
    /// The `range` calls of one render made more items than `limits.range_items`.
    RangeBudget(u64),
    UnknownQuiz {
        id: String,
        known: Vec<String>,
    },
}

/// Why an alias is refused.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AliasWhy {
    FullUrl,
    Home,
    DotSegment,
    /// One part of the path cannot be a name in the output, as a slug could not.
    Part(SlugWhy),
}

/// Why the output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputWhy {
    IsSite,
    ContainsSite,
    HoldsSite,
    Inside(String),
    /// site.yaml's `output_dir` leads out of the site folder (only `--output-dir` may).
    OutsideSite,
}

/// What is wrong in a shortcode call's arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShortcodeWhy {
    NoParentheses,
    NotClosed(String),
    ExpectedName,
    ExpectedEquals(String),
    DuplicateArgument(String),
    ExpectedCommaOrParen(String),
    ArrayComma,
    BadValue,
    UnclosedQuote,
    BadNumber(String),
    /// A Chinese input method's mark (`“`, `，`, `【`) where an ASCII one is needed.
    ChinesePunctuation(char),
    /// What is wrong with the value of one argument.
    InArgument(String, Box<ShortcodeWhy>),
}

impl Msg {
    /// The message in `lang`: what is wrong.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => zh::text(self),
            Lang::En => en::text(self),
        }
    }

    /// What to do about it, if there is more to say than the message.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        match lang {
            Lang::Zh => zh::hint(self),
            Lang::En => en::hint(self),
        }
    }

    /// What to do about it when the problem is in a table's cell (a CSV file or a
    /// spreadsheet), where "add a line `name: …`" means nothing: in the words of columns and
    /// cells. `None` when the usual hint fits.
    pub fn cell_hint(&self, lang: Lang) -> Option<String> {
        match lang {
            Lang::Zh => zh::cell_hint(self),
            Lang::En => en::cell_hint(self),
        }
    }

    /// The user guide's entry for this kind.
    pub fn guide(&self) -> Guide {
        guide::guide(self)
    }
}

/// A list of names for a message: `` `a`, `b` `` (or `、` between them in Chinese).
/// The bracket that closes `open` (`[` → `]`, `{` → `}`).
fn closing(open: char) -> char {
    match open {
        '{' => '}',
        '(' => ')',
        _ => ']',
    }
}

/// Whether serde's `expected` names a whole number type (`i32`, `an integer`…).
fn is_whole_number(expected: &str) -> bool {
    matches!(
        expected.trim_start_matches("a ").trim_start_matches("an "),
        "integer" | "i64" | "u64" | "u32" | "i32" | "u16" | "usize" | "u8"
    )
}

fn names(list: &[String], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests;
