#!/usr/bin/env python3
"""Compare jieshui's automatic pinyin with a second, independent source: 汉典 (zdic.net) word
readings as packaged by pypinyin-dict (`zdic_cibs`). Not a CI gate: a measurement, run by hand.

    pip install pypinyin-dict           # brings pypinyin too
    cargo build
    scripts/pinyin-compare.py [--jieshui target/debug/jieshui] [--count 400] [--seed 20]

Words are drawn from jieshui's word list (third_party/cc-cedict/pinyin-words.txt): half with a
轻声 syllable, half with a 多音字 (a character with two or more toned readings), all also in
汉典's list, plus the words pupils meet first (爸爸, 东西, 告诉…). Each word is put on a page
with `pinyin: true`, the page built with jieshui, and the ruby read back, so what is compared is
what a pupil sees. 一 and 不 are compared in citation tone on both sides (汉典 prints some tone
changes, jieshui all; the tone change has its own unit tests).

It prints the counts, the disagreement rate, and examples of each kind of disagreement:
  neutral  the same syllables, one side 轻声 where the other has a full tone (衣服 yī fu / yī fú)
  reading  another syllable or tone (便宜 pián yi / biàn yí)
"""

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "third_party/cc-cedict/pinyin-words.txt"

PUPIL_WORDS = (
    "爸爸 妈妈 哥哥 姐姐 弟弟 妹妹 爷爷 奶奶 衣服 时候 告诉 东西 地方 朋友 桌子 椅子 "
    "我们 你们 他们 什么 怎么 这么 那么 喜欢 漂亮 明白 意思 月亮 太阳 石头 豆腐 眼睛 "
    "耳朵 尾巴 头发 萝卜 葡萄 先生 知道 休息 关系 学生 事情 清楚 认识 便宜 舒服 暖和 "
    "热闹 高兴 干净 厉害 故事 窗户 衣裳 脑袋 嘴巴 尾巴 燕子 影子 尺子 本子 早上 晚上 "
    "银行 行动 长江 增长 重要 重新 还是 快乐 音乐 睡觉 觉得 调查 空调 宣传 处理 到处 "
    "少年 多少 爱好 种子 种树 当然 上当 数学 教室 教书 方便 干旱 干部 节水 用水"
).split()

MARKS = {
    "ā": "a", "á": "a", "ǎ": "a", "à": "a", "ē": "e", "é": "e", "ě": "e", "è": "e",
    "ī": "i", "í": "i", "ǐ": "i", "ì": "i", "ō": "o", "ó": "o", "ǒ": "o", "ò": "o",
    "ū": "u", "ú": "u", "ǔ": "u", "ù": "u", "ǖ": "ü", "ǘ": "ü", "ǚ": "ü", "ǜ": "ü",
}


def toneless(s):
    return "".join(MARKS.get(c, c) for c in s)


def neutral(s):
    return toneless(s) == s


def citation(word, syllables):
    """一 and 不 in citation tone, as the word list keeps them."""
    out = []
    for c, s in zip(word, syllables):
        if c == "一" and toneless(s) == "yi":
            s = "yī"
        elif c == "不" and toneless(s) == "bu" and not neutral(s):
            s = "bù"
        out.append(s)
    return tuple(out)


def load_zdic():
    try:
        from pypinyin_dict.phrase_pinyin_data import zdic_cibs
    except ImportError:
        sys.exit("needs pypinyin-dict: pip install pypinyin-dict")
    return zdic_cibs.phrases_dict


def heteronym(c, pinyin_dict):
    readings = pinyin_dict.get(ord(c), "").split(",")
    return len({r for r in readings if r and not neutral(r)}) > 1


def pick_words(zdic, count, seed):
    from pypinyin.pinyin_dict import pinyin_dict

    ours = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        word, _, reading = line.partition(" ")
        if 2 <= len(word) <= 4 and word in zdic:
            ours.append((word, reading))
    light = sorted(w for w, r in ours if r and any(neutral(s) for s in r.split()))
    poly = sorted(
        w for w, r in ours
        if w not in set(light) and any(heteronym(c, pinyin_dict) for c in w)
    )
    rng = random.Random(seed)
    half = count // 2
    chosen = {w: "轻声" for w in rng.sample(light, min(half, len(light)))}
    for w in rng.sample(poly, min(half, len(poly))):
        chosen.setdefault(w, "多音字")
    for w in PUPIL_WORDS:
        if w in zdic:
            chosen[w] = "pupil"
    return chosen, len(light), len(poly)


def jieshui_readings(binary, words):
    """Each word on its own paragraph of a pinyin page, built; the ruby read back."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "site.yaml").write_text(
            "title: t\nbase_url: https://example.org/\nsearch: false\nsitemap: false\n",
            encoding="utf-8",
        )
        (root / "content/_index.md").write_text("---\ntitle: t\n---\n", encoding="utf-8")
        body = "\n\n".join(words)
        (root / "content/w.md").write_text(
            f"---\ntitle: w\npinyin: true\n---\n{body}\n", encoding="utf-8"
        )
        subprocess.run(
            [binary, "build", "--root", str(root), "--output-dir", str(root / "out")],
            check=True, capture_output=True,
        )
        html = (root / "out/w/index.html").read_text(encoding="utf-8")
    paras = re.findall(r"<p>(.*?)</p>", html, re.S)
    got = {}
    for w, p in zip(words, paras):
        rts = re.findall(r"<rt>([^<]*)</rt>", p)
        got[w] = tuple(rts[: len(w)])
    return got


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieshui", default=str(ROOT / "target/debug/jieshui"))
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--examples", type=int, default=12)
    args = ap.parse_args()

    zdic = load_zdic()
    groups, n_light, n_poly = pick_words(zdic, args.count, args.seed)
    words = list(groups)
    got = jieshui_readings(args.jieshui, words)
    agree, kinds = 0, {"neutral": [], "reading": []}
    by_group = {}
    for w in words:
        g = by_group.setdefault(groups[w], [0, 0, 0])
        g[0] += 1
        ours = citation(w, got[w])
        theirs = [citation(w, [s[0] for s in r]) for r in [zdic[w]]]
        if any(ours == t for t in theirs):
            agree += 1
            continue
        g[1] += 1
        t = theirs[0]
        same_syllables = [toneless(a) for a in ours] == [toneless(b) for b in t]
        only_neutral = same_syllables and all(
            a == b or neutral(a) or neutral(b) for a, b in zip(ours, t)
        )
        g[2] += 0 if only_neutral else 1
        kinds["neutral" if only_neutral else "reading"].append(
            f"{w}: jieshui {' '.join(got[w])} / 汉典 {' '.join(t)}"
        )
    total = len(words)
    differ = total - agree
    print(f"words compared: {total} (drawn from {n_light} with 轻声 and {n_poly} with 多音字 "
          f"in both lists, seed {args.seed}, plus pupil words)")
    print(f"agree: {agree} ({agree / total:.1%})   disagree: {differ} ({differ / total:.1%})")
    print(f"  only 轻声 against a full tone: {len(kinds['neutral'])} "
          f"({len(kinds['neutral']) / total:.1%})")
    print(f"  another syllable or tone:     {len(kinds['reading'])} "
          f"({len(kinds['reading']) / total:.1%})")
    for name, (n, d, r) in by_group.items():
        print(f"  {name}: {n} words, {d} disagree ({d / n:.1%}), {r} on another syllable or tone")
    for kind, rows in kinds.items():
        print(f"\nexamples ({kind}):")
        for row in rows[: args.examples]:
            print("  " + row)


if __name__ == "__main__":
    main()
