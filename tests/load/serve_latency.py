#!/usr/bin/env python3
"""Edit-to-served latency of `jieshui serve` (and `zola serve` with --zola), next to a full build.

For each site (the bundled site of this repo, and the corpora of
/work/shared/bench/gen_corpus.py with N pages), on a copy in --work (tmpfs by default):
  * `jieshui build` of the same site, median wall time of --builds runs;
  * `jieshui serve --port 0`, then --edits times: write a page with a new marker in its body
    and poll the page over HTTP until the marker is served; the time from just before the
    write to the first response holding the marker is one sample. Edits go to different pages
    in turn, each after the previous rebuild was served and a short pause;
  * the same with `zola serve` on the corpus's zola layout when --zola PATH is given.
Prints a table of medians (and p90) in milliseconds. Standard library only; not a test.

Usage:
  cargo build --release
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
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GEN = Path("/work/shared/bench/gen_corpus.py")
SITE_PARTS = ["site.yaml", "content", "data", "themes", "templates", "static"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieshui", default=str(REPO / "target/release/jieshui"))
    ap.add_argument("--zola", help="a zola binary: also measure `zola serve` on the corpora")
    ap.add_argument("--sizes", default="1000,10000", help="corpus page counts, comma-separated")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--builds", type=int, default=3, help="full builds to take the median of")
    ap.add_argument("--no-bundled", action="store_true", help="skip the bundled site")
    ap.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                    help="where the copies go (default /dev/shm)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one edit")
    args = ap.parse_args()
    if not os.access(args.jieshui, os.X_OK):
        sys.exit(f"no jieshui binary at {args.jieshui}: run `cargo build --release` first")

    work = Path(tempfile.mkdtemp(prefix="jieshui-latency-", dir=args.work))
    rows = []
    try:
        sites = []
        if not args.no_bundled:
            bundled = work / "bundled"
            bundled.mkdir()
            for part in SITE_PARTS:
                src = REPO / part
                if src.is_dir():
                    shutil.copytree(src, bundled / part, symlinks=True)
                elif src.is_file():
                    shutil.copy2(src, bundled / part)
            sites.append(("bundled site", bundled, None))
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            out = work / f"corpus-{n}"
            print(f"generating the {n}-page corpus…", file=sys.stderr)
            subprocess.run([sys.executable, str(GEN), str(n), "--out", str(out),
                            "--layouts", "ours,zola"], check=True, stdout=subprocess.DEVNULL)
            sites.append((f"corpus {n}", out / "ours", out / "zola"))

        for name, root, zola_root in sites:
            print(f"== {name}", file=sys.stderr)
            build = median_build(args.jieshui, root, work / "out", args.builds)
            pages = edit_targets(root, args.edits)
            ours = measure(jieshui_cmd(args.jieshui, root), root, pages, args, status=True)
            zola = None
            if args.zola and zola_root is not None:
                zpages = [(zola_root / f.relative_to(root), url) for f, url in pages]
                zola = measure(zola_cmd(args.zola, zola_root), zola_root, zpages, args)
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
    found = []
    for f in sorted((root / "content").rglob("*.md")):
        rel = f.relative_to(root / "content")
        if f.name == "_index.md" or not str(rel).isascii():
            continue
        head = f.read_text(encoding="utf-8").split("\n---", 1)[0]
        if re.search(r"^(slug|draft|aliases|template):", head, re.M):
            continue
        stem = rel.parent if f.name == "index.md" else rel.with_suffix("")
        found.append((f, "/" + stem.as_posix() + "/"))
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


def jieshui_cmd(binary, root):
    return [binary, "serve", "--root", str(root), "--port", "0"]


def zola_cmd(binary, root):
    return [binary, "--root", str(root), "serve", "--interface", "127.0.0.1",
            "--port", str(free_port())]


class Server:
    """A serve process; its output is drained in the background, the first URL kept."""

    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace")
        self.url = None
        self.log = []
        self.ready = threading.Event()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stdout:
            self.log.append(line)
            m = re.search(r"http://([\w.\-\[\]:]+?):(\d+)", line)
            if m and self.url is None:
                self.url = (m.group(1), int(m.group(2)))
                self.ready.set()
        self.ready.set()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


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


def measure(cmd, root, pages, args, status=False):
    server = Server(cmd, cwd=root)
    try:
        if not server.ready.wait(120) or server.url is None:
            sys.exit("the server printed no URL:\n" + "".join(server.log))
        client = Client(*server.url)
        first = pages[0][1]
        deadline = time.monotonic() + 120
        while client.get(first)[0] != 200:
            if time.monotonic() > deadline or server.proc.poll() is not None:
                sys.exit(f"{first} never served:\n" + "".join(server.log))
            time.sleep(0.05)
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
                             + "".join(server.log[-30:]))
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
