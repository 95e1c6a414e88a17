#!/usr/bin/env python3
"""Edit-to-served latency of `jieshui serve` (and `zola serve` with --zola), next to a full build.

For each site (the bundled site of this repo, and the N-page benchmark corpora of
examples/gen_corpus.rs, or of --generator PATH), on a copy in --work (tmpfs by default):
  * `jieshui build` of the same site, median wall time of --builds runs;
  * `jieshui serve --port 0`, then --edits times: write a page with a new marker in its body
    and poll the page over HTTP until the marker is served; the time from just before the
    write to the first response holding the marker is one sample. Edits go to different pages
    in turn, each after the previous rebuild was served and a short pause;
  * the same with `zola serve` on the corpus's zola layout when --zola PATH is given.
Prints a table of medians (and p90) in milliseconds. A measurement that fails only when serve
does (an edit never served, a server that prints no URL): not run by CI. Standard library
only; the server, site and corpus helpers are serve_helpers.py's.

Usage:
  cargo build --release --bin jieshui --example gen_corpus
  tests/load/serve_latency.py [--sizes 1000,10000] [--edits 20] [--zola PATH] [--no-bundled]
"""
import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

from serve_helpers import (DEFAULT_WORK, JIESHUI, Server, content_pages, copy_bundled,
                           generate_corpus, log, need_binary, wait_served, work_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieshui", default=str(JIESHUI))
    ap.add_argument("--zola", help="a zola binary: also measure `zola serve` on the corpora")
    ap.add_argument("--sizes", default="1000,10000", help="corpus page counts, comma-separated")
    ap.add_argument("--generator", metavar="PATH",
                    help="generate the corpora with this generator (e.g. the shared gen_corpus.py) "
                         "instead of the project's examples/gen_corpus.rs")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--builds", type=int, default=3, help="full builds to take the median of")
    ap.add_argument("--no-bundled", action="store_true", help="skip the bundled site")
    ap.add_argument("--work", default=DEFAULT_WORK,
                    help="where the copies go (default /dev/shm)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one edit")
    args = ap.parse_args()
    need_binary(args.jieshui)

    work = work_dir("jieshui-latency-", args.work)
    rows = []
    try:
        sites = []
        if not args.no_bundled:
            sites.append(("bundled site", copy_bundled(work / "bundled"), None))
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            out = generate_corpus(n, work / f"corpus-{n}", ("ours", "zola"), args.generator)
            sites.append((f"corpus {n}", out / "ours", out / "zola"))

        for name, root, zola_root in sites:
            log(f"== {name}")
            build = median_build(args.jieshui, root, work / "out", args.builds)
            pages = edit_targets(root, args.edits)
            ours = measure(lambda: start_jieshui(args.jieshui, root), pages, args, status=True)
            zola = None
            if args.zola and zola_root is not None:
                zpages = [(zola_root / f.relative_to(root), url) for f, url in pages]
                zola = measure(lambda: start_zola(args.zola, zola_root), zpages, args)
            rows.append((name, count_pages(root), build, ours, zola))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(rows, args)


def median_build(binary, root, out, runs):
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([binary, "build", "--root", str(root), "--output-dir", str(out)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times)


def count_pages(root):
    return sum(1 for p in (root / "content").rglob("*.md") if p.name != "_index.md")


def edit_targets(root, count):
    """Up to `count` pages (file, URL path) spread over the site, cycling when it has fewer."""
    found = content_pages(root)
    if not found:
        sys.exit(f"{root}: no page to edit")
    step = max(1, len(found) // count)
    picked = found[::step][:count]
    while len(picked) < count:
        picked += picked[: count - len(picked)]
    return picked


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_jieshui(binary, root):
    return Server.jieshui(binary, root, port=0)


def start_zola(binary, root):
    return Server([binary, "--root", str(root), "serve", "--interface", "127.0.0.1",
                   "--port", str(free_port())], cwd=root)


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def get(self, path):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", path, headers={"Cache-Control": "no-cache"})
                res = self.conn.getresponse()
                return res.status, res.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return 0, b""


def measure(start, pages, args, status=False):
    server = start()
    try:
        server.wait_url(120)
        client = Client(server.host, server.port)
        wait_served(server, pages[0][1], fetch=client.get, timeout=120, poll=0.05)
        time.sleep(0.5)
        samples, rebuilds = [], []
        for i, (path, url) in enumerate(pages):
            original = path.read_bytes()
            marker = f"LATENCY-MARKER-{os.getpid()}-{i}-{time.monotonic_ns()}"
            edited = original.rstrip(b"\n") + f"\n\n{marker}\n".encode()
            t0 = time.perf_counter()
            path.write_bytes(edited)
            needle = marker.encode()
            while True:
                code, body = client.get(url)
                elapsed = time.perf_counter() - t0
                if code == 200 and needle in body:
                    break
                if elapsed > args.timeout:
                    sys.exit(f"edit {i} of {path} not served after {args.timeout}s:\n"
                             + server.output(30))
                time.sleep(0.002)
            samples.append(elapsed)
            if status:
                m = re.search(rb'"seconds":([0-9.eE+-]+)', client.get("/__jieshui/status")[1])
                if m:
                    rebuilds.append(float(m.group(1)))
            path.write_bytes(original)
            time.sleep(0.4)  # let the restore's rebuild finish before the next edit
            settle(client, url, needle)
        return samples, rebuilds
    finally:
        server.stop()


def settle(client, url, needle):
    """Waits until the restored page is served again (the restore's rebuild is done)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        code, body = client.get(url)
        if code == 200 and needle not in body:
            return
        time.sleep(0.02)


def ms(x):
    return f"{x * 1000:.0f}"


def p90(xs):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))]


def report(rows, args):
    zola = bool(args.zola)
    head = ["site", "pages", "full build", "serve median", "serve p90", "rebuild (server)"]
    if zola:
        head += ["zola serve median", "zola p90"]
    lines = [head]
    for name, pages, build, (samples, rebuilds), z in rows:
        line = [name, str(pages), ms(build), ms(statistics.median(samples)), ms(p90(samples)),
                ms(statistics.median(rebuilds)) if rebuilds else "-"]
        if zola:
            line += [ms(statistics.median(z[0])), ms(p90(z[0]))] if z else ["-", "-"]
        lines.append(line)
    print(f"edit → new page served, {args.edits} edits each; times in ms; "
          f"full build = `jieshui build` wall time, median of {args.builds}")
    print("| " + " | ".join(lines[0]) + " |")
    print("|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|")
    for line in lines[1:]:
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
