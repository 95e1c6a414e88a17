#!/usr/bin/env python3
"""Function-level costs from a callgrind profile, inlined code folded into its function.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        target/release/jieshui build --root CORPUS/ours --output-dir /dev/shm/x
    scripts/bench.d/callgrind_top.py /tmp/cg.out [--top 40] [--match jieshui::] [--callers from_utf8]

Prints the top functions by inclusive cost (self + callees, recursive calls of a function to
itself not counted twice) and by self cost, as % of the program's total instructions.
rayon/std plumbing frames, whose inclusive cost is the whole parallel section, are hidden
unless --all. --callers NAME lists who calls functions whose name contains NAME, with the
inclusive cost of those calls. Standard library only.
"""
import argparse
import collections
import re

PLUMBING = re.compile(r"^(rayon|rayon_core|std::|core::ops::function|<std::|__rust|start_thread|"
                      r"<rayon|<core::iter::adapters|core::iter::adapters|<alloc::boxed::Box<F|"
                      r"\(below main\)|_start|__libc_start|main$|<core::ops::function|"
                      r"<F as |<std::thread|core::ops::function::FnOnce)")


def parse(path):
    names = {}
    self_cost = collections.Counter()
    incl_calls = collections.Counter()
    edges = collections.Counter()
    total = 0
    events = None
    fn = None
    callee = None
    in_call = False
    rx = re.compile(r"^(fn|cfn|cfi|cfl|fl|fi|fe|ob|cob)=(?:\((\d+)\))?\s*(.*)$")
    with open(path, errors="replace") as f:
        for line in f:
            if in_call:
                in_call = False
                parts = line.split()
                c = int(parts[1]) if len(parts) > 1 else 0
                if callee != fn:
                    incl_calls[fn] += c
                edges[(fn, callee)] += c
                continue
            if not line or line[0] == "#":
                continue
            ch = line[0]
            if ch.isdigit() or ch in "+-*":
                parts = line.split()
                if len(parts) > 1 and fn is not None:
                    self_cost[fn] += int(parts[1])
                continue
            if line.startswith("events:"):
                events = line.split()[1:]
                continue
            if line.startswith("summary:") or line.startswith("totals:"):
                total = max(total, int(line.split()[1]))
                continue
            if line.startswith("calls="):
                in_call = True
                continue
            m = rx.match(line.rstrip("\n"))
            if not m:
                continue
            kind, ident, name = m.groups()
            if kind in ("fn", "cfn"):
                if ident is not None:
                    if name:
                        names[ident] = name
                    name = names.get(ident, ident)
                if kind == "fn":
                    fn = name
                else:
                    callee = name
    if not total:
        total = sum(self_cost.values())
    return events, total, self_cost, incl_calls, edges


def short(name, width):
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    name = name.replace("core::iter::traits::iterator::Iterator>::next", "Iterator>::next")
    return name if len(name) <= width else name[: width - 1] + "…"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--match", default="", help="only functions whose name contains this")
    ap.add_argument("--all", action="store_true", help="also show rayon/std plumbing frames")
    ap.add_argument("--callers", metavar="NAME", help="who calls functions matching NAME")
    ap.add_argument("--width", type=int, default=110)
    a = ap.parse_args()
    events, total, self_cost, incl_calls, edges = parse(a.file)
    fns = set(self_cost) | set(incl_calls)
    incl = {f: self_cost[f] + incl_calls[f] for f in fns}
    pct = lambda c: 100.0 * c / total if total else 0.0
    print(f"{a.file}: {total:,} {events[0] if events else 'Ir'} in total\n")
    if a.callers:
        rows = collections.Counter()
        for (caller, callee), c in edges.items():
            if a.callers in (callee or ""):
                rows[(caller, callee)] += c
        print(f"| incl. % | calls cost | caller → callee (matching {a.callers!r}) |\n|---:|---:|---|")
        for (caller, callee), c in rows.most_common(a.top):
            print(f"| {pct(c):5.2f} | {c:,} | {short(caller or '?', a.width)} → {short(callee, 50)} |")
        return
    keep = lambda f: (a.all or not PLUMBING.match(f)) and a.match in f
    print("Inclusive (self + callees):\n")
    print("| incl. % | self % | function |\n|---:|---:|---|")
    for f in sorted((f for f in fns if keep(f)), key=lambda f: -incl[f])[: a.top]:
        print(f"| {pct(incl[f]):5.1f} | {pct(self_cost[f]):5.1f} | {short(f, a.width)} |")
    print("\nSelf (exclusive):\n")
    print("| self % | function |\n|---:|---|")
    for f, c in self_cost.most_common():
        if a.match in f:
            print(f"| {pct(c):5.2f} | {short(f, a.width)} |")
            a.top -= 1
            if a.top <= 0:
                break


if __name__ == "__main__":
    main()
