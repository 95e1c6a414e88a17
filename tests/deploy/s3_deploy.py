#!/usr/bin/env python3
"""`jieshui deploy` against a real S3-compatible server: moto's, started here on 127.0.0.1,
behind a small proxy that acts as OSS and COS do: it answers ETags in upper case and refuses
path-style requests (SecondLevelDomainForbidden). Requests are virtual-hosted:
`jieshui-test.localhost:PORT`, which jieshui connects to at 127.0.0.1 (RFC 6761).

Run from the repository: `python3 tests/deploy/s3_deploy.py [--bin target/debug/jieshui]`.
Needs `pip install "moto[server]==5.2.1"` (.ci/run installs it). Last line: `N passed, M failed`.
"""

import argparse
import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

BUCKET = "jieshui-test"
KEY_ID = "AKIDEXAMPLEKEYID0000"
SECRET = "jieshuiTestSecretDoNotPrint123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, deadline=30):
    start = time.time()
    while time.time() - start < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


class Proxy(http.server.ThreadingHTTPServer):
    """Forwards to moto; keeps a log of (method, key); can fail PUTs after N of them."""

    def __init__(self, port, upstream):
        self.upstream = upstream
        self.log = []
        self.fail_after_puts = None
        self.puts = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        srv = self.server
        host = self.headers.get("Host", "")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if not host.startswith(BUCKET + "."):
            return self.answer(403, b"<?xml version=\"1.0\"?><Error><Code>SecondLevelDomainForbidden</Code>"
                               b"<Message>Please use virtual hosted style to access.</Message></Error>", {})
        key = self.path.split("?")[0].lstrip("/")
        with srv.lock:
            if self.command == "PUT" and key:
                if srv.fail_after_puts is not None and srv.puts >= srv.fail_after_puts:
                    return self.answer(503, b"<Error><Code>ServiceUnavailable</Code><Message>try later</Message></Error>", {})
                srv.puts += 1
            if key or self.command != "GET":
                srv.log.append((self.command, key))
        conn = http.client.HTTPConnection("127.0.0.1", srv.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection",)}
        conn.request(self.command, self.path, body=body, headers=headers)
        res = conn.getresponse()
        data = res.read()
        out = {}
        for k, v in res.getheaders():
            if k.lower() in ("content-length", "transfer-encoding", "connection", "server", "date"):
                continue
            out[k] = v.upper() if k.lower() == "etag" else v
        data = re.sub(rb"<ETag>(.*?)</ETag>", lambda m: b"<ETag>" + m.group(1).upper().replace(b"&QUOT;", b"&quot;") + b"</ETag>", data)
        conn.close()
        self.answer(res.status, data, out)

    def answer(self, status, data, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_DELETE = do_HEAD = do_POST = handle_any


class Suite:
    def __init__(self, binary):
        self.binary = binary
        self.passed = 0
        self.failed = 0
        self.outputs = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}\n{detail}")

    def run(self, site, *args, env=None, creds=True):
        e = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ALIBABA", "TENCENT", "HUAWEI", "OSS_", "COS_", "JIESHUI_CRED"))}
        e["JIESHUI_LANG"] = "zh"
        if creds:
            e["AWS_ACCESS_KEY_ID"] = KEY_ID
            e["AWS_SECRET_ACCESS_KEY"] = SECRET
        e.update(env or {})
        p = subprocess.run([self.binary, *args, "--root", site], capture_output=True, text=True, env=e, timeout=300)
        self.outputs.append(p.stdout + p.stderr)
        return p


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site_yaml(proxy_port, extra=""):
    return (
        "title: 部署测试\nbase_url: https://site.example.org/\nsearch: true\n"
        "deploy:\n  provider: s3\n  bucket: " + BUCKET + "\n  region: us-east-1\n"
        f"  endpoint: http://localhost:{proxy_port}\n  website: true\n" + extra
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "debug", "jieshui"))
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        raise SystemExit(f"no jieshui binary at {binary}: run `cargo build` first")
    try:
        import boto3  # noqa: F401  (moto[server] brings it)
        import moto.server  # noqa: F401
    except ImportError:
        raise SystemExit('moto is missing: pip install "moto[server]==5.2.1"')
    import boto3

    moto_port, proxy_port = free_port(), free_port()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = tempfile.mkdtemp(prefix="jieshui-deploy-")
    try:
        wait_port(moto_port)
        proxy = Proxy(proxy_port, moto_port)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{moto_port}", region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="y")
        s3.create_bucket(Bucket=BUCKET)

        def objects():
            got = {}
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
                for o in page.get("Contents", []):
                    got[o["Key"]] = o["ETag"].strip('"')
            return got

        t = Suite(binary)
        site = os.path.join(tmp, "site")
        write(f"{site}/site.yaml", site_yaml(proxy_port))
        write(f"{site}/content/_index.md", "---\ntitle: 首页\n---\n欢迎\n")
        write(f"{site}/content/a.md", "---\ntitle: 甲\n---\n第一版，见[乙](@/b.md)\n")
        write(f"{site}/content/b.md", "---\ntitle: 乙\n---\n乙页\n")
        write(f"{site}/content/c.md", "---\ntitle: 丙\n---\n丙页\n")
        os.makedirs(f"{site}/static/图片", exist_ok=True)
        with open(f"{site}/static/图片/水滴.png", "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))

        # Credentials absent: a clear error naming the variables.
        p = t.run(site, "deploy", creds=False)
        t.check("no credentials: exit 1 naming the variables", p.returncode == 1 and "AWS_ACCESS_KEY_ID" in p.stderr
                and "没有找到" in p.stderr, p.stderr)

        # --dry-run: the plan only.
        proxy.log.clear()
        p = t.run(site, "deploy", "--dry-run")
        plan = re.search(r"新增 (\d+) 个文件，更改 (\d+) 个，删除 (\d+) 个", p.stdout)
        t.check("dry run prints the plan and changes nothing",
                p.returncode == 0 and plan and int(plan.group(1)) > 5 and "演习" in p.stdout
                and objects() == {} and not any(m in ("PUT", "DELETE") for m, _ in proxy.log), p.stdout + p.stderr)

        # First deploy: everything, with types and headers; assets before pages.
        proxy.log.clear()
        p = t.run(site, "deploy")
        first = objects()
        t.check("first deploy uploads everything", p.returncode == 0 and "index.html" in first and "a/index.html" in first
                and "图片/水滴.png" in first and int(plan.group(1)) == len(first), p.stdout + p.stderr + str(sorted(first)))
        head = s3.head_object(Bucket=BUCKET, Key="a/index.html")
        t.check("a page: text/html; charset=utf-8, short cache, hash in metadata",
                head["ContentType"] == "text/html; charset=utf-8" and head["CacheControl"] == "public, max-age=300"
                and len(head["Metadata"].get("jieshui-sha256", "")) == 64, str(head))
        head = s3.head_object(Bucket=BUCKET, Key="图片/水滴.png")
        t.check("an image: image/png", head["ContentType"] == "image/png", str(head))
        puts = [k for m, k in proxy.log if m == "PUT" and k]
        pages = [i for i, k in enumerate(puts) if k.endswith(".html")]
        assets = [i for i, k in enumerate(puts) if not k.endswith(".html")]
        t.check("assets are uploaded before pages", pages and assets and max(assets) < min(pages), str(puts))
        web = s3.get_bucket_website(Bucket=BUCKET)
        t.check("website documents set", web["IndexDocument"]["Suffix"] == "index.html"
                and web["ErrorDocument"]["Key"] == "404.html", str(web))

        # Unchanged: nothing uploaded although the proxy answers ETags in upper case.
        proxy.log.clear()
        p = t.run(site, "deploy")
        t.check("an unchanged site uploads nothing (upper-case ETags)",
                p.returncode == 0 and not [k for m, k in proxy.log if m in ("PUT", "DELETE") and k]
                and "上传 0 个文件" in p.stdout, p.stdout + str(proxy.log))

        # One page edited: only the objects whose bytes changed.
        write(f"{site}/content/a.md", "---\ntitle: 甲\n---\n第二版，见[乙](@/b.md)\n")
        before = objects()
        proxy.log.clear()
        p = t.run(site, "deploy")
        after = objects()
        puts = [k for m, k in proxy.log if m == "PUT" and k]
        changed = sorted(k for k in after if before.get(k) != after[k])
        t.check("one page edited: only changed objects uploaded", p.returncode == 0 and "a/index.html" in puts
                and sorted(puts) == changed and len(puts) < len(after), f"{puts}\n{changed}")
        t.check("the CDN refresh list names the changed page", "https://site.example.org/a/" in p.stdout, p.stdout)

        # A page removed: deleted, last.
        shutil.move(f"{site}/content/b.md", f"{tmp}/b.md")
        write(f"{site}/content/a.md", "---\ntitle: 甲\n---\n第二版\n")
        proxy.log.clear()
        p = t.run(site, "deploy")
        after = objects()
        order = [(m, k) for m, k in proxy.log if m in ("PUT", "DELETE") and k]
        dels = [i for i, (m, _) in enumerate(order) if m == "DELETE"]
        t.check("a removed page is deleted, after every upload", p.returncode == 0 and "b/index.html" not in after
                and dels and all(m == "DELETE" for m, _ in order[dels[0]:]), str(order))

        # The max-deletes guard: nothing done at all.
        os.remove(f"{site}/content/c.md")
        before = objects()
        proxy.log.clear()
        p = t.run(site, "deploy", "--max-deletes", "0")
        t.check("--max-deletes refuses the whole run", p.returncode == 1 and "--max-deletes" in p.stderr
                and objects() == before and not [k for m, k in proxy.log if m in ("PUT", "DELETE") and k], p.stderr)

        # Interrupted (the server fails every upload after the first), then rerun: converges.
        write(f"{site}/content/d.md", "---\ntitle: 丁\n---\n丁页\n")
        write(f"{site}/content/e.md", "---\ntitle: 戊\n---\n戊页\n")
        proxy.fail_after_puts = proxy.puts + 1
        p = t.run(site, "deploy")
        t.check("a run that cannot finish says so", p.returncode == 1 and "发布没能完成" in p.stderr
                and "ServiceUnavailable" in p.stderr and "c/index.html" in objects(), p.stderr)
        proxy.fail_after_puts = None
        p = t.run(site, "deploy")
        again = t.run(site, "deploy")
        final = objects()
        t.check("the rerun finishes and then nothing is left to do",
                p.returncode == 0 and "d/index.html" in final and "e/index.html" in final and "c/index.html" not in final
                and "新增 0 个文件，更改 0 个，删除 0 个" in again.stdout, p.stdout + p.stderr + again.stdout)

        # Path style is refused by this (OSS-like) server, with its reason.
        write(f"{site}/site.yaml", site_yaml(proxy_port, "  path_style: true\n"))
        p = t.run(site, "deploy")
        t.check("path style refused by the server: a clear error", p.returncode == 1
                and "SecondLevelDomainForbidden" in p.stderr, p.stderr)

        # A secret in site.yaml: an error at its place, never the secret itself.
        leak = "LTAI5tAbCdEfGhIjKlMnOp12"
        write(f"{site}/site.yaml", site_yaml(proxy_port) + f"extra:\n  oss_key: {leak}\n  secret_key: {SECRET}x\n")
        p = t.run(site, "deploy")
        j = t.run(site, "check", "--format", "json")
        t.check("a secret in site.yaml is an error at its line", p.returncode == 1 and "site.yaml:11:12" in p.stderr
                and "site.yaml:12:3" in p.stderr and j.returncode == 1 and "secret-in-site" in j.stdout,
                p.stderr + j.stdout)
        t.check("the secret found is not printed", leak not in p.stderr + p.stdout + j.stdout + j.stderr
                and SECRET not in j.stdout + p.stderr, p.stderr + j.stdout)
        write(f"{site}/site.yaml", site_yaml(proxy_port))
        write(f"{site}/content/d.md", f"---\ntitle: 丁\n---\n密钥 {leak}\n")
        p = t.run(site, "deploy")
        t.check("a secret in content is an error", p.returncode == 1 and "content/d.md:4:4" in p.stderr
                and leak not in p.stderr, p.stderr)

        t.check("no secret in any output", not any(SECRET in o for o in t.outputs),
                [o for o in t.outputs if SECRET in o][:1])
        print(f"{t.passed} passed, {t.failed} failed")
        return 1 if t.failed else 0
    finally:
        moto.terminate()
        moto.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
