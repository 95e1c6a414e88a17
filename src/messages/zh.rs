//! The catalogue in Chinese, the default: plain words for authors who are not programmers.

use super::{
    AliasWhy, BaseUrlWhy, FunctionWhy, IdWhy, Lang, LinkWhy, Msg, NameWhy, OutputWhy, ReachWhy,
    SheetLimit, ShortcodeWhy, SlugWhy, names,
};
use crate::layout::RecordKind as Kind;

pub(super) fn text(m: &Msg) -> String {
    match m {
        Msg::NotUtf8 { .. } => {
            "文件不是 UTF-8 编码（可能是 GBK/GB2312，旧版 Windows 程序常这样保存），中文会变成乱码"
                .into()
        }
        Msg::Utf16 { .. } => {
            "文件是 UTF-16 编码（有的编辑器叫“Unicode”），jieshui 只认 UTF-8".into()
        }
        Msg::CannotRead { detail } => format!("读不了这个文件：{detail}"),
        Msg::LinkOutsideSite => "这是一个快捷方式（链接），指向网站文件夹外面".into(),
        Msg::SymlinkLoop { target } => {
            format!("文件夹链接绕成了圈：这个文件夹又链接回了 `{target}`")
        }
        Msg::BadFileName { why } => format!(
            "这个文件名复制到 Windows 或 U 盘（FAT）时会出错：{}",
            name_why(why)
        ),
        Msg::FileNameNotUtf8 => {
            "文件名不是 UTF-8 编码（多半是 GBK，从旧的 Windows 电脑或压缩包里来的），读不出它的名字，这个文件没有用上".into()
        }
        Msg::EmptyFile => "文件是空的".into(),
        Msg::NoFrontMatter => "文件开头没有前置信息（第一行应该是 `---`）".into(),
        Msg::FrontMatterNotClosed => "前置信息没有结束：缺少第二个 `---`".into(),
        Msg::EmptyFrontMatter => "前置信息是空的".into(),
        Msg::EmptyTitle => "标题是空的".into(),
        Msg::EmptyTerm { taxonomy } => format!("`{taxonomy}` 里有一项是空的"),
        Msg::BadDate { value } => format!("`{value}` 不是正确的日期"),
        Msg::EventEndsBeforeStart { start, end } => {
            format!("活动的结束日期（{end}）早于开始日期（{start}）")
        }
        Msg::SectionOnlyField { field } => {
            format!("`{field}` 只能写在栏目首页（`_index.md`）里")
        }
        Msg::PageOnlyField { field } => {
            format!("`{field}` 只能写在文章里，栏目首页（`_index.md`）不能定时发布或下线")
        }
        Msg::ExpiresBeforePublished { publish, expiry } => {
            format!("下线日期（{expiry}）不晚于发布日期（{publish}），这篇文章一天也不会发布")
        }
        Msg::BadSlug { slug, why } => format!("网址名 `{slug}` 不能用：{}", slug_why(why)),
        Msg::IndexMd => "`content/index.md` 会顶替网站首页".into(),
        Msg::UrlClaimedTwice { url, first } => {
            format!("两个文件要用同一个网址 {url}：`{first}` 和这个文件")
        }
        Msg::UnknownField {
            field, suggestion, ..
        } => match suggestion {
            Some(best) => format!("未知字段 `{field}`，是否要写 `{best}`？"),
            None => format!("未知字段 `{field}`"),
        },
        Msg::UnknownValue {
            value, suggestion, ..
        } => match suggestion {
            Some(best) => format!("不认识的值 `{value}`，是否要写 `{best}`？"),
            None => format!("不认识的值 `{value}`"),
        },
        Msg::WrongType { found, expected } => format!(
            "这里的值格式不对：应该是{}，却写成了{}",
            type_zh(expected),
            type_zh(found)
        ),
        Msg::MissingField { field } => format!("缺少必填的字段 `{field}`"),
        Msg::DuplicateKey { key } => format!("字段 `{key}` 写了两次"),
        Msg::ChineseColon => "这一行用了中文冒号“：”，程序看不懂".into(),
        Msg::ChinesePunctuation { mark } => format!(
            "这里用了中文标点 `{mark}`，程序要的是英文的 `{}`",
            crate::text::chars::ascii_mark(*mark).unwrap_or(*mark)
        ),
        Msg::NeedsQuotes => "这个值里有英文冒号或特殊符号，要加引号".into(),
        Msg::BadIndent => "这一行的缩进和上下行没对齐".into(),
        Msg::UnclosedQuote { quote } => {
            format!("这里开始的引号 `{quote}` 一直没有关上")
        }
        Msg::UnclosedBracket { open } => format!(
            "这里开始的 `{open}` 没有配对的 `{}`，或者列表里两项之间少了英文逗号",
            super::closing(*open)
        ),
        Msg::TextAfterQuote => "引号后面还有字：引号要把整个值括起来".into(),
        Msg::YamlTab => "这里有制表符（Tab 键），YAML 不允许用 Tab".into(),
        Msg::YamlTooDeep { max } => {
            format!("这里的 `[` 和 `{{` 套了超过 {max} 层，太深了")
        }
        Msg::ControlCharacter { code } => {
            format!("这里有一个看不见的控制字符（{code}），YAML 里不能有")
        }
        Msg::YamlAliasesTooBig => "这段 YAML 里的引用（`*名字`）展开后内容多得离谱，读不了".into(),
        Msg::YamlSyntax { detail } => format!("YAML 格式错误：{detail}"),
        Msg::NoSiteYaml { root } => {
            format!("`{root}` 里没有 `site.yaml`，不是一个 jieshui 网站文件夹")
        }
        Msg::EmptySiteYaml => "`site.yaml` 是空的".into(),
        Msg::BadBaseUrl { url, why } => format!(
            "网站地址 base_url `{url}` 不对：{}",
            match why {
                BaseUrlWhy::Scheme => "要以 https:// 或 http:// 开头",
                BaseUrlWhy::Spaces => "里面有空格",
                BaseUrlWhy::QueryOrFragment => "不能含 `?` 或 `#`",
                BaseUrlWhy::NoHost => "缺少域名",
                BaseUrlWhy::DotSegment => "路径里不能有 `.` 或 `..`",
            }
        ),
        Msg::UnknownTimezone { timezone } => format!("不认识的时区 `{timezone}`"),
        Msg::UnknownTaxonomy { name } => format!("不认识的分类方式 `{name}`"),
        Msg::EmptyOutputDir => "输出文件夹 output_dir 是空的".into(),
        Msg::OrganizationEmpty { field } => format!(
            "`organization.{field}`（{}）没有填；政府网站的页脚必须显示它",
            org_label(field)
        ),
        Msg::OrganizationMalformed { field, value } => format!(
            "`organization.{field}`（{}）`{value}` 看起来不对",
            org_label(field)
        ),
        Msg::GovThemeMissing { template, items } => {
            format!(
            "政府网站的每一页都要有它们，模板 {template} 里没有：{}",
            items.join("、")
        )
        }
        Msg::UndatedPage => "这一页没有写发布日期 `date:`；政府网站检查把没有日期的信息算作没有更新".into(),
        Msg::EmptySection { title } => {
            format!("栏目“{title}”是空的：没有文章，也没有数据记录；检查时空栏目要扣分")
        }
        Msg::TooManyEmptySections { count } => {
            format!("有 {count} 个空栏目；政府网站检查中空栏目达到五个就不合格")
        }
        Msg::SiteNotUpdated { newest, days, limit } => format!(
            "最新的一篇文章是 {newest} 发布的，已经 {days} 天没有更新（超过 {limit} 天）"
        ),
        Msg::ExternalResource { tag, host } => {
            format!("<{tag}> 从外站 {host} 加载内容；政府网站不得有商业广告，外站的脚本和内嵌页面要先核实")
        }
        Msg::Wording { wrong, right } => format!("“{wrong}”应为“{right}”（易错表述词典）"),
        Msg::BadMenuUrl { name, url } => {
            format!("菜单项“{name}”的地址 `{url}` 不是网址，也不是本站的路径或现有的 `@/` 页面")
        }
        Msg::FeedNoSection { path } => format!("feeds 里的 `{path}` 不是一个栏目"),
        Msg::ThemeNotFound { theme } => {
            format!("找不到主题 `{theme}`：没有 `themes/{theme}/` 文件夹")
        }
        Msg::NoContentFolder => "网站没有 `content/` 文件夹".into(),
        Msg::DataDefinedTwice { name, first } => {
            format!("`{first}` 和这个文件是同一份数据 `{name}`，重复了")
        }
        Msg::CsvUnreadable { detail } => format!("这个 CSV 文件读不了：{detail}"),
        Msg::CsvEncodingUnknown => {
            "认不出这个 CSV 文件的编码：它既不是 UTF-8，也不是 GBK/GB18030".into()
        }
        Msg::SheetUnreadable {
            detail: Some(detail),
        } => {
            format!("这个表格文件打不开，可能已经损坏（{detail}）")
        }
        Msg::SheetUnreadable { detail: None } => {
            "这个文件不是 Excel/WPS 表格（可能是别的文件改了扩展名）".into()
        }
        Msg::SheetTooBig { why } => match why {
            SheetLimit::Rows(max) => format!("表格太大：超过 {max} 行"),
            SheetLimit::Columns(max) => format!("表格太宽：超过 {max} 列"),
            SheetLimit::Cells(max) => format!("表格太大：超过 {max} 个格子"),
            SheetLimit::File(mib) => format!("表格文件太大：超过 {mib} MB"),
            SheetLimit::Unpacked(mib) => {
                format!("表格文件解压后会超过 {mib} MB（可能是损坏或恶意的文件）")
            }
        },
        Msg::UnknownColumn {
            header, suggestion, ..
        } => match suggestion {
            Some(best) => format!("不认识的表头 `{header}`，是否要写 `{best}`？"),
            None => format!("不认识的表头 `{header}`"),
        },
        Msg::DuplicateColumn { field, first } => {
            format!("`{field}` 这一列有两列：{first}列已经是它了")
        }
        Msg::MissingColumn { field, header } => {
            format!("表格缺少必填的一列：{header}（`{field}`）")
        }
        Msg::ColumnWithoutHeader => "这一列填了内容，但表头是空的".into(),
        Msg::CellError { value } => format!("这个格子的公式算出了错误值 `{value}`"),
        Msg::TargetsNotYaml => {
            "目标数据必须写成 YAML（`data/targets.yaml`），因为指标有层级".into()
        }
        Msg::BadWebAddress { url } => format!("url `{url}` 不是网址"),
        Msg::BadId { id, why } => format!(
            "编号 id `{id}` {}",
            match why {
                IdWhy::Empty => "是空的",
                IdWhy::Characters => "只能用英文字母、数字、`-` 或 `_`",
            }
        ),
        Msg::DuplicateId { id, first_line } => {
            format!("编号 id `{id}` 重复了：第 {first_line} 行已经用过")
        }
        Msg::NoDataFile { kind, key } => format!(
            "不认识的{} `{key}`：网站没有 `data/{}` 数据（表格或 .yaml）",
            label(*kind),
            kind.name()
        ),
        Msg::UnknownRecord {
            kind,
            key,
            suggestion,
        } => match suggestion {
            Some(best) => format!("不认识的{} `{key}`，是否要写 `{best}`？", label(*kind)),
            None => format!(
                "不认识的{} `{key}`：`data/{}` 里没有这个编号、名称或别名",
                label(*kind),
                kind.name()
            ),
        },
        Msg::TotalMismatch {
            name,
            stated,
            sum,
            city,
        } => format!(
            "{name}：写的合计是 {stated}，但{}加起来是 {sum}",
            match city {
                Some((city, districts)) => format!("市本级 {city} 和各区 {districts} "),
                None => "各区".to_string(),
            }
        ),
        Msg::QuizEmptyText { field } => format!("`{field}` 是空的"),
        Msg::QuizTooFewChoices { count } => {
            format!("每道题至少要有 2 个选项，这道题只有 {count} 个")
        }
        Msg::QuizDuplicateChoice { choice, first } => {
            format!("选项“{choice}”和选项 {first} 一样")
        }
        Msg::QuizBadAnswer { answer, last } => {
            format!("答案 `{answer}` 不是选项的字母（应为 A 到 {last}）")
        }
        Msg::PartLargerThanWhole {
            name,
            part,
            whole_name,
            whole,
            district,
        } => match district {
            Some(d) => {
                format!(
                    "{name}在{d}的数字（{part}）比它所属的{whole_name}在{d}的数字（{whole}）还大"
                )
            }
            None => format!("{name}（{part}）比它所属的{whole_name}（{whole}）还大"),
        },
        Msg::ImageNoAlt => "图片没有替代文字".into(),
        Msg::AsciiPunctuation { mark, full } => {
            format!("中文句子里用了英文标点 `{mark}`，中文要用全角的“{full}”")
        }
        Msg::ImageMissing { src } => format!("找不到图片 `{src}`：生成的网站里没有这个文件"),
        Msg::ImageGps { src } => {
            format!("照片 `{src}` 里记着拍摄地点（GPS 位置）；网站发布的版本已去掉")
        }
        Msg::ImageUnreadable { src, why } => {
            format!("图片 `{src}` 读不出来：文件损坏，或者不是 JPEG/PNG（{why}）")
        }
        Msg::ImageMislabelled { src, named, actual } => {
            format!("`{src}` 的文件名是 {named}，内容却是 {actual}")
        }
        Msg::ImageHuge {
            src,
            width,
            height,
            megabytes,
        } => {
            format!("图片 `{src}` 太大了（{width}×{height} 像素，{megabytes} MB）")
        }
        Msg::TemplateFunction { why } => match why {
            FunctionWhy::UrlNoFile(f) => format!("`url()`：content/ 里没有 `{f}` 这个文件"),
            FunctionWhy::UrlNotALink(p) => {
                format!(
                    "`url()`：`{p}` 不是网址，也不是本站的路径（只能用 http、https、mailto、tel）"
                )
            }
            FunctionWhy::UrlClimbs(p) => format!("`url()`：`{p}` 用 `..` 跑到了网站外面"),
            FunctionWhy::NoPage(p) => format!(
                "`get_page()`：没有 `{p}` 这篇文章（路径从 content/ 算起，例如 `news/a.md`）"
            ),
            FunctionWhy::NoSection(p) => format!(
                "`get_section()`：没有 `{p}` 这个栏目（例如 `_index.md` 或 `news/_index.md`）"
            ),
            FunctionWhy::NoData(n) => format!("`get_data()`：data/ 里没有叫 `{n}` 的数据文件"),
            FunctionWhy::YearOutOfRange(y) => format!("`campaign()`：年份 {y} 超出范围"),
            FunctionWhy::UnknownCampaign(n) => {
                format!(
                    "`campaign()`：没有“{n}”这个宣传活动，可以用 世界水日、中国水周 或 全国城市节约用水宣传周"
                )
            }
            FunctionWhy::NotYetHeld { name, first } => {
                format!("`campaign()`：{name}从 {first} 年才开始举办")
            }
            FunctionWhy::NotADate(v) => format!("`date_zh`：`{v}` 不是日期"),
            FunctionWhy::UnknownRecordKind(k) => {
                format!(
                    "`record()`：没有 `{k}` 这类数据（可以用 districts、units、carriers 或 leaders）"
                )
            }
            FunctionWhy::UnknownRecordId { kind, id } => Msg::UnknownRecord {
                kind: *kind,
                key: id.clone(),
                suggestion: None,
            }
            .text(Lang::Zh),
            FunctionWhy::UnknownIndicator(id) => {
                format!("`indicator()`：data/targets.yaml 里没有 id 为 `{id}` 的指标")
            }
            FunctionWhy::RangeBudget(max) => format!(
                "`range()`：这一页的 range 一共要生成超过 {max} 个数，停下了（site.yaml 的 limits.range_items）"
            ),
            FunctionWhy::UnknownQuiz { id, known } => format!(
                "测验 `{id}` 不存在：没有 data/quizzes/{id}.yaml（现有测验：{}）",
                if known.is_empty() {
                    "无".to_string()
                } else {
                    known.join("、")
                }
            ),
        },
        Msg::Polyphone { ch, reading, .. } => {
            format!("多音字“{ch}”没有标注读音，自动注音为 {reading}")
        }
        Msg::PolyphoneWord { word, reading, .. } => {
            format!("“{word}”有两种读音，要看意思，这里自动注音为 {reading}")
        }
        Msg::RubyMismatch {
            base,
            readings,
            chars,
            syllables,
        } => format!("注音 {{{base}|{readings}}} 有 {chars} 个汉字却有 {syllables} 个音节"),
        Msg::JavascriptLink { scheme } => {
            format!("不允许使用 `{scheme}:` 链接（点开会运行里面的代码），已替换为 `#`")
        }
        Msg::LinkToDraft { path } => {
            format!("站内链接 `@/{path}` 指向一篇草稿（`draft: true`），草稿不会发布，这个链接会断")
        }
        Msg::BrokenInternalLink { path } => {
            format!("站内链接 `@/{path}` 找不到：没有 `content/{path}` 这个文件")
        }
        Msg::LinkToScheduled { path, date } => format!(
            "站内链接 `@/{path}` 指向一篇 {date} 才发布的文章，现在生成的网站里还没有它，这个链接会断"
        ),
        Msg::LinkToExpired { path, date } => format!(
            "站内链接 `@/{path}` 指向一篇已经下线的文章（`expiry_date: {date}`），网站里已经没有它，这个链接会断"
        ),
        Msg::MissingHeading { path, anchor, .. } => {
            format!("`@/{path}` 里没有 id 为 `{anchor}` 的标题")
        }
        Msg::ExternalLinkBroken { url, why, others } => {
            let why = match why {
                LinkWhy::Status(code) => format!("对方网站回答 {code}，{}", status_words(*code)),
                LinkWhy::TooManyRedirects(n) => format!("连续跳转超过 {n} 次"),
                LinkWhy::RedirectLoop => "跳转绕成了圈，永远到不了页面".into(),
            };
            format!("外部链接打不开：{url}（{why}）{}", also_on(*others))
        }
        Msg::ExternalLinkUnreachable { url, why, others } => {
            let why = match why {
                ReachWhy::Timeout(s) => format!("{s} 秒内没有回应"),
                ReachWhy::Dns => "找不到这个域名".into(),
                ReachWhy::Refused => "对方拒绝连接".into(),
                ReachWhy::Tls => "安全连接（HTTPS 证书）出错".into(),
                ReachWhy::TooManyRequests => "对方网站说访问太频繁（429）".into(),
                ReachWhy::BadAddress => "网址里有不能直接发送的字符".into(),
                ReachWhy::Other(detail) => format!("网络出错：{detail}"),
            };
            format!("连不上外部链接：{url}（{why}），请稍后再检查一次{}", also_on(*others))
        }
        Msg::ExternalLinksUnfinished { count, seconds } => {
            format!("外部链接检查了 {seconds} 秒还没查完，还有 {count} 个没有检查")
        }
        Msg::UnknownShortcode { name, .. } => {
            format!("没有叫 `{name}` 的短代码：找不到 `templates/shortcodes/{name}.html`")
        }
        Msg::ShortcodeSyntax { name, why } => match why {
            ShortcodeWhy::NoParentheses => format!("短代码 {name} 缺少括号，应写成 {name}()"),
            ShortcodeWhy::NotClosed(close) => format!("短代码 {name} 没有以 {close} 结束"),
            other => format!("短代码 {name} 的参数有误：{}", arg_why(other)),
        },
        Msg::ShortcodeFailed { name, detail } => {
            format!("短代码 `{name}` 出错：{}", super::tera_zh::tera_zh(detail))
        }
        Msg::ShortcodeNoEnd { name } => format!("块短代码 {name} 缺少结束标记 {{% end %}}"),
        Msg::StrayEnd => "多余的 {% end %}：前面没有未结束的块短代码".into(),
        Msg::NotInMarkdownFilter { what } => {
            format!("模板的 markdown 过滤器里不能用 {what}")
        }
        Msg::MoreProblems { count } => {
            format!("这个文件还有 {count} 个问题没有列出，先改好上面的")
        }
        Msg::TemplateCircle { chain, extends } => format!(
            "模板{}绕成了圈：{}",
            if *extends { "互相继承（extends）" } else { "互相包含（include）" },
            chain.join(" → ")
        ),
        Msg::TemplateMissingParent { parent } => {
            format!("这个模板继承的 `{parent}` 不存在")
        }
        Msg::TemplateError { detail, page } => match page {
            Some(page) => format!(
                "模板出错（生成 {page} 时）：{}",
                super::tera_zh::tera_zh(detail)
            ),
            None => format!("模板出错：{}", super::tera_zh::tera_zh(detail)),
        },
        Msg::TemplateNotFound { template } => format!("找不到模板 `{template}`"),
        Msg::PageTooBig { page, limit_mb } => {
            format!("这个模板生成 {page} 时写了超过 {limit_mb} MB，停下了")
        }
        Msg::RenderTooLong { page, seconds } => {
            format!("这个模板生成 {page} 超过了 {seconds} 秒，停下了（多半是循环套循环，或循环不会结束）")
        }
        Msg::MemoryLimit { limit_mb, page } => match page {
            Some(page) => format!("生成 {page} 时，jieshui 用的内存超过了 {limit_mb} MB，停下了"),
            None => format!("jieshui 用的内存超过了 {limit_mb} MB，停下了"),
        },
        Msg::RecordTemplateMissing { template, path } => {
            format!("主题里没有 `{template}`，生成不了 {path} 下的数据页面")
        }
        Msg::BadAlias { alias, why } => format!(
            "旧网址 `{alias}` 不能用：{}",
            match why {
                AliasWhy::FullUrl => "旧网址要写本站的路径，不能写完整网址".to_string(),
                AliasWhy::Home => "不能是首页".to_string(),
                AliasWhy::DotSegment => "不能含 `..`、`.` 或 `\\`".to_string(),
                AliasWhy::Part(why) => slug_why(why),
            }
        ),
        Msg::WrittenTwice {
            path,
            first,
            second,
        } => format!(
            "两样东西都要生成 {path}：{} 和 {}",
            first.text(Lang::Zh),
            second.text(Lang::Zh)
        ),
        Msg::FileFolderClash {
            path,
            file,
            inner,
            folder,
        } => format!(
            "`{path}` 既要是文件又要是文件夹：{} 生成文件 `{path}`，{} 要在它里面生成 `{inner}`",
            file.text(Lang::Zh),
            folder.text(Lang::Zh)
        ),
        Msg::ReservedOutput { path, origin } => format!(
            "{} 要生成 `{path}`，但 `{}` 是 jieshui 放在输出文件夹里的标记文件的名字",
            origin.text(Lang::Zh),
            crate::layout::MARKER
        ),
        Msg::CannotWrite { path, from, detail } => match from {
            Some(from) => format!("写不了 `{path}`（来自 {}）：{detail}", from.text(Lang::Zh)),
            None => format!("写不了 `{path}`：{detail}"),
        },
        Msg::OutputDirRefused { dir, why } => format!(
            "不能生成到 `{dir}`：{}",
            match why {
                OutputWhy::IsSite => "它就是网站文件夹本身".to_string(),
                OutputWhy::ContainsSite => "网站文件夹在它里面".to_string(),
                OutputWhy::HoldsSite => "它里面是一个网站（有 content/ 或 site.yaml）".to_string(),
                OutputWhy::Inside(inner) => format!("它在 `{inner}/` 里面，jieshui 要读那里"),
                OutputWhy::OutsideSite =>
                    "site.yaml 里的 output_dir 只能是网站文件夹里面的文件夹".to_string(),
            }
        ),
        Msg::OutputNotFolder { dir } => format!("`{dir}` 已经存在，而且不是文件夹"),
        Msg::OutputNotOurs { dir } => format!(
            "`{dir}` 不是 jieshui 生成的（里面没有 {} 文件），jieshui 不会替换它",
            crate::layout::MARKER
        ),
        Msg::OutputBusy { dir, pid } => match pid {
            Some(pid) => {
                format!("另一个 jieshui（进程 {pid}）正在生成 `{dir}`，这一次先停下，什么也没改")
            }
            None => format!("另一个 jieshui 正在生成 `{dir}`，这一次先停下，什么也没改"),
        },
        Msg::OutputNotAtomic { dir } => format!(
            "`{dir}` 是一个挂载点（U 盘、移动硬盘或网络盘的根目录），不能整体替换：这次是一个一个文件替换的"
        ),
        Msg::InitNotEmpty { dir } => format!("`{dir}` 已经存在，而且不是空的"),
        Msg::UnknownCommand { given, suggestion } => match suggestion {
            Some(s) => format!("没有 `{given}` 这个命令，是否要写 `{s}`？"),
            None => format!("没有 `{given}` 这个命令"),
        },
        Msg::UnknownOption {
            given,
            command,
            suggestion,
        } => match suggestion {
            Some(s) => format!("`{command}` 没有 `{given}` 这个参数，是否要写 `{s}`？"),
            None => format!("`{command}` 没有 `{given}` 这个参数"),
        },
        Msg::BadOptionValue {
            option,
            value,
            valid,
        } => match valid.as_slice() {
            [] => format!("`{option}` 不能是 `{value}`"),
            list => format!(
                "`{option}` 不能是 `{value}`，可以写：{}",
                list.iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        },
        Msg::MissingArgument { what, command } => format!("`{command}` 还缺少 `{what}`"),
        Msg::CommandLine { detail } => format!("命令写得不对：{detail}"),
        Msg::InternalError => "程序内部出错：生成时崩溃了（详情见上面）".into(),
        Msg::NotAFolder { dir, detail } => match detail {
            Some(detail) => format!("打不开 `{dir}`：{detail}"),
            None => format!("`{dir}` 不是文件夹"),
        },
        Msg::BadInterface { interface, detail } => {
            format!("--interface {interface} 不是这台电脑的地址（{detail}）")
        }
        Msg::CannotListen { address, detail } => format!("无法在 {address} 上启动预览：{detail}"),
        Msg::PortsBusy {
            interface,
            first,
            last,
        } => format!("{interface} 上的端口 {first} 到 {last} 都被占用了"),
        Msg::ServerFailed { detail } => format!("预览服务出错：{detail}"),
        Msg::ZipFailed { path, detail } => format!("没能写出压缩包 `{path}`：{detail}"),
        Msg::SecretInSite => "这里像是云服务的访问密钥（AccessKey），不能写在网站文件夹里".into(),
        Msg::DeployNotSet => "site.yaml 里没有 deploy 设置，不知道发布到哪里".into(),
        Msg::BadEndpoint { value } => format!("endpoint `{value}` 不是一个网址"),
        Msg::NoCredentials { provider, names } => format!(
            "没有找到{provider}的访问密钥：环境变量 {} 都没有设置",
            names.join("、")
        ),
        Msg::CredentialsInsideSite { path } => {
            format!("密钥文件 `{path}` 在网站文件夹里面，不能用")
        }
        Msg::TooManyDeletes { count, max } => format!(
            "这次发布要删除存储桶里的 {count} 个文件，超过了 --max-deletes {max}，所以什么也没有做"
        ),
        Msg::DeployFailed { key, detail } if key.is_empty() => format!("发布没能完成：{detail}"),
        Msg::DeployFailed { key, detail } => format!("发布没能完成（{key}）：{detail}"),
        Msg::NotServedOutside { path, source } => {
            format!("预览不提供 {path}：它的源文件 `{source}` 在网站文件夹外面")
        }
        Msg::WatchFailed { detail } => {
            format!("没法留意文件的改动（{detail}），改了文件要重新运行 `jieshui serve`")
        }
    }
}

pub(super) fn cell_hint(m: &Msg) -> Option<String> {
    match m {
        Msg::MissingField { .. } => Some("在这一格填上内容（这一列每一行都要填）".into()),
        Msg::WrongType { expected, .. } if expected == "a boolean" => {
            Some("这一格填 是 或 否（也可以写 ✓ 或 ×）".into())
        }
        Msg::WrongType { expected, .. } if super::is_whole_number(expected) => {
            Some("这一格填一个整数（年份写成 2021）".into())
        }
        Msg::WrongType { expected, .. } => Some(format!("这一格应该填{}", type_zh(expected))),
        Msg::DuplicateKey { .. } => Some("删掉其中一列".into()),
        Msg::UnclosedQuote { .. } => Some(
            "这一格以英文双引号 \" 开头，后面却没有配对的引号：在这一格的内容末尾补上 \"，或者用表格软件打开后重新保存"
                .into(),
        ),
        Msg::BadWebAddress { .. } => {
            Some("单位网站写成 https://…（或 http://…），没有就空着这一格".into())
        }
        _ => None,
    }
}

/// What an HTTP status means to a reader.
fn status_words(code: u16) -> &'static str {
    match code {
        404 | 410 => "页面不存在",
        401 => "要登录才能看",
        403 => "拒绝访问",
        500.. => "对方网站出错",
        _ => "页面打不开",
    }
}

/// `；另外 N 个页面也有这个链接` when the link is on other pages too.
fn also_on(others: usize) -> String {
    match others {
        0 => String::new(),
        n => format!("；另外 {n} 个页面也有这个链接"),
    }
}

pub(super) fn hint(m: &Msg) -> Option<String> {
    let s = |t: &str| Some(t.to_string());
    match m {
        Msg::NotUtf8 { csv } | Msg::Utf16 { csv } => {
            if *csv {
                s(
                    "用表格软件另存为 UTF-8：Excel 选“文件 → 另存为 → CSV UTF-8（逗号分隔）”；WPS 选“另存为 → CSV”，编码选 UTF-8",
                )
            } else {
                s("用编辑器打开，另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）")
            }
        }
        Msg::CannotRead { .. } => s("检查文件的权限，或者文件是否正被别的程序占用"),
        Msg::LinkOutsideSite => s("把文件复制到网站文件夹里，不要用快捷方式（链接）"),
        Msg::SymlinkLoop { .. } => s("删掉这个链接"),
        Msg::BadFileName { .. } => s("改名，只用字母、数字、`-` 或汉字"),
        Msg::FileNameNotUtf8 => {
            s("在这台电脑上给它重新起名（重新输入中文名字）；解压 zip 时选 GBK 编码也可以")
        }
        Msg::EmptyFile => s(
            "文章开头要有前置信息：一行 `---`，一行 `title: 标题`，再一行 `---`；不需要这个文件就删掉",
        ),
        Msg::NoFrontMatter => s("在文件最前面加三行：`---`、`title: 标题`、`---`"),
        Msg::FrontMatterNotClosed => s("在前置信息最后一行的下面加一行 `---`"),
        Msg::EmptyFrontMatter => s("两行 `---` 之间至少要写 `title: 标题`"),
        Msg::EmptyTitle => s("在 `title:` 后面写上文章标题"),
        Msg::EmptyTerm { .. } => s("删掉这一项，或写上标签的名字，例如 `tags: [世界水日, 节水]`"),
        Msg::BadDate { .. } => {
            s("日期写成 年-月-日，如 2021-03-22；要写时间就写成 2021-03-22T09:00:00+08:00")
        }
        Msg::EventEndsBeforeStart { .. } => s("检查日期：`end` 是活动的最后一天"),
        Msg::SectionOnlyField { .. } => s("把它移到这个文件夹的 `_index.md` 里"),
        Msg::PageOnlyField { .. } => s("删掉这一行；要定时发布或下线，写在各篇文章的前置信息里"),
        Msg::ExpiresBeforePublished { .. } => {
            s("检查两个日期：`expiry_date` 要晚于 `publish_date`（没写时是 `date`）")
        }
        Msg::BadSlug { .. } => s("用英文字母、数字和 `-`，例如 `slug: world-water-day`"),
        Msg::IndexMd => s("首页要写在 `content/_index.md`（前面有下划线），把文件改名"),
        Msg::UrlClaimedTwice { .. } => s("给其中一个换个 `slug:` 或文件名"),
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
            Some(_) => None,
            None if expected.is_empty() => None,
            None => Some(format!("只能写这些：{}", names(expected, Lang::Zh))),
        },
        Msg::WrongType { .. } => s(
            "对照说明检查这个值：是一段文字、一个数字、一个列表（`[甲, 乙]`），还是一组 `名称: 值`",
        ),
        Msg::MissingField { field } => Some(format!("加上一行 `{field}: …`")),
        Msg::DuplicateKey { .. } => s("删掉其中一行，只留一个"),
        Msg::ChineseColon => s("字段名后面要用英文冒号加一个空格，例如 `title: 世界水日`"),
        Msg::ChinesePunctuation { .. } => s(
            "切换到英文输入法重新打这些符号：`【】` 改成 `[ ]`，`“ ”` 改成 `\" \"`，`，` 改成 `,`，`：` 改成 `:`，例如 `tags: [世界水日, 节水]`",
        ),
        Msg::NeedsQuotes => s("用英文双引号把整个值括起来，例如 `title: \"重点: 节约用水\"`"),
        Msg::BadIndent => s("用空格缩进，同一层的行空格数要一样（一般每层 2 个空格）"),
        Msg::UnclosedQuote { quote } => Some(format!(
            "在值的末尾补上同一种引号，例如 `title: {quote}世界水日{quote}`；值里面要用引号的地方，用中文引号“”"
        )),
        Msg::UnclosedBracket { open } => Some(format!(
            "补上 `{}`，两项之间用英文逗号，例如 `tags: [节水, 护水]`",
            super::closing(*open)
        )),
        Msg::TextAfterQuote => {
            s("用英文双引号把整个值括起来，值里面的引号用中文引号，例如 `title: \"“节水”宣传周\"`")
        }
        Msg::YamlTab => s("把行首的 Tab 换成空格来缩进"),
        Msg::YamlTooDeep { .. } => s("检查括号是否配对，把值拆开写"),
        Msg::YamlAliasesTooBig => s("直接把值写出来，不要用 `&名字` 和 `*名字` 引用"),
        Msg::ControlCharacter { .. } => {
            s("删掉它：它常常是从 Word、PDF 或网页复制文字时带进来的；把箭头附近的几个字重新打一遍")
        }
        Msg::YamlSyntax { .. } => {
            s("检查这一行和上一行：是否漏了冒号 `:`、引号或括号没配对、缩进没对齐")
        }
        Msg::NoSiteYaml { .. } => s(
            "在网站文件夹里运行命令，或用 --root 指定网站文件夹；新建网站用 `jieshui init 文件夹名`",
        ),
        Msg::EmptySiteYaml => {
            s("至少要写 `title:` 和 `base_url:`；`jieshui init 文件夹名` 会生成一个示例")
        }
        Msg::BadBaseUrl { .. } => {
            s("写完整的网址，例如 https://example.org/ 或 https://example.org/jieshui/")
        }
        Msg::UnknownTimezone { .. } => s("写标准时区名，例如 Asia/Shanghai"),
        Msg::UnknownTaxonomy { .. } => s("分类方式只有两种：tags（标签）和 categories（分类）"),
        Msg::EmptyOutputDir => s("写一个文件夹名，例如 `output_dir: public`"),
        Msg::OrganizationEmpty { field } | Msg::OrganizationMalformed { field, .. } => {
            Some(org_hint(field).to_string())
        }
        Msg::GovThemeMissing { .. } => s(
            "照内置主题的 base.html 写：<head> 里用 gov 写出 meta，页脚写主办单位、网站标识码、备案号及其链接；见指南“政府网站检查”",
        ),
        Msg::UndatedPage => s("在前言里写上发布日期，例如 `date: 2021-05-10`"),
        Msg::EmptySection { .. } => {
            s("放进至少一篇文章；暂时没有内容的栏目先删掉或写 `draft: true`")
        }
        Msg::TooManyEmptySections { .. } => s("看上面每个空栏目的警告，放进文章或者先删掉栏目"),
        Msg::SiteNotUpdated { .. } => {
            s("发布新的信息；天数可以在 site.yaml 里用 `government: { stale_days: 14 }` 调整")
        }
        Msg::ExternalResource { .. } => s(
            "确认可靠（如上级政府网站）就把它加进 site.yaml 的 `government: { allowed_hosts: [域名] }`；否则删掉",
        ),
        Msg::Wording { .. } => s(
            "改正；如果是照原文一字不改地引用，在前言 extra 里写 `wording_ok: [错的写法]`，整页照录写 `verbatim: true`",
        ),
        Msg::BadMenuUrl { .. } => s(
            "写 https://… 网址、本站路径（如 /news/），或 `@/` 加 content 里的文件，如 @/news/_index.md",
        ),
        Msg::FeedNoSection { .. } => {
            s("写栏目的网址路径，例如 content/campaigns/_index.md 这个栏目写 `campaigns`")
        }
        Msg::ThemeNotFound { .. } => {
            s("把 `theme:` 改成 themes/ 里现有的文件夹名；`jieshui init` 会带上默认主题")
        }
        Msg::NoContentFolder => s("建一个 `content/` 文件夹，首页写在 `content/_index.md`"),
        Msg::DataDefinedTwice { .. } => s("只留一个：另一个删掉，或者移出 data/ 文件夹"),
        Msg::CsvUnreadable { .. } => s("每一行的格子数要和表头一样多；从表格软件另存为“CSV UTF-8”"),
        Msg::CsvEncodingUnknown => {
            s("用表格软件打开它，另存为“CSV UTF-8（逗号分隔）”；或者直接另存为 .xlsx 放进 data/")
        }
        Msg::SheetUnreadable { .. } => {
            s("用 Excel 或 WPS 打开这个文件，另存为 .xlsx；如果它本来就不是表格，从 data/ 里拿走")
        }
        Msg::SheetTooBig { .. } => {
            s("网站的数据表用不了这么大：删掉多余的行和列（或另存为只含名单的新表格）")
        }
        Msg::UnknownColumn { expected, .. } => Some(format!(
            "表头可以写中文或英文：{}；用不到的列就删掉",
            expected.join("、")
        )),
        Msg::DuplicateColumn { .. } => s("删掉其中一列，或者改成别的表头"),
        Msg::MissingColumn { header, field } => Some(format!(
            "在第一行（表头）加一列 `{header}`（也可以写 `{field}`），每一行都填上"
        )),
        Msg::ColumnWithoutHeader => {
            s("在这一列的第一格写上表头；如果表头是合并单元格，请取消合并，每一列各写一个表头")
        }
        Msg::CellError { .. } => s("在表格软件里改好这个公式，或者直接填上数值"),
        Msg::TargetsNotYaml => s("把年度目标写成 `data/targets.yaml`（不能用 CSV 或表格）"),
        Msg::BadWebAddress { .. } => s("单位网站写成 https://…（或 http://…），没有就不写 `url`"),
        Msg::BadId { .. } => s("编号会出现在网址里：用小写字母、数字和 `-`，例如 wujin"),
        Msg::DuplicateId { .. } => s("每条记录的编号都要不同"),
        Msg::NoDataFile { kind, .. } => Some(format!(
            "新建表格 `data/{}.xlsx`（或 .csv、.yaml），把它写进去；`jieshui init` 生成的网站里有现成的模板",
            kind.name()
        )),
        Msg::UnknownRecord { kind, .. } => Some(format!(
            "检查拼写，或者把它加到 `data/{}` 的数据（表格或 .yaml）里",
            kind.name()
        )),
        Msg::TotalMismatch { .. } => {
            s("网站会照写的数字显示，并注明对不上；如果是打错了，请改正文件")
        }
        Msg::PartLargerThanWhole { .. } => s("检查数字：部分不会比整体还大"),
        Msg::AsciiPunctuation { .. } => s(
            "改成中文标点（`,` → `，`，`( )` → `（ ）`）；照录原文的地方保持原样，放在引号“”或引用块（以 > 开头的段落）里",
        ),
        Msg::QuizEmptyText { .. } => s("写上内容，或者删掉这一行"),
        Msg::QuizTooFewChoices { .. } => {
            s("选项写成列表，例如 `choices: [3月22日, 5月15日, 6月5日]`")
        }
        Msg::QuizDuplicateChoice { .. } => s("每个选项都要不一样"),
        Msg::QuizBadAnswer { .. } => s("写正确选项的字母：第一个选项是 A，第二个是 B……"),
        Msg::ImageNoAlt => {
            s("在 ![ ] 的方括号里写上图片内容，例如 ![学生参观水厂](photo.jpg)，读屏软件会读出它")
        }
        Msg::TemplateFunction { .. } => {
            s("检查模板或短代码里这个函数的参数：路径、名称和 id 要和网站里的文件、数据对得上")
        }
        Msg::ImageMissing { .. } => s(
            "核对文件名和大小写；图片放在文章旁边（文章写成文件夹里的 index.md），或者放进 static/ 文件夹",
        ),
        Msg::ImageGps { .. } => s(
            "网站不用改；但这张照片原样发给别人，就会透露拍摄地点（学校、住处）。建议在手机相机设置里关掉“位置”",
        ),
        Msg::ImageUnreadable { .. } => {
            s("在电脑上打开这张图片，另存为 JPEG（照片）或 PNG（图表），再重新生成")
        }
        Msg::ImageMislabelled { .. } => {
            s("把图片另存为 JPEG 或 PNG，文件名后缀和格式一致（苹果手机的 HEIC 照片请导出为 JPEG）")
        }
        Msg::ImageHuge { .. } => {
            s("网站会自己做出小图，但原图太大会拖慢每次生成：横向 4000 像素左右的照片就足够了")
        }
        Msg::Polyphone { ch, alt, .. } => Some(format!("如不对，请写成 {{{ch}|{alt}}}")),
        Msg::PolyphoneWord { word, reading, alt } => Some(format!(
            "读音对就写成 {{{word}|{reading}}}，不对就写成 {{{word}|{alt}}}，警告就没有了"
        )),
        Msg::RubyMismatch { .. } => {
            s("每个汉字对应一个音节，音节之间用空格分开，例如 {节水|jié shuǐ}")
        }
        Msg::JavascriptLink { .. } => s("链接到网址（https://…）或本站的页面"),
        Msg::LinkToDraft { .. } => s(
            "草稿写好后删掉它的 `draft: true` 再发布；只想预览，用 `jieshui serve --drafts`；或者先去掉这个链接",
        ),
        Msg::BrokenInternalLink { .. } => {
            s("`@/` 后面写 content 里的路径，例如 @/news/a.md；检查文件夹和文件名")
        }
        Msg::LinkToScheduled { .. } => s(
            "等那篇文章发布后再加这个链接，或者把它的 `publish_date` 提前；只想预览，用 `jieshui serve --future`",
        ),
        Msg::LinkToExpired { .. } => {
            s("去掉这个链接；如果那篇文章还要留着，把它的 `expiry_date` 改晚或删掉")
        }
        Msg::ExternalLinkBroken { .. } => s(
            "在浏览器里打开看看：网址写错了就改正，页面已经撤下就换成新地址或删掉链接。有的网站不让程序访问（常见 403）：浏览器里能打开，就把域名写进 site.yaml 的 `links: { external_skip: [域名] }`",
        ),
        Msg::ExternalLinkUnreachable { .. } => s(
            "可能是网络或对方网站暂时出了问题：过一会儿再运行 `jieshui check --external`；一直连不上，在浏览器里打开看看，检查网址有没有写错",
        ),
        Msg::ExternalLinksUnfinished { .. } => s(
            "再运行一次 `jieshui check --external`：查过的正常链接会记住一天，下次不再查，很快就能查完",
        ),
        Msg::MissingHeading { headings, .. } => Some(if headings.is_empty() {
            "那一页没有标题".to_string()
        } else {
            format!("那一页的标题 id 有：{}", headings.join("、"))
        }),
        Msg::UnknownShortcode { known, .. } => Some(if known.is_empty() {
            "这个网站没有任何短代码".to_string()
        } else {
            format!("可用的短代码：{}", known.join("、"))
        }),
        Msg::ShortcodeSyntax { .. } => {
            s("写成 {{ 名称(参数=\"文字\", 数字=3) }}，文字要用英文双引号括起来")
        }
        Msg::ShortcodeFailed { .. } => s(
            "先检查短代码的参数，比如 id 是否和数据文件里的一样；参数没错的话是模板的问题，请找维护主题的人",
        ),
        Msg::ShortcodeNoEnd { .. } => s("在块结束的地方加一行 {% end %}"),
        Msg::StrayEnd => s("删掉它，或者补上它对应的 {% 名称() %} 那一行"),
        Msg::NotInMarkdownFilter { .. } => {
            s("在模板里直接写链接地址，或者把这段内容写进文章里；请找维护主题的人")
        }
        Msg::MoreProblems { .. } => s("改好上面列出的问题，再检查一次"),
        Msg::TemplateCircle { .. } => {
            s("去掉圈里的一处 {% include %} 或 {% extends %}；这是主题的问题，请找维护主题的人")
        }
        Msg::TemplateMissingParent { .. } => s("检查 {% extends \"…\" %} 里的文件名"),
        Msg::TemplateError { .. } => s("这是模板（.html）的问题，不是文章的问题；请找维护主题的人"),
        Msg::TemplateNotFound { .. } => s("把模板放在 templates/ 或主题的 templates/ 文件夹里"),
        Msg::PageTooBig { .. } | Msg::RenderTooLong { .. } | Msg::MemoryLimit { .. } => s(
            "请维护主题的人查一查模板里停不下来或越变越大的循环；网站确实很大时，可以在 site.yaml 的 `limits:` 里放宽",
        ),
        Msg::RecordTemplateMissing { template, .. } => Some(format!("添加 `templates/{template}`")),
        Msg::BadAlias { .. } => s("写本站的路径，例如 /old/news/"),
        Msg::WrittenTwice { .. } => s("给其中一个换个网址名（slug）或文件名"),
        Msg::FileFolderClash { .. } => s("给文件换个名字，或给文章换个网址名（slug）"),
        Msg::ReservedOutput { .. } => s("换一个网址名（slug）或旧网址"),
        Msg::OutputBusy { .. } => s("等另一个生成结束，再生成一次"),
        Msg::OutputNotAtomic { .. } => s(
            "生成中途被打断的话，里面会新旧混杂，再生成一次就好；想要一步替换，就生成到 U 盘里的一个文件夹，例如 --output-dir /media/U盘/节水网站",
        ),
        Msg::CannotWrite { .. } => s("检查文件夹是否存在、能不能写、磁盘是否满了"),
        Msg::OutputDirRefused {
            why: OutputWhy::OutsideSite,
            ..
        } => s(
            "别人发来的网站文件夹不能决定往你电脑的别处写文件：output_dir 请写网站文件夹里面的文件夹（例如 public）；要生成到别处，在命令行用 --output-dir 指定",
        ),
        Msg::OutputDirRefused { .. } => {
            s("换一个输出文件夹（--output-dir 或 output_dir），例如 public")
        }
        Msg::OutputNotFolder { .. } => s("删掉它，或用 --output-dir 换一个文件夹"),
        Msg::OutputNotOurs { .. } => s("自己删掉这个文件夹，或用 --output-dir 换一个"),
        Msg::InitNotEmpty { .. } => s("换一个新的文件夹名；init 从不覆盖已有文件"),
        Msg::UnknownCommand { .. } => s(
            "可以用的命令：`build`（生成网站）、`check`（检查）、`serve`（预览）、`init`（新建网站）；运行 `jieshui --help` 看说明",
        ),
        Msg::UnknownOption { command, .. } | Msg::MissingArgument { command, .. } => {
            Some(format!("运行 `{command} --help` 看这个命令怎么写"))
        }
        Msg::BadOptionValue { .. } | Msg::CommandLine { .. } => {
            s("运行 `jieshui --help` 看命令怎么写")
        }
        Msg::InternalError => s("请把刚才保存的文件和这段信息发给维护 jieshui 的人"),
        Msg::NotAFolder { .. } => s("用 --root 指定网站文件夹"),
        Msg::BadInterface { .. } => s("一般不用写 --interface，默认只在本机预览"),
        Msg::CannotListen { .. } => s("换一个端口试试，例如 `--port 8080`"),
        Msg::PortsBusy { .. } => s(
            "关掉另一个正在运行的 `jieshui serve`，或用 --port 换一个端口（--port 0 自动找空闲端口）",
        ),
        Msg::ServerFailed { .. } => {
            s("重新运行 `jieshui serve`；反复出现的话，请把这段信息发给维护 jieshui 的人")
        }
        Msg::WatchFailed { .. } => s("改完文件后按 Ctrl-C 停掉预览，再运行一次 `jieshui serve`"),
        Msg::ZipFailed { .. } => s("看看压缩包所在的文件夹是否存在、能不能写入，U 盘是否已满"),
        Msg::SecretInSite => s(
            "删掉它，改用环境变量（见指南的“发布到对象存储”）；已经发出去或提交过的密钥，请到云服务控制台作废后换一个",
        ),
        Msg::DeployNotSet => {
            s("在 site.yaml 里加上 deploy：provider、bucket、region（见指南的“发布到对象存储”）")
        }
        Msg::BadEndpoint { .. } => s(
            "写成 https://s3.oss-cn-hangzhou.aliyuncs.com 这样，以 https:// 开头，不带存储桶名和路径；一般不用写，jieshui 按 provider 和 region 自己拼",
        ),
        Msg::NoCredentials { .. } => s(
            "在运行 jieshui 的终端里设置这两个环境变量（见指南的“发布到对象存储”），或者用 JIESHUI_CREDENTIALS 指向网站文件夹外面的密钥文件",
        ),
        Msg::CredentialsInsideSite { .. } => {
            s("把它挪到网站文件夹外面（比如自己的用户文件夹），再让 JIESHUI_CREDENTIALS 指向新位置")
        }
        Msg::TooManyDeletes { .. } => {
            s("先用 --dry-run 看看要删的是什么；确实要删，就把 --max-deletes 调大再运行")
        }
        Msg::DeployFailed { .. } => {
            s("已经传上去的文件不会出错，看清原因后重新运行 jieshui deploy，会接着把没传的传完")
        }
        Msg::NotServedOutside { .. } => s("把文件复制到网站文件夹里，不要用快捷方式（链接）"),
    }
}

fn arg_why(why: &ShortcodeWhy) -> String {
    match why {
        ShortcodeWhy::ExpectedName => "这里应该是参数名或 )".into(),
        ShortcodeWhy::ExpectedEquals(k) => format!("参数 {k} 后应为 ="),
        ShortcodeWhy::DuplicateArgument(k) => format!("参数 {k} 重复"),
        ShortcodeWhy::ExpectedCommaOrParen(k) => format!("参数 {k} 后应为 , 或 )"),
        ShortcodeWhy::ArrayComma => "数组元素之间应为 ,".into(),
        ShortcodeWhy::BadValue => "值应为带引号的字符串、数字、true/false 或数组".into(),
        ShortcodeWhy::UnclosedQuote => "字符串没有闭合引号".into(),
        ShortcodeWhy::BadNumber(text) => format!("无效的数字 {text}"),
        ShortcodeWhy::ChinesePunctuation(mark) => format!(
            "用了中文标点 `{mark}`，这里要用英文的 `{}`（切换到英文输入法再打）",
            crate::text::chars::ascii_mark(*mark).unwrap_or(*mark)
        ),
        ShortcodeWhy::InArgument(key, why) => format!("参数 {key}：{}", arg_why(why)),
        ShortcodeWhy::NoParentheses | ShortcodeWhy::NotClosed(_) => String::new(),
    }
}

/// serde's names for kinds of values (`a string`, `sequence`…), in Chinese.
fn type_zh(what: &str) -> String {
    if what.starts_with("a number, {min: N}") {
        return "一个数字，或者 {min: N}（N个以上）、{min: N, max: M}（N–M个）".to_string();
    }
    if what.starts_with("struct ") {
        return "一组“名称: 值”".to_string();
    }
    let w = what
        .trim_start_matches("a ")
        .trim_start_matches("an ")
        .trim_start_matches("struct ")
        .trim_start_matches("enum ");
    let known = match w {
        "string" | "str" | "string or map" => Some("一段文字"),
        "sequence" | "sequence of strings" | "list" => Some("一个列表（[甲, 乙]）"),
        "map" | "mapping" => Some("一组“名称: 值”"),
        "boolean" | "bool" => Some(" `true` 或 `false`"),
        "integer" | "i64" | "u64" | "u32" | "i32" | "u16" | "usize" | "u8" => Some("一个整数"),
        "floating point" | "f64" | "number" => Some("一个数字"),
        "unit value" | "null" => Some("空值"),
        _ => None,
    };
    match known {
        Some(k) => k.to_string(),
        None => {
            if let Some(rest) = w.strip_prefix("integer `") {
                format!("整数 `{rest}")
            } else if let Some(rest) = w.strip_prefix("string ") {
                format!("“{}”", rest.trim_matches('"'))
            } else if let Some(rest) = w.strip_prefix("floating point `") {
                format!("数字 `{rest}")
            } else {
                format!("“{what}”")
            }
        }
    }
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Districts => "区县",
        Kind::Units => "单位",
        Kind::Carriers => "节水载体",
        Kind::Leaders => "水效领跑者",
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
        "sponsor" => "例如 `sponsor: 常州市水利局`",
        "site_code" => {
            "网站标识码照发放的写：10 位数字（如 `3204000001`），国务院部门网站是 `bm` 加 8 位数字"
        }
        "icp" => {
            "省份简称 + ICP备 + 数字 + 号，例如 `icp: 苏ICP备12345678号`，有网站序号时写 `苏ICP备12345678号-1`"
        }
        "police_record" => {
            "省份简称 + 公网安备 + 14 位数字 + 号，例如 `police_record: 苏公网安备 32041102000123号`"
        }
        _ => "写一个对公众的电话号码或电子邮箱",
    }
}

fn name_why(why: &NameWhy) -> String {
    match why {
        NameWhy::ControlCharacter => "名字里有看不见的控制字符".to_string(),
        NameWhy::Character(c) => format!("名字里有 `{c}`"),
        NameWhy::EndsWithDotOrSpace => "名字以点或空格结尾".to_string(),
        NameWhy::Reserved(stem) => format!("`{stem}` 是 Windows 保留的设备名"),
    }
}

fn slug_why(why: &SlugWhy) -> String {
    match why {
        SlugWhy::Empty => "它是空的".to_string(),
        SlugWhy::Slash => "不能含 `/` 或 `\\`（它只是栏目里这一篇文章的名字）".to_string(),
        SlugWhy::DotDot => "不能含 `..`".to_string(),
        SlugWhy::Space => "不能含空格或控制字符".to_string(),
        SlugWhy::BreaksLinks(c) => format!("不能含 `{c}`（它在网址里另有用处，链接会断）"),
        SlugWhy::Invisible(c) => format!(
            "含看不见的字符 U+{:04X}（网址看起来会和实际的不一样）",
            *c as u32
        ),
        SlugWhy::NotPortable(why) => {
            format!(
                "{}，网站复制到 Windows 或 U 盘（FAT）时会出错",
                name_why(why)
            )
        }
    }
}
