#!/usr/bin/env python3
"""Load test of `jieshui serve` on loopback while a page is being edited (issue #8).

What it does:
  * builds the release binary (`cargo build --release`, a no-op when it is up to date;
    --no-build skips it) and copies a site into a temporary folder: the bundled site of this
    repo by default, or with --corpus N the N-page benchmark corpus (examples/gen_corpus.rs,
    or --generator PATH);
  * starts `jieshui serve --root TMP --port P` and takes the URL it prints;
  * runs `wrk -tT -cC -dDs` against a few URLs of the site that must exist (a Lua script
    rotates them): the home page, the edited page, its section, another page and a static
    file of the theme. wrk must be installed (`apt-get install wrk`; .ci/run does it): this
    test installs nothing;
  * meanwhile an editor rewrites one page's Markdown every 200-500 ms, each time with a new
    marker, saved in place or renamed over the page in turn; every fifth edit is a broken
    front matter (the build fails, serve keeps the last good site) fixed by the next edit; one
    last good edit follows the load;
  * keeps --listeners live-reload event streams open (as open pages do), each remembering the
    last build it heard of;
  * keeps --slow-clients connections that send their request headers one byte a second
    (slowloris) and as many that read a big file a few KB at a time (issue #14 item 11): the
    first must be closed by serve within its 10 s header timeout (plus --slow-slack), while
    wrk's clients see no error;
  * puts a --big-mib file in the site's static/ folder and, from second 10 (after the RSS
    baseline), downloads it --big-parallel times at once, checking every byte, plus a Range
    request (206 and the exact bytes) (issue #14 item 10): serve streams copied files, so its
    peak RSS during the downloads must stay below baseline + the file's size (a server that
    read the file whole per request would hold it --big-parallel times);
  * samples serve's RSS (VmRSS in /proc/PID/status) every second;
  * after the load, polls the edited page until it shows the last marker (deadline --fresh).

It fails (exit 1) on any socket error (connect, read, write, timeout) or non-2xx/3xx response
reported by wrk, on a stale page after the deadline, when an event stream has not heard of the
last build 5 s after it is served, when serve dies, or when memory grows:
  baseline = median RSS of the samples taken in seconds 3-8 of the load (warm: every URL
  served, several rebuilds done), end = median of the last 5 samples; the test fails when
  end - baseline > max(--rss-slack MiB, --rss-ratio x baseline), by default max(8 MiB, 25 %).
  Serve keeps one built site in memory (two for a moment while a rebuild replaces it). With
  the bundled site (2.7 MB of output), between the baseline and the end of a 30 s run (~22 s:
  ~55 rebuilds, ~650,000 requests) 8 MiB is crossed by a leak of ~150 KB per rebuild (a
  twentieth of the site) or ~13 bytes per request, while allocator noise (about 1 MiB
  measured) and a second site in flight stay inside it.

Prints a summary table; with --json FILE also writes the figures and the RSS samples.

Usage:
  tests/load/serve_load.py                # bundled site, 50 clients, 30 s
  tests/load/serve_load.py --corpus 1000 --duration 60
  tests/load/serve_load.py --duration 10 --clients 20 --keep   # keep the temp folder to look at

Standard library only; the server, site and HTTP helpers are serve_helpers.py's.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from serve_helpers import (DEFAULT_WORK, JIESHUI, Server, cargo_build, content_pages, copy_bundled,
                           generate_corpus, get, log, need_binary, wait_served, work_dir)

BUNDLED_PAGE = "content/learn/why-save-water.md"
BROKEN_EVERY = 5

WRK_LUA = r"""
local paths = { %(paths)s }
local n = 0
request = function()
  n = n %% #paths + 1
  return wrk.format("GET", paths[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d " ..
    "p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieshui", default=str(JIESHUI))
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    ap.add_argument("--corpus", type=int, default=0,
                    help="use the N-page benchmark corpus instead of the bundled site")
    ap.add_argument("--generator", metavar="PATH",
                    help="with --corpus: generate it with this generator (e.g. the shared "
                         "gen_corpus.py) instead of the project's examples/gen_corpus.rs")
    ap.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent connections (default 50)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--timeout", default="5s",
                    help="wrk's per-request timeout; a slower answer is an error (default 5s)")
    ap.add_argument("--listeners", type=int, default=5,
                    help="open live-reload event streams, like open pages (default 5)")
    ap.add_argument("--port", type=int, default=18480,
                    help="first port to try; serve takes the next free one (default 18480)")
    ap.add_argument("--fresh", type=float, default=20.0,
                    help="seconds after the load for the last edit to be served (default 20)")
    ap.add_argument("--rss-slack", type=float, default=8.0,
                    help="allowed RSS growth in MiB (default 8)")
    ap.add_argument("--rss-ratio", type=float, default=0.25,
                    help="allowed RSS growth as a share of the baseline (default 0.25)")
    ap.add_argument("--slow-clients", type=int, default=10,
                    help="slowloris connections, and as many slow readers (default 10)")
    ap.add_argument("--slow-slack", type=float, default=5.0,
                    help="seconds past serve's 10 s header timeout for a slowloris connection "
                         "to be closed (default 5)")
    ap.add_argument("--big-mib", type=int, default=64,
                    help="size of the big static file in MiB (default 64)")
    ap.add_argument("--big-parallel", type=int, default=8,
                    help="parallel downloads of the big file (default 8)")
    ap.add_argument("--work", default=DEFAULT_WORK,
                    help="where the site copy goes (default /dev/shm)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--json", help="also write the figures and RSS samples to this file")
    args = ap.parse_args()
    if args.duration < 10:
        sys.exit("--duration must be at least 10 s (the RSS baseline is taken in seconds 3-8)")

    # Installing packages is .ci/run's job; this test only looks for wrk.
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is not installed (`apt-get install wrk`; .ci/run installs it)")
    if not args.no_build:
        targets = ["--example", "gen_corpus"] if args.corpus and not args.generator else []
        cargo_build("--bin", "jieshui", *targets)
    need_binary(args.jieshui)

    work = work_dir("jieshui-load-", args.work)
    try:
        ok = run(args, wrk, work)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


def copy_site(args, work):
    """The site to serve, copied into `work`; returns its root."""
    if args.corpus:
        return generate_corpus(args.corpus, work / "corpus", generator=args.generator) / "ours"
    return copy_bundled(work / "site")


def pick_pages(root, bundled):
    """(edited file, its URL, another page's URL)."""
    pages = content_pages(root)
    if not pages:
        sys.exit(f"{root}: no page to edit")
    edited = pages[len(pages) // 2]
    if bundled:
        edited = next((p for p in pages if p[0] == root / BUNDLED_PAGE), edited)
    other = next(p for p in pages if p != edited) if len(pages) > 1 else edited
    return edited[0], edited[1], other[1]


class Listener(threading.Thread):
    """An open page's live-reload stream (`/__jieshui/events`): keeps the last build it heard."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.url = base + "/__jieshui/events"
        self.last = None
        self.events = 0
        self.error = None

    def run(self):
        try:
            with urllib.request.urlopen(self.url, timeout=60) as res:
                for raw in res:
                    line = raw.decode("utf-8", "replace")
                    if line.startswith("data:"):
                        self.last = json.loads(line[5:]).get("build")
                        self.events += 1
        except (OSError, ValueError) as e:
            self.error = e


class SlowHeaders(threading.Thread):
    """A slowloris client: opens a connection and sends a request's headers one byte a second,
    never finishing them. `closed_after`: seconds until serve closed it (None: still open)."""

    def __init__(self, host, port, give_up):
        super().__init__(daemon=True)
        self.addr = (host, port)
        self.give_up = give_up
        self.closed_after = None
        self.error = None

    def run(self):
        try:
            s = socket.create_connection(self.addr, timeout=5)
        except OSError as e:
            self.error = e
            return
        t0 = time.monotonic()
        s.settimeout(1.0)
        head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 10_000
        try:
            for byte in head:
                if time.monotonic() - t0 > self.give_up:
                    break
                s.sendall(bytes([byte]))
                try:
                    if s.recv(1024) == b"":
                        self.closed_after = time.monotonic() - t0
                        break
                except socket.timeout:
                    pass
        except OSError:
            self.closed_after = time.monotonic() - t0
        finally:
            s.close()


class SlowReader(threading.Thread):
    """Requests the big file and reads it 4 KB every 100 ms until stopped."""

    def __init__(self, url, stop):
        super().__init__(daemon=True)
        self.url = url
        self.stop = stop
        self.read = 0
        self.error = None

    def run(self):
        try:
            with urllib.request.urlopen(self.url, timeout=30) as res:
                while not self.stop.is_set():
                    chunk = res.read(4096)
                    if not chunk:
                        break
                    self.read += len(chunk)
                    time.sleep(0.1)
        except OSError as e:
            self.error = e


class BigDownload(threading.Thread):
    """Downloads the big file whole, 256 KB at a time with a short pause (so the downloads
    overlap for a few seconds), and checks its digest."""

    def __init__(self, url, digest):
        super().__init__(daemon=True)
        self.url = url
        self.digest = digest
        self.ok = False
        self.error = None

    def run(self):
        h = hashlib.sha256()
        try:
            with urllib.request.urlopen(self.url, timeout=30) as res:
                while chunk := res.read(256 * 1024):
                    h.update(chunk)
                    time.sleep(0.01)
            self.ok = h.hexdigest() == self.digest
        except OSError as e:
            self.error = e


def range_request(url, data):
    """GET bytes 1000-1999 of the big file: 206 and exactly those bytes."""
    req = urllib.request.Request(url, headers={"Range": "bytes=1000-1999"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status == 206 and res.read() == data[1000:2000]
    except OSError:
        return False


class Editor(threading.Thread):
    """Rewrites `path` every 200-500 ms with a new marker until stopped; every fifth edit
    breaks the front matter. The last edit is a good one; `last` is its marker."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.original = path.read_text(encoding="utf-8")
        self.stop_at = threading.Event()
        self.edits = 0
        self.broken = 0
        self.last = None
        self.rng = random.Random(8)

    def write(self, text):
        # Saved in place (most editors) or, every other time, written beside it under a hidden
        # name and renamed over it (editors' "safe write"): serve must see both.
        if self.edits % 2:
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        else:
            with open(self.path, "w", encoding="utf-8") as f:
                f.write(text)

    def good_edit(self):
        self.edits += 1
        marker = f"LOAD-MARKER-{os.getpid()}-{self.edits}"
        self.write(self.original.rstrip("\n") + f"\n\n{marker}\n")
        self.last = marker

    def run(self):
        while not self.stop_at.is_set():
            if (self.edits + 1) % BROKEN_EVERY == 0:
                self.edits += 1
                self.broken += 1
                # An unclosed flow sequence: the YAML of the front matter does not parse.
                self.write(self.original.replace("---\n", "---\ntags: [unclosed\n", 1))
            else:
                self.good_edit()
            self.stop_at.wait(self.rng.uniform(0.2, 0.5))

    def final_edit(self):
        """One more good edit once the load is over; returns when it was written."""
        self.good_edit()
        return time.monotonic()


def run(args, wrk, work):
    root = copy_site(args, work)
    big = bytes(random.Random(10).getrandbits(8) for _ in range(1 << 16)) * (args.big_mib * 16)
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "big.bin").write_bytes(big)
    edited, edited_url, other_url = pick_pages(root, bundled=not args.corpus)
    server = Server.jieshui(args.jieshui, root, args.port)
    try:
        return load(args, wrk, work, root, server, edited, edited_url, other_url, big)
    finally:
        server.stop()


def load(args, wrk, work, root, server, edited, edited_url, other_url, big):
    base = server.wait_url(180)
    log(f"== serving {root} at {base}")
    wait_served(server, edited_url, timeout=180)

    section_url = edited_url.rstrip("/").rsplit("/", 1)[0] + "/"
    statics = sorted((p.name != "style.css", p.name) for p in root.glob("themes/*/static/*.css"))
    statics = [name for _, name in statics[:1]]
    candidates = ["/", edited_url, section_url, other_url] + ["/" + s for s in statics]
    urls = []
    for u in dict.fromkeys(candidates):
        code, _ = get(base + u)
        if code == 200:
            urls.append(u)
        else:
            log(f"note: {u} answers {code} before the load; left out")
    if edited_url not in urls:
        sys.exit(f"{edited_url} is not served")

    lua = work / "rotate.lua"
    lua.write_text(WRK_LUA % {"paths": ", ".join(json.dumps(u) for u in urls)})
    cmd = [wrk, f"-t{args.threads}", f"-c{args.clients}", f"-d{args.duration}s",
           "--timeout", args.timeout, "-s", str(lua), base + "/"]
    log("== " + " ".join(cmd[:-3] + ["rotate.lua", base + "/"]))
    log(f"   URLs: {' '.join(urls)}; editing {edited.relative_to(root)}")

    listeners = [Listener(base) for _ in range(args.listeners)]
    for listener in listeners:
        listener.start()
    rss = []  # (seconds since the load started, KiB)
    editor = Editor(edited)
    m = re.match(r"http://(\[[^\]]+\]|[^:/]+):(\d+)", base)
    host, port = m.group(1).strip("[]"), int(m.group(2))
    slow_stop = threading.Event()
    slowloris = [SlowHeaders(host, port, give_up=10 + args.slow_slack + 5)
                 for _ in range(args.slow_clients)]
    readers = [SlowReader(base + "/big.bin", slow_stop) for _ in range(args.slow_clients)]
    digest = hashlib.sha256(big).hexdigest()
    downloads = [BigDownload(base + "/big.bin", digest) for _ in range(args.big_parallel)]
    big_window = []  # (start, end) of the downloads, seconds since the load started
    range_ok = None
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    editor.start()
    for c in slowloris + readers:
        c.start()
    while proc.poll() is None:
        kib = server.rss_kib()
        if kib is not None:
            rss.append((time.monotonic() - t0, kib))
        if not big_window and time.monotonic() - t0 >= 10:
            big_window.append(time.monotonic() - t0)
            for d in downloads:
                d.start()
            range_ok = range_request(base + "/big.bin", big)
        if len(big_window) == 1 and not any(d.is_alive() for d in downloads):
            big_window.append(time.monotonic() - t0)
        time.sleep(1.0)
    wrk_out = proc.stdout.read()
    editor.stop_at.set()
    editor.join()
    slow_stop.set()
    for c in slowloris + readers + downloads:
        c.join(timeout=30)
    if len(big_window) == 1:
        big_window.append(time.monotonic() - t0)
    # The last edit comes right after the load, maybe while the previous edit's rebuild runs:
    # the page must show it within --fresh seconds (a lost change would leave it stale).
    t_last = editor.final_edit()
    last_marker = editor.last.encode()
    fresh_after = None
    while time.monotonic() - t_last < args.fresh:
        code, body = get(base + edited_url)
        if code == 200 and last_marker in body:
            fresh_after = time.monotonic() - t_last
            break
        time.sleep(0.05)
    status = get(base + "/__jieshui/status")
    build = "?"
    if status[0] == 200:
        try:
            build = json.loads(status[1]).get("build", "?")
        except ValueError:
            pass
    # Every open page must hear of the build now served (a lost wake-up would leave it stale).
    heard_by = time.monotonic() + 5
    while time.monotonic() < heard_by and any(li.last != build for li in listeners):
        time.sleep(0.05)
    heard = sum(1 for li in listeners if li.last == build)
    alive = server.alive()

    m = re.search(r"^RESULT (.*)$", wrk_out, re.M)
    if not m:
        log(wrk_out)
        sys.exit("wrk printed no result")
    r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
    seconds = r["duration_us"] / 1e6

    mib = [k / 1024 for _, k in rss]
    baseline = statistics.median([k / 1024 for t, k in rss if 3 <= t < 8.5] or mib[:1])
    end = statistics.median(mib[-5:])
    allowed = max(args.rss_slack, args.rss_ratio * baseline)
    growth = end - baseline
    in_window = [k / 1024 for t, k in rss
                 if big_window and big_window[0] <= t <= big_window[1] + 1]
    big_peak = max(in_window, default=baseline)
    big_allowed = args.big_mib
    closed = [c.closed_after for c in slowloris if c.closed_after is not None]
    slow_limit = 10 + args.slow_slack
    downloads_ok = sum(1 for d in downloads if d.ok)
    readers_read = sum(r.read for r in readers)

    checks = [
        ("no socket errors (connect/read/write/timeout)", socket_errors == 0,
         f"{r['connect']}/{r['read']}/{r['write']}/{r['timeout']}"),
        ("no non-2xx/3xx responses", r["status"] == 0, str(r["status"])),
        (f"last edit served within {args.fresh:.0f} s", fresh_after is not None,
         f"{fresh_after:.2f} s" if fresh_after is not None else "stale"),
        (f"RSS growth <= {allowed:.1f} MiB", growth <= allowed, f"{growth:+.1f} MiB"),
        ("every live-reload stream heard the last build", heard == len(listeners),
         f"{heard} of {len(listeners)}"),
        ("serve still running", alive, "yes" if alive else "no"),
        (f"slowloris connections closed by serve within {slow_limit:.0f} s",
         len(closed) == len(slowloris) and all(c <= slow_limit for c in closed),
         f"{len(closed)} of {len(slowloris)}, latest after {max(closed, default=0):.1f} s"),
        (f"{args.big_parallel} parallel downloads of the {args.big_mib} MiB file, every byte",
         downloads_ok == len(downloads), f"{downloads_ok} of {len(downloads)}"),
        ("Range request: 206 and the exact bytes", range_ok is True, str(range_ok)),
        (f"peak RSS during the downloads < baseline + {big_allowed} MiB (streamed)",
         big_peak - baseline < big_allowed, f"{big_peak - baseline:+.1f} MiB"),
        ("slow readers were answered", readers_read > 0, f"{readers_read} bytes read"),
    ]

    rows = [
        ("site", f"{'corpus ' + str(args.corpus) if args.corpus else 'bundled'} "
                 f"({sum(1 for _ in (root / 'content').rglob('*.md'))} Markdown files)"),
        ("load", f"wrk -t{args.threads} -c{args.clients} -d{args.duration}s "
                 f"--timeout {args.timeout}, {len(urls)} URLs"),
        ("requests", f"{r['requests']}"),
        ("requests/s", f"{r['requests'] / seconds:.0f}"),
        ("latency p50 / p90 / p99 / max",
         f"{ms(r['p50_us'])} / {ms(r['p90_us'])} / {ms(r['p99_us'])} / {ms(r['max_us'])} ms"),
        ("socket errors / non-2xx", f"{socket_errors} / {r['status']}"),
        ("edits (broken ones)", f"{editor.edits} ({editor.broken})"),
        ("rebuilds: good / failed", f"{server.good - 1} / {server.failed} "
                                    f"(+1 first build; status build = {build})"),
        ("last edit served after", f"{fresh_after:.2f} s" if fresh_after is not None
                                   else f"not within {args.fresh:.0f} s"),
        ("live-reload streams: events each (min-max)",
         f"{min((li.events for li in listeners), default=0)}-"
         f"{max((li.events for li in listeners), default=0)}, {heard} of {len(listeners)} "
         f"heard the last build"),
        ("slow clients: slowloris / slow readers", f"{len(slowloris)} / {len(readers)}"),
        ("big file downloads (window)",
         f"{downloads_ok} of {len(downloads)} x {args.big_mib} MiB, "
         f"{big_window[0]:.0f}-{big_window[1]:.0f} s, peak RSS {big_peak:.1f} MiB"
         if len(big_window) == 2 else "not run"),
        ("RSS start / baseline / peak / end",
         f"{mib[0]:.1f} / {baseline:.1f} / {max(mib):.1f} / {end:.1f} MiB"),
    ]
    width = max(len(k) for k, _ in rows)
    print("| figure" + " " * (width - 6) + " | value |")
    print("|" + "-" * (width + 2) + "|---|")
    for k, v in rows:
        print(f"| {k.ljust(width)} | {v} |")
    print()
    failed = [c for c in checks if not c[1]]
    for name, ok, value in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {value}")

    if args.json:
        Path(args.json).write_text(json.dumps({
            "wrk": r, "urls": urls, "edits": editor.edits, "broken_edits": editor.broken,
            "good_rebuilds": server.good - 1, "failed_rebuilds": server.failed,
            "fresh_after_s": fresh_after, "rss_kib": rss,
            "checks": {n: ok for n, ok, _ in checks},
        }, indent=1))
    if failed:
        log("serve's last lines:\n" + "".join(server.err[-20:]))
    return not failed


def ms(us):
    return f"{us / 1000:.1f}"


if __name__ == "__main__":
    main()
