//! Alias redirects: `aliases:` of a page or section as site paths, and the small page at each
//! that sends browsers (and search engines, by its canonical link) to the document.

use crate::config::Config;
use crate::messages::AliasWhy;
use crate::output::urls::permalink;

/// The page at `from` that redirects to the document at `to`.
pub(crate) fn redirect_html(config: &Config, from: &str, to: &str) -> String {
    let target = if config.relative_urls {
        crate::output::urls::relative(from, to)
    } else {
        permalink(&config.base_url, to)
    };
    let t = crate::text::html::escape(&target);
    // In the site's language, as the rest of its pages.
    let (title, moved, end) = if config.language.starts_with("en") {
        ("Page moved", "This page has moved to", ".")
    } else {
        ("页面已移动", "页面已移动到", "。")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{canon}\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>{moved} <a href=\"{t}\">{t}</a>{end}</p>\n</body>\n</html>\n",
        lang = crate::text::html::escape(&config.language),
        canon = crate::text::html::escape(&permalink(&config.base_url, to)),
    )
}

/// An alias as a site path: `/old/path/`, `old.html`; never climbing out with `..`.
pub(crate) fn alias_path(alias: &str) -> Result<String, AliasWhy> {
    if alias.contains("://") || alias.starts_with("//") {
        return Err(AliasWhy::FullUrl);
    }
    let trimmed = alias.trim();
    if trimmed.is_empty() || trimmed == "/" {
        return Err(AliasWhy::Home);
    }
    if trimmed
        .split(['/', '\\'])
        .any(|seg| seg == ".." || seg == ".")
        || trimmed.contains('\\')
    {
        return Err(AliasWhy::DotSegment);
    }
    if let Some(why) = trimmed
        .split('/')
        .filter(|part| !part.is_empty())
        .find_map(crate::content::part_problem)
    {
        return Err(AliasWhy::Part(why));
    }
    let mut path = format!("/{}", trimmed.trim_start_matches('/'));
    if !path.ends_with('/') && !path.ends_with(".html") && !path.ends_with(".htm") {
        path.push('/');
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_pages_speak_the_site_language() {
        let config = |lang: &str| {
            Config::parse(
                &format!("title: t\nbase_url: https://e.org/sub/\nlanguage: {lang}\n"),
                None,
            )
            .unwrap()
        };
        let zh = redirect_html(&config("zh-CN"), "/old/", "/news/a/");
        assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("页面已移动到"));
        assert!(zh.contains("url=https://e.org/sub/news/a/"), "{zh}");
        let en = redirect_html(&config("en"), "/old/", "/news/a/");
        assert!(en.contains("This page has moved to") && !en.contains("页面"));
    }

    #[test]
    fn aliases_stay_in_the_site() {
        assert_eq!(alias_path("/old/path").unwrap(), "/old/path/");
        assert_eq!(alias_path("old.html").unwrap(), "/old.html");
        assert!(alias_path("/../etc/").is_err());
        assert!(alias_path("https://x.org/").is_err());
        assert!(alias_path("/").is_err());
    }

    #[test]
    fn each_part_of_an_alias_is_checked_as_a_slug() {
        use crate::messages::SlugWhy;
        assert_eq!(
            alias_path("/old/a?b/"),
            Err(AliasWhy::Part(SlugWhy::BreaksLinks('?')))
        );
        assert_eq!(
            alias_path("/pay\u{202E}/"),
            Err(AliasWhy::Part(SlugWhy::Invisible('\u{202E}')))
        );
        assert!(matches!(
            alias_path("/aux/old.html"),
            Err(AliasWhy::Part(SlugWhy::NotPortable(_)))
        ));
        assert_eq!(alias_path("/旧/新闻/").unwrap(), "/旧/新闻/");
    }
}
