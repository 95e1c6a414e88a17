//! The command line read in the language of messages: `--help` in Chinese (or English), and a
//! mistake on it (an unknown command or option, a bad value, a missing folder name) said in the
//! catalogue's words, as every other message. The language is `--lang`, else `JIESHUI_LANG`,
//! else Chinese (site.yaml is not read yet).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::options::Cli;
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Msg};

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Cli),
    /// Help or the version was printed, or a mistake was reported: exit with this status.
    Exit(u8),
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Parsed {
    let args = help_command(args.into_iter().collect());
    let lang = Lang::requested(lang_flag(&args)).unwrap_or_default();
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        cmd = chinese(cmd);
    }
    let found = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match found {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                Parsed::Exit(0)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                Parsed::Exit(2)
            }
            _ => {
                let msg = message(&e, &command_of(&args));
                eprintln!("{}", Diagnostic::error(msg).render(lang));
                Parsed::Exit(2)
            }
        },
    }
}

/// `jieshui help [COMMAND]` → `jieshui [COMMAND] --help` (the help subcommand of clap cannot
/// be put into Chinese, so there is none). `help` is the first word that is not `--lang` or
/// its value.
fn help_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let mut i = 1;
    while args
        .get(i)
        .is_some_and(|a| a.to_str().is_some_and(|a| a.starts_with("--lang")))
    {
        i += if args[i] == "--lang" { 2 } else { 1 };
    }
    if args.get(i).is_some_and(|a| a == "help") {
        args.remove(i);
        args.push("--help".into());
    }
    args
}

/// `--lang zh|en` or `--lang=…` anywhere on the line.
fn lang_flag(args: &[OsString]) -> Option<Lang> {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    args.iter().enumerate().find_map(|(i, a)| {
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        }?;
        Lang::from_tag(value)
    })
}

/// `jieshui build`, from the first word that names a command (`jieshui` when none does).
fn command_of(args: &[OsString]) -> String {
    let named = args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        ["build", "check", "serve", "deploy", "init"]
            .contains(&a)
            .then(|| a.to_string())
    });
    match named {
        Some(c) => format!("jieshui {c}"),
        None => "jieshui".into(),
    }
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn texts(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A clap error as a catalogue message.
fn message(e: &clap::Error, command: &str) -> Msg {
    let arg = || {
        // `--format <FORMAT>` → `--format`
        text(e, ContextKind::InvalidArg)
            .map(|a| a.split_whitespace().next().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    match e.kind() {
        ErrorKind::InvalidSubcommand => Msg::UnknownCommand {
            given: text(e, ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion: text(e, ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => Msg::UnknownOption {
            given: arg(),
            command: command.to_string(),
            suggestion: text(e, ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Msg::BadOptionValue {
            option: arg(),
            value: text(e, ContextKind::InvalidValue).unwrap_or_default(),
            valid: texts(e, ContextKind::ValidValue),
        },
        ErrorKind::MissingRequiredArgument => Msg::MissingArgument {
            what: text(e, ContextKind::InvalidArg).unwrap_or_default(),
            command: command.to_string(),
        },
        _ => Msg::CommandLine {
            detail: e
                .render()
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string(),
        },
    }
}

const ROOT_HELP: &str =
    "{about-with-newline}\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n";
const COMMAND_HELP: &str = "{about-with-newline}\n用法：{usage}\n\n选项：\n{options}\n";
const INIT_HELP: &str =
    "{about-with-newline}\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";

/// The command line's texts in Chinese.
fn chinese(cmd: Command) -> Command {
    let help = |c: Command| {
        c.disable_help_flag(true).arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示这份说明"),
        )
    };
    let root = |a: Arg| {
        a.help("网站文件夹（默认是当前文件夹）")
            .hide_default_value(true)
    };
    let drafts = |a: Arg| a.help("把草稿（draft: true）也生成出来");
    let future =
        |a: Arg| a.help("把还没到发布日期（publish_date 或 date 在以后）的文章也生成出来，预览用");
    let expired = |a: Arg| a.help("把已经到期下线（expiry_date 已过）的文章也生成出来，预览用");
    help(cmd)
        .about("节水：节约用水宣传网站生成器")
        .override_usage("jieshui [选项] <命令>")
        .help_template(ROOT_HELP)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        )
        .mut_arg("lang", |a| {
            a.help("消息的语言：zh 中文，en 英文（默认看 JIESHUI_LANG，再看 site.yaml 的 language，都没有就用中文）")
                .hide_possible_values(true)
        })
        .mut_subcommand("build", |c| {
            help(c)
                .about("生成网站，写到输出文件夹")
                .override_usage("jieshui build [选项]")
                .help_template(COMMAND_HELP)
                .mut_arg("root", root)
                .mut_arg("output_dir", |a| {
                    a.help("输出到哪个文件夹（默认是 site.yaml 的 output_dir，一般是 public）")
                })
                .mut_arg("base_url", |a| {
                    a.help("这次用这个网址代替 site.yaml 的 base_url")
                })
                .mut_arg("drafts", drafts)
                .mut_arg("future", future)
                .mut_arg("expired", expired)
                .mut_arg("zip", |a| {
                    a.help("不写输出文件夹，把网站打成一个 zip 压缩包（链接都是相对的：解压到 U 盘或上传到平台都能用）")
                        .value_name("文件")
                })
        })
        .mut_subcommand("check", |c| {
            help(c)
                .about("检查网站（build 检查的都检查），什么也不写")
                .override_usage("jieshui check [选项]")
                .help_template(COMMAND_HELP)
                .mut_arg("root", root)
                .mut_arg("drafts", drafts)
                .mut_arg("future", future)
                .mut_arg("expired", expired)
                .mut_arg("strict", |a| a.help("有警告也算失败（退出码 1）"))
                .mut_arg("external", |a| {
                    a.help("也检查指向别的网站的链接还能不能打开（要联网）")
                })
                .mut_arg("recheck", |a| {
                    a.help("和 --external 一起用：一天内查过、正常的链接也重新检查")
                })
                .mut_arg("format", |a| {
                    a.help("text（默认）：给人看；json：每行一条，给编辑器和自动检查用")
                        .hide_possible_values(true)
                        .hide_default_value(true)
                })
        })
        .mut_subcommand("init", |c| {
            help(c)
                .about("在 DIR 新建一个能直接用的小网站")
                .override_usage("jieshui init [选项] <DIR>")
                .help_template(INIT_HELP)
                .mut_arg("dir", |a| a.help("新网站的文件夹（不存在，或者是空的）"))
        })
        .mut_subcommand("deploy", |c| {
            help(c)
                .about("把网站发布到对象存储（阿里云 OSS、腾讯云 COS、华为云 OBS、S3），只传改过的文件")
                .override_usage("jieshui deploy [选项]")
                .help_template(COMMAND_HELP)
                .mut_arg("root", root)
                .mut_arg("dry_run", |a| a.help("只显示要新增、更改、删除多少文件，什么也不改"))
                .mut_arg("max_deletes", |a| {
                    a.help("一次最多删除多少个文件（默认 256），超过就什么也不做")
                        .hide_default_value(true)
                })
        })
        .mut_subcommand("serve", |c| {
            help(c)
                .about("生成网站并在 http://127.0.0.1:1111/ 预览，文件一改就重新生成、刷新打开的页面")
                .override_usage("jieshui serve [选项]")
                .help_template(COMMAND_HELP)
                .mut_arg("root", root)
                .mut_arg("interface", |a| {
                    a.help("在哪个地址上预览（默认 127.0.0.1：只有本机能打开；0.0.0.0：同一个 Wi-Fi 的手机也能打开）")
                        .hide_default_value(true)
                })
                .mut_arg("port", |a| {
                    a.help("端口（默认 1111；被占用时自动换一个）")
                        .hide_default_value(true)
                })
                .mut_arg("drafts", drafts)
                .mut_arg("future", future)
                .mut_arg("expired", expired)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn the_language_flag_is_found_anywhere() {
        assert_eq!(lang_flag(&args("jieshui build --lang en")), Some(Lang::En));
        assert_eq!(lang_flag(&args("jieshui --lang=zh check")), Some(Lang::Zh));
        assert_eq!(lang_flag(&args("jieshui build")), None);
    }

    #[test]
    fn help_as_a_command_is_the_help_flag() {
        assert_eq!(
            help_command(args("jieshui help build")),
            args("jieshui build --help")
        );
        assert_eq!(help_command(args("jieshui build")), args("jieshui build"));
        assert_eq!(
            help_command(args("jieshui --lang en help check")),
            args("jieshui --lang en check --help")
        );
        assert_eq!(
            help_command(args("jieshui init help")),
            args("jieshui init help")
        );
    }

    #[test]
    fn the_chinese_command_line_is_the_same_command_line() {
        // Every argument the Chinese texts name exists (mut_arg on a missing one panics in
        // debug builds), and the command parses the same.
        let cmd = chinese(Cli::command());
        cmd.clone().debug_assert();
        for line in [
            "jieshui build --root site -o out -u https://e.org/ --drafts",
            "jieshui build --zip 节水.zip",
            "jieshui deploy --dry-run --max-deletes 10",
            "jieshui check --strict --format json",
            "jieshui check --external --recheck",
            "jieshui serve -p 8080 --interface 0.0.0.0",
            "jieshui init mysite --lang en",
        ] {
            let m = cmd.clone().try_get_matches_from(args(line));
            assert!(m.is_ok(), "{line}: {m:?}");
        }
    }

    #[test]
    fn mistakes_become_catalogue_messages() {
        let msg = |line: &str| {
            let a = args(line);
            let e = chinese(Cli::command())
                .try_get_matches_from(&a)
                .expect_err(line);
            message(&e, &command_of(&a))
        };
        assert_eq!(
            msg("jieshui biuld"),
            Msg::UnknownCommand {
                given: "biuld".into(),
                suggestion: Some("build".into())
            }
        );
        assert_eq!(
            msg("jieshui build --strict"),
            Msg::UnknownOption {
                given: "--strict".into(),
                command: "jieshui build".into(),
                suggestion: None
            }
        );
        assert_eq!(
            msg("jieshui check --format xml"),
            Msg::BadOptionValue {
                option: "--format".into(),
                value: "xml".into(),
                valid: vec!["text".into(), "json".into()]
            }
        );
        assert!(matches!(
            msg("jieshui serve --port abc"),
            Msg::BadOptionValue { option, value, .. } if option == "--port" && value == "abc"
        ));
        assert!(matches!(
            msg("jieshui init"),
            Msg::MissingArgument { what, command } if what == "<DIR>" && command == "jieshui init"
        ));
    }
}
