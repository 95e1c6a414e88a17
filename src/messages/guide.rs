//! The user guide's entry for each kind of message: a Chinese title and how to fix it
//! (Markdown). `docs/content/errors.md` is generated from these and the samples.

use super::Msg;

/// One entry of the common-errors page.
#[derive(Debug, Clone, Copy)]
pub struct Guide {
    pub title: &'static str,
    /// 怎么改: Markdown, may have several paragraphs.
    pub fix: &'static str,
}

const fn g(title: &'static str, fix: &'static str) -> Guide {
    Guide { title, fix }
}

pub(super) fn guide(m: &Msg) -> Guide {
    match m {
        Msg::NotUtf8 { .. } => g(
            "文件不是 UTF-8 编码",
            "文件保存成了 GBK（Windows 里叫“ANSI”）编码。行号和列号是第一个读不懂的字的位置。用 UTF-8 重新保存这个文件：\n\n\
             - 记事本：文件 → 另存为 →“编码”选 **UTF-8** → 保存；\n\
             - Excel：文件 → 另存为 → 保存类型选 **“CSV UTF-8（逗号分隔）”**；\n\
             - WPS 表格：另存为 → CSV，编码选 **UTF-8**。",
        ),
        Msg::Utf16 { .. } => g(
            "文件是 UTF-16 编码",
            "文件保存成了 UTF-16（有的编辑器叫“Unicode”）编码。和上一条一样，另存为 **UTF-8**。",
        ),
        Msg::CannotRead { .. } => g(
            "读不了文件",
            "文件没有读取权限，或者正被别的程序占用。关掉打开它的程序，检查文件的权限后再试。",
        ),
        Msg::LinkOutsideSite => g(
            "链接指向网站文件夹外面",
            "`content/`、`static/` 里有一个快捷方式（符号链接）指向网站文件夹外面的文件。网站要能整体复制、发布，所以 jieshui 不读外面的文件。把文件本身复制进网站文件夹。",
        ),
        Msg::SymlinkLoop { .. } => g(
            "文件夹链接绕成了圈",
            "一个文件夹链接（符号链接）指回了它上面的文件夹，读下去永远读不完。删掉这个链接。",
        ),
        Msg::BadFileName { .. } => g(
            "文件名在 Windows 或 U 盘上不能用",
            "文件名里有 `:`、`*`、`?`、`<`、`>`、`|`、`\"`、`\\`，或者以点、空格结尾，或者是 `CON`、`NUL` 这样的 Windows 保留名。这样的文件复制到 Windows 电脑或 U 盘时会出错。这是警告，网站照样生成；改个名字最好，只用字母、数字、`-` 和汉字。",
        ),
        Msg::EmptyFile => g(
            "文件是空的",
            "这个 `.md` 文件里什么都没有。至少写上前置信息和标题：\n\n```markdown\n---\ntitle: 文章标题\n---\n```\n\n不需要这个文件，就删掉它。",
        ),
        Msg::NoFrontMatter => g(
            "文件开头没有前置信息",
            "每篇文章的第一行必须是三个英文减号 `---`，接着写 `title: 标题` 等信息，再用一行 `---` 结束。注意 `---` 前面不能有空行或空格。",
        ),
        Msg::FrontMatterNotClosed => g(
            "前置信息没有结束",
            "前置信息以 `---` 开头，但后面缺了结束的那一行 `---`。在最后一行前置信息的下面加一行 `---`，然后再写正文。",
        ),
        Msg::EmptyFrontMatter => g(
            "前置信息是空的",
            "两行 `---` 之间什么都没写。至少写上 `title: 文章标题`。",
        ),
        Msg::EmptyTitle => g(
            "标题是空的",
            "写了 `title:`，但后面没有内容，或者只有 `\"\"`。在 `title:` 后面写上标题。",
        ),
        Msg::BadDate { .. } => g(
            "日期写法不对",
            "日期要写成“年-月-日”，数字之间用英文减号，例如 `date: 2021-03-22`；月、日可以补 0。不能写成 `2021年3月22日`、`2021/3/22` 或 `2021.3.22`，也不能写不存在的日期（比如 2 月 30 日）。要写时间，写成 `2021-03-22T09:00:00+08:00`。",
        ),
        Msg::EventEndsBeforeStart { .. } => g(
            "活动结束早于开始",
            "`event` 里的 `end` 是活动的最后一天，不能早于 `start`。检查是不是把两个日期写反了，或者年份写错了。",
        ),
        Msg::SectionOnlyField { .. } => g(
            "栏目设置写在了普通文章里",
            "`sort_by`（排序）、`paginate_by`（每页篇数）、`transparent` 是栏目的设置，只能写在栏目首页 `_index.md` 里。把这一行移到同一个文件夹的 `_index.md`。",
        ),
        Msg::BadSlug { .. } => g(
            "网址名 slug 不能用",
            "`slug` 决定文章的网址，只能用英文字母、数字和 `-`，例如 `slug: world-water-day`。不能有空格、`/`、`..`。不写 `slug` 时，网址用文件名。",
        ),
        Msg::IndexMd => g(
            "`index.md` 会顶替首页",
            "首页的文件名是 `content/_index.md`，前面有一个下划线。`content/index.md` 会生成同一个网址，和首页冲突。把它改名为 `_index.md`，或者换个名字当普通文章。",
        ),
        Msg::UrlClaimedTwice { .. } => g(
            "两个文件用了同一个网址",
            "两篇文章的网址相同，通常是 `slug` 写成了一样的，或者 `a.md` 和 `a/index.md` 同时存在。给其中一个换个 `slug:` 或文件名。",
        ),
        Msg::UnknownField { .. } => g(
            "字段名写错",
            "这个字段名程序不认识，多半是拼错了。提示里的“是否要写”是程序猜你想写的字段名，照着改就行。要记的信息没有合适的字段，就不要写进去，或者写在 `summary` 里。各个字段见[写一篇文章](@/article.md)、[数据文件](@/data.md)、[网站设置](@/settings.md)。",
        ),
        Msg::UnknownValue { .. } => g(
            "值不在可选范围里",
            "这一项只能从几个固定的值里选一个（比如区县的 `kind` 只能是 `区` 或 `县级市`），提示里列出了可以写的值。照着改，注意字要一模一样。",
        ),
        Msg::WrongType { .. } => g(
            "值的格式不对",
            "这一项要求特定的写法：\n\n\
             - 是或否：写 `true` 或 `false`，比如 `draft: true`，不能写“是”“否”；\n\
             - 数字：写阿拉伯数字，比如 `weight: 1`、`year: 2021`；\n\
             - 列表：写成方括号，只有一项也要，比如 `tags: [世界水日]`；\n\
             - 一组“名称: 值”：比如 `event: { start: 2021-03-22, end: 2021-03-22, location: 常州市 }`。",
        ),
        Msg::MissingField { .. } => g(
            "缺少必填的字段",
            "反引号里的那一项必须写，但是没写。文章必须有 `title`；每条数据记录必须有 `id` 和 `name`；`site.yaml` 必须有 `title` 和 `base_url`。把缺的那一项补上。也可能是字段名写错了，那样还会看到[字段名写错](#unknown-field)。",
        ),
        Msg::DuplicateKey { .. } => g(
            "同一个字段写了两次",
            "同一层里同一个字段出现了两次，程序不知道该用哪一个。删掉其中一行。",
        ),
        Msg::ChineseColon => g(
            "用了中文冒号",
            "前置信息或数据文件里有一行用了中文冒号 `：`（比如 `title：世界水日`），程序看不懂这一行。把字段名后面的冒号改成**英文冒号加一个空格**：`title: 世界水日`。",
        ),
        Msg::NeedsQuotes => g(
            "值里有冒号或特殊符号，要加引号",
            "值里有“英文冒号加空格”（比如 `title: 重点: 节约用水`），或者以 `[`、`{`、`*`、`&`、`!`、`#`、`@` 开头，程序会误解。用英文双引号把整个值括起来：\n\n```yaml\ntitle: \"重点: 节约用水\"\ntitle: \"[通知]节约用水\"\n```",
        ),
        Msg::UnclosedQuote { .. } => g(
            "引号没有关上",
            "值用引号开头，就要用同一种引号结尾。比如：\n\n```yaml\ntitle: \"世界水日\ndate: 2021-03-22\n```\n\n`\"世界水日` 后面少了一个 `\"`，程序会把下面几行都当成标题的一部分，一直读到前置信息结束。补上引号：`title: \"世界水日\"`。值里面本来就要用引号的，用中文引号“”，比如 `title: 开展“节水进校园”活动`，这样不用再加英文引号。",
        ),
        Msg::UnclosedBracket { .. } => g(
            "方括号没有配对",
            "写在一行里的列表用英文方括号括起来，两项之间用英文逗号：\n\n```yaml\ntags: [节水, 护水]\n```\n\n少了 `]`，或者两项之间用了中文逗号“，”、顿号“、”，程序就找不到列表的结尾。也可以一项一行地写：\n\n```yaml\ntags:\n  - 节水\n  - 护水\n```",
        ),
        Msg::TextAfterQuote => g(
            "引号后面还有字",
            "引号要把整个值括起来。`title: \"节水\"宣传周` 里，引号只括住了“节水”，后面的“宣传周”程序就不认识了。要在标题里显示引号，用中文引号：`title: “节水”宣传周`；或者用英文双引号括住整个值：`title: \"“节水”宣传周\"`。",
        ),
        Msg::BadIndent => g(
            "缩进没有对齐",
            "这一行的缩进和上下文对不齐，比如：\n\n```yaml\nevent:\n  start: 2021-03-22\n end: 2021-03-28\n```\n\n`end` 只缩进了 1 个空格，而 `start` 是 2 个。同一层的行空格数要一样，一般每层 2 个空格。",
        ),
        Msg::YamlTab => g(
            "缩进用了 Tab 键",
            "这一行开头用 Tab 键缩进了，YAML 只能用空格。把 Tab 换成空格；很多编辑器可以设置“按 Tab 键输入空格”。",
        ),
        Msg::YamlTooDeep { .. } => g(
            "括号套得太深",
            "`[` 或 `{` 一层套一层，超过了 128 层，多半是括号没有配对。检查括号，把值拆开写。",
        ),
        Msg::YamlAliasesTooBig => g(
            "YAML 引用展开后太大",
            "文件里用 `&名字` 定义、用 `*名字` 引用的内容一层层展开后大得离谱（这种文件可能是故意构造的）。直接把值写出来，不要用引用。",
        ),
        Msg::ControlCharacter { .. } => g(
            "看不见的控制字符",
            "从 Word、PDF 或网页复制文字时，常常会带进看不见的控制字符（比如 U+000B 竖向制表符）。YAML 不允许它们出现，生成的订阅文件也会因此坏掉。错误信息指出了它所在的行和列：把那附近的几个字删掉重新打一遍即可。",
        ),
        Msg::YamlSyntax { .. } => g(
            "YAML 格式错误",
            "前置信息、数据文件或 `site.yaml` 的格式有错，冒号后面是程序给出的原因（英文）。最常见的是：漏了冒号后面的空格、引号或括号没配对、缩进没对齐。检查报错的这一行和它的上一行。",
        ),
        Msg::NoSiteYaml { .. } => g(
            "不是网站文件夹",
            "命令是在一个没有 `site.yaml` 的文件夹里运行的。先进入网站文件夹再运行，或者用 `--root 文件夹` 指定；还没有网站，就用 `jieshui init 文件夹名` 新建一个。",
        ),
        Msg::EmptySiteYaml => g(
            "`site.yaml` 是空的",
            "网站设置文件里什么都没写。至少写上网站名称和网址：\n\n```yaml\ntitle: 常州节水\nbase_url: https://example.org/\n```",
        ),
        Msg::BadBaseUrl { .. } => g(
            "网站地址 base_url 不对",
            "`base_url` 是网站发布后的完整地址，要以 `https://` 或 `http://` 开头，例如 `https://example.org/` 或 `https://example.org/jieshui/`。不能有空格、`?`、`#`。",
        ),
        Msg::UnknownTimezone { .. } => g(
            "时区写法不对",
            "`timezone` 要写国际通用的时区名，中国写 `Asia/Shanghai`。不写时默认就是它。",
        ),
        Msg::UnknownTaxonomy { .. } => g(
            "不认识的分类方式",
            "`taxonomies` 里只能写 `tags`（标签）和 `categories`（分类）。",
        ),
        Msg::EmptyOutputDir => g(
            "输出文件夹是空的",
            "`output_dir` 写的是生成网站的文件夹，不能是空的。写 `output_dir: public`，或者删掉这一行用默认值。",
        ),
        Msg::OrganizationEmpty { .. } => g(
            "页脚备案信息没填",
            "`organization` 里的主办单位、网站标识码、ICP 备案号、公安备案号、联系方式，政府网站都必须显示在页脚。这是警告，网站照样生成，但发布前要补上。",
        ),
        Msg::OrganizationMalformed { .. } => g(
            "页脚备案信息看起来不对",
            "网站标识码是 10 位数字；ICP 备案号要含“ICP”和数字，例如 `苏ICP备12345678号`；公安备案号要含“公网安备”和数字。核对后改正。",
        ),
        Msg::BadMenuUrl { .. } => g(
            "菜单地址不对",
            "`menu` 里每一项的 `url` 可以写完整网址（`https://…`）、本站路径（`/news/`），或者 `@/` 加 `content/` 里的文件（`@/news/_index.md`）。检查 `@/` 后面的路径是不是真有这个文件。",
        ),
        Msg::FeedNoSection { .. } => g(
            "订阅源指向的栏目不存在",
            "`feeds` 里写的是栏目的网址路径，例如 `content/campaigns/_index.md` 这个栏目写 `campaigns`。检查拼写，或者先建好这个栏目。",
        ),
        Msg::ThemeNotFound { .. } => g(
            "找不到主题",
            "`theme:` 写的主题在 `themes/` 文件夹里没有。改成现有的主题文件夹名（一般是 `default`）。",
        ),
        Msg::NoContentFolder => g(
            "没有 content 文件夹",
            "网站的文章都放在 `content/` 文件夹里。建一个 `content/` 文件夹，首页写在 `content/_index.md`。",
        ),
        Msg::DataDefinedTwice { .. } => g(
            "同一份数据有两个文件",
            "`data/` 里有同名的两个文件，比如 `carriers.csv` 和 `carriers.yaml`，程序不知道用哪个。只留一个。",
        ),
        Msg::CsvUnreadable { .. } => g(
            "CSV 文件读不了",
            "CSV 表格某一行的格子数和表头不一样，或者引号没配对。用表格软件打开检查这一行，然后另存为“CSV UTF-8”。",
        ),
        Msg::TargetsNotYaml => g(
            "目标数据不能用 CSV",
            "年度目标的指标一层套一层，表格装不下。把 `data/targets.csv` 改写成 `data/targets.yaml`，写法见[数据文件](@/data.md)。",
        ),
        Msg::BadWebAddress { .. } => g(
            "网址写法不对",
            "单位的 `url` 要写完整的网址，以 `https://` 或 `http://` 开头。没有网站就不写这一项。",
        ),
        Msg::BadId { .. } => g(
            "编号 id 写法不对",
            "`id` 会出现在网址里，只能用英文字母、数字、`-` 和 `_`，例如区县武进写 `wujin`。中文名称写在 `name` 里。",
        ),
        Msg::DuplicateId { .. } => g(
            "编号 id 重复",
            "同一个数据文件里两条记录用了同一个 `id`。每条记录的编号都要不同；如果是同一条写了两遍，删掉一条。",
        ),
        Msg::NoDataFile { .. } => g(
            "引用的数据文件不存在",
            "文章里写了区县、单位、节水载体或水效领跑者，但网站还没有对应的数据文件（如 `data/districts.yaml`）。新建这个文件，把记录写进去，或者删掉文章里的这一项。",
        ),
        Msg::UnknownRecord { .. } => g(
            "引用的数据记录不存在",
            "文章的前置信息里（比如 `districts: [武进]`），或者 `{{ carrier(id=\"…\") }}` 这样的短代码里写的名字，在数据文件里找不到：编号（`id`）、名称（`name`）、别名（`aliases`）都对不上。检查拼写；是新的记录，就先加到数据文件里。",
        ),
        Msg::TotalMismatch { .. } => g(
            "合计数对不上",
            "目标数据里写的合计数（`total`）和各部分加起来不一样。这是警告：网站照写的数字显示，并注明差额。如果是打错了，请改正。",
        ),
        Msg::PartLargerThanWhole { .. } => g(
            "部分比整体还大",
            "某个子指标的数字比它所属的指标还大，多半是数字打错了或者放错了层级。这是警告，请核对数字。",
        ),
        Msg::ImageNoAlt => g(
            "图片没有替代文字",
            "`![ ](photo.jpg)` 的方括号里是空的。盲人用的读屏软件会读出方括号里的文字，政府网站的无障碍要求也需要它。写上图片内容，例如 `![学生参观水厂](photo.jpg)`。",
        ),
        Msg::TemplateFunction { .. } => g(
            "模板函数出错",
            "主题模板或短代码里用了 `url()`、`get_page()`、`get_section()`、`get_data()`、`campaign()`、`record()`、`indicator()` 或 `date_zh`，但给的路径、名称或 id 在网站里找不到。消息里写着是哪个函数、哪个参数。一般是文章或数据文件改了名、挪了地方，或者参数打错了：把参数改成网站里真有的文件或数据。如果是主题自带的模板出错，请告诉维护主题的人。",
        ),
        Msg::ImageMissing { .. } => g(
            "找不到图片",
            "文章里 `![说明](文件名)` 指向的图片不在生成的网站里，网页上会显示成一个破图。常见原因：文件名打错了；大小写不一致（网站服务器上 `Photo.JPG` 和 `photo.jpg` 是两个文件）；图片放错了地方。图片可以和文章放在一起：把文章写成一个文件夹里的 `index.md`，图片放进同一个文件夹，写 `![说明](图片.jpg)`；也可以放进网站的 `static/` 文件夹，比如 `static/images/图片.jpg`，写 `![说明](/images/图片.jpg)`。这是错误：网站不会带着破图发布。",
        ),
        Msg::ImageGps { .. } => g(
            "照片里有拍摄地点",
            "手机拍的照片常常在文件里记下拍摄地点（GPS 经纬度），精确到几米。学生活动、居民小区的照片原样放到网上，就等于公开了学校、住处的位置。节水网站发布的所有图片版本都不带这些信息（也不带相机型号、拍摄者等），原图默认不发布。这是提醒：网站不用改，但以后把照片原样发到别处前要想到这一点，最好在手机相机设置里关掉“位置”。详见[图片](@/images/index.md)。",
        ),
        Msg::ImageUnreadable { .. } => g(
            "图片读不出来",
            "图片文件损坏了（例如没有传完、只剩半张），或者其实不是 JPEG/PNG 图片。在电脑上打开它，如果能看，另存为 JPEG（照片）或 PNG（图表、截图），替换原文件后重新生成；如果打不开，重新从相机或手机里拷一次。",
        ),
        Msg::ImageMislabelled { .. } => g(
            "图片的格式和文件名不一致",
            "文件名是 `.jpg`，内容却是 PNG 或 HEIC（苹果手机的照片格式）之类。多数浏览器不认识 HEIC，文件名和内容不符也容易出错。把图片另存为 JPEG 或 PNG，让后缀和格式一致；苹果手机可以在“设置 → 相机 → 格式”里选“兼容性最佳”，照片就直接是 JPEG。",
        ),
        Msg::ImageHuge { .. } => g(
            "图片太大",
            "图片超过 20 MB，或者一边超过 8000 像素。网站会自己做出适合手机和电脑的小图，读者不会下载原图；但这么大的原图让每次生成都变慢。横向 4000 像素左右的照片就足够了。这是警告。",
        ),
        Msg::Polyphone { .. } => g(
            "多音字自动注音",
            "开了拼音注音的文章里，多音字按最常见的读音自动注音，不一定对。这是警告：读音对就不用管；不对就写成 `{行|háng}` 这样指定读音，详见[拼音注音](@/pinyin.md)。",
        ),
        Msg::RubyMismatch { .. } => g(
            "注音的字数和音节数不一样",
            "`{汉字|拼音}` 里每个汉字对应一个音节，音节之间用空格分开，例如 `{节水|jié shuǐ}`，也可以用数字标声调 `{节水|jie2 shui3}`。",
        ),
        Msg::JavascriptLink => g(
            "不允许 `javascript:` 链接",
            "链接地址以 `javascript:` 开头，这种链接可能被用来攻击网站，已替换为 `#`。改成普通网址或本站页面。",
        ),
        Msg::BrokenInternalLink { .. } => g(
            "站内链接找不到文章",
            "`[文字](@/路径)` 里 `@/` 后面写的是 `content/` 里的文件路径，例如 `@/news/a.md`。检查文件夹和文件名，注意扩展名 `.md`。",
        ),
        Msg::MissingHeading { .. } => g(
            "站内链接的标题不存在",
            "`@/文件.md#标题id` 里 `#` 后面的标题 id 在那篇文章里没有。提示里列出了那一页所有的标题 id，照着改。",
        ),
        Msg::UnknownShortcode { .. } => g(
            "没有这个短代码",
            "正文里的 `{{ 名称(…) }}` 或 `{% 名称(…) %}` 是短代码，这个名称不存在，多半是拼错了。提示里列出了可用的短代码，见[短代码](@/shortcodes.md)。",
        ),
        Msg::ShortcodeSyntax { .. } => g(
            "短代码写法不对",
            "短代码写成 `{{ 名称(参数=\"文字\", 数字=3) }}`：名称后面要有括号，参数之间用英文逗号，文字用英文双引号。检查是不是用了中文括号、中文引号或中文逗号。",
        ),
        Msg::ShortcodeFailed { .. } => g(
            "短代码出错",
            "短代码的模板运行时出错，冒号后面是原因（英文）。先检查短代码的参数是不是写对了（见[短代码](@/shortcodes.md)）；参数没错的话，是主题模板的问题，请找维护主题的人。",
        ),
        Msg::ShortcodeNoEnd { .. } => g(
            "块短代码没有结束",
            "`{% 名称(…) %}` 开头的块短代码，要在块的末尾单独写一行 `{% end %}`。",
        ),
        Msg::StrayEnd => g(
            "多余的 end",
            "有一行 `{% end %}`，但前面没有对应的 `{% 名称(…) %}`。删掉它，或者补上开头那一行。",
        ),
        Msg::NotInMarkdownFilter { .. } => g(
            "模板的 markdown 过滤器里不能用",
            "模板里用 `markdown` 过滤器转换的文字没有所属的文章，不能用 `@/` 站内链接和短代码。这是模板的问题，请找维护主题的人。",
        ),
        Msg::MoreProblems { .. } => g(
            "同一个文件问题太多",
            "一个文件里的问题太多时只列出前面几条。先改好列出来的，再运行检查，剩下的会显示出来。",
        ),
        Msg::TemplateMissingParent { .. } => g(
            "模板继承的模板不存在",
            "模板开头的 `{% extends \"…\" %}` 写的模板文件不存在。这是主题的问题，请找维护主题的人。",
        ),
        Msg::TemplateError { .. } => g(
            "模板出错",
            "网页模板（`.html`）有错，冒号后面是程序给出的原因（英文）。这一般不是文章的问题，请找维护主题的人。如果报的是某个变量找不到（`not found`），也检查一下文章的前置信息是不是少写了什么。",
        ),
        Msg::TemplateNotFound { .. } => g(
            "找不到模板",
            "文章的 `template:` 写的模板文件不存在。检查文件名，或者删掉这一行用默认模板。",
        ),
        Msg::RecordTemplateMissing { .. } => g(
            "主题缺少数据页面的模板",
            "网站有数据文件（比如节水载体），但主题里没有生成它们页面的模板。换用默认主题，或请维护主题的人加上这个模板。",
        ),
        Msg::BadAlias { .. } => g(
            "旧网址写法不对",
            "`aliases` 里写的是文章以前在本站的路径，例如 `/old/news/`，会自动跳转到新网址。不能写完整网址，不能是首页，不能有 `..`。",
        ),
        Msg::WrittenTwice { .. } => g(
            "两样东西生成到同一个文件",
            "两篇文章（或文章和旧网址跳转、静态文件）要生成同一个文件。给其中一个换个 `slug` 或文件名。",
        ),
        Msg::FileFolderClash { .. } => g(
            "同一个位置既要放文件又要放文件夹",
            "生成的网站里，一个名字只能是文件或文件夹之一。例如 `static/news` 是一个文件，而 `content/news/` 栏目要生成文件夹 `news/`；或者文章的 `slug` 写成了 `sitemap.xml`，和自动生成的网站地图同名。两个来源都会列出来：给文件改个名字，或给文章换个 `slug`。jieshui 不会悄悄删掉其中一个。",
        ),
        Msg::ReservedOutput { .. } => g(
            "网址占用了 jieshui 的标记文件名",
            "jieshui 在输出文件夹里放一个 `.jieshui` 文件，用来认出这是它生成的文件夹。文章的 `slug` 或旧网址（`aliases`）不能叫 `.jieshui`。换一个名字。",
        ),
        Msg::CannotWrite { .. } => g(
            "写不了文件",
            "生成网站时写文件失败，冒号后面是系统给出的原因。检查输出文件夹是否存在、有没有写权限、磁盘是否满了。",
        ),
        Msg::OutputDirRefused { .. } => g(
            "不能生成到这个文件夹",
            "输出文件夹会被整个替换，所以不能是网站文件夹本身、不能包含网站，也不能在 `content/`、`data/`、`themes/`、`templates/`、`static/` 里面。换一个，例如 `public`。`site.yaml` 里的 `output_dir` 还必须在网站文件夹里面（经过链接也算）：别人发来的网站不能决定往你电脑的别处写文件。要生成到别处，在命令行用 `--output-dir` 指定。",
        ),
        Msg::OutputNotFolder { .. } => g(
            "输出位置是一个文件",
            "要生成网站的位置已经有一个同名的文件（不是文件夹）。删掉它，或者用 `--output-dir` 换个位置。",
        ),
        Msg::OutputNotOurs { .. } => g(
            "输出文件夹不是 jieshui 生成的",
            "输出文件夹已经存在，而且里面有别的文件。为了不误删你的文件，jieshui 不替换它。确认里面没用的话自己删掉，或者换一个文件夹。",
        ),
        Msg::OutputBusy { .. } => g(
            "另一个 jieshui 正在生成同一个网站",
            "同一个输出文件夹同时只能有一个 `jieshui build` 在写（比如连点了两次生成脚本，或两个窗口同时生成）。后来的这一次会停下，什么也不改。等前一次结束再生成。输出文件夹旁边的 `.jieshui-lock-…` 文件就是用来排队的，可以留着。",
        ),
        Msg::InitNotEmpty { .. } => g(
            "新建网站的文件夹不是空的",
            "`jieshui init` 只在新的或空的文件夹里建网站，从不覆盖已有文件。换一个新的文件夹名。",
        ),
        Msg::UnknownCommand { .. } => g(
            "没有这个命令",
            "`jieshui` 后面的命令拼错了。命令只有四个：`jieshui build`（生成网站）、`jieshui check`（检查）、`jieshui serve`（预览）、`jieshui init 文件夹名`（新建网站）。拼写相近时会提示你想写的是哪个。",
        ),
        Msg::UnknownOption { .. } => g(
            "命令没有这个参数",
            "参数拼错了，或者这个命令没有这个参数：比如 `--strict` 只有 `jieshui check` 才有，`--port` 只有 `jieshui serve` 才有。运行 `jieshui check --help` 这样的命令，看每个命令有哪些参数。",
        ),
        Msg::BadOptionValue { .. } => g(
            "参数的值不对",
            "这个参数只能写规定的几个值，或者要写数字。比如 `--format` 只能写 `text` 或 `json`，`--lang` 只能写 `zh` 或 `en`，`--port` 要写 1 到 65535 之间的数字。",
        ),
        Msg::MissingArgument { .. } => g(
            "命令少写了东西",
            "有的命令后面必须跟上内容：`jieshui init` 后面要写新网站的文件夹名，例如 `jieshui init 我的网站`。",
        ),
        Msg::CommandLine { .. } => g(
            "命令写得不对",
            "命令行里有其他写法问题，冒号后面是详细说明（英文）。运行 `jieshui --help` 对照正确的写法。",
        ),
        Msg::NotAFolder { .. } => g(
            "预览的网站文件夹不对",
            "`jieshui serve --root` 后面写的不是一个文件夹，或者打不开。写网站文件夹的路径，比如 `jieshui serve --root D:\\我的网站`。",
        ),
        Msg::BadInterface { .. } => g(
            "预览地址写错了",
            "`--interface` 写的不是这台电脑的网络地址。一般不用写它：默认 `127.0.0.1` 只让本机看预览。",
        ),
        Msg::CannotListen { .. } => g(
            "预览服务启动不了",
            "系统不让 jieshui 在这个地址和端口上启动预览，冒号后面是系统给出的原因。换一个端口试试，比如 `--port 8080`。",
        ),
        Msg::PortsBusy { .. } => g(
            "预览端口都被占用了",
            "预览默认用 1111 端口，被占用时会自动往后试 10 个。都被占用，多半是已经开着好几个 `jieshui serve`：关掉不用的，或者用 `--port 0` 让系统挑一个空闲的端口。",
        ),
        Msg::ServerFailed { .. } => g(
            "预览服务出错",
            "预览服务运行中出错停下了，冒号后面是系统给出的原因。重新运行 `jieshui serve`；反复出现就把这段信息发给维护 jieshui 的人。",
        ),
        Msg::WatchFailed { .. } => g(
            "没法自动刷新预览",
            "预览照常工作，但改了文件后不会自动重新生成。改完文件后按 Ctrl-C 停掉预览，再运行一次 `jieshui serve`。",
        ),
        Msg::NotServedOutside { .. } => g(
            "预览不提供网站外面的文件",
            "预览时，一个文件被换成了指向网站文件夹外面的快捷方式（链接），为了安全不再提供它。把文件本身复制进网站文件夹。",
        ),
        Msg::InternalError => g(
            "程序内部出错",
            "这是 jieshui 自己的错误，不是你的错。请把刚才改的文件和屏幕上的全部信息发给维护 jieshui 的人。",
        ),
    }
}
