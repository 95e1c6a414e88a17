"""What the serve tests of this folder share (serve_load.py, serve_latency.py).

  * the repository and its release binaries: `cargo_build`, `need_binary`;
  * the site under test, copied or generated into a temporary folder on tmpfs: `work_dir`,
    `copy_bundled` (the bundled site), `generate_corpus` (the project's generator,
    examples/gen_corpus.rs, or another one of the same command line);
  * the pages a test can edit and fetch: `content_pages` (file and URL path of each);
  * a server process: `Server` starts `jieshui serve` (or any command, e.g. `zola serve`),
    drains its output, reads the URL (host and port) it prints, counts jieshui's build lines,
    reads its RSS, and stops it; `wait_served` polls a path until it answers 200;
  * `get`: one HTTP GET that reports failures as status 0 instead of raising.

Installs nothing: what the tests need (wrk) is installed by .ci/run. Standard library only.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
JIESHUI = REPO / "target" / "release" / "jieshui"
GEN_BINARY = REPO / "target" / "release" / "examples" / "gen_corpus"
SITE_PARTS = ["site.yaml", "content", "data", "themes", "templates", "static"]
DEFAULT_WORK = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The URL a server prints: http://HOST:PORT (an IPv6 host in brackets).
URL_RE = re.compile(r"http://([\w.\-]+|\[[0-9A-Fa-f:.]+\]):(\d+)")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ binaries and sites

def cargo_build(*targets):
    """`cargo build --release --quiet [targets]` in the repository (a no-op when up to date)."""
    log("== cargo build --release " + " ".join(targets))
    subprocess.run(["cargo", "build", "--release", "--quiet", *targets], cwd=REPO, check=True)


def need_binary(path, how="cargo build --release"):
    if not os.access(path, os.X_OK):
        sys.exit(f"no executable at {path}: run `{how}` first")


def work_dir(prefix, parent=DEFAULT_WORK):
    """A new temporary folder (on tmpfs by default); the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def copy_bundled(dest):
    """Copies the bundled site of the repository into `dest` (created); returns `dest`."""
    dest = Path(dest)
    dest.mkdir(parents=True)
    for part in SITE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, symlinks=True)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


def generate_corpus(n, out, layouts=("ours",), generator=None):
    """The n-page benchmark corpus in `out`/<layout> for each layout; returns `out`.
    `generator`: None for the project's (target/release/examples/gen_corpus, see
    `cargo_build("--example", "gen_corpus")`), else a path (a .py file runs with this Python)."""
    if generator is None:
        need_binary(GEN_BINARY, "cargo build --release --example gen_corpus")
        argv = [str(GEN_BINARY)]
    else:
        generator = os.path.abspath(generator)
        argv = [sys.executable, generator] if generator.endswith(".py") else [generator]
    log(f"== generating the {n}-page corpus ({','.join(layouts)})")
    subprocess.run(argv + [str(n), "--out", str(out), "--layouts", ",".join(layouts)],
                   check=True, stdout=subprocess.DEVNULL)
    return Path(out)


def content_pages(root):
    """(file, URL path) of every page of `root`/content whose URL follows from its file name:
    no section index, an ASCII path, and no slug, draft, aliases, template or path key."""
    pages = []
    content = Path(root) / "content"
    for f in sorted(content.rglob("*.md")):
        rel = f.relative_to(content)
        if f.name == "_index.md" or not str(rel).isascii():
            continue
        head = f.read_text(encoding="utf-8").split("\n---", 1)[0]
        if re.search(r"^(slug|draft|aliases|template|path):", head, re.M):
            continue
        stem = rel.parent if f.name == "index.md" else rel.with_suffix("")
        pages.append((f, "/" + stem.as_posix() + "/"))
    return pages


# ------------------------------------------------------------------ HTTP

def get(url, timeout=10):
    """(status, body) of GET url; status 0 when no answer came (refused, reset, timeout)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url), timeout=timeout) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


# ------------------------------------------------------------------ the server

class Server:
    """A serve process. Both output streams are drained in the background (kept in `out` and
    `err`); the first http://HOST:PORT printed on stdout gives `url`, `host` and `port` (stderr
    may quote the site's own text, links included).
    On stderr, jieshui's `built …` and `build failed: …` lines are counted (`good`, `failed`);
    `jieshui()` runs it in English so that they can be."""

    def __init__(self, cmd, cwd=None, env=None):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, errors="replace")
        self.url = self.host = self.port = None
        self.ready = threading.Event()
        self.out, self.err = [], []
        self.good = self.failed = 0
        self._open = 2
        self._lock = threading.Lock()
        threading.Thread(target=self._drain, args=(self.proc.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.proc.stderr, self.err), daemon=True).start()

    @classmethod
    def jieshui(cls, binary, root, port=0):
        """`jieshui serve --root ROOT --port PORT` (0: any free port; else the first to try)."""
        env = dict(os.environ, JIESHUI_LANG="en")
        return cls([str(binary), "serve", "--root", str(root), "--port", str(port)], env=env)

    def _drain(self, stream, lines):
        for line in stream:
            lines.append(line)
            if stream is self.proc.stderr:
                if line.startswith("built "):
                    self.good += 1
                elif line.startswith("build failed:"):
                    self.failed += 1
                continue
            m = URL_RE.search(line)
            if m and self.url is None:
                self.host, self.port = m.group(1).strip("[]"), int(m.group(2))
                self.url = f"http://{m.group(1)}:{self.port}"
                self.ready.set()
        with self._lock:
            self._open -= 1
            if self._open == 0:
                self.ready.set()  # exited without a URL

    def output(self, last=None):
        """Everything it printed (stdout, then stderr), or the last `last` lines of each."""
        return "".join(self.out[-last:] if last else self.out) + \
            "".join(self.err[-last:] if last else self.err)

    def wait_url(self, timeout=180):
        """The base URL, once printed; exits the test when none comes."""
        if not self.ready.wait(timeout) or self.url is None:
            sys.exit(f"the server printed no URL within {timeout:.0f} s:\n" + self.output())
        return self.url

    def alive(self):
        return self.proc.poll() is None

    def rss_kib(self):
        """Its resident memory now (VmRSS of /proc/PID/status), in KiB; None once gone."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_served(server, path, fetch=None, timeout=180, poll=0.1):
    """Polls `path` until it answers 200; exits the test when the server dies or the time is
    up. `fetch(path) -> (status, body)` defaults to a GET of server.url + path."""
    fetch = fetch or (lambda p: get(server.url + p))
    deadline = time.monotonic() + timeout
    while fetch(path)[0] != 200:
        if time.monotonic() > deadline or not server.alive():
            sys.exit(f"{path} never served:\n" + server.output(30))
        time.sleep(poll)
