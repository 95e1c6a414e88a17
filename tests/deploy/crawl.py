#!/usr/bin/env python3
"""Crawl a jieshui site served under a subpath and check what a deployer needs.

    crawl.py --base http://127.0.0.1:PORT/jieshui/ --site-dir DIR

Starting from the home page (and sitemap.xml, robots.txt, 404.html), follows every href, src,
srcset, meta-refresh URL, sitemap <loc> and CSS url() that points at the base's host, and checks:

- every internal URL is under the subpath and answers 200 with the bytes of the built file;
- every file of the built site (hidden files aside) is served with 200;
- text types are sent with charset=utf-8, HTML is gzip-compressed on request, HTML is
  revalidated (Cache-Control: no-cache) and images are cached;
- a missing page answers 404 with the site's own 404.html;
- /jieshui and a section folder without its final slash redirect to the slashed path.

Prints one line per failure and, last, `N passed, M failed`; exits 1 on any failure.
Python standard library only.
"""

import argparse
import gzip
import http.client
import os
import re
import sys
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, unquote

TEXT_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/xml",
    "text/calendar",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico")


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.urls.append(a[key])
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.urls.append(part.strip().split()[0])
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url\s*=\s*['\"]?([^'\"]+)", a.get("content") or "", re.I)
            if m:
                self.urls.append(m.group(1).strip())


class Crawler:
    def __init__(self, base, site_dir):
        self.base = base
        parts = urlsplit(base)
        self.host = parts.hostname
        self.port = parts.port or 80
        self.prefix = parts.path  # e.g. /jieshui/
        self.site_dir = site_dir
        self.passed = 0
        self.failed = 0

    # ---- reporting ----
    def ok(self):
        self.passed += 1

    def fail(self, what, why):
        self.failed += 1
        print(f"FAIL {what}: {why}")

    # ---- HTTP ----
    def get(self, path, gzip_ok=False):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = {"Accept-Encoding": "gzip" if gzip_ok else "identity"}
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        body = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        return r.status, hdrs, body

    # ---- mapping a URL path to the built file ----
    def file_for(self, path):
        rel = unquote(path[len(self.prefix):])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return os.path.join(self.site_dir, *rel.split("/"))

    def internal(self, url):
        """The path of an internal URL, or None for another host / scheme."""
        u = urlsplit(url)
        if u.scheme not in ("http", "https"):
            return None
        if u.hostname != self.host or (u.port or 80) != self.port:
            return None
        return u.path + (("?" + u.query) if u.query else "")

    # ---- the checks ----
    def check_page(self, path):
        """GET one internal URL; returns (content type, body) when it passed, else None."""
        status, hdrs, body = self.get(path)
        if status != 200:
            self.fail(path, f"status {status}")
            return None
        ctype = hdrs.get("content-type", "")
        mime = ctype.split(";")[0].strip()
        problems = []
        if mime in TEXT_TYPES and "charset=utf-8" not in ctype.lower():
            problems.append(f"Content-Type `{ctype}` has no charset=utf-8")
        want = self.file_for(path.split("?")[0])
        if not os.path.isfile(want):
            problems.append(f"no built file {os.path.relpath(want, self.site_dir)}")
        else:
            with open(want, "rb") as f:
                if f.read() != body:
                    problems.append(f"body differs from {os.path.relpath(want, self.site_dir)}")
        if problems:
            self.fail(path, "; ".join(problems))
            return None
        self.ok()
        return mime, body

    def links_in(self, page_url, mime, body):
        text = body.decode("utf-8", "replace")
        found = []
        if mime == "text/html":
            p = Links()
            p.feed(text)
            found = p.urls
        elif mime in ("text/xml", "application/xml", "application/atom+xml"):
            found = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)
            found += re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", text)
        elif mime == "text/css":
            found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text)
        elif mime == "text/plain":
            found = re.findall(r"(?im)^sitemap:\s*(\S+)", text)
        out = []
        for raw in found:
            raw = raw.strip()
            if not raw or raw.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                continue
            out.append(urljoin(page_url, raw).split("#")[0])
        return out

    def crawl(self):
        seen = set()
        queue = deque()

        def push(url, source):
            path = self.internal(url)
            if path is None:
                return
            if not path.startswith(self.prefix):
                key = ("escape", path)
                if key not in seen:
                    seen.add(key)
                    self.fail(path, f"link from {source} leaves the subpath {self.prefix}")
                return
            if path not in seen:
                seen.add(path)
                queue.append((path, source))

        for extra in ("", "sitemap.xml", "robots.txt", "404.html"):
            push(self.base + extra, "start")
        while queue:
            path, source = queue.popleft()
            got = self.check_page(path)
            if got is None:
                print(f"     (linked from {source})")
                continue
            mime, body = got
            here = f"http://{self.host}:{self.port}{path}"
            for url in self.links_in(here, mime, body):
                push(url, path)
        crawled = {p for p in seen if isinstance(p, str)}

        # Every built file is served, also those only scripts load (the search index).
        files = 0
        for dirpath, dirnames, filenames in os.walk(self.site_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), self.site_dir)
                url_path = self.prefix + rel.replace(os.sep, "/")
                files += 1
                alt = url_path[: -len("index.html")] if url_path.endswith("index.html") else None
                if url_path in crawled or (alt is not None and alt in crawled):
                    continue
                self.check_page(url_path)
        return crawled, files

    def check_404(self):
        with open(os.path.join(self.site_dir, "404.html"), "rb") as f:
            page = f.read()
        for path in (self.prefix + "no-such-page/", self.prefix + "no/such/file.css"):
            status, hdrs, body = self.get(path)
            if status == 404 and body == page:
                self.ok()
            else:
                same = "the site's 404.html" if body == page else "another body"
                self.fail(path, f"want 404 with the site's 404.html, got {status} with {same}")

    def check_redirect(self, path, want):
        status, hdrs, _ = self.get(path)
        loc = hdrs.get("location", "")
        if status in (301, 302, 308) and urlsplit(loc).path == want:
            self.ok()
        else:
            self.fail(path, f"want a redirect to {want}, got {status} Location `{loc}`")

    def check_headers(self, crawled):
        # gzip for HTML on request, and the same bytes once decompressed
        status, hdrs, body = self.get(self.prefix, gzip_ok=True)
        _, _, plain = self.get(self.prefix)
        if status == 200 and hdrs.get("content-encoding") == "gzip" and gzip.decompress(body) == plain:
            self.ok()
        else:
            self.fail(self.prefix, f"gzip: status {status}, Content-Encoding `{hdrs.get('content-encoding')}`")
        # HTML is revalidated, not cached blindly
        cc = hdrs.get("cache-control", "")
        if "no-cache" in cc:
            self.ok()
        else:
            self.fail(self.prefix, f"HTML Cache-Control `{cc}`, want no-cache")
        # images are cached
        images = sorted(p for p in crawled if p.lower().endswith(IMAGE_EXT))
        if images:
            status, hdrs, _ = self.get(images[0])
            cc = hdrs.get("cache-control", "")
            if "max-age=" in cc:
                self.ok()
            else:
                self.fail(images[0], f"image Cache-Control `{cc}`, want max-age")
        # calendar and feed types
        # (nginx's mime.types sends any *.xml as text/xml, which feed readers accept.)
        for name, want in (("events.ics", ("text/calendar",)),
                           ("campaigns/atom.xml", ("application/atom+xml", "text/xml"))):
            if not os.path.isfile(os.path.join(self.site_dir, *name.split("/"))):
                continue
            status, hdrs, _ = self.get(self.prefix + name)
            ctype = hdrs.get("content-type", "")
            if status == 200 and ctype.lower().replace(" ", "") in [f"{w};charset=utf-8" for w in want]:
                self.ok()
            else:
                self.fail(self.prefix + name,
                          f"status {status}, Content-Type `{ctype}`, want {' or '.join(want)}; charset=utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the site's address, ending in /")
    ap.add_argument("--site-dir", required=True, help="the built site served there")
    args = ap.parse_args()
    if not args.base.endswith("/"):
        ap.error("--base must end in /")
    c = Crawler(args.base, args.site_dir)
    crawled, files = c.crawl()
    c.check_404()
    c.check_redirect(c.prefix.rstrip("/"), c.prefix)
    sections = sorted(p for p in crawled if p.count("/") == 3 and p.endswith("/") and p != c.prefix)
    if sections:
        c.check_redirect(sections[0].rstrip("/"), sections[0])
    c.check_headers(crawled)
    print(f"crawled {len(crawled)} internal URLs; the site has {files} files")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
