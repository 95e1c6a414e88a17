//! The user guide's common-errors page (`docs/content/errors.md`), generated from the
//! catalogue so it never drifts from what jieshui prints. A test compares the checked-in page
//! with [`render`]; `JIESHUI_UPDATE_DOCS=1 cargo test` rewrites it.

use std::fmt::Write as _;

use super::{Lang, samples};

const HEAD: &str = "---
title: 常见错误
description: jieshui 的错误和警告信息是什么意思，怎样改
weight: 12
---

<!-- 这一页由程序生成（src/messages/），不要直接修改：改了消息目录后运行
     JIESHUI_UPDATE_DOCS=1 cargo test 重新生成。 -->

这一页收集了 `jieshui check`、`jieshui build` 会显示的所有错误（error）和警告（warning）。每一条先给出程序显示的信息，再说明怎样改。怎样读一条错误信息，见[检查](@/check.md)。

错误信息的第一行是 `error: 文件:行:列: 说明`，警告是 `warning: …`；下面以 `= 提示：` 开头的一行告诉你怎么改。例子里的文件名、行号、名称是举例用的，你看到的会是你自己的文件和行号。在这一页按 **Ctrl+F** 搜信息里的几个字，就能找到对应的一条。

想看英文信息，运行时加 `--lang en`。每种信息有一个固定的英文代号（比如 `unknown-field`），就是下面各节标题的 id，也是 `jieshui check --format json` 输出里的 `kind`。

<!-- more -->
";

/// The whole page.
pub(super) fn render() -> String {
    let mut out = String::from(HEAD);
    for d in samples() {
        let guide = d.msg.guide();
        let _ = write!(
            out,
            "\n## {} {{#{}}}\n\n```text\n{}\n```\n\n**怎么改：** {}\n",
            guide.title,
            d.msg.kind(),
            d.render(Lang::Zh),
            guide.fix
        );
    }
    out
}
