#!/usr/bin/env python3
"""The external-link benchmark of issue #19 (not run in CI): `jieshui check --external` over a
generated site whose pages link to local servers, cold (empty cache) and warm (the same again).

Starts one small HTTP server on each of --hosts loopback addresses (127.0.0.1, 127.0.0.2, …;
Linux answers all of 127.0.0.0/8), each answering 200 to HEAD and GET after --delay seconds,
404 for paths starting /gone; writes a site of --pages pages holding --links different links
in all (spread over the hosts, every link on two pages, one in 20 broken); runs the check with
XDG_CACHE_HOME in a temporary folder and reports wall time, requests the servers saw and the
summary line. No traffic leaves the machine.

    cargo build
    python3 scripts/bench.d/links.py --links 400 --hosts 8 [--binary target/debug/jieshui]
"""

import argparse
import http.server
import os
import subprocess
import tempfile
import threading
import time

COUNT = {"n": 0}
LOCK = threading.Lock()


def handler(delay):
    class H(http.server.BaseHTTPRequestHandler):
        def answer(self, body):
            with LOCK:
                COUNT["n"] += 1
            time.sleep(delay)
            code = 404 if self.path.startswith("/gone") else 200
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return body

        def do_HEAD(self):
            self.answer(b"")

        def do_GET(self):
            self.wfile.write(self.answer(b"ok"))

        def log_message(self, *args):
            pass

    return H


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=400)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--delay", type=float, default=0.02)
    ap.add_argument("--binary", default="target/debug/jieshui")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)

    servers = []
    for h in range(args.hosts):
        s = http.server.ThreadingHTTPServer((f"127.0.0.{h + 1}", 0), handler(args.delay))
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    urls = []
    for i in range(args.links):
        s = servers[i % args.hosts]
        host, port = s.server_address
        # One in 20 broken, on every host alike.
        path = f"/gone/{i}" if (i // args.hosts) % 20 == 19 else f"/p/{i}"
        urls.append(f"http://{host}:{port}{path}")

    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        site = os.path.join(tmp, "site")
        os.makedirs(os.path.join(site, "content", "news"))
        with open(os.path.join(site, "site.yaml"), "w") as f:
            f.write("title: 链接\nbase_url: https://example.org/\nlinks: { timeout_seconds: 5 }\n")
        with open(os.path.join(site, "content", "_index.md"), "w") as f:
            f.write("---\ntitle: 首页\n---\n")
        with open(os.path.join(site, "content", "news", "_index.md"), "w") as f:
            f.write("---\ntitle: 动态\ndate: 2021-05-01\n---\n")
        per_page = [[] for _ in range(args.pages)]
        for i, u in enumerate(urls):
            per_page[i % args.pages].append(u)
            per_page[(i + 1) % args.pages].append(u)
        for p, links in enumerate(per_page):
            body = "\n\n".join(f"第 {k} 个[链接]({u})。" for k, u in enumerate(links))
            with open(os.path.join(site, "content", "news", f"p{p}.md"), "w") as f:
                f.write(f"---\ntitle: 第{p}篇\ndate: 2021-05-01\n---\n{body}\n")
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"), JIESHUI_LANG="en")
        for run in ("cold", "warm"):
            COUNT["n"] = 0
            started = time.monotonic()
            out = subprocess.run([binary, "check", "--external", "--root", site],
                                 env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            summary = [l for l in out.stderr.splitlines() if l.startswith("external links:")]
            warnings = sum(1 for l in out.stderr.splitlines() if l.startswith("warning:"))
            print(f"{run}: exit {out.returncode}, {wall:.2f} s wall, {COUNT['n']} requests, "
                  f"{warnings} warnings; {summary[0] if summary else out.stderr[-400:]}")


if __name__ == "__main__":
    main()
