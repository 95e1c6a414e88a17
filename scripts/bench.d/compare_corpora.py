#!/usr/bin/env python3
"""Compares the project's corpus generator (examples/gen_corpus.rs) with another one (the shared
gen_corpus.py the benchmarks used before): same structure, sizes and work?

For each size, generates both corpora (`ours` layout) on tmpfs and prints, for each: pages,
sections, data records, files and bytes of the site, bytes per page file (min / median / max),
mean Markdown body, internal links, tables, and `jieshui build` of it: output files and bytes,
median wall and CPU time of --runs builds (interleaved, each into a fresh folder, after one
untimed warm-up build each).

Usage:
    cargo build --release
    scripts/bench.d/compare_corpora.py --generator ../shared/bench/gen_corpus.py [--sizes 1000,10000] [--runs 5]

Standard library only.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUST_GEN = os.path.join(REPO, "target", "release", "examples", "gen_corpus")


def generate(gen, n, out):
    argv = [gen, str(n), "--out", out, "--layouts", "ours"]
    if gen.endswith(".py"):
        argv = [sys.executable] + argv
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "ours")


def stats(root):
    files, total = 0, 0
    pages, bodies = [], []
    links = tables = 0
    for d, _, names in os.walk(root):
        for name in names:
            p = os.path.join(d, name)
            size = os.path.getsize(p)
            files += 1
            total += size
            if name.endswith(".md") and name != "_index.md":
                pages.append(size)
                text = open(p, encoding="utf-8").read()
                body = text.split("\n---\n\n", 1)[1]
                bodies.append(len(body.encode()))
                links += len(re.findall(r"\]\(/[^)]*\)", body))
                tables += body.count("| --- |")
    sections = sum(1 for d, _, names in os.walk(os.path.join(root, "content"))
                   if "_index.md" in names and d != os.path.join(root, "content"))
    data = open(os.path.join(root, "data", "carrier_list.yaml"), encoding="utf-8").read()
    return {
        "pages": len(pages), "sections": sections, "records": data.count("\n- id: "),
        "files": files, "bytes": total,
        "page_min": min(pages), "page_median": statistics.median(pages), "page_max": max(pages),
        "body_mean": sum(bodies) / len(bodies), "links": links, "tables": tables,
    }


def build(binary, root, out):
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.monotonic()
    p = subprocess.Popen([binary, "build", "--root", root, "--output-dir", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=dict(os.environ, JIESHUI_LANG="en"))
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"jieshui build {root} failed:\n{err}")
    if re.search(r"^warning:", err, re.M):
        sys.exit(f"jieshui build {root} warned:\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def output_size(out):
    n = b = 0
    for d, _, names in os.walk(out):
        for name in names:
            n += 1
            b += os.path.getsize(os.path.join(d, name))
    return n, b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generator", required=True, help="the other generator (gen_corpus.py)")
    ap.add_argument("--ours", default=RUST_GEN, help=f"the project's generator (default {RUST_GEN})")
    ap.add_argument("--jieshui", default=os.path.join(REPO, "target", "release", "jieshui"))
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/dev/shm")
    a = ap.parse_args()
    gens = [("examples/gen_corpus.rs", os.path.abspath(a.ours)),
            (os.path.basename(a.generator), os.path.abspath(a.generator))]
    work = tempfile.mkdtemp(prefix="jieshui-compare-", dir=a.work)
    rows = []
    try:
        for n in [int(s) for s in a.sizes.split(",")]:
            res = {}
            for name, gen in gens:
                t0 = time.monotonic()
                root = generate(gen, n, os.path.join(work, f"{n}-{len(res)}"))
                res[name] = {"root": root, "gen_s": time.monotonic() - t0, **stats(root)}
            samples = {name: [] for name in res}
            for name, r in res.items():  # warm-up, and the output's size
                out = os.path.join(work, "out")
                build(a.jieshui, r["root"], out)
                r["out_files"], r["out_bytes"] = output_size(out)
            for _ in range(a.runs):
                for name, r in res.items():
                    samples[name].append(build(a.jieshui, r["root"], os.path.join(work, "out")))
            for name, r in res.items():
                s = samples[name]
                r["wall"] = statistics.median(x[0] for x in s)
                r["cpu"] = statistics.median(x[1] for x in s)
                r["rss"] = statistics.median(x[2] for x in s) / 1024
                rows.append((n, name, r))
                print(f"{n} {name}: wall {[round(x[0], 3) for x in s]}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"`ours` layout; jieshui build: median of {a.runs} runs on {a.work}, fresh output each\n")
    print("| pages | generator | gen. time | sections | records | files | bytes | page file min / median / max "
          "| mean body | links | tables | output files / bytes | build wall | build CPU | peak RSS |")
    print("|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|")
    for n, name, r in rows:
        print(f"| {r['pages']:,} | {name} | {r['gen_s']:.2f} s | {r['sections']} | {r['records']:,} "
              f"| {r['files']:,} | {r['bytes']:,} | {r['page_min']:,} / {r['page_median']:,.0f} / "
              f"{r['page_max']:,} | {r['body_mean']:,.0f} | {r['links']:,} | {r['tables']:,} "
              f"| {r['out_files']:,} / {r['out_bytes']:,} | {r['wall'] * 1000:.0f} ms "
              f"| {r['cpu'] * 1000:.0f} ms | {r['rss']:.0f} MiB |")


if __name__ == "__main__":
    main()
