//! The catalogue in English (`--lang en`, `JIESHUI_LANG=en`, or a site whose `language` is
//! `en…`).

use super::{
    AliasWhy, BaseUrlWhy, FunctionWhy, IdWhy, Lang, LinkWhy, Msg, NameWhy, OutputWhy, ReachWhy,
    SheetLimit, ShortcodeWhy, SlugWhy, names,
};
use crate::layout::RecordKind as Kind;

pub(super) fn text(m: &Msg) -> String {
    match m {
        Msg::NotUtf8 { .. } => "the file is not valid UTF-8 (it may be GBK/GB2312, as older Chinese Windows programs save)".into(),
        Msg::Utf16 { .. } => "the file is UTF-16 encoded; jieshui reads UTF-8 only".into(),
        Msg::CannotRead { detail } => format!("cannot read: {detail}"),
        Msg::LinkOutsideSite => "this link points outside the site folder".into(),
        Msg::SymlinkLoop { target } => {
            format!("symbolic link loop: this folder links back to {target}")
        }
        Msg::BadFileName { why } => format!(
            "this name cannot be copied to Windows or to a USB stick (FAT): {}",
            name_why(why)
        ),
        Msg::FileNameNotUtf8 => "the file name is not UTF-8 (probably GBK, from an old Windows computer or a zip file), so it cannot be read; the file was not used".into(),
        Msg::EmptyFile => "the file is empty".into(),
        Msg::NoFrontMatter => "the file does not start with front matter (`---`)".into(),
        Msg::FrontMatterNotClosed => "the front matter is not closed".into(),
        Msg::EmptyFrontMatter => "the front matter is empty".into(),
        Msg::EmptyTitle => "the title is empty".into(),
        Msg::EmptyTerm { taxonomy } => format!("an entry of `{taxonomy}` is empty"),
        Msg::BadDate { value } => format!("`{value}` is not a valid date"),
        Msg::EventEndsBeforeStart { start, end } => {
            format!("the event ends ({end}) before it starts ({start})")
        }
        Msg::SectionOnlyField { field } => {
            format!("`{field}` only applies to a section (_index.md)")
        }
        Msg::PageOnlyField { field } => format!(
            "`{field}` only applies to a page: a section (_index.md) is not scheduled or withdrawn"
        ),
        Msg::ExpiresBeforePublished { publish, expiry } => format!(
            "the page expires ({expiry}) no later than it is published ({publish}), so it would never be published"
        ),
        Msg::BadSlug { slug, why } => {
            format!("slug `{slug}` is not allowed: {}", slug_why(why))
        }
        Msg::IndexMd => "content/index.md would replace the home page".into(),
        Msg::UrlClaimedTwice { url, first } => {
            format!("two files claim the URL {url}: {first} and this one")
        }
        Msg::UnknownField { field, .. } => format!("unknown field `{field}`"),
        Msg::UnknownValue { value, .. } => format!("unknown value `{value}`"),
        Msg::WrongType { found, expected } => format!("invalid type: {found}, expected {expected}"),
        Msg::MissingField { field } => format!("missing required field `{field}`"),
        Msg::DuplicateKey { key } => format!("duplicate field `{key}`"),
        Msg::ChineseColon => "this line has a Chinese colon `：`, which YAML does not read as a colon".into(),
        Msg::ChinesePunctuation { mark } => format!(
            "the Chinese (full-width) mark `{mark}` is used here where an ASCII `{}` is needed",
            crate::text::chars::ascii_mark(*mark).unwrap_or(*mark)
        ),
        Msg::NeedsQuotes => "this value holds a colon or a special character: it needs quotes".into(),
        Msg::BadIndent => "this line's indentation does not line up with the lines around it".into(),
        Msg::UnclosedQuote { quote } => format!("the quote `{quote}` that starts here is never closed"),
        Msg::UnclosedBracket { open } => format!(
            "the `{open}` that starts here has no matching `{}`, or two items of the list lack a comma between them",
            super::closing(*open)
        ),
        Msg::TextAfterQuote => "text after the closing quote: the quotes must hold the whole value".into(),
        Msg::YamlTab => "a tab character here: YAML does not allow tabs".into(),
        Msg::YamlTooDeep { max } => format!(
            "the YAML here is nested more than {max} levels deep (`[` and `{{` inside each other)"
        ),
        Msg::ControlCharacter { code } => format!("an invisible control character ({code}) is here; YAML does not allow it"),
        Msg::YamlAliasesTooBig => "the aliases in this YAML (`*name`) expand to far too much text; write the values out instead of referring to anchors (`&name`)".into(),
        Msg::YamlSyntax { detail } => format!("YAML syntax error: {detail}"),
        Msg::NoSiteYaml { root } => format!("{root} has no site.yaml: it is not a jieshui site"),
        Msg::EmptySiteYaml => "site.yaml is empty".into(),
        Msg::BadBaseUrl { url, why } => format!(
            "base_url `{url}` is not valid: {}",
            match why {
                BaseUrlWhy::Scheme => "it must start with https:// or http://",
                BaseUrlWhy::Spaces => "it contains spaces",
                BaseUrlWhy::QueryOrFragment => "it must not contain `?` or `#`",
                BaseUrlWhy::NoHost => "it has no host name",
                BaseUrlWhy::DotSegment => "its path must not contain `.` or `..`",
            }
        ),
        Msg::UnknownTimezone { timezone } => format!("unknown timezone `{timezone}`"),
        Msg::UnknownTaxonomy { name } => format!("unknown taxonomy `{name}`"),
        Msg::EmptyOutputDir => "output_dir is empty".into(),
        Msg::OrganizationEmpty { field } => format!(
            "organization.{field} ({}) is empty; a public site must show it in its footer",
            org_label(field)
        ),
        Msg::OrganizationMalformed { field, value } => format!(
            "organization.{field} ({}) `{value}` does not look right",
            org_label(field)
        ),
        Msg::GovThemeMissing { template, items } => {
            format!(
            "every page of a government site needs these, and template {template} has none: {}",
            items.join(", ")
        )
        }
        Msg::UndatedPage => "this page has no `date:`; a government site inspection counts an undated item as not updated".into(),
        Msg::EmptySection { title } => {
            format!("section “{title}” is empty: no pages and no records; inspections count empty sections")
        }
        Msg::TooManyEmptySections { count } => {
            format!("{count} sections are empty; a government site inspection fails a site with five or more")
        }
        Msg::SiteNotUpdated { newest, days, limit } => format!(
            "the newest page is dated {newest}: {days} days without an update (more than {limit})"
        ),
        Msg::ExternalResource { tag, host } => {
            format!("<{tag}> loads from another site, {host}; a government site may carry no advertising, so check it first")
        }
        Msg::Wording { wrong, right } => {
            format!("“{wrong}” should be “{right}” (wording dictionary)")
        }
        Msg::BadMenuUrl { name, url } => format!(
            "menu item `{name}`: `{url}` is not a web address, a path on this site or an existing `@/` page"
        ),
        Msg::FeedNoSection { path } => format!("feeds: there is no section at {path}"),
        Msg::ThemeNotFound { theme } => {
            format!("theme `{theme}` not found: there is no themes/{theme}/ folder")
        }
        Msg::NoContentFolder => "the site has no content/ folder".into(),
        Msg::DataDefinedTwice { name, first } => {
            format!("{first} and this file both define data `{name}`")
        }
        Msg::CsvUnreadable { detail } => format!("this CSV file cannot be read: {detail}"),
        Msg::CsvEncodingUnknown => {
            "the encoding of this CSV file is unknown: it is neither UTF-8 nor GBK/GB18030".into()
        }
        Msg::SheetUnreadable { detail: Some(detail) } => {
            format!("this spreadsheet cannot be opened; it may be damaged ({detail})")
        }
        Msg::SheetUnreadable { detail: None } => {
            "this file is not an Excel/WPS spreadsheet (was another file renamed?)".into()
        }
        Msg::SheetTooBig { why } => match why {
            SheetLimit::Rows(max) => format!("the sheet is too big: more than {max} rows"),
            SheetLimit::Columns(max) => format!("the sheet is too wide: more than {max} columns"),
            SheetLimit::Cells(max) => format!("the sheet is too big: more than {max} cells"),
            SheetLimit::File(mib) => format!("the spreadsheet file is larger than {mib} MB"),
            SheetLimit::Unpacked(mib) => format!(
                "unpacked, the spreadsheet would be larger than {mib} MB (a damaged or malicious file?)"
            ),
        },
        Msg::UnknownColumn { header, .. } => format!("unknown column header `{header}`"),
        Msg::DuplicateColumn { field, first } => {
            format!("two columns are `{field}`: column {first} already is")
        }
        Msg::MissingColumn { field, header } => {
            format!("the table has no column {header} (`{field}`), which is required")
        }
        Msg::ColumnWithoutHeader => "this column has cells filled in but no header".into(),
        Msg::CellError { value } => format!("this cell's formula gives the error `{value}`"),
        Msg::TargetsNotYaml => "targets must be YAML (data/targets.yaml): its indicators nest".into(),
        Msg::BadWebAddress { url } => format!("url `{url}` is not a web address"),
        Msg::BadId { id, why } => format!(
            "id `{id}` {}",
            match why {
                IdWhy::Empty => "is empty",
                IdWhy::Characters => "must be ASCII letters, digits, `-` or `_`",
            }
        ),
        Msg::DuplicateId { id, first_line } => {
            format!("duplicate id `{id}`: line {first_line} already uses it")
        }
        Msg::NoDataFile { kind, key } => format!(
            "unknown {} `{key}`: the site has no data/{} (a spreadsheet or .yaml)",
            label(*kind),
            kind.name()
        ),
        Msg::UnknownRecord { kind, key, .. } => format!(
            "unknown {} `{key}`: no id, name or alias in data/{} matches",
            label(*kind),
            kind.name()
        ),
        Msg::TotalMismatch { name, stated, sum, city } => format!(
            "{name}: the stated total is {stated} but {} add up to {sum}",
            match city {
                Some((city, districts)) => format!("city {city} + districts {districts}"),
                None => "the districts".to_string(),
            }
        ),
        Msg::QuizEmptyText { field } => format!("`{field}` is empty"),
        Msg::QuizTooFewChoices { count } => {
            format!("a question needs at least 2 choices; this one has {count}")
        }
        Msg::QuizDuplicateChoice { choice, first } => {
            format!("choice “{choice}” is the same as choice {first}")
        }
        Msg::QuizBadAnswer { answer, last } => {
            format!("answer `{answer}` is not the letter of a choice (A to {last})")
        }
        Msg::PartLargerThanWhole { name, part, whole_name, whole, district } => match district {
            Some(d) => format!(
                "{name} in {d}: this part ({part}) is larger than {whole_name} there ({whole})"
            ),
            None => format!("{name}: this part ({part}) is larger than {whole_name} ({whole})"),
        },
        Msg::ImageNoAlt => "the image has no alternative text".into(),
        Msg::AsciiPunctuation { mark, full } => {
            format!("ASCII `{mark}` in Chinese text, which takes the full-width `{full}`")
        }
        Msg::ImageMissing { src } => {
            format!("the image `{src}` is not in the built site: no such file")
        }
        Msg::ImageGps { src } => {
            format!("the photo `{src}` records where it was taken (GPS); the published versions leave it out")
        }
        Msg::ImageUnreadable { src, why } => {
            format!("the picture `{src}` cannot be read: it is damaged or not a JPEG/PNG ({why})")
        }
        Msg::ImageMislabelled { src, named, actual } => {
            format!("`{src}` is named as a {named} file but is really {actual}")
        }
        Msg::ImageHuge { src, width, height, megabytes } => format!(
            "the picture `{src}` is very large ({width}×{height} pixels, {megabytes} MB)"
        ),
        Msg::TemplateFunction { why } => match why {
            FunctionWhy::UrlNoFile(f) => {
                format!("url(): no content file `{f}` (paths are relative to content/)")
            }
            FunctionWhy::UrlNotALink(p) => format!(
                "url(): `{p}` is not a web address or a path on this site (links may be http, https, mailto or tel)"
            ),
            FunctionWhy::UrlClimbs(p) => format!("url(): `{p}` climbs out of the site with `..`"),
            FunctionWhy::NoPage(p) => format!(
                "get_page(): no page `{p}` (paths are relative to content/, e.g. \"news/a.md\")"
            ),
            FunctionWhy::NoSection(p) => format!(
                "get_section(): no section `{p}` (e.g. \"_index.md\" or \"news/_index.md\")"
            ),
            FunctionWhy::NoData(n) => format!("get_data(): no data file `{n}` in data/"),
            FunctionWhy::YearOutOfRange(y) => format!("campaign(): year {y} is out of range"),
            FunctionWhy::UnknownCampaign(n) => format!(
                "campaign(): unknown campaign `{n}`: use 世界水日, 中国水周 or 全国城市节约用水宣传周"
            ),
            FunctionWhy::NotYetHeld { name, first } => {
                format!("campaign(): {name} was first held in {first}")
            }
            FunctionWhy::NotADate(v) => format!("date_zh: `{v}` is not a date"),
            FunctionWhy::UnknownRecordKind(k) => format!(
                "record(): unknown kind `{k}` (districts, units, carriers or leaders)"
            ),
            FunctionWhy::UnknownRecordId { kind, id } => Msg::UnknownRecord {
                kind: *kind,
                key: id.clone(),
                suggestion: None,
            }
            .text(Lang::En),
            FunctionWhy::UnknownIndicator(id) => {
                format!("indicator(): no indicator with id `{id}` in data/targets.yaml")
            }
            FunctionWhy::RangeBudget(max) => format!(
                "range(): the ranges of this page make more than {max} items in all; stopped (limits.range_items in site.yaml)"
            ),
            FunctionWhy::UnknownQuiz { id, known } => format!(
                "quiz: there is no data/quizzes/{id}.yaml (quizzes: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
        },
        Msg::Polyphone { ch, reading, .. } => format!(
            "“{ch}” has several readings and none is marked; it was given {reading}"
        ),
        Msg::PolyphoneWord { word, reading, .. } => format!(
            "“{word}” is read two ways depending on its meaning; it was given {reading}"
        ),
        Msg::RubyMismatch { base, readings, chars, syllables } => format!(
            "the reading {{{base}|{readings}}} has {chars} characters but {syllables} syllables"
        ),
        Msg::JavascriptLink { scheme } => {
            format!("`{scheme}:` links are not allowed (opening one runs what it holds); replaced with #")
        }
        Msg::LinkToDraft { path } => format!(
            "internal link to `@/{path}`: that page is a draft (`draft: true`), which is not published, so the link would be broken"
        ),
        Msg::BrokenInternalLink { path } => {
            format!("internal link to `@/{path}`: there is no content/{path}")
        }
        Msg::LinkToScheduled { path, date } => format!(
            "internal link to `@/{path}`: that page is not published until {date}, so the link would be broken now"
        ),
        Msg::LinkToExpired { path, date } => format!(
            "internal link to `@/{path}`: that page expired (`expiry_date: {date}`) and is no longer published, so the link would be broken"
        ),
        Msg::MissingHeading { path, anchor, .. } => {
            format!("`@/{path}` has no heading with id `{anchor}`")
        }
        Msg::ExternalLinkBroken { url, why, others } => {
            let why = match why {
                LinkWhy::Status(code) => format!("the site answered {code}, {}", status_words(*code)),
                LinkWhy::TooManyRedirects(n) => format!("more than {n} redirects in a row"),
                LinkWhy::RedirectLoop => "its redirects go round in a circle".into(),
            };
            format!("external link does not work: {url} ({why}){}", also_on(*others))
        }
        Msg::ExternalLinkUnreachable { url, why, others } => {
            let why = match why {
                ReachWhy::Timeout(s) => format!("no answer within {s} s"),
                ReachWhy::Dns => "the host name is not found (DNS)".into(),
                ReachWhy::Refused => "connection refused".into(),
                ReachWhy::Tls => "the secure connection (HTTPS certificate) failed".into(),
                ReachWhy::TooManyRequests => "the site asks to come back later (429)".into(),
                ReachWhy::BadAddress => "the address has characters that cannot be sent as written".into(),
                ReachWhy::Other(detail) => format!("network error: {detail}"),
            };
            format!("could not reach external link {url} ({why}); check again later{}", also_on(*others))
        }
        Msg::ExternalLinksUnfinished { count, seconds } => {
            format!("external links: not finished after {seconds} s, {count} not checked")
        }
        Msg::UnknownShortcode { name, .. } => format!(
            "unknown shortcode `{name}`: there is no templates/shortcodes/{name}.html"
        ),
        Msg::ShortcodeSyntax { name, why } => match why {
            ShortcodeWhy::NoParentheses => {
                format!("shortcode {name} has no parentheses: write {name}()")
            }
            ShortcodeWhy::NotClosed(close) => format!("shortcode {name} does not end with {close}"),
            other => format!("the arguments of shortcode {name} are wrong: {}", arg_why(other)),
        },
        Msg::ShortcodeFailed { name, detail } => format!("shortcode `{name}` failed: {detail}"),
        Msg::ShortcodeNoEnd { name } => {
            format!("block shortcode {name} has no closing {{% end %}}")
        }
        Msg::StrayEnd => "a stray {% end %}: no block shortcode is open".into(),
        Msg::NotInMarkdownFilter { what } => {
            format!("{what} is not available in the markdown filter")
        }
        Msg::MoreProblems { count } => {
            format!("{count} more problems in this file are not shown; fix the ones above first")
        }
        Msg::TemplateCircle { chain, extends } => format!(
            "templates {} each other in a circle: {}",
            if *extends { "extend" } else { "include" },
            chain.join(" → ")
        ),
        Msg::TemplateMissingParent { parent } => {
            format!("it extends `{parent}`, which does not exist")
        }
        Msg::TemplateError { detail, page } => match page {
            Some(page) => format!("{detail} (while rendering {page})"),
            None => detail.clone(),
        },
        Msg::PageTooBig { page, limit_mb } => {
            format!("this template wrote more than {limit_mb} MB for {page}; stopped")
        }
        Msg::RenderTooLong { page, seconds } => format!(
            "this template ran for more than {seconds} s on {page}; stopped (probably loops inside loops, or a loop that never ends)"
        ),
        Msg::MemoryLimit { limit_mb, page } => match page {
            Some(page) => format!("jieshui used more than {limit_mb} MB of memory while rendering {page}; stopped"),
            None => format!("jieshui used more than {limit_mb} MB of memory; stopped"),
        },
        Msg::TemplateNotFound { template } => format!("template `{template}` not found"),
        Msg::RecordTemplateMissing { template, path } => {
            format!("the theme has no {template} for the records at {path}")
        }
        Msg::BadAlias { alias, why } => format!(
            "alias `{alias}`: {}",
            match why {
                AliasWhy::FullUrl => "an alias is a path on this site, not a full URL".to_string(),
                AliasWhy::Home => "an alias cannot be the home page".to_string(),
                AliasWhy::DotSegment => "an alias cannot contain `..`, `.` or `\\`".to_string(),
                AliasWhy::Part(why) => slug_why(why),
            }
        ),
        Msg::WrittenTwice {
            path,
            first,
            second,
        } => format!(
            "two things write {path}: {} and {}",
            first.text(Lang::En),
            second.text(Lang::En)
        ),
        Msg::FileFolderClash {
            path,
            file,
            inner,
            folder,
        } => format!(
            "{path} must be both a file and a folder: {} writes the file {path}, and {} writes {inner} inside it",
            file.text(Lang::En),
            folder.text(Lang::En)
        ),
        Msg::ReservedOutput { path, origin } => format!(
            "{} would write {path}, but {} is the name of jieshui's marker file in the output",
            origin.text(Lang::En),
            crate::layout::MARKER
        ),
        Msg::CannotWrite { path, from, detail } => match from {
            Some(from) => format!("cannot write {path} (from {}): {detail}", from.text(Lang::En)),
            None => format!("cannot write {path}: {detail}"),
        },
        Msg::OutputDirRefused { dir, why } => format!(
            "cannot build into {dir}: {}",
            match why {
                OutputWhy::IsSite => "it is the site folder itself".to_string(),
                OutputWhy::ContainsSite => "it contains the site folder".to_string(),
                OutputWhy::HoldsSite => "it holds a site (content/ or site.yaml)".to_string(),
                OutputWhy::Inside(inner) => format!("it is inside {inner}/, which jieshui reads"),
                OutputWhy::OutsideSite =>
                    "site.yaml's output_dir must stay inside the site folder".to_string(),
            }
        ),
        Msg::OutputNotFolder { dir } => format!("{dir} exists and is not a folder"),
        Msg::OutputNotOurs { dir } => format!(
            "{dir} was not made by jieshui (it has no {} file); jieshui will not replace it",
            crate::layout::MARKER
        ),
        Msg::OutputBusy { dir, pid } => match pid {
            Some(pid) => format!(
                "another jieshui build (process {pid}) is writing {dir}; this one stops and changes nothing"
            ),
            None => format!("another jieshui build is writing {dir}; this one stops and changes nothing"),
        },
        Msg::OutputNotAtomic { dir } => format!(
            "{dir} is a mount point (the root of a USB stick, disk or network drive), which cannot be replaced in one step: its files were replaced one by one"
        ),
        Msg::InitNotEmpty { dir } => format!("{dir} exists and is not empty"),
        Msg::UnknownCommand { given, .. } => format!("there is no command `{given}`"),
        Msg::UnknownOption { given, command, .. } => {
            format!("`{command}` has no option `{given}`")
        }
        Msg::BadOptionValue {
            option,
            value,
            valid,
        } => match valid.as_slice() {
            [] => format!("`{value}` is not a valid value for `{option}`"),
            list => format!(
                "`{value}` is not a valid value for `{option}` (one of: {})",
                list.join(", ")
            ),
        },
        Msg::MissingArgument { what, command } => format!("`{command}` needs `{what}`"),
        Msg::CommandLine { detail } => format!("bad command line: {detail}"),
        Msg::InternalError => "internal error: the build panicked (see above)".into(),
        Msg::NotAFolder { dir, detail } => match detail {
            Some(detail) => format!("{dir}: {detail}"),
            None => format!("{dir} is not a folder"),
        },
        Msg::BadInterface { interface, detail } => {
            format!("--interface {interface}: not an address of this machine ({detail})")
        }
        Msg::CannotListen { address, detail } => format!("cannot listen on {address}: {detail}"),
        Msg::PortsBusy {
            interface,
            first,
            last,
        } => format!("ports {first} to {last} on {interface} are all in use"),
        Msg::ServerFailed { detail } => format!("the server failed: {detail}"),
        Msg::ZipFailed { path, detail } => format!("cannot write the zip {path}: {detail}"),
        Msg::SecretInSite => "this looks like a cloud access key, which must not be in the site folder".into(),
        Msg::DeployNotSet => "site.yaml has no `deploy` settings: there is nowhere to publish to".into(),
        Msg::BadEndpoint { value } => format!("endpoint {value} is not a web address"),
        Msg::NoCredentials { provider, names } => format!("no access key for {provider}: none of {} is set", names.join(", ")),
        Msg::CredentialsInsideSite { path } => format!("the key file {path} is inside the site folder"),
        Msg::TooManyDeletes { count, max } => format!("this deploy would delete {count} objects, more than --max-deletes {max}: nothing was done"),
        Msg::DeployFailed { key, detail } if key.is_empty() => format!("the deploy did not finish: {detail}"),
        Msg::DeployFailed { key, detail } => format!("the deploy did not finish ({key}): {detail}"),
        Msg::NotServedOutside { path, source } => {
            format!("not serving {path}: its source {source} leads outside the site folder")
        }
        Msg::WatchFailed { detail } => {
            format!("cannot watch the site ({detail}); changes need a restart")
        }
    }
}

pub(super) fn cell_hint(m: &Msg) -> Option<String> {
    match m {
        Msg::MissingField { .. } => Some("fill in this cell (every row needs this column)".into()),
        Msg::WrongType { expected, .. } if expected == "a boolean" => {
            Some("write 是 or 否 (yes or no; ✓ and × also work) in this cell".into())
        }
        Msg::WrongType { expected, .. } if super::is_whole_number(expected) => {
            Some("write a whole number in this cell (a year as 2021)".into())
        }
        Msg::WrongType { expected, .. } => Some(format!("this cell should hold {expected}")),
        Msg::DuplicateKey { .. } => Some("delete one of the two columns".into()),
        Msg::UnclosedQuote { .. } => Some(
            "this cell starts with a double quote \" that is never closed: add \" at the end of the cell, or open the file in the spreadsheet program and save it again"
                .into(),
        ),
        Msg::BadWebAddress { .. } => {
            Some("write the unit's site as https://… (or http://…), or leave the cell empty".into())
        }
        _ => None,
    }
}

/// What an HTTP status means to a reader.
fn status_words(code: u16) -> &'static str {
    match code {
        404 | 410 => "not found",
        401 => "login required",
        403 => "access refused",
        500.. => "a server error",
        _ => "the page does not open",
    }
}

/// `; also on N other pages` when the link is on other pages too.
fn also_on(others: usize) -> String {
    match others {
        0 => String::new(),
        n => format!("; also on {n} other page(s)"),
    }
}

pub(super) fn hint(m: &Msg) -> Option<String> {
    let s = |t: &str| Some(t.to_string());
    match m {
        Msg::NotUtf8 { csv } | Msg::Utf16 { csv } => {
            if *csv {
                s(
                    "re-save it from the spreadsheet as UTF-8: Excel: File → Save As → \"CSV UTF-8 (Comma delimited)\"; WPS: 另存为 → CSV, encoding UTF-8",
                )
            } else {
                s(
                    "open it in an editor and save it as \"UTF-8\" (Notepad: Save As → Encoding: UTF-8)",
                )
            }
        }
        Msg::CannotRead { .. } => s("check the file's permissions"),
        Msg::LinkOutsideSite => s("copy the file into the site instead of linking to it"),
        Msg::SymlinkLoop { .. } => s("remove the link"),
        Msg::BadFileName { .. } => s("rename it with letters, digits, `-` or Chinese characters"),
        Msg::FileNameNotUtf8 => s(
            "rename it on this computer (type the Chinese name again), or unzip the archive as GBK",
        ),
        Msg::EmptyFile => s("a page starts with front matter: ---, a line `title: …`, then ---"),
        Msg::NoFrontMatter => s("put a line `---`, then `title: …`, then `---` at the very top"),
        Msg::FrontMatterNotClosed => s("add a line `---` after the last front-matter line"),
        Msg::EmptyFrontMatter => s("it needs at least `title: …`"),
        Msg::EmptyTitle => s("write the page's title after `title:`"),
        Msg::EmptyTerm { .. } => {
            s("remove it or write the term, e.g. `tags: [World Water Day, saving]`")
        }
        Msg::BadDate { .. } => {
            s("write dates as YYYY-MM-DD, e.g. 2021-03-22, or as 2021-03-22T09:00:00+08:00")
        }
        Msg::EventEndsBeforeStart { .. } => {
            s("check the dates: `end` is the last day of the event")
        }
        Msg::SectionOnlyField { .. } => s("move it to the _index.md of this folder"),
        Msg::PageOnlyField { .. } => {
            s("remove it; to schedule or withdraw pages, write it in each page's front matter")
        }
        Msg::ExpiresBeforePublished { .. } => {
            s("check the dates: `expiry_date` must be later than `publish_date` (else `date`)")
        }
        Msg::BadSlug { .. } => s("use letters, digits and `-`, e.g. slug: world-water-day"),
        Msg::IndexMd => s("rename it to content/_index.md to write the home page"),
        Msg::UrlClaimedTwice { .. } => s("give one of them another `slug:` or file name"),
        Msg::UnknownField {
            suggestion,
            expected,
            ..
        }
        | Msg::UnknownValue {
            suggestion,
            expected,
            ..
        } => match suggestion {
            Some(best) => Some(format!("did you mean `{best}`?")),
            None if expected.is_empty() => None,
            None => Some(format!("write one of: {}", names(expected, Lang::En))),
        },
        Msg::WrongType { .. } => {
            s("check the value's form: text, a number, a list (`[a, b]`) or `key: value` lines")
        }
        Msg::MissingField { field } => Some(format!("add a line `{field}: …`")),
        Msg::DuplicateKey { .. } => s("keep one of the two lines"),
        Msg::ChineseColon => {
            s("write an ASCII colon and a space after the name, e.g. `title: 世界水日`")
        }
        Msg::ChinesePunctuation { .. } => s(
            "type these marks with an English input method: `【】` → `[ ]`, `“ ”` → `\" \"`, `，` → `,`, `：` → `:`, e.g. `tags: [World Water Day, saving]`",
        ),
        Msg::NeedsQuotes => {
            s("put the whole value in double quotes, e.g. title: \"重点: 节约用水\"")
        }
        Msg::UnclosedQuote { quote } => Some(format!(
            "end the value with the same quote, e.g. title: {quote}World Water Day{quote}; for quotes inside a value, use Chinese quotes “”"
        )),
        Msg::UnclosedBracket { open } => Some(format!(
            "add `{}` and separate the items with commas, e.g. tags: [节水, 护水]",
            super::closing(*open)
        )),
        Msg::TextAfterQuote => s(
            "put the whole value in double quotes and use Chinese quotes inside it, e.g. title: \"“节水”宣传周\"",
        ),
        Msg::BadIndent => s(
            "indent with spaces, the same number for lines at the same level (usually 2 per level)",
        ),
        Msg::YamlTab => s("YAML does not allow tabs for indentation: indent with spaces"),
        Msg::YamlTooDeep { .. } => {
            s("check that the brackets pair up; write the value in simpler parts")
        }
        Msg::YamlAliasesTooBig => s("write the values out instead of `*name` references"),
        Msg::ControlCharacter { .. } => s(
            "delete it: it often comes with text copied from Word, a PDF or a web page; retype the characters around the caret",
        ),
        Msg::YamlSyntax { .. } => s(
            "check the line and the one before it: a missing `:`, an unclosed quote or bracket, or wrong indentation",
        ),
        Msg::NoSiteYaml { .. } => s(
            "run the command inside a site folder, pass --root DIR, or create one with `jieshui init DIR`",
        ),
        Msg::EmptySiteYaml => {
            s("it needs at least `title:` and `base_url:`; `jieshui init DIR` writes an example")
        }
        Msg::BadBaseUrl { .. } => s(
            "write an absolute address such as https://example.org/ or https://example.org/jieshui/",
        ),
        Msg::UnknownTimezone { .. } => s("use an IANA name such as Asia/Shanghai"),
        Msg::UnknownTaxonomy { .. } => s("front matter has two taxonomy keys: tags and categories"),
        Msg::EmptyOutputDir => s("write a folder name, e.g. output_dir: public"),
        Msg::OrganizationEmpty { field } | Msg::OrganizationMalformed { field, .. } => {
            Some(org_hint(field).to_string())
        }
        Msg::GovThemeMissing { .. } => s(
            "do as the default theme's base.html does: the meta set from `gov` in <head>, the sponsor, site code and filing numbers with their links in the footer",
        ),
        Msg::UndatedPage => {
            s("write its publication date in the front matter, e.g. date: 2021-05-10")
        }
        Msg::EmptySection { .. } => s(
            "add at least one page; leave a section out (or mark it draft: true) until it has content",
        ),
        Msg::TooManyEmptySections { .. } => {
            s("see the warning at each empty section: add pages or leave the section out")
        }
        Msg::SiteNotUpdated { .. } => s(
            "publish something new; the number of days is `government: { stale_days: 14 }` in site.yaml",
        ),
        Msg::ExternalResource { .. } => s(
            "if it is trusted (e.g. a higher government's site) add it to `government: { allowed_hosts: [HOST] }` in site.yaml; else remove it",
        ),
        Msg::Wording { .. } => s(
            "correct it; if it quotes a source word for word, add `wording_ok: [WRONG]` (or `verbatim: true` for the whole page) under extra in the front matter",
        ),
        Msg::BadMenuUrl { .. } => s(
            "write https://…, a path such as /news/, or `@/` and a file under content/, e.g. @/news/_index.md",
        ),
        Msg::FeedNoSection { .. } => {
            s("name a section by its URL path, e.g. `campaigns` for content/campaigns/_index.md")
        }
        Msg::ThemeNotFound { .. } => s(
            "set `theme:` to a folder under themes/, or run `jieshui init` to get the default theme",
        ),
        Msg::NoContentFolder => s("create content/_index.md for the home page"),
        Msg::DataDefinedTwice { .. } => {
            s("keep one of them: delete the other or move it out of data/")
        }
        Msg::CsvUnreadable { .. } => s(
            "every row needs as many cells as the header row; save it from the spreadsheet as \"CSV UTF-8\"",
        ),
        Msg::CsvEncodingUnknown => s(
            "open it in the spreadsheet program and save it as \"CSV UTF-8\", or save it as .xlsx into data/",
        ),
        Msg::SheetUnreadable { .. } => s(
            "open it in Excel or WPS and save it as .xlsx; if it is not a spreadsheet, move it out of data/",
        ),
        Msg::SheetTooBig { .. } => s(
            "a site's data table cannot be this big: delete the rows and columns it does not need",
        ),
        Msg::UnknownColumn {
            suggestion,
            expected,
            ..
        } => match suggestion {
            Some(best) => Some(format!("did you mean `{best}`?")),
            None => Some(format!(
                "headers may be Chinese or English: {}; delete columns not needed",
                expected.join(", ")
            )),
        },
        Msg::DuplicateColumn { .. } => s("delete one of them or give it another header"),
        Msg::MissingColumn { header, field } => Some(format!(
            "add a column `{header}` (or `{field}`) to the header row and fill it in every row"
        )),
        Msg::ColumnWithoutHeader => s(
            "write a header in this column's first cell; if the header cells are merged, unmerge them and give each column its own",
        ),
        Msg::CellError { .. } => s("fix the formula in the spreadsheet, or type the value in"),
        Msg::TargetsNotYaml => {
            s("write the targets as data/targets.yaml (not CSV or a spreadsheet)")
        }
        Msg::BadWebAddress { .. } => {
            s("write the unit's site as https://… (or http://…), or leave `url` out")
        }
        Msg::BadId { .. } => s("ids make URLs: use lower-case letters, digits and `-`, e.g. wujin"),
        Msg::DuplicateId { .. } => s("every record needs its own id"),
        Msg::NoDataFile { kind, .. } => Some(format!(
            "add data/{}.xlsx (or .csv, .yaml) with a record for it; a site made by `jieshui init` has templates",
            kind.name()
        )),
        Msg::UnknownRecord {
            kind, suggestion, ..
        } => Some(match suggestion {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "add it to data/{} (the spreadsheet or .yaml), or check the spelling",
                kind.name()
            ),
        }),
        Msg::TotalMismatch { .. } => s(
            "the site shows the figures as written and notes the difference; correct the file if it is a typing mistake",
        ),
        Msg::PartLargerThanWhole { .. } => s("check the figures: a part cannot exceed its whole"),
        Msg::AsciiPunctuation { .. } => s(
            "use the Chinese mark (`,` → `，`, `( )` → `（ ）`); text quoted as written from a source stays as it is inside “quotation marks” or a block quotation (> )",
        ),
        Msg::QuizEmptyText { .. } => s("write the text, or delete the line"),
        Msg::QuizTooFewChoices { .. } => {
            s("write the choices as a list, e.g. `choices: [3月22日, 5月15日, 6月5日]`")
        }
        Msg::QuizDuplicateChoice { .. } => s("make every choice different"),
        Msg::QuizBadAnswer { .. } => {
            s("write the letter of the right choice: A for the first, B for the second…")
        }
        Msg::ImageNoAlt => s(
            "describe the picture inside ![ ], e.g. ![students visiting the waterworks](photo.jpg); screen readers read it aloud",
        ),
        Msg::TemplateFunction { .. } => s(
            "check this function's arguments in the template or shortcode: paths, names and ids must match the site's files and data",
        ),
        Msg::ImageMissing { .. } => s(
            "check the name and its upper/lower case; put the picture beside the page (a folder with index.md) or in static/",
        ),
        Msg::ImageGps { .. } => s(
            "nothing to do for the site; but a photo sent elsewhere as it is tells where it was taken (a school, a home): switch off location in the camera app",
        ),
        Msg::ImageUnreadable { .. } => s(
            "open the picture on a computer and save it again as JPEG (photos) or PNG (drawings), then build again",
        ),
        Msg::ImageMislabelled { .. } => s(
            "save the picture again as JPEG or PNG with a matching name (an iPhone's HEIC: export it as JPEG)",
        ),
        Msg::ImageHuge { .. } => s(
            "the site makes small versions itself, but the source slows every build: a photo of about 4000 pixels across is plenty",
        ),
        Msg::Polyphone { ch, alt, .. } => Some(format!("if that is wrong, write {{{ch}|{alt}}}")),
        Msg::PolyphoneWord { word, reading, alt } => Some(format!(
            "write {{{word}|{reading}}} if that is right, {{{word}|{alt}}} if not, and the warning goes"
        )),
        Msg::RubyMismatch { .. } => {
            s("give one syllable per character, separated by spaces, e.g. {节水|jié shuǐ}")
        }
        Msg::JavascriptLink { .. } => s("link to a web address (https://…) or a page of the site"),
        Msg::LinkToDraft { .. } => s(
            "remove `draft: true` from it when it is ready; to preview drafts use `jieshui serve --drafts`; or drop the link for now",
        ),
        Msg::BrokenInternalLink { .. } => {
            s("`@/` paths start inside content/, e.g. @/news/a.md; check the folder and file name")
        }
        Msg::LinkToScheduled { .. } => s(
            "add the link once that page is published, or move its `publish_date` earlier; to preview, use `jieshui serve --future`",
        ),
        Msg::LinkToExpired { .. } => s(
            "remove the link; if that page should stay, make its `expiry_date` later or remove it",
        ),
        Msg::ExternalLinkBroken { .. } => s(
            "open it in a browser: correct a mistyped address, replace or remove a page taken down; a site that refuses programs (often 403) but opens in a browser can go in `links: { external_skip: [HOST] }` in site.yaml",
        ),
        Msg::ExternalLinkUnreachable { .. } => s(
            "the network or the other site may be down for a while: run `jieshui check --external` again later; if it never works, open it in a browser and check the address",
        ),
        Msg::ExternalLinksUnfinished { .. } => s(
            "run `jieshui check --external` again: links found working are remembered for a day and not checked again",
        ),
        Msg::MissingHeading { headings, .. } => Some(if headings.is_empty() {
            "it has no headings".to_string()
        } else {
            format!("its headings are: {}", headings.join(", "))
        }),
        Msg::UnknownShortcode { known, .. } => Some(format!(
            "known shortcodes: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )),
        Msg::ShortcodeSyntax { .. } => {
            s("write it as {{ name(key=\"value\", n=3) }}; text values need double quotes")
        }
        Msg::ShortcodeFailed { .. } => s(
            "check the shortcode's arguments, e.g. that the id matches the data file; if they are right, the template is wrong",
        ),
        Msg::ShortcodeNoEnd { .. } => s("add a line {% end %} where the block ends"),
        Msg::StrayEnd => s("remove it, or add the {% name() %} line it belongs to"),
        Msg::NotInMarkdownFilter { .. } => s(
            "write the address itself in the template, or move the text into a page; ask whoever maintains the theme",
        ),
        Msg::MoreProblems { .. } => s("fix the problems above and check again"),
        Msg::TemplateCircle { .. } => s(
            "remove one {% include %} or {% extends %} of the circle; ask whoever maintains the theme",
        ),
        Msg::TemplateMissingParent { .. } => s("check the name in {% extends \"…\" %}"),
        Msg::TemplateError { .. } => s(
            "this is a problem of the theme's template (.html), not of the page; ask whoever maintains the theme",
        ),
        Msg::TemplateNotFound { .. } => {
            s("put it in templates/ or in the theme's templates/ folder")
        }
        Msg::PageTooBig { .. } | Msg::RenderTooLong { .. } | Msg::MemoryLimit { .. } => s(
            "look for a loop that never ends or grows a value in the theme's template; a larger site can raise the limit under `limits:` in site.yaml",
        ),
        Msg::RecordTemplateMissing { template, .. } => Some(format!("add templates/{template}")),
        Msg::BadAlias { .. } => s("write a path on this site, e.g. /old/news/"),
        Msg::WrittenTwice { .. } => s("give one of them another slug or file name"),
        Msg::FileFolderClash { .. } => s("rename the file, or give the page another slug"),
        Msg::ReservedOutput { .. } => s("choose another slug or alias"),
        Msg::OutputBusy { .. } => s("wait for the other build to finish, then build again"),
        Msg::OutputNotAtomic { .. } => s(
            "if a build is interrupted it may hold old and new files; build again. To replace it in one step, build into a folder on the stick, e.g. --output-dir /media/USB/site",
        ),
        Msg::CannotWrite { .. } => {
            s("check that the folder exists, is writable and the disk is not full")
        }
        Msg::OutputDirRefused {
            why: OutputWhy::OutsideSite,
            ..
        } => s(
            "a site folder cannot choose to write elsewhere on your computer; give output_dir a folder inside the site (e.g. public), or build elsewhere with --output-dir on the command line",
        ),
        Msg::OutputDirRefused { .. } => s("choose another --output-dir or output_dir, e.g. public"),
        Msg::OutputNotFolder { .. } => s("remove it or choose another --output-dir"),
        Msg::OutputNotOurs { .. } => {
            s("remove the folder yourself, or choose another --output-dir")
        }
        Msg::InitNotEmpty { .. } => s("choose a new folder name; init never overwrites files"),
        Msg::UnknownCommand { suggestion, .. } => Some(match suggestion {
            Some(s) => format!("did you mean `{s}`? The commands are build, check, serve and init"),
            None => "the commands are build, check, serve and init; see `jieshui --help`".into(),
        }),
        Msg::UnknownOption {
            command,
            suggestion,
            ..
        } => Some(match suggestion {
            Some(s) => format!("did you mean `{s}`? See `{command} --help`"),
            None => format!("see `{command} --help` for its options"),
        }),
        Msg::MissingArgument { command, .. } => Some(format!("see `{command} --help`")),
        Msg::BadOptionValue { .. } | Msg::CommandLine { .. } => {
            s("see `jieshui --help` for how to write the command")
        }
        Msg::InternalError => s("please report this with the file you just saved"),
        Msg::NotAFolder { .. } => s("pass the site folder with --root"),
        Msg::BadInterface { .. } => s("leave --interface out to preview on this machine only"),
        Msg::CannotListen { .. } => s("try another port, e.g. --port 8080"),
        Msg::PortsBusy { .. } => s("stop the other server or pass --port N (0 picks a free one)"),
        Msg::ServerFailed { .. } => {
            s("run jieshui serve again; if it keeps failing, report it with this message")
        }
        Msg::WatchFailed { .. } => {
            s("after editing, stop the preview with Ctrl-C and run jieshui serve again")
        }
        Msg::ZipFailed { .. } => {
            s("check that its folder exists and can be written to, and that the disk is not full")
        }
        Msg::SecretInSite => s(
            "remove it and use environment variables (see the guide on object storage); a key that was already shared or committed must be revoked in the console",
        ),
        Msg::DeployNotSet => s("add `deploy:` with provider, bucket and region to site.yaml"),
        Msg::BadEndpoint { .. } => s(
            "write it like https://s3.oss-cn-hangzhou.aliyuncs.com, without the bucket or a path; it can usually be left out",
        ),
        Msg::NoCredentials { .. } => s(
            "set the two environment variables in the terminal that runs jieshui, or point JIESHUI_CREDENTIALS at a key file outside the site folder",
        ),
        Msg::CredentialsInsideSite { .. } => {
            s("move it out of the site folder and point JIESHUI_CREDENTIALS at it")
        }
        Msg::TooManyDeletes { .. } => {
            s("look with --dry-run first; if that is right, raise --max-deletes")
        }
        Msg::DeployFailed { .. } => s(
            "what was uploaded is fine; once the cause is fixed, run jieshui deploy again and it finishes the rest",
        ),
        Msg::NotServedOutside { .. } => s("copy the file into the site instead of linking to it"),
    }
}

fn arg_why(why: &ShortcodeWhy) -> String {
    match why {
        ShortcodeWhy::ExpectedName => "expected an argument name or )".into(),
        ShortcodeWhy::ExpectedEquals(k) => format!("expected = after {k}"),
        ShortcodeWhy::DuplicateArgument(k) => format!("argument {k} is given twice"),
        ShortcodeWhy::ExpectedCommaOrParen(k) => format!("expected , or ) after {k}"),
        ShortcodeWhy::ArrayComma => "list items are separated by ,".into(),
        ShortcodeWhy::BadValue => "a value is a quoted text, a number, true/false or a list".into(),
        ShortcodeWhy::UnclosedQuote => "a text has no closing quote".into(),
        ShortcodeWhy::BadNumber(text) => format!("`{text}` is not a number"),
        ShortcodeWhy::ChinesePunctuation(mark) => format!(
            "the Chinese mark `{mark}` is used where an ASCII `{}` is needed",
            crate::text::chars::ascii_mark(*mark).unwrap_or(*mark)
        ),
        ShortcodeWhy::InArgument(key, why) => format!("argument {key}: {}", arg_why(why)),
        ShortcodeWhy::NoParentheses | ShortcodeWhy::NotClosed(_) => String::new(),
    }
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Districts => "district",
        Kind::Units => "unit",
        Kind::Carriers => "carrier",
        Kind::Leaders => "water-efficiency leader",
    }
}

fn org_label(field: &str) -> &'static str {
    match field {
        "sponsor" => "主办单位",
        "site_code" => "网站标识码",
        "icp" => "ICP备案号",
        "police_record" => "公安机关备案号",
        _ => "联系方式",
    }
}

fn org_hint(field: &str) -> &'static str {
    match field {
        "sponsor" => "e.g. sponsor: 常州市水利局",
        "site_code" => {
            "as issued: 10 digits (e.g. 3204000001), or bm and 8 digits for a State Council department's site"
        }
        "icp" => {
            "province, ICP备, digits, 号: e.g. icp: 苏ICP备12345678号, or 苏ICP备12345678号-1 with a site number"
        }
        "police_record" => {
            "province, 公网安备, 14 digits, 号: e.g. police_record: 苏公网安备 32041102000123号"
        }
        _ => "a telephone number or e-mail address for the public",
    }
}

fn name_why(why: &NameWhy) -> String {
    match why {
        NameWhy::ControlCharacter => "it contains a control character".to_string(),
        NameWhy::Character(c) => format!("it contains `{c}`"),
        NameWhy::EndsWithDotOrSpace => "it ends with a dot or a space".to_string(),
        NameWhy::Reserved(stem) => format!("`{stem}` is a reserved device name on Windows"),
    }
}

fn slug_why(why: &SlugWhy) -> String {
    match why {
        SlugWhy::Empty => "it is empty".to_string(),
        SlugWhy::Slash => {
            "it cannot contain `/` or `\\`: it names one page inside its section".to_string()
        }
        SlugWhy::DotDot => "it cannot contain `..`".to_string(),
        SlugWhy::Space => "it cannot contain spaces or control characters".to_string(),
        SlugWhy::BreaksLinks(c) => {
            format!("it cannot contain `{c}`, which means something else in a web address")
        }
        SlugWhy::Invisible(c) => format!(
            "it contains the invisible character U+{:04X}, so the address looks like another",
            *c as u32
        ),
        SlugWhy::NotPortable(why) => format!(
            "{}, so the site cannot be copied to Windows or a USB stick (FAT)",
            name_why(why)
        ),
    }
}
