//! Where a deploy goes: the provider (its name, the endpoint a region gives, the variables of
//! its key pairs) and the bucket's address from site.yaml's `deploy:`, or a located error.

use crate::config::{Config, Deploy};
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

use super::s3::Target;

/// A provider's name in messages, its endpoint from a region, and the variables holding its
/// key pairs (its own first, then AWS's).
#[derive(Debug)]
pub(super) struct Provider {
    pub(super) name: &'static str,
    pub(super) endpoint: fn(&str) -> String,
    pub(super) pairs: &'static [(&'static str, &'static str)],
}

pub(super) const AWS_PAIR: (&str, &str) = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

pub(super) fn provider(id: &str) -> Option<Provider> {
    Some(match id {
        "aliyun-oss" => Provider {
            name: "阿里云 OSS",
            endpoint: |r| format!("https://s3.oss-{r}.aliyuncs.com"),
            pairs: &[
                (
                    "ALIBABA_CLOUD_ACCESS_KEY_ID",
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                ),
                ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET"),
                AWS_PAIR,
            ],
        },
        "tencent-cos" => Provider {
            name: "腾讯云 COS",
            endpoint: |r| format!("https://cos.{r}.myqcloud.com"),
            pairs: &[
                ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
                ("COS_SECRET_ID", "COS_SECRET_KEY"),
                AWS_PAIR,
            ],
        },
        "huawei-obs" => Provider {
            name: "华为云 OBS",
            endpoint: |r| format!("https://obs.{r}.myhuaweicloud.com"),
            pairs: &[("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"), AWS_PAIR],
        },
        "s3" => Provider {
            name: "S3",
            endpoint: |r| format!("https://s3.{r}.amazonaws.com"),
            pairs: &[AWS_PAIR],
        },
        _ => return None,
    })
}

const PROVIDERS: &[&str] = &["aliyun-oss", "tencent-cos", "huawei-obs", "s3"];

/// `jieshui/` from `/jieshui`, `jieshui/`, `jieshui`; empty stays empty.
pub(super) fn normal_prefix(prefix: &str) -> String {
    let p = prefix.trim().trim_matches('/');
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    }
}

/// The bucket's address from the settings, or a located error.
pub(super) fn target(config: &Config, d: &Deploy) -> Result<(Target, Provider), Diagnostic> {
    let at = |key: &str, diag: Diagnostic| config.diag_at(&format!("deploy.{key}"), diag);
    let Some(provider) = provider(&d.provider) else {
        let suggestion =
            crate::yaml::did_you_mean(&d.provider, PROVIDERS.iter().copied()).map(str::to_string);
        return Err(at(
            "provider",
            Diagnostic::error(Msg::UnknownValue {
                value: d.provider.clone(),
                suggestion,
                expected: PROVIDERS.iter().map(|p| p.to_string()).collect(),
            }),
        ));
    };
    if d.bucket.trim().is_empty() {
        return Err(at(
            "bucket",
            Diagnostic::error(Msg::MissingField {
                field: "deploy.bucket".into(),
            }),
        ));
    }
    let endpoint = match (d.endpoint.trim(), d.region.trim()) {
        ("", "") => {
            return Err(at(
                "provider",
                Diagnostic::error(Msg::MissingField {
                    field: "deploy.region".into(),
                }),
            ));
        }
        ("", region) => (provider.endpoint)(region),
        (given, _) => given.to_string(),
    };
    let bad = || {
        at(
            "endpoint",
            Diagnostic::error(Msg::BadEndpoint {
                value: d.endpoint.clone(),
            }),
        )
    };
    let (scheme, rest) = endpoint.split_once("://").ok_or_else(bad)?;
    let host = rest.trim_end_matches('/');
    if !(scheme == "https" || scheme == "http")
        || host.is_empty()
        || host.contains(['/', '?', '#', '@', ' '])
    {
        return Err(bad());
    }
    let region = match d.region.trim() {
        "" => "us-east-1".to_string(),
        r => r.to_string(),
    };
    let target = Target {
        scheme: scheme.to_string(),
        endpoint: host.to_string(),
        bucket: d.bucket.trim().to_string(),
        region,
        path_style: d.path_style,
    };
    Ok((target, provider))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn prefixes_end_in_one_slash_or_are_empty() {
        assert_eq!(normal_prefix("/jieshui"), "jieshui/");
        assert_eq!(normal_prefix("jieshui/"), "jieshui/");
        assert_eq!(normal_prefix(" "), "");
    }

    #[test]
    fn endpoints_from_provider_and_region() {
        let config = |extra: &str| {
            Config::parse(
                &format!("title: t\nbase_url: https://e.org/\ndeploy:\n{extra}"),
                None,
            )
            .unwrap()
        };
        let c = config("  provider: aliyun-oss\n  bucket: b\n  region: cn-hangzhou\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "s3.oss-cn-hangzhou.aliyuncs.com");
        assert_eq!((t.scheme.as_str(), t.path_style), ("https", false));
        let c = config("  provider: tencent-cos\n  bucket: b-125\n  region: ap-guangzhou\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "cos.ap-guangzhou.myqcloud.com");
        let c = config("  provider: huawei-obs\n  bucket: b\n  region: cn-north-4\n");
        let (t, _) = target(&c, c.deploy.as_ref().unwrap()).unwrap();
        assert_eq!(t.endpoint, "obs.cn-north-4.myhuaweicloud.com");
        let c = config("  provider: aliyun\n  bucket: b\n  region: cn-hangzhou\n");
        let d = target(&c, c.deploy.as_ref().unwrap()).unwrap_err();
        assert_eq!(d.msg.kind(), "unknown-value");
        assert!(
            d.render(Lang::En).contains("site.yaml:4:13"),
            "{}",
            d.render(Lang::En)
        );
        let c = config("  provider: s3\n  bucket: b\n  endpoint: e.org/b\n");
        let d = target(&c, c.deploy.as_ref().unwrap()).unwrap_err();
        assert_eq!(d.msg.kind(), "bad-endpoint");
    }
}
