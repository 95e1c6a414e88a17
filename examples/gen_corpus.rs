//! The benchmark corpus: a deterministic synthetic Chinese water-saving site.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- N --out DIR [--layouts ours,zola,hugo]
//!     [--seed 20240322] [--sections 20] [--hugo-nav menu|sections]
//! ```
//!
//! Writes `DIR/ours` (jieshui, with the small `bench` theme), `DIR/zola` and `DIR/hugo`: the
//! same logical site in each engine's layout, so peers can be compared on equal work. Each
//! `DIR/<layout>` is replaced. The same N and seed give byte-identical files.
//!
//! The site has the shape of the shared generator (`gen_corpus.py` of the benchmark notes,
//! which this replaces; see `benches/README.md` for the two compared): N pages of 1.5–3 KB of
//! Chinese Markdown in up to 20 sections (weighted), soft-wrapped paragraphs (one sentence a
//! line), emphasis, a bullet or numbered list, a table, a quote, two root-relative internal
//! links and a heading per page, front matter with date, tags, summary and district; one
//! untyped data file of N/10 carrier records. The random draws are this file's own (xoshiro256**),
//! not Python's, so the two generators write different texts of the same shape and size.
//!
//! Equal work in every layout: N page files, one list page per section (all of its pages,
//! newest first), one home page (section list + the whole carrier table), one static CSS file,
//! a nav of all sections (with the active one marked) on every page. Off everywhere: feeds,
//! sitemaps, robots.txt, taxonomies, search, 404 (except jieshui's own), minify, smart
//! punctuation. Standard library only.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SITE_TITLE: &str = "常州市节约用水宣传网";
const BASE_URL: &str = "https://jieshui.example.org";
const CITY: &str = "常州市";
const DISTRICTS: &[&str] = &[
    "溧阳市",
    "金坛区",
    "武进区",
    "新北区",
    "天宁区",
    "钟楼区",
    "经开区",
];

/// (slug, title, description, relative weight of pages)
pub(crate) const SECTIONS: &[(&str, &str, &str, u32)] = &[
    (
        "gongzuo-dongtai",
        "工作动态",
        "全市节约用水工作最新进展",
        10,
    ),
    ("tongzhi-gonggao", "通知公告", "节水管理相关通知与公示", 6),
    (
        "zhengce-fagui",
        "政策法规",
        "国家、省、市节水政策法规汇编",
        4,
    ),
    ("jieshui-zhishi", "节水知识", "生活、生产中的节水小常识", 8),
    (
        "jieshui-zaiti",
        "节水载体",
        "节水型企业、单位、小区、高校创建",
        7,
    ),
    (
        "shuipingheng-ceshi",
        "水平衡测试",
        "水平衡测试技术要求与成果",
        4,
    ),
    ("yongshui-shenji", "用水审计", "重点用水单位用水审计", 3),
    ("jihua-yongshui", "计划用水", "计划用水与定额管理", 4),
    ("shijie-shuiri", "世界水日", "历年世界水日主题活动", 3),
    ("zhongguo-shuizhou", "中国水周", "中国水周宣传活动", 3),
    (
        "jieshui-xuanchuanzhou",
        "城市节水宣传周",
        "全国城市节约用水宣传周",
        3,
    ),
    (
        "xiaoyuan-jieshui",
        "节水进校园",
        "节水教育进课堂、进校园",
        5,
    ),
    ("shequ-jieshui", "节水进社区", "社区居民节水宣传实践", 5),
    ("qiye-jieshui", "企业节水", "工业企业节水改造与技术推广", 6),
    (
        "nongye-jieshui",
        "农业节水",
        "高效节水灌溉与农业水价改革",
        4,
    ),
    (
        "feichanggui-shui",
        "非常规水利用",
        "再生水、雨水、矿井水等非常规水源利用",
        3,
    ),
    ("guanwang-loushun", "管网漏损控制", "供水管网漏损治理", 3),
    ("shuixiao-biaoshi", "水效标识", "水效标识与节水产品认证", 2),
    ("dianxing-anli", "典型案例", "节水典型经验与案例", 5),
    ("meiti-baodao", "媒体报道", "媒体关注与报道转载", 4),
];

const TOPICS: &[&str] = &[
    "节水型企业",
    "节水型单位",
    "节水型居民小区",
    "节水型高校",
    "节水型社会",
    "水平衡测试",
    "用水审计",
    "计划用水",
    "用水定额管理",
    "阶梯水价",
    "合同节水管理",
    "节水器具",
    "管网漏损控制",
    "再生水利用",
    "雨水收集利用",
    "水效领跑者",
    "取水许可",
    "地下水压采",
    "河长制",
    "水资源刚性约束",
    "国家节水行动",
    "县域节水型社会达标建设",
    "工业用水重复利用率",
    "农田灌溉水有效利用系数",
    "节水宣传",
    "节约用水",
    "水资源保护",
    "节水灌溉",
    "海绵城市",
    "水效标识",
];
const EVENTS: &[&str] = &[
    "世界水日",
    "中国水周",
    "全国城市节约用水宣传周",
    "节水宣传月",
    "生命之水主题活动",
];
const SLOGANS: &[&str] = &[
    "生命之水，节约为先",
    "节约用水，人人有责",
    "珍惜每一滴水",
    "建设节水型社会",
    "推进地下水超采综合治理",
    "强化水资源刚性约束",
    "节水优先、空间均衡、系统治理、两手发力",
];
const ACTORS: &[&str] = &[
    "市水利局",
    "市节约用水办公室",
    "区水务局",
    "市住房和城乡建设局",
    "市教育局",
    "市工业和信息化局",
    "市生态环境局",
    "供水公司",
    "街道办事处",
    "社区居委会",
    "志愿者服务队",
];
const VERBS: &[&str] = &[
    "组织开展",
    "深入推进",
    "扎实推进",
    "全面启动",
    "持续深化",
    "认真部署",
    "积极推动",
    "广泛宣传",
    "稳步实施",
    "集中开展",
    "重点推进",
    "统筹推进",
];
const OBJECTS: &[&str] = &[
    "专项检查",
    "宣传活动",
    "培训会议",
    "现场观摩",
    "技术改造",
    "示范创建",
    "考核评估",
    "入户走访",
    "知识竞赛",
    "主题讲座",
    "摸底调查",
    "验收工作",
    "志愿服务",
];
const RESULTS: &[&str] = &[
    "取得了明显成效",
    "得到了社会各界的广泛好评",
    "形成了一批可复制、可推广的经验",
    "有效提升了全民节水意识",
    "年节水量显著增加",
    "用水效率稳步提高",
    "为全市水资源可持续利用提供了有力支撑",
    "营造了全社会共同参与节水的良好氛围",
];
const TAGS: &[&str] = &[
    "节水型企业",
    "水平衡测试",
    "用水审计",
    "生命之水",
    "世界水日",
    "中国水周",
    "计划用水",
    "节水器具",
    "再生水",
    "节水宣传",
    "节水型小区",
    "节水型高校",
    "管网漏损",
    "水效领跑者",
    "节水灌溉",
    "海绵城市",
    "河长制",
    "节约用水",
];
/// (carrier type, name endings)
const CARRIER_TYPES: &[(&str, &[&str])] = &[
    (
        "节水型企业",
        &["有限公司", "股份有限公司", "集团有限公司", "制造有限公司"],
    ),
    (
        "节水型单位",
        &["人民医院", "中学", "行政服务中心", "图书馆", "税务局"],
    ),
    ("节水型居民小区", &["花园", "家园", "苑", "新村", "华庭"]),
    (
        "节水型高校",
        &["职业技术学院", "大学", "工学院", "师范学院"],
    ),
    (
        "水效领跑者",
        &[
            "印染有限公司",
            "化工有限公司",
            "钢铁有限公司",
            "纺织有限公司",
        ],
    ),
    ("节水型灌区", &["灌区", "农业园区"]),
];
/// (level, weight)
const LEVELS: &[(&str, u32)] = &[("国家级", 1), ("省级", 3), ("市级", 8)];
const NAME_HEADS: &[&str] = &[
    "恒", "华", "新", "金", "天", "盛", "永", "兴", "龙", "瑞", "东", "明", "康", "宏", "润", "清",
];
const NAME_TAILS: &[&str] = &[
    "源", "达", "泰", "丰", "城", "江", "湖", "泽", "业", "晟", "茂", "景",
];
const DISTRICT_ACTORS: &[&str] = &[
    "水利局",
    "水务局",
    "节约用水办公室",
    "住房和城乡建设局",
    "教育局",
    "工业和信息化局",
    "街道办事处",
];
const TITLE_SUFFIX: &[&str] = &[
    "工作",
    "专项行动",
    "宣传活动",
    "现场推进会",
    "培训班",
    "成果展示",
    "实施方案",
    "经验交流会",
    "主题宣传",
    "年度总结",
    "检查通报",
];
const HEADINGS: &[&str] = &[
    "工作背景",
    "主要做法",
    "取得成效",
    "下一步打算",
    "活动内容",
    "政策要点",
    "技术要求",
    "典型经验",
    "存在问题",
    "工作安排",
    "监测数据",
    "节水小贴士",
    "相关链接",
];
const TABLE_METRICS: &[(&str, &str)] = &[
    ("年取水量", "万立方米"),
    ("年节水量", "万立方米"),
    ("重复利用率", "%"),
    ("漏损率", "%"),
    ("覆盖人数", "人"),
    ("创建数量", "家"),
    ("改造器具", "套"),
    ("再生水利用量", "万立方米"),
    ("宣传场次", "场"),
    ("发放资料", "份"),
];

pub(crate) const DEFAULT_SEED: u64 = 20240322;
pub(crate) const LAYOUTS: &[&str] = &["ours", "zola", "hugo"];

// ------------------------------------------------------------------ random numbers

/// xoshiro256** seeded through splitmix64: small, fast, and the same on every platform.
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        let zone = u64::MAX - (u64::MAX - n + 1) % n;
        loop {
            let x = self.next_u64();
            if x <= zone {
                return x % n;
            }
        }
    }

    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `k` distinct items, in random order.
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k {
            let j = i + self.below((idx.len() - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| items[i]).collect()
    }

    /// An index drawn with the given relative weights.
    fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u64 = weights.clone().map(u64::from).sum();
        let mut x = self.below(total);
        for (i, w) in weights.enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        unreachable!("weights sum to {total}")
    }
}

// ------------------------------------------------------------------ the model

struct Section {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    weight: usize,
    intro: String,
}

struct Page {
    slug: String,
    sec: &'static str,
    title: String,
    date: String,
    district: &'static str,
    tags: Vec<&'static str>,
    summary: String,
    body: String,
}

struct Carrier {
    id: String,
    name: String,
    kind: &'static str,
    level: &'static str,
    district: &'static str,
    year: u64,
}

pub(crate) struct Model {
    sections: Vec<Section>,
    pages: Vec<Page>,
    carriers: Vec<Carrier>,
}

impl Model {
    /// (pages, sections, carrier records, total bytes of the page bodies)
    pub(crate) fn counts(&self) -> (usize, usize, usize, usize) {
        let body = self.pages.iter().map(|p| p.body.len()).sum();
        (
            self.pages.len(),
            self.sections.len(),
            self.carriers.len(),
            body,
        )
    }
}

fn sentence(rng: &mut Rng, district: Option<&str>) -> String {
    let d = district.unwrap_or_else(|| *rng.pick(DISTRICTS));
    let t = rng.pick(TOPICS);
    match rng.below(6) {
        0 => format!(
            "{d}{}{}{t}{}，{}。",
            rng.pick(DISTRICT_ACTORS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(RESULTS)
        ),
        1 => format!(
            "围绕“{}”主题，{d}{}{t}工作。",
            rng.pick(SLOGANS),
            rng.pick(VERBS)
        ),
        2 => format!(
            "截至{}年底，{d}累计完成{t}{}项，{}。",
            rng.int(2015, 2025),
            rng.int(3, 300),
            rng.pick(RESULTS)
        ),
        3 => format!(
            "在{}期间，{}联合{}{}{}。",
            rng.pick(EVENTS),
            rng.pick(ACTORS),
            rng.pick(ACTORS),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        ),
        4 => format!(
            "{t}是落实{}的重要抓手，也是推进{}的基础性工作。",
            rng.pick(TOPICS),
            rng.pick(TOPICS)
        ),
        _ => format!(
            "通过{t}，重点用水单位年均节水{}.{}万立方米，{}。",
            rng.int(1, 90),
            rng.int(0, 9),
            rng.pick(RESULTS)
        ),
    }
}

/// Soft line breaks: one sentence a source line; 60 % of them about the page's district.
fn paragraph(rng: &mut Rng, district: Option<&str>, min: u64, max: u64) -> String {
    let n = rng.int(min, max);
    let mut lines = Vec::new();
    for _ in 0..n {
        let d = if rng.unit() < 0.6 { district } else { None };
        lines.push(sentence(rng, d));
    }
    lines.join("\n")
}

fn page_url(sec: &str, slug: &str) -> String {
    format!("/{sec}/{slug}/")
}

/// (title, URL) of a page drawn at random, for a link to it.
fn link(rng: &mut Rng, links: &[(String, String)]) -> (String, String) {
    rng.pick(links).clone()
}

fn make_body(rng: &mut Rng, d: &str, links: &[(String, String)]) -> String {
    let mut out: Vec<String> = vec![paragraph(rng, Some(d), 2, 3), String::new()];
    let heads = rng.sample(HEADINGS, 4);
    // 1: emphasis and an internal link
    let (t1, u1) = link(rng, links);
    out.push(format!("## {}", heads[0]));
    out.push(String::new());
    let slogan = rng.pick(SLOGANS);
    out.push(format!("**{slogan}**。{}", sentence(rng, Some(d))));
    out.push(format!(
        "详见[{t1}]({u1})，其中*{}*部分值得借鉴。",
        rng.pick(TOPICS)
    ));
    out.push(sentence(rng, Some(d)));
    out.push(String::new());
    // 2: a list, ordered or not
    out.push(format!("## {}", heads[1]));
    out.push(String::new());
    let ordered = rng.unit() < 0.5;
    for i in 0..rng.int(3, 5) {
        let mark = if ordered {
            format!("{}.", i + 1)
        } else {
            "-".to_string()
        };
        out.push(format!(
            "{mark} {}{}{}，覆盖{}等{}个辖市区。",
            rng.pick(VERBS),
            rng.pick(TOPICS),
            rng.pick(OBJECTS),
            rng.pick(DISTRICTS),
            rng.int(2, 7)
        ));
    }
    out.push(String::new());
    // 3: a table
    out.push(format!("## {}", heads[2]));
    out.push(String::new());
    out.push(paragraph(rng, Some(d), 1, 2));
    out.push(String::new());
    out.push("| 指标 | 数值 | 单位 | 备注 |".to_string());
    out.push("| --- | ---: | :---: | --- |".to_string());
    let rows = rng.int(3, 5) as usize;
    for (metric, unit) in rng.sample(TABLE_METRICS, rows) {
        let val = if unit == "%" {
            format!("{:.1}", 1.0 + 98.0 * rng.unit())
        } else {
            rng.int(1, 9999).to_string()
        };
        out.push(format!(
            "| {metric} | {val} | {unit} | {} |",
            rng.pick(DISTRICTS)
        ));
    }
    out.push(String::new());
    // 4: a subheading, a quote and a second internal link
    let (t2, u2) = link(rng, links);
    out.push(format!("## {}", heads[3]));
    out.push(String::new());
    out.push(paragraph(rng, Some(d), 2, 4));
    out.push(String::new());
    out.push(format!("### {}", rng.pick(TOPICS)));
    out.push(String::new());
    out.push(format!("> {}——{}", rng.pick(SLOGANS), rng.pick(ACTORS)));
    out.push(String::new());
    out.push(format!("延伸阅读：[{t2}]({u2})。"));
    out.push(String::new());
    let mut body = out.join("\n");
    // topped up to the 1.5–3 KB target with more paragraphs
    let target = rng.int(1536, 3072) as usize;
    while body.len() < target - 200 {
        body.push('\n');
        body.push_str(&paragraph(rng, Some(d), 2, 3));
        body.push('\n');
    }
    body
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds since the epoch → `YYYY-MM-DDTHH:MM:SS+08:00` (China Standard Time).
fn iso_cst(unix: i64) -> String {
    let local = unix + 8 * 3600;
    let (y, mo, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// 2015-01-01 08:00:00+08:00 and 2025-12-31 00:00:00+08:00, the span of the pages' dates.
const START_UNIX: i64 = 1_420_070_400;
const END_UNIX: i64 = 1_767_110_400;

pub(crate) fn build_model(n: usize, seed: u64, n_sections: usize) -> Model {
    let mut rng = Rng::new(seed);
    let secs = &SECTIONS[..n_sections];
    let span = (END_UNIX - START_UNIX) as u64;
    let mut pages = Vec::with_capacity(n);
    for i in 0..n {
        let sec = secs[rng.weighted(secs.iter().map(|s| s.3))].0;
        let d = *rng.pick(DISTRICTS);
        let topic = rng.pick(TOPICS);
        let title = format!("{d}{}{topic}{}", rng.pick(VERBS), rng.pick(TITLE_SUFFIX));
        // unique timestamps (no ties in the date sort), to the second
        let offset = rng.below(span) / n as u64 * n as u64 + i as u64;
        let date = iso_cst(START_UNIX + offset as i64);
        let k = rng.int(2, 4) as usize;
        let tags = rng.sample(TAGS, k);
        let summary = format!(
            "{d}{}{topic}{}，{}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(RESULTS)
        );
        pages.push(Page {
            slug: format!("p-{i:06}"),
            sec,
            title,
            date,
            district: d,
            tags,
            summary,
            body: String::new(),
        });
    }
    let links: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.title.clone(), page_url(p.sec, &p.slug)))
        .collect();
    for p in &mut pages {
        p.body = make_body(&mut rng, p.district, &links);
    }
    let mut carriers = Vec::new();
    for j in 0..(n / 10).max(1) {
        let (kind, endings) = *rng.pick(CARRIER_TYPES);
        let d = *rng.pick(DISTRICTS);
        let place = if kind == "节水型居民小区" {
            d.to_string()
        } else {
            format!("{CITY}{}", d.trim_end_matches(['市', '区']))
        };
        let name = format!(
            "{place}{}{}{}",
            rng.pick(NAME_HEADS),
            rng.pick(NAME_TAILS),
            rng.pick(endings)
        );
        carriers.push(Carrier {
            id: format!("CZJS-{:06}", j + 1),
            name,
            kind,
            level: LEVELS[rng.weighted(LEVELS.iter().map(|l| l.1))].0,
            district: d,
            year: rng.int(2012, 2025),
        });
    }
    let sections = secs
        .iter()
        .enumerate()
        .map(|(w, &(slug, title, description, _))| Section {
            slug,
            title,
            description,
            weight: w + 1,
            intro: paragraph(&mut rng, None, 2, 3),
        })
        .collect();
    Model {
        sections,
        pages,
        carriers,
    }
}

// ------------------------------------------------------------------ writers

fn wfile(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

fn yaml_list(key: &str, items: &[&str], indent: &str) -> String {
    let mut s = format!("{indent}{key}:\n");
    for x in items {
        let _ = writeln!(s, "{indent}  - {x}");
    }
    s
}

fn carriers_yaml(carriers: &[Carrier]) -> String {
    let mut s = String::from("# 节水载体名录 (synthetic)\n");
    for c in carriers {
        let _ = writeln!(
            s,
            "- id: {}\n  name: {}\n  type: {}\n  level: {}\n  district: {}\n  year: {}",
            c.id, c.name, c.kind, c.level, c.district, c.year
        );
    }
    s
}

const CSS: &str = r#"body{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60em;margin:0 auto;line-height:1.7}
nav ul{display:flex;flex-wrap:wrap;list-style:none;padding:0;gap:.5em}nav li.active a{font-weight:bold}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}.meta{color:#666}
"#;

/// The home page and the sections' `_index.md`, the same in every layout but Hugo's sections,
/// which have no `sort_by`.
fn write_indexes(root: &Path, m: &Model, sort_by: bool) -> io::Result<()> {
    wfile(
        &root.join("content/_index.md"),
        &format!("---\ntitle: {SITE_TITLE}\n---\n\n{CITY}节约用水宣传网站首页。\n"),
    )?;
    for s in &m.sections {
        let sort = if sort_by { "sort_by: date\n" } else { "" };
        wfile(
            &root.join(format!("content/{}/_index.md", s.slug)),
            &format!(
                "---\ntitle: {}\ndescription: {}\nweight: {}\n{sort}---\n\n{}\n",
                s.title, s.description, s.weight, s.intro
            ),
        )?;
    }
    Ok(())
}

/// Every page with the front matter `fm` gives it.
fn write_pages(root: &Path, m: &Model, fm: impl Fn(&Page) -> String) -> io::Result<()> {
    let mut text = String::new();
    for p in &m.pages {
        text.clear();
        text.push_str(&fm(p));
        text.push_str(&p.body);
        wfile(
            &root.join(format!("content/{}/{}.md", p.sec, p.slug)),
            &text,
        )?;
    }
    Ok(())
}

/// jieshui's layout, per SITE-FORMAT.md. The same work as the Zola and Hugo layouts: no typed
/// data files (so no record pages), no taxonomies, feeds, sitemap or search. The templates use
/// only the contract's context (site, section, page, current_path, data) and Tera 2.
fn write_ours(root: &Path, m: &Model) -> io::Result<()> {
    wfile(
        &root.join("site.yaml"),
        &format!(
            "title: {SITE_TITLE}\nbase_url: {BASE_URL}/\ntheme: bench\nlanguage: zh-CN\n\
             taxonomies: []\nfeeds: []\nsearch: false\nsitemap: false\n"
        ),
    )?;
    write_indexes(root, m, true)?;
    write_pages(root, m, |p| {
        format!(
            "---\ntitle: {}\ndate: {}\n{}summary: {}\nextra:\n  district: {}\n---\n\n",
            p.title,
            p.date,
            yaml_list("tags", &p.tags, ""),
            p.summary,
            p.district
        )
    })?;
    // untyped data: data.carrier_list in templates, no record pages
    wfile(
        &root.join("data/carrier_list.yaml"),
        &carriers_yaml(&m.carriers),
    )?;
    wfile(&root.join("static/style.css"), CSS)?;
    let t = root.join("themes/bench/templates");
    wfile(&t.join("base.html"), OURS_BASE)?;
    wfile(&t.join("page.html"), OURS_PAGE)?;
    wfile(&t.join("section.html"), OURS_SECTION)?;
    wfile(&t.join("index.html"), OURS_INDEX)?;
    wfile(&t.join("404.html"), OURS_404)
}

const OURS_BASE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ url(path="style.css") }}">
</head>
<body>
<header>
<a class="brand" href="{{ url(path="@/_index.md") }}">{{ site.title }}</a>
<nav><ul>
{%- set root = get_section(path="_index.md") %}
{%- for s in root.subsections %}
<li{% if s.path in current_path %} class="active"{% endif %}><a href="{{ s.permalink }}">{{ s.title }}</a></li>
{%- endfor %}
</ul></nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer>© {{ site.title }} · 节约用水，人人有责</footer>
</body>
</html>
"#;

const OURS_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ site.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date[:10] }}">{{ page.date | date_zh }}</time> · {{ page.extra.district }}</p>
<ul class="tags">{% for t in page.tags %}<li>{{ t }}</li>{% endfor %}</ul>
<p class="summary">{{ page.summary }}</p>
{{ page.content | safe }}
</article>
{% endblock content %}
"#;

const OURS_SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }} - {{ site.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="list">
{%- for p in section.pages %}
<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date[:10] }}</time> <span>{{ p.extra.district }}</span>
<p>{{ p.summary }}</p></li>
{%- endfor %}
</ul>
{% endblock content %}
"#;

const OURS_INDEX: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ site.title }}</h1>
{{ section.content | safe }}
<h2>栏目</h2>
<ul>
{%- for s in section.subsections %}
<li><a href="{{ s.permalink }}">{{ s.title }}</a> — {{ s.description }}</li>
{%- endfor %}
</ul>
<h2>节水载体名录</h2>
<table>
<thead><tr><th>编号</th><th>名称</th><th>类型</th><th>级别</th><th>所在地区</th><th>年度</th></tr></thead>
<tbody>
{%- for c in data.carrier_list %}
<tr><td>{{ c.id }}</td><td>{{ c.name }}</td><td>{{ c.type }}</td><td>{{ c.level }}</td><td>{{ c.district }}</td><td>{{ c.year }}</td></tr>
{%- endfor %}
</tbody>
</table>
{% endblock content %}
"#;

const OURS_404: &str = r#"{% extends "base.html" %}
{% block content %}<h1>页面不存在</h1>{% endblock content %}
"#;

fn write_zola(root: &Path, m: &Model) -> io::Result<()> {
    wfile(
        &root.join("config.toml"),
        &format!(
            r#"base_url = "{BASE_URL}"
title = "{SITE_TITLE}"
default_language = "zh"
# equal-work settings: everything not also done by the other engines is off
compile_sass = false
minify_html = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = []

[markdown]
smart_punctuation = false
render_emoji = false
"#
        ),
    )?;
    write_indexes(root, m, true)?;
    // Zola's page front matter has fixed keys; others go under `extra` (unknown top-level
    // keys are silently ignored), and so do tags without a taxonomy.
    write_pages(root, m, |p| {
        format!(
            "---\ntitle: {}\ndate: {}\ndescription: {}\nextra:\n{}  district: {}\n---\n\n",
            p.title,
            p.date,
            p.summary,
            yaml_list("tags", &p.tags, "  "),
            p.district
        )
    })?;
    wfile(
        &root.join("data/carriers.yaml"),
        &carriers_yaml(&m.carriers),
    )?;
    wfile(&root.join("static/style.css"), CSS)?;
    let t = root.join("templates");
    wfile(&t.join("base.html"), ZOLA_BASE)?;
    wfile(&t.join("page.html"), ZOLA_PAGE)?;
    wfile(&t.join("section.html"), ZOLA_SECTION)?;
    wfile(&t.join("index.html"), ZOLA_INDEX)
}

const ZOLA_BASE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>
<a class="brand" href="{{ config.base_url | safe }}/">{{ config.title }}</a>
<nav><ul>
{%- set root = get_section(path="_index.md", metadata_only=true) %}
{%- for sp in root.subsections %}{% set s = get_section(path=sp, metadata_only=true) %}
<li{% if current_path is starting_with(s.path) %} class="active"{% endif %}><a href="{{ s.permalink | safe }}">{{ s.title }}</a></li>
{%- endfor %}
</ul></nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer>© {{ config.title }} · 节约用水，人人有责</footer>
</body>
</html>
"#;

const ZOLA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date | date(format="%Y-%m-%d") }}">{{ page.date | date(format="%Y年%m月%d日") }}</time> · {{ page.extra.district }}</p>
<ul class="tags">{% for t in page.extra.tags %}<li>{{ t }}</li>{% endfor %}</ul>
<p class="summary">{{ page.description }}</p>
{{ page.content | safe }}
</article>
{% endblock content %}
"#;

const ZOLA_SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="list">
{%- for p in section.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time> <span>{{ p.extra.district }}</span>
<p>{{ p.description }}</p></li>
{%- endfor %}
</ul>
{% endblock content %}
"#;

const ZOLA_INDEX: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
<h2>栏目</h2>
<ul>
{%- for sp in section.subsections %}{% set s = get_section(path=sp, metadata_only=true) %}
<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a> — {{ s.description }}</li>
{%- endfor %}
</ul>
<h2>节水载体名录</h2>
{%- set carriers = load_data(path="data/carriers.yaml") %}
<table>
<thead><tr><th>编号</th><th>名称</th><th>类型</th><th>级别</th><th>所在地区</th><th>年度</th></tr></thead>
<tbody>
{%- for c in carriers %}
<tr><td>{{ c.id }}</td><td>{{ c.name }}</td><td>{{ c.type }}</td><td>{{ c.level }}</td><td>{{ c.district }}</td><td>{{ c.year }}</td></tr>
{%- endfor %}
</tbody>
</table>
{% endblock content %}
"#;

/// Hugo's section nav, two idioms (`--hugo-nav`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum HugoNav {
    /// `sectionPagesMenu`: the menu is built once per site (the default).
    Menu,
    /// `site.Home.Sections` on every page: measured with Hugo 0.168, its cost grows with the
    /// site (build time superlinear in N), so it is not the default.
    Sections,
}

const HUGO_NAV_MENU: &str = r#"{{- range site.Menus.main }}
<li{{ if hasPrefix $.RelPermalink .URL }} class="active"{{ end }}><a href="{{ .Page.Permalink }}">{{ .Name }}</a></li>
{{- end }}"#;

const HUGO_NAV_SECTIONS: &str = r#"{{- range site.Home.Sections }}
<li{{ if hasPrefix $.RelPermalink .RelPermalink }} class="active"{{ end }}><a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{- end }}"#;

fn write_hugo(root: &Path, m: &Model, nav: HugoNav) -> io::Result<()> {
    let menu_cfg = if nav == HugoNav::Menu {
        "sectionPagesMenu: main\n"
    } else {
        ""
    };
    wfile(
        &root.join("hugo.yaml"),
        &format!(
            r#"baseURL: {BASE_URL}/
title: {SITE_TITLE}
locale: zh-CN          # `languageCode` before Hugo 0.158; only used by templates, which hard-code lang
{menu_cfg}defaultContentLanguage: zh
hasCJKLanguage: true
# equal-work settings: only home, section and page kinds are rendered
disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, "404"]
enableRobotsTXT: false
disableHugoGeneratorInject: true
taxonomies: {{}}
markup:
  goldmark:
    extensions:
      typographer: false   # Zola's smart_punctuation=false
      linkify: false       # pulldown-cmark has no autolinks
    renderer:
      hardWraps: false
"#
        ),
    )?;
    write_indexes(root, m, false)?;
    write_pages(root, m, |p| {
        format!(
            "---\ntitle: {}\ndate: {}\n{}district: {}\nsummary: {}\n---\n\n",
            p.title,
            p.date,
            yaml_list("tags", &p.tags, ""),
            p.district,
            p.summary
        )
    })?;
    wfile(
        &root.join("data/carriers.yaml"),
        &carriers_yaml(&m.carriers),
    )?;
    wfile(&root.join("static/style.css"), CSS)?;
    let t = root.join("layouts");
    let nav_html = match nav {
        HugoNav::Menu => HUGO_NAV_MENU,
        HugoNav::Sections => HUGO_NAV_SECTIONS,
    };
    wfile(
        &t.join("_default/baseof.html"),
        &HUGO_BASEOF.replace("{{NAV}}", nav_html),
    )?;
    wfile(&t.join("_default/single.html"), HUGO_SINGLE)?;
    wfile(&t.join("_default/list.html"), HUGO_LIST)?;
    wfile(&t.join("index.html"), HUGO_INDEX)
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>
<a class="brand" href="{{ site.BaseURL }}">{{ site.Title }}</a>
<nav><ul>
{{NAV}}
</ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>© {{ site.Title }} · 节约用水，人人有责</footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年01月02日" }}</time> · {{ .Params.district }}</p>
<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
<p class="summary">{{ .Params.summary }}</p>
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="list">
{{- range .Pages.ByDate.Reverse }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time> <span>{{ .Params.district }}</span>
<p>{{ .Params.summary }}</p></li>
{{- end }}
</ul>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<h2>栏目</h2>
<ul>
{{- range .Sections }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> — {{ .Description }}</li>
{{- end }}
</ul>
<h2>节水载体名录</h2>
<table>
<thead><tr><th>编号</th><th>名称</th><th>类型</th><th>级别</th><th>所在地区</th><th>年度</th></tr></thead>
<tbody>
{{- range site.Data.carriers }}
<tr><td>{{ .id }}</td><td>{{ .name }}</td><td>{{ .type }}</td><td>{{ .level }}</td><td>{{ .district }}</td><td>{{ .year }}</td></tr>
{{- end }}
</tbody>
</table>
{{ end }}
"#;

/// Writes `out/<layout>` for every layout, each replaced whole.
pub(crate) fn write(m: &Model, out: &Path, layouts: &[&str], nav: HugoNav) -> io::Result<()> {
    for &lay in layouts {
        let root = out.join(lay);
        if root.exists() {
            fs::remove_dir_all(&root)?;
        }
        match lay {
            "ours" => write_ours(&root, m)?,
            "zola" => write_zola(&root, m)?,
            "hugo" => write_hugo(&root, m, nav)?,
            other => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("unknown layout {other:?} (ours, zola, hugo)"),
                ));
            }
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ command line

#[derive(Debug)]
struct Args {
    n: usize,
    out: PathBuf,
    layouts: Vec<String>,
    seed: u64,
    sections: usize,
    nav: HugoNav,
}

const USAGE: &str = "usage: gen_corpus N --out DIR [--layouts ours,zola,hugo] [--seed 20240322] \
                     [--sections 1..20] [--hugo-nav menu|sections]";

fn parse_args(argv: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut n = None;
    let mut out = None;
    let mut layouts = LAYOUTS.join(",");
    let mut seed = DEFAULT_SEED;
    let mut sections = SECTIONS.len();
    let mut nav = HugoNav::Menu;
    let mut it = argv.into_iter();
    while let Some(a) = it.next() {
        // --key=value or --key value
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match key.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--layouts" => layouts = value("--layouts")?,
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--sections" => {
                let v = value("--sections")?;
                sections = v
                    .parse()
                    .ok()
                    .filter(|k| (1..=SECTIONS.len()).contains(k))
                    .ok_or_else(|| format!("--sections: {v} is not in 1..{}", SECTIONS.len()))?;
            }
            "--hugo-nav" => {
                nav = match value("--hugo-nav")?.as_str() {
                    "menu" => HugoNav::Menu,
                    "sections" => HugoNav::Sections,
                    v => return Err(format!("--hugo-nav: {v} is not menu or sections")),
                }
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => {
                if n.is_some() {
                    return Err(format!("unexpected argument {s}"));
                }
                n = Some(
                    s.parse::<usize>()
                        .map_err(|_| format!("N: not a number: {s}"))?,
                );
            }
        }
    }
    let layouts: Vec<String> = layouts.split(',').map(str::to_string).collect();
    if let Some(bad) = layouts.iter().find(|l| !LAYOUTS.contains(&l.as_str())) {
        return Err(format!("--layouts: unknown {bad:?} (ours, zola, hugo)"));
    }
    Ok(Args {
        n: n.ok_or("N (the number of pages) is missing")?,
        out: out.ok_or("--out DIR is missing")?,
        layouts,
        seed,
        sections,
        nav,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let model = build_model(args.n, args.seed, args.sections);
    let layouts: Vec<&str> = args.layouts.iter().map(String::as_str).collect();
    if let Err(e) = write(&model, &args.out, &layouts, args.nav) {
        eprintln!("gen_corpus: writing {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    let (pages, secs, carriers, body) = model.counts();
    println!(
        "generated {pages} pages in {secs} sections, {carriers} carriers, mean body {} B, \
         layouts={} -> {}",
        body / pages.max(1),
        args.layouts.join(","),
        args.out.display()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    //! `cargo test --example gen_corpus` (also run by `cargo test`: `test = true` in
    //! Cargo.toml). Small corpora (50 pages), so it stays fast.

    use super::*;
    // (`cargo bench` compiles this file into benches/hot_paths.rs with cfg(test) but without
    // the #[test] functions: what only they use is named in full.)
    use std::collections::BTreeMap;

    /// A fresh folder under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let p = std::env::temp_dir().join(format!("gen-corpus-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&p);
            fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Every file under `dir`: relative path → bytes.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    out.insert(rel, fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    fn generate(out: &Path, n: usize, seed: u64) {
        let m = build_model(n, seed, SECTIONS.len());
        write(&m, out, LAYOUTS, HugoNav::Menu).unwrap();
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_text() {
        let (a, b, c) = (TempDir::new("a"), TempDir::new("b"), TempDir::new("c"));
        generate(&a.0, 50, DEFAULT_SEED);
        generate(&b.0, 50, DEFAULT_SEED);
        generate(&c.0, 50, 7);
        let (ta, tb, tc) = (tree(&a.0), tree(&b.0), tree(&c.0));
        assert!(ta.len() > 3 * 50, "{} files", ta.len());
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
        for (path, bytes) in &ta {
            assert!(tb[path] == *bytes, "{path} differs between two runs");
        }
        let page = "ours/content/gongzuo-dongtai/_index.md";
        assert_ne!(ta[page], tc[page], "seed 7 wrote the same section intro");
        // Generating again over an existing corpus replaces it whole.
        fs::write(a.0.join("ours/content/stray.md"), "x").unwrap();
        generate(&a.0, 50, DEFAULT_SEED);
        assert_eq!(tree(&a.0), ta);
    }

    #[test]
    fn the_corpus_has_the_shape_of_the_shared_one() {
        let dir = TempDir::new("shape");
        let n = 50;
        let m = build_model(n, DEFAULT_SEED, SECTIONS.len());
        write(&m, &dir.0, &["ours"], HugoNav::Menu).unwrap();
        let files = tree(&dir.0.join("ours"));
        let pages: Vec<(&String, String)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("content/") && !p.ends_with("_index.md"))
            .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
            .collect();
        assert_eq!(pages.len(), n);
        let urls: std::collections::BTreeSet<String> = pages
            .iter()
            .map(|(p, _)| format!("/{}/", p["content/".len()..].trim_end_matches(".md")))
            .collect();
        let mut dates = std::collections::BTreeSet::new();
        for (path, text) in &pages {
            let (fm, body) = text[4..].split_once("\n---\n\n").unwrap();
            assert!(
                (1336..=4096).contains(&body.len()),
                "{path}: body of {} bytes",
                body.len()
            );
            let date = fm.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
            assert!(date.ends_with("+08:00") && date.len() == 25, "{date}");
            assert!(
                ("2015-01-01".."2025-12-31").contains(&&date[..10]),
                "{date}"
            );
            assert!(dates.insert(date.to_string()), "{path}: date {date} twice");
            for key in ["title: ", "summary: ", "  district: ", "  - "] {
                assert!(fm.contains(key), "{path}: no {key:?} in\n{fm}");
            }
            // Soft-wrapped Chinese paragraphs, emphasis, a list, a table, a quote, headings.
            for needle in ["。\n", "**", "## ", "### ", "| --- | ---: |", "\n> "] {
                assert!(body.contains(needle), "{path}: no {needle:?}");
            }
            assert!(
                body.contains("\n- ") || body.contains("\n1. "),
                "{path}: no list"
            );
            // Two root-relative links, both to pages of the corpus.
            let links: Vec<&str> = body
                .split("](")
                .skip(1)
                .map(|s| &s[..s.find(')').unwrap()])
                .collect();
            assert_eq!(links.len(), 2, "{path}: {links:?}");
            for l in links {
                assert!(urls.contains(l), "{path}: link {l} to no page");
            }
        }
        let sections = files
            .keys()
            .filter(|p| p.ends_with("/_index.md") && p != &"content/_index.md")
            .count();
        assert_eq!(sections, SECTIONS.len());
        assert!(files.contains_key("content/_index.md"), "no home page");
        let data = String::from_utf8(files["data/carrier_list.yaml"].clone()).unwrap();
        assert_eq!(data.matches("\n- id: CZJS-").count(), n / 10);
        for f in [
            "site.yaml",
            "static/style.css",
            "themes/bench/templates/index.html",
        ] {
            assert!(files.contains_key(f), "no {f}");
        }
    }

    #[test]
    fn jieshui_builds_the_ours_layout_without_a_diagnostic() {
        let dir = TempDir::new("build");
        let m = build_model(30, DEFAULT_SEED, 5);
        write(&m, &dir.0, &["ours"], HugoNav::Menu).unwrap();
        let opts = jieshui::build::BuildOptions {
            root: dir.0.join("ours"),
            output_dir: None,
            base_url: None,
            drafts: false,
            future: false,
            expired: false,
            relative_urls: false,
            write: false,
            cache: None,
            lang: None,
            progress: false,
            timings: false,
            external: None,
        };
        let (site, report) = jieshui::build::build_to_memory(&opts);
        assert!(site.is_some(), "{:?}", report.diagnostics);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!((report.pages, report.sections), (30, 6));
    }

    #[test]
    fn command_line() {
        let args = |s: &str| parse_args(s.split_whitespace().map(str::to_string));
        let a = args("1000 --out /tmp/x").unwrap();
        assert_eq!((a.n, a.seed, a.sections), (1000, DEFAULT_SEED, 20));
        assert_eq!((a.layouts.len(), a.nav), (3, HugoNav::Menu));
        let a = args("--out=d 5 --layouts ours --seed 9 --sections 3 --hugo-nav sections").unwrap();
        assert_eq!(
            (a.n, a.seed, a.sections, a.nav),
            (5, 9, 3, HugoNav::Sections)
        );
        assert_eq!(
            (a.out, a.layouts),
            (PathBuf::from("d"), vec!["ours".to_string()])
        );
        for bad in [
            "--out d",
            "5",
            "5 --out d --sections 21",
            "5 --out d --sections 0",
            "5 --out d --layouts ours,jekyll",
            "5 --out d --seed x",
            "5 6 --out d",
            "5 --out d --bogus",
            "5 --out",
        ] {
            assert!(args(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn dates_are_china_standard_time() {
        assert_eq!(iso_cst(START_UNIX), "2015-01-01T08:00:00+08:00");
        assert_eq!(iso_cst(END_UNIX), "2025-12-31T00:00:00+08:00");
        assert_eq!(iso_cst(951_782_400), "2000-02-29T08:00:00+08:00");
        assert_eq!(iso_cst(1_709_222_399), "2024-02-29T23:59:59+08:00");
    }
}
