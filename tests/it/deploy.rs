//! `jieshui deploy`'s refusals, which need no storage server (the uploads themselves are tested
//! against moto's S3 server by `tests/deploy/s3_deploy.py`), and secrets in site.yaml.

use std::process::Output;

use crate::harness::{Site, jieshui};

const SECRET: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYzzSECRET";

/// `jieshui deploy ARGS` in the site with only the given credential variables set.
fn deploy(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut line = vec!["deploy"];
    line.extend_from_slice(args);
    let mut cmd = jieshui(&line).current_dir(site.root()).command();
    for (name, _) in std::env::vars() {
        let credential = [
            "AWS_",
            "ALIBABA_",
            "OSS_",
            "TENCENTCLOUD_",
            "COS_",
            "HUAWEICLOUD_",
        ]
        .iter()
        .any(|p| name.starts_with(p));
        if credential || name == "JIESHUI_CREDENTIALS" {
            cmd.env_remove(name);
        }
    }
    cmd.envs(env.iter().copied())
        .output()
        .expect("run jieshui deploy")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn with_deploy(settings: &str) -> Site {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: 测试站\nbase_url: https://example.org/\ntheme: t\ndeploy:\n{settings}"),
    );
    site
}

#[test]
fn without_a_deploy_key_there_is_nowhere_to_publish() {
    let site = Site::new();
    let out = deploy(&site, &[], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("error: site.yaml: site.yaml has no `deploy`"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_unknown_provider_is_located_with_a_suggestion() {
    let site = with_deploy("  provider: tencent\n  bucket: b\n  region: ap-guangzhou\n");
    let out = deploy(&site, &[], &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(said.contains("error: site.yaml:5:13"), "{said}");
    assert!(said.contains("tencent-cos"), "{said}");
}

#[test]
fn a_bad_endpoint_and_a_missing_region_are_located() {
    let site = with_deploy("  provider: s3\n  bucket: b\n  endpoint: minio.example.org/b\n");
    let said = text(&deploy(&site, &[], &[]));
    assert!(said.contains("error: site.yaml:7:13"), "{said}");
    let site = with_deploy("  provider: s3\n  bucket: b\n");
    let said = text(&deploy(&site, &[], &[]));
    assert!(said.contains("deploy.region"), "{said}");
}

#[test]
fn missing_credentials_name_the_variables_to_set() {
    let site = with_deploy("  provider: huawei-obs\n  bucket: b\n  region: cn-north-4\n");
    let out = deploy(&site, &["--dry-run"], &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1));
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "AWS_ACCESS_KEY_ID",
        "JIESHUI_CREDENTIALS",
    ] {
        assert!(said.contains(name), "{name}: {said}");
    }
}

#[test]
fn a_key_file_inside_the_site_is_refused() {
    let site = with_deploy("  provider: s3\n  bucket: b\n  region: us-east-1\n");
    site.write(
        "keys.txt",
        &format!("access_key_id = AKIDX\nsecret_access_key = {SECRET}\n"),
    );
    let keys = site.root().join("keys.txt");
    let out = deploy(
        &site,
        &[],
        &[("JIESHUI_CREDENTIALS", keys.to_str().unwrap())],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(said.contains("inside the site folder"), "{said}");
    assert!(!said.contains(SECRET), "{said}");
}

#[test]
fn a_secret_in_site_yaml_stops_every_command_without_being_printed() {
    let site = Site::new();
    site.write(
        "site.yaml",
        &format!("title: 测试站\nbase_url: https://example.org/\ntheme: t\nextra:\n  secret_access_key: {SECRET}\n"),
    );
    let build = site.build();
    build.fails().error_at("site.yaml:5:3");
    assert!(!build.stderr.contains(SECRET), "{}", build.stderr);
    let check = site.run(&["check", "--format", "json"]);
    check.fails();
    assert!(
        check.stdout.contains("\"kind\":\"secret-in-site\""),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains(SECRET) && !check.stderr.contains(SECRET));
    let out = deploy(
        &site,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDX"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out).contains(SECRET), "{}", text(&out));
}

#[test]
fn a_secret_in_content_stops_a_deploy() {
    let site = with_deploy("  provider: aliyun-oss\n  bucket: b\n  region: cn-hangzhou\n");
    site.write(
        "content/a.md",
        "---\ntitle: 甲\n---\n密钥 LTAI5tAbCdEfGhIjKlMnOp12 在这里\n",
    );
    let out = deploy(
        &site,
        &["--dry-run"],
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "x"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "y"),
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(said.contains("error: content/a.md:4:4"), "{said}");
    assert!(!said.contains("LTAI5tAbCdEfGhIjKlMnOp12"), "{said}");
}

#[test]
fn a_secret_in_content_fails_build_and_check_without_being_printed() {
    let site = Site::new();
    site.write(
        "content/a.md",
        "---\ntitle: 甲\n---\n密钥 LTAI5tAbCdEfGhIjKlMnOp12 在这里\n",
    );
    site.write(
        "content/b.md",
        &format!("---\ntitle: 乙\nextra:\n  secret_key: {SECRET}\n---\n正文\n"),
    );
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.fails()
            .error_at("content/a.md:4:4")
            .error_at("content/b.md:4:3");
        assert!(
            !run.stderr.contains("LTAI5tAbCdEfGhIjKlMnOp12") && !run.stderr.contains(SECRET),
            "{}",
            run.stderr
        );
    }
    assert!(!site.out_exists("a/index.html"));
}
