//! Progress and summary lines (not diagnostics): what a run did, in the chosen language.

use super::Lang;

/// A line about the run itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The progress bar's label while pages are rendered.
    Rendering,
    /// The progress bar's label while photos are made into pictures.
    ImagesWorking,
    Built {
        pages: usize,
        sections: usize,
        records: usize,
        files: usize,
        output: String,
        warnings: usize,
        seconds: f64,
    },
    BuildFailed {
        errors: usize,
        warnings: usize,
    },
    /// Photo work of a build: variants encoded, and taken from the cache.
    Images {
        encoded: usize,
        reused: usize,
    },
    /// Pages left out until their publish date: the site must be built again that day.
    Scheduled {
        count: usize,
        next: String,
        file: String,
    },
    /// The progress bar's label while external links are checked.
    LinksWorking,
    /// `check --external`: the links to other sites found, how many were asked, taken from
    /// the cache or skipped, and how many do not work.
    Links {
        found: usize,
        requested: usize,
        cached: usize,
        skipped: usize,
        bad: usize,
        seconds: f64,
    },
    Checked {
        pages: usize,
        sections: usize,
        records: usize,
        errors: usize,
        warnings: usize,
        seconds: f64,
    },
    Created {
        dir: String,
    },
    /// `build --zip`: the site written as one zip file.
    Zipped {
        pages: usize,
        files: usize,
        path: String,
        bytes: u64,
        warnings: usize,
        seconds: f64,
    },
    /// `serve`: a rebuild succeeded.
    Rebuilt {
        pages: usize,
        sections: usize,
        files: usize,
        millis: f64,
        warnings: usize,
    },
    /// `serve`: a rebuild failed; the last good build (if any) is still served.
    RebuildFailed {
        errors: usize,
        warnings: usize,
        still_serving: bool,
    },
    Serving {
        url: String,
    },
    Watching {
        /// Polling instead of the system's file events.
        polling: bool,
    },
    Changed {
        first: String,
        more: usize,
    },
    Stopped,
    /// `serve`: the asked port was taken, another is used.
    PortInUse {
        asked: u16,
        used: u16,
    },
    /// `serve`: the system's file events failed; polling instead.
    Polling {
        detail: String,
    },
    /// `serve`'s page in the browser while the site has errors: its title and heading.
    ErrorPageTitle,
    ErrorPageHeading,
    /// `serve`'s page in the browser before the first build has finished.
    StillBuilding,
    /// `deploy`: what will be done, before anything is.
    DeployPlan {
        target: String,
        new: usize,
        changed: usize,
        deleted: usize,
        unchanged: usize,
        bytes: u64,
    },
    /// `deploy --dry-run`: nothing was done.
    DryRun,
    /// `deploy`: one object uploaded or deleted (`done` of `total`).
    DeployStep {
        done: usize,
        total: usize,
        key: String,
        delete: bool,
    },
    /// `deploy`: the bucket's website documents were set.
    WebsiteSet,
    Deployed {
        uploaded: usize,
        deleted: usize,
        bytes: u64,
        retries: usize,
        seconds: f64,
    },
    /// `deploy`: the URLs a CDN in front of the bucket should refresh (listed after it).
    CdnRefresh {
        count: usize,
    },
    /// `serve` bound to every address: the URLs a phone on the same network can open.
    OnThePhone {
        urls: String,
    },
    /// `serve` bound to every address, but this computer has no network address to show.
    NoLanAddress,
    /// `serve`'s page for a request whose `Host` is not this computer, on a server only this
    /// computer may use (DNS rebinding): its title and text.
    ForeignHostTitle,
    ForeignHost {
        host: String,
        url: String,
    },
}

impl Status {
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, Status::Rendering) => "生成页面".into(),
            (Lang::En, Status::Rendering) => "rendering".into(),
            (Lang::Zh, Status::ImagesWorking) => "处理图片".into(),
            (Lang::En, Status::ImagesWorking) => "processing images".into(),
            (
                Lang::Zh,
                Status::Built {
                    pages,
                    sections,
                    records,
                    files,
                    output,
                    warnings,
                    seconds,
                },
            ) => format!(
                "生成完成：{pages} 篇文章、{sections} 个栏目、{records} 条数据记录，写入 {files} 个文件到 {output}，{warnings} 个警告，用时 {seconds:.2} 秒"
            ),
            (
                Lang::En,
                Status::Built {
                    pages,
                    sections,
                    records,
                    files,
                    output,
                    warnings,
                    seconds,
                },
            ) => format!(
                "built {pages} pages, {sections} sections and {records} records, {files} files written to {output} in {seconds:.2}s ({warnings} warning(s))"
            ),
            (Lang::Zh, Status::Images { encoded, reused }) => {
                format!("图片：新做 {encoded} 个版本，{reused} 个取自缓存")
            }
            (Lang::En, Status::Images { encoded, reused }) => {
                format!("images: {encoded} variant(s) encoded, {reused} taken from the cache")
            }
            (Lang::Zh, Status::Scheduled { count, next, file }) => format!(
                "定时发布：{count} 篇文章还没到发布日期，这次没有生成；最早的是 {file}，{next} 发布。到那天要重新生成、发布网站，它才会出现"
            ),
            (Lang::En, Status::Scheduled { count, next, file }) => format!(
                "scheduled: {count} page(s) not yet due were left out; the first, {file}, is due on {next}. Build and publish the site again on that day for it to appear"
            ),
            (Lang::Zh, Status::BuildFailed { errors, warnings }) => {
                format!("生成失败：{errors} 个错误，{warnings} 个警告；原来生成的网站没有改动")
            }
            (Lang::En, Status::BuildFailed { errors, warnings }) => format!(
                "build failed: {errors} error(s), {warnings} warning(s); the previous output is unchanged"
            ),
            (Lang::Zh, Status::LinksWorking) => "检查外部链接".into(),
            (Lang::En, Status::LinksWorking) => "checking external links".into(),
            (
                Lang::Zh,
                Status::Links {
                    found,
                    requested,
                    cached,
                    skipped,
                    bad,
                    seconds,
                },
            ) => format!(
                "外部链接：{found} 个，访问了 {requested} 个，{cached} 个上次查过正常（记在缓存里），{skipped} 个按设置跳过，{bad} 个有问题，用时 {seconds:.1} 秒"
            ),
            (
                Lang::En,
                Status::Links {
                    found,
                    requested,
                    cached,
                    skipped,
                    bad,
                    seconds,
                },
            ) => format!(
                "external links: {found} found, {requested} requested, {cached} known good from the cache, {skipped} skipped by site.yaml, {bad} with problems, in {seconds:.1}s"
            ),
            (
                Lang::Zh,
                Status::Checked {
                    pages,
                    sections,
                    records,
                    errors,
                    warnings,
                    seconds,
                },
            ) => format!(
                "检查完成：{pages} 篇文章、{sections} 个栏目、{records} 条数据记录，{errors} 个错误，{warnings} 个警告，用时 {seconds:.2} 秒"
            ),
            (
                Lang::En,
                Status::Checked {
                    pages,
                    sections,
                    records,
                    errors,
                    warnings,
                    seconds,
                },
            ) => format!(
                "checked {pages} pages, {sections} sections and {records} records in {seconds:.2}s: {errors} error(s), {warnings} warning(s)"
            ),
            (
                Lang::Zh,
                Status::Zipped {
                    pages,
                    files,
                    path,
                    bytes,
                    warnings,
                    seconds,
                },
            ) => format!(
                "压缩包已写好：{path}（{pages} 篇文章，{files} 个文件，{}），{warnings} 个警告，用时 {seconds:.2} 秒；解压后直接双击 index.html 就能看",
                size(*bytes, Lang::Zh)
            ),
            (
                Lang::En,
                Status::Zipped {
                    pages,
                    files,
                    path,
                    bytes,
                    warnings,
                    seconds,
                },
            ) => format!(
                "wrote {path} ({pages} pages, {files} files, {}) in {seconds:.2}s ({warnings} warning(s)); unzipped, open index.html",
                size(*bytes, Lang::En)
            ),
            (Lang::Zh, Status::Created { dir }) => {
                format!("已在 {dir} 新建网站；生成网站请运行：jieshui build --root {dir}")
            }
            (Lang::En, Status::Created { dir }) => {
                format!("created a site in {dir}; build it with: jieshui build --root {dir}")
            }
            (
                Lang::Zh,
                Status::Rebuilt {
                    pages,
                    sections,
                    files,
                    millis,
                    warnings,
                },
            ) => format!(
                "生成完成：{pages} 篇文章、{sections} 个栏目（{files} 个文件），用时 {millis:.0} 毫秒，{warnings} 个警告"
            ),
            (
                Lang::En,
                Status::Rebuilt {
                    pages,
                    sections,
                    files,
                    millis,
                    warnings,
                },
            ) => format!(
                "built {pages} pages and {sections} sections ({files} files) in {millis:.0} ms, {warnings} warning(s)"
            ),
            (
                Lang::Zh,
                Status::RebuildFailed {
                    errors,
                    warnings,
                    still_serving,
                },
            ) => format!(
                "生成失败：{errors} 个错误，{warnings} 个警告；{}",
                if *still_serving {
                    "预览的仍是上一次成功生成的网站"
                } else {
                    "改好之前，预览页面显示这些错误"
                }
            ),
            (
                Lang::En,
                Status::RebuildFailed {
                    errors,
                    warnings,
                    still_serving,
                },
            ) => format!(
                "build failed: {errors} error(s), {warnings} warning(s); {}",
                if *still_serving {
                    "still serving the last good build"
                } else {
                    "serving an error page until the site is fixed"
                }
            ),
            (Lang::Zh, Status::Serving { url }) => {
                format!("预览网址：{url}（按 Ctrl-C 停止）")
            }
            (Lang::En, Status::Serving { url }) => {
                format!("serving the site at {url} (Ctrl-C to stop)")
            }
            (Lang::Zh, Status::Watching { polling }) => format!(
                "正在留意文件的改动（{}）",
                if *polling {
                    "每 500 毫秒查看一次"
                } else {
                    "系统文件通知"
                }
            ),
            (Lang::En, Status::Watching { polling }) => format!(
                "watching for changes ({})",
                if *polling {
                    "polling every 500 ms"
                } else {
                    "native file events"
                }
            ),
            (Lang::Zh, Status::Changed { first, .. }) if first.is_empty() => {
                "有改动：整个网站".into()
            }
            (Lang::En, Status::Changed { first, .. }) if first.is_empty() => {
                "changed: (the whole site)".into()
            }
            (Lang::Zh, Status::Changed { first, more }) => match more {
                0 => format!("有改动：{first}"),
                n => format!("有改动：{first} 等 {} 个文件", n + 1),
            },
            (Lang::En, Status::Changed { first, more }) => match more {
                0 => format!("changed: {first}"),
                n => format!("changed: {first} and {n} more"),
            },
            (Lang::Zh, Status::Stopped) => "已停止".into(),
            (Lang::En, Status::Stopped) => "stopped".into(),
            (Lang::Zh, Status::PortInUse { asked, used }) => {
                format!("端口 {asked} 已被占用，改用端口 {used}")
            }
            (Lang::En, Status::PortInUse { asked, used }) => {
                format!("note: port {asked} is in use; using port {used} instead")
            }
            (Lang::Zh, Status::Polling { detail }) => {
                format!("系统的文件通知用不了（{detail}），改为定时查看")
            }
            (Lang::En, Status::Polling { detail }) => {
                format!("note: native file events are unavailable ({detail}); polling instead")
            }
            (Lang::Zh, Status::ErrorPageTitle) => "网站有错误".into(),
            (Lang::En, Status::ErrorPageTitle) => "build failed".into(),
            (Lang::Zh, Status::ErrorPageHeading) => "网站有错误，改好以后这一页会自动刷新".into(),
            (Lang::En, Status::ErrorPageHeading) => {
                "The site has errors; this page reloads once they are fixed.".into()
            }
            (Lang::Zh, Status::StillBuilding) => "正在生成网站……".into(),
            (Lang::En, Status::StillBuilding) => "the site is being built…".into(),
            (
                Lang::Zh,
                Status::DeployPlan {
                    target,
                    new,
                    changed,
                    deleted,
                    unchanged,
                    bytes,
                },
            ) => format!(
                "发布到 {target}：新增 {new} 个文件，更改 {changed} 个，删除 {deleted} 个，不变 {unchanged} 个；要上传 {}",
                size(*bytes, Lang::Zh)
            ),
            (
                Lang::En,
                Status::DeployPlan {
                    target,
                    new,
                    changed,
                    deleted,
                    unchanged,
                    bytes,
                },
            ) => format!(
                "deploy to {target}: {new} new, {changed} changed, {deleted} to delete, {unchanged} unchanged; {} to upload",
                size(*bytes, Lang::En)
            ),
            (Lang::Zh, Status::DryRun) => "只是演习（--dry-run）：什么也没有改".into(),
            (Lang::En, Status::DryRun) => "dry run: nothing was changed".into(),
            (
                Lang::Zh,
                Status::DeployStep {
                    done,
                    total,
                    key,
                    delete,
                },
            ) => format!(
                "[{done}/{total}] {} {key}",
                if *delete { "删除" } else { "上传" }
            ),
            (
                Lang::En,
                Status::DeployStep {
                    done,
                    total,
                    key,
                    delete,
                },
            ) => format!(
                "[{done}/{total}] {} {key}",
                if *delete { "delete" } else { "upload" }
            ),
            (Lang::Zh, Status::WebsiteSet) => {
                "已设置存储桶的静态网站：默认首页 index.html，找不到页面时显示 404.html".into()
            }
            (Lang::En, Status::WebsiteSet) => {
                "set the bucket's website documents: index.html, and 404.html for errors".into()
            }
            (
                Lang::Zh,
                Status::Deployed {
                    uploaded,
                    deleted,
                    bytes,
                    retries,
                    seconds,
                },
            ) => format!(
                "发布完成：上传 {uploaded} 个文件（{}），删除 {deleted} 个，重试 {retries} 次，用时 {seconds:.1} 秒",
                size(*bytes, Lang::Zh)
            ),
            (
                Lang::En,
                Status::Deployed {
                    uploaded,
                    deleted,
                    bytes,
                    retries,
                    seconds,
                },
            ) => format!(
                "deployed: {uploaded} uploaded ({}), {deleted} deleted, {retries} retried, in {seconds:.1}s",
                size(*bytes, Lang::En)
            ),
            (Lang::Zh, Status::CdnRefresh { count }) => format!(
                "用了 CDN 的话，请在 CDN 控制台刷新这 {count} 个网址（没有用 CDN 可以不管）："
            ),
            (Lang::En, Status::CdnRefresh { count }) => {
                format!("if a CDN serves the site, refresh these {count} URLs:")
            }
            (Lang::Zh, Status::OnThePhone { urls }) => format!(
                "在同一个局域网（同一个 Wi-Fi）的手机上打开：{urls}，或用手机扫下面的二维码"
            ),
            (Lang::En, Status::OnThePhone { urls }) => format!(
                "on a phone on the same network (the same Wi-Fi), open {urls} or scan this QR code"
            ),
            (Lang::Zh, Status::NoLanAddress) => {
                "没有找到这台电脑的局域网地址：请先连上网络（手机要连同一个 Wi-Fi），再重新运行".into()
            }
            (Lang::En, Status::NoLanAddress) => {
                "note: this computer has no network address to show; connect it to the network (the phone to the same Wi-Fi) and run again".into()
            }
            (Lang::Zh, Status::ForeignHostTitle) => "预览只在这台电脑上打开".into(),
            (Lang::En, Status::ForeignHostTitle) => "this preview is for this computer only".into(),
            (Lang::Zh, Status::ForeignHost { host, url }) => format!(
                "浏览器用的地址“{host}”不是这台电脑自己的地址，所以预览拒绝了这次访问：别的网站可能借这样的地址读取你的预览（“DNS 重绑定”）。\
                 请打开 {url}。要在手机上预览，请用 jieshui serve --interface 0.0.0.0 启动。"
            ),
            (Lang::En, Status::ForeignHost { host, url }) => format!(
                "The address the browser used, “{host}”, is not this computer's own, so the preview refused it: another web site could use such an address to read your preview (“DNS rebinding”). \
                 Open {url} instead. To preview on a phone, start it with jieshui serve --interface 0.0.0.0."
            ),
        }
    }

    /// Every kind once, for the snapshot tests.
    pub fn samples() -> Vec<Status> {
        vec![
            Status::Rendering,
            Status::ImagesWorking,
            Status::Built {
                pages: 120,
                sections: 8,
                records: 64,
                files: 412,
                output: "public".into(),
                warnings: 2,
                seconds: 1.5,
            },
            Status::BuildFailed {
                errors: 3,
                warnings: 1,
            },
            Status::Images {
                encoded: 12,
                reused: 600,
            },
            Status::Scheduled {
                count: 2,
                next: "2021-03-22".into(),
                file: "content/news/world-water-day.md".into(),
            },
            Status::LinksWorking,
            Status::Links {
                found: 42,
                requested: 12,
                cached: 28,
                skipped: 2,
                bad: 1,
                seconds: 3.5,
            },
            Status::Checked {
                pages: 120,
                sections: 8,
                records: 64,
                errors: 0,
                warnings: 2,
                seconds: 0.75,
            },
            Status::Created {
                dir: "mysite".into(),
            },
            Status::Zipped {
                pages: 120,
                files: 412,
                path: "节水网站.zip".into(),
                bytes: 3_456_789,
                warnings: 0,
                seconds: 0.9,
            },
            Status::Rebuilt {
                pages: 120,
                sections: 8,
                files: 412,
                millis: 830.0,
                warnings: 0,
            },
            Status::RebuildFailed {
                errors: 1,
                warnings: 0,
                still_serving: true,
            },
            Status::Serving {
                url: "http://127.0.0.1:1111/".into(),
            },
            Status::Watching { polling: false },
            Status::Changed {
                first: "content/news/a.md".into(),
                more: 2,
            },
            Status::Stopped,
            Status::PortInUse {
                asked: 1111,
                used: 1112,
            },
            Status::Polling {
                detail: "inotify is not available".into(),
            },
            Status::ErrorPageTitle,
            Status::ErrorPageHeading,
            Status::StillBuilding,
            Status::DeployPlan {
                target: "oss://jieshui-site/".into(),
                new: 3,
                changed: 2,
                deleted: 1,
                unchanged: 400,
                bytes: 123_456,
            },
            Status::DryRun,
            Status::DeployStep {
                done: 3,
                total: 6,
                key: "style.css".into(),
                delete: false,
            },
            Status::WebsiteSet,
            Status::Deployed {
                uploaded: 5,
                deleted: 1,
                bytes: 123_456,
                retries: 0,
                seconds: 2.5,
            },
            Status::CdnRefresh { count: 3 },
            Status::OnThePhone {
                urls: "http://192.168.1.5:1111/".into(),
            },
            Status::NoLanAddress,
            Status::ForeignHostTitle,
            Status::ForeignHost {
                host: "evil.example:1111".into(),
                url: "http://127.0.0.1:1111/".into(),
            },
        ]
    }
}

/// A size in bytes for people: `812 字节`, `3.3 MB`.
pub(crate) fn size(bytes: u64, lang: Lang) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    match (lang, bytes) {
        (Lang::Zh, 0..1024) => format!("{bytes} 字节"),
        (Lang::En, 0..1024) => format!("{bytes} bytes"),
        (_, 1024..1_048_576) => format!("{:.1} KB", b / 1024.0),
        _ => format!("{:.1} MB", b / MB),
    }
}
