"""Metamorphic tests of targets: every target of the bundled corpus, its sentence rewritten
in equivalent forms (unit spacing, full-width digits, Chinese numerals, deadline
phrasing), must give the same value, unit and year as the sentence as written."""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import ROOT, extract_text

from kg.extract.targets import extract_targets
from kg.numerals import cn_to_int

CN = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1..99 in Chinese numerals (12 → 十二, 30 → 三十)."""
    tens, ones = divmod(n, 10)
    out = ("" if tens == 1 else CN[tens]) + "十" if tens else ""
    return out + (CN[ones] if ones or not tens else "")


def test_chinese_numerals_helper():
    for n in range(1, 100):
        assert cn_to_int(chinese(n)) == n


#: Equivalent rewritings of a sentence: (name, function). Each applies to the targets'
#: own quantities and deadlines only, so what changes is the form, not the fact.
def spaced_units(s: str) -> str:
    return re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)(?=[个家项名所座件亿万%])", r"\1 ", s)


def full_width(s: str) -> str:
    return re.sub(
        r"(?<![\d.年])\d+(?![\d.年月])",
        lambda m: m.group(0).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        s,
    )


def chinese_counts(s: str) -> str:
    # 5个 → 五个, 30家 → 三十家: small whole counts before a classifier, never a year
    return re.sub(r"(?<![\d.年])([1-9]\d?)(?=[个家项所座])", lambda m: chinese(int(m.group(1))), s)


def year_end(s: str) -> str:
    # 到2025年， → 2025年底前，
    return re.sub(r"(?:力争)?到((?:19|20)\d\d)年(?:底)?([，,])", r"\1年底前\2", s)


def strive_by(s: str) -> str:
    # 到2025年 → 力争到2025年底
    return re.sub(r"(?<!力争)到((?:19|20)\d\d)年(?![底末])", r"力争到\1年底", s)


REWRITES = [spaced_units, full_width, chinese_counts, year_end, strive_by]


@cache
def corpus_targets() -> list[tuple[str, tuple[int, int] | None, int | None]]:
    """(sentence, period, document year) of every target read from the bundled corpus."""
    out = []
    for path in sorted((ROOT / "corpus").iterdir()):
        result = extract_text(path.read_text(encoding="utf-8"), path.name)
        for doc in result.documents:
            year = int(doc.date[:4]) if doc.date else None
            for facts in [t.facts for t in doc.tasks] + [doc.facts]:
                for t in facts.targets:
                    out.append((t.evidence, doc.period, year))
    return sorted(set(out), key=lambda x: (x[0], str(x[1]), str(x[2])))


def read(sentence: str, period, year) -> list[tuple]:
    targets, _ = extract_targets(sentence, 0, period, 0, year)
    return sorted((round(t.value or 0, 6), t.value_max, t.unit, t.year) for t in targets)


def test_the_corpus_has_targets_to_rewrite():
    assert len(corpus_targets()) >= 30


@pytest.mark.parametrize("rewrite", REWRITES, ids=lambda f: f.__name__)
def test_equivalent_forms_of_every_corpus_target(rewrite):
    changed = 0
    failures = []
    for sentence, period, year in corpus_targets():
        other = rewrite(sentence)
        if other == sentence:
            continue
        changed += 1
        want, got = read(sentence, period, year), read(other, period, year)
        if want != got:
            failures.append((sentence, other, want, got))
    assert changed >= 5, "the rewrite applies to some targets"
    assert not failures, "\n".join(f"{a}\n{b}\n  {w}\n  {g}" for a, b, w, g in failures[:5])
