"""Generate a corpus of N realistic policy documents from the five sample documents.

Each generated document is one of the samples rewritten for another region (its
province, city and counties from the gazetteer), with other numbers, other program
codes, other agencies' order and citations of other generated documents, so that the
number of distinct regions, agencies, programs and links grows with N as in a real
policy library.  Deterministic for a seed.

    python benchmarks/generate.py 1000 --out /tmp/corpus1k --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))

# Place names of the samples, replaced by the generated region's names.
_CITY_NAMES = ("忻州", "运城", "呼和浩特")
_PROVINCE_NAMES = ("山西", "内蒙古")
_NUMBER_RE = re.compile(r"(?<![\d〔.])(\d{1,4})(?=\s*(?:家|个|项|人|名|件|%|亿元))")
_CODE_RE = re.compile(r"“(\d{3,4})”")
_TITLE_RE = re.compile(r"《[^《》]{4,40}》")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]{1,6}\s*[〔\[]\s*((?:19|20)\d\d)\s*[〕\]]\s*\d+\s*号")


def _regions():
    from kg.lexicon.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    cities = [r for r in gaz.by_code.values() if r.level == "city" and r.name.endswith("市")]
    by_parent: dict[str, list] = {}
    for r in gaz.by_code.values():
        if r.level == "county" and r.parent:
            by_parent.setdefault(r.parent, []).append(r)
    return gaz, sorted(cities, key=lambda r: r.code), by_parent


_GENRE_END_RE = re.compile(r"(措施|方案|规划|重点工作|行动方案)(?=[(（》\n])")


def _revise_title(text: str, year: int) -> str:
    """Every title of the main document gets a revision year: 措施 → 措施（2023年修订）."""
    return _GENRE_END_RE.sub(lambda m: f"{m.group(1)}（{year}年修订）", text)


def _title_of(text: str) -> str:
    """The titles a build reads from the text (segmentation and document headers only:
    the identity of documents; no task or fact extraction, which would cost ~0.4 s)."""
    from kg.extract.document import read_header
    from kg.extract.facts import load_resources
    from kg.segment import segment

    gaz = load_resources().gaz
    return "|".join(sorted(read_header(s, gaz).title or "" for s in segment(text).segments))


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    gaz, cities, counties = _regions()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    out.mkdir(parents=True, exist_ok=True)
    titles: list[str] = []
    seen_titles: set[str] = set()
    last_revision: dict[str, int] = {}
    written = []
    for i in range(n):
        k = i % len(texts)
        text = texts[k]
        # each sample goes round the cities before a city gets the same sample twice;
        # later rounds are revisions of other years, with the year in the title
        round_, slot = divmod(i // len(texts), len(cities))
        city = cities[(slot * 7919 + k * 104729) % len(cities)]
        province = gaz.get(city.parent)
        cshort, pshort = city.short, province.short if province else "某"
        for name in _CITY_NAMES:
            text = text.replace(name, cshort)
        for name in _PROVINCE_NAMES:
            text = text.replace(name, pshort)
        # another year, other numbers, other program codes
        shift = rng.choice([0, 1, 2, 3, 4])
        text = re.sub(r"20(2\d)", lambda m, shift=shift: str(2000 + int(m.group(1)) + shift), text)
        text = _NUMBER_RE.sub(lambda m: str(max(1, int(int(m.group(1)) * rng.uniform(0.5, 2.0)))), text)
        # a document number of its own (same issuer prefix, another serial)
        numbers: dict[str, str] = {}
        text = DOC_NUMBER_RE.sub(
            lambda m, c=cshort[:1], i=i, nums=numbers: nums.setdefault(
                re.sub(r"\s", "", m.group(0)),
                f"{c}{rng.choice(['政发', '政办发', '科发'])}〔{m.group(1)}〕{i * 10 + len(nums) + 1}号",
            ),
            text,
        )
        codes: dict[str, str] = {}
        text = _CODE_RE.sub(
            lambda m, codes=codes: "“" + codes.setdefault(m.group(1), str(rng.randint(100, 9999))) + "”", text
        )
        # cite two earlier generated documents
        if titles:
            cited = "、".join(f"《{rng.choice(titles)}》" for _ in range(2))
            text = text.replace("。", f"。认真贯彻落实{cited}。", 1)
        if round_:
            text = _revise_title(text, 2020 + round_)
        # a province plan drawn again for another city of the same province is a revision
        key = _title_of(text)
        if key in seen_titles:
            # the next free revision year of this title (the ones below are all taken)
            revision = last_revision.get(key, 0)
            while True:
                revision += 1
                revised = _revise_title(text, 2030 + revision)
                revised_key = _title_of(revised)
                if revised_key not in seen_titles:
                    break
            last_revision[key] = revision
            text, key = revised, revised_key
        seen_titles.add(key)
        first = next((line.strip() for line in text.splitlines() if 6 <= len(line.strip()) <= 40), "")
        if first and "关于" not in first:
            titles.append(first.strip("《》"))
        path = out / f"{i:05d}_{SEEDS[k].stem[4:]}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    files = generate(args.n, args.out, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
