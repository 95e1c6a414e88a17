//! Command-line arguments (clap), nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "jieshui",
    version,
    about = "节水: a static site generator for water-saving publicity"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages (default: JIESHUI_LANG, else site.yaml's `language`, else zh).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check the site (everything `build` checks) without writing anything.
    Check(CheckArgs),
    /// Write a small working site into DIR.
    Init(InitArgs),
    /// Build, serve on http://127.0.0.1:1111/, rebuild on change and reload open pages.
    Serve(ServeArgs),
    /// Publish the built site to object storage (site.yaml's `deploy:`).
    Deploy(DeployArgs),
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print the plan only; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Refuse a run that would delete more objects than this.
    #[arg(long, default_value_t = 256)]
    pub max_deletes: usize,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (loopback unless told otherwise; 0.0.0.0 for a phone on the same network).
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    #[arg(long)]
    pub drafts: bool,
    #[arg(long)]
    pub future: bool,
    #[arg(long)]
    pub expired: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: `output_dir` from site.yaml).
    #[arg(long, short = 'o')]
    pub output_dir: Option<PathBuf>,
    /// Replace site.yaml's base_url.
    #[arg(long, short = 'u')]
    pub base_url: Option<String>,
    /// Build drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Build pages whose publish date is still to come.
    #[arg(long)]
    pub future: bool,
    /// Build pages past their expiry date.
    #[arg(long)]
    pub expired: bool,
    /// Write the site as one zip file instead (relative URLs: it works unzipped, from disk).
    #[arg(long, value_name = "FILE", conflicts_with = "output_dir")]
    pub zip: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long)]
    pub drafts: bool,
    #[arg(long)]
    pub future: bool,
    #[arg(long)]
    pub expired: bool,
    /// Exit with status 1 when there is any warning.
    #[arg(long)]
    pub strict: bool,
    /// Also check links to other sites (over the network).
    #[arg(long)]
    pub external: bool,
    /// With --external: ask about every link again, even those found working in the last day.
    #[arg(long, requires = "external")]
    pub recheck: bool,
    /// `json`: one diagnostic per line, for editors and CI.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must not exist, or be empty).
    pub dir: PathBuf,
    /// The campaign year the new site shows (default: this year, by the clock at `init`;
    /// written into site.yaml as `extra.campaign_year`, so later builds do not depend on it).
    #[arg(long, value_parser = clap::value_parser!(i16).range(1993..=9999))]
    pub year: Option<i16>,
}
