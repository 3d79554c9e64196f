"""Evaluation: score a build's RDF against hand-made gold files
(`../shared/gold/SCHEMA.md`, "How an export is scored against gold").

Per corpus file (matched by ``ont:sourceFile``), micro-averaged over files; texts
compared without spaces and punctuation; one-to-one matching, best pairs first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pyoxigraph as ox

from kg import patterns as P
from kg.errors import KgError
from kg.lexicon.gazetteer import Gazetteer, load_gazetteer

KINDS = (
    "doc.title", "doc.number", "doc.date", "doc.period", "doc.jurisdiction",
    "tasks", "agency.lead", "agency.support", "targets", "targets.year",
    "programs", "clusters", "cited", "parent_links",
)  # fmt: skip


@dataclass
class Score:
    tp: float = 0
    sys: float = 0
    gold: float = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.sys += other.sys
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.sys if self.sys else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    total: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    per_file: dict[str, dict[str, Score]] = field(default_factory=dict)


def norm(text: str | None) -> str:
    return P.comparable(text or "")


def similarity(a: str | None, b: str | None) -> float:
    x, y = norm(a), norm(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    if x in y or y in x:  # one inside the other: by how much of the longer it covers
        return min(len(x), len(y)) / max(len(x), len(y)) * 0.5 + 0.5
    return SequenceMatcher(None, x, y).ratio()


def match_pairs(sys_items: list, gold_items: list, sim, threshold: float) -> list[tuple[int, int]]:
    """One-to-one matching, best pairs first."""
    cands = []
    for i, s in enumerate(sys_items):
        for j, g in enumerate(gold_items):
            v = sim(s, g)
            if v >= threshold:
                cands.append((-v, i, j))
    cands.sort()
    used_s, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


# ---------------------------------------------------------------------------
# Agencies are compared as region stem + short form
# ---------------------------------------------------------------------------

_ZONE_SHORT = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"))


class AgencyReducer:
    def __init__(self, gaz: Gazetteer) -> None:
        from kg.lexicon.bodies import load_lexicon

        self.gaz = gaz
        pairs = {}
        for types in load_lexicon().local.values():
            for body in types:
                plain = [f for f in body.forms if "{" not in f]
                if plain:
                    pairs[body.canonical] = min(plain, key=len)
        self.full_to_short = sorted(pairs.items(), key=lambda x: -len(x[0]))

    def reduce(self, name: str, region_name: str | None) -> str:
        n = P.squeeze(name)
        n = n.removeprefix("中共")
        for suffix in ("管理委员会", "管委会"):
            n = n.removesuffix(suffix)
        stem = ""
        found = self.gaz.find_all(n[:12])
        if found and found[0].start == 0:
            stem = found[0].region.short
            n = n[found[0].end :]
        elif region_name:
            stem = P.strip_region_suffix(region_name)
        for level in ("自治区", "市", "省", "县", "区", "旗"):
            if n.startswith(level) and len(n) > len(level) + 1:
                n = n[len(level) :]
                break
        for full, short in _ZONE_SHORT:
            n = n.replace(full, short)
        for full, short in self.full_to_short:
            if n.endswith(full):
                n = n[: -len(full)] + short
                break
        return stem + norm(n)


# ---------------------------------------------------------------------------
# Reading the system's graph
# ---------------------------------------------------------------------------

_PREFIX = """PREFIX ont: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _rows(store: ox.Store, query: str) -> list[list[str | None]]:
    out = []
    for sol in store.query(_PREFIX + query):
        out.append([None if v is None else v.value for v in sol])
    return out


def load_store(exports: Path) -> ox.Store:
    from kg.query import open_store

    return open_store(exports)


@dataclass
class SysFile:
    docs: list[dict] = field(default_factory=list)
    tasks: dict[str, str] = field(default_factory=dict)  # task IRI → label
    agencies: dict[str, list[tuple[str, list[str]]]] = field(default_factory=lambda: defaultdict(list))
    targets: list[dict] = field(default_factory=list)
    programs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    clusters: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cited: dict[str, tuple[list[str], str | None]] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)


def read_system(store: ox.Store, reducer: AgencyReducer) -> dict[str, SysFile]:
    files: dict[str, SysFile] = defaultdict(SysFile)
    doc_file: dict[str, str] = {}
    for d, f, title, num, date, start, end, region in _rows(
        store,
        """SELECT DISTINCT ?d ?f ?t ?n ?date ?s ?e ?rl WHERE { ?d a ont:PolicyDocument ; ont:sourceFile ?f ; dcterms:title ?t .
        OPTIONAL { ?d ont:docNumber ?n } OPTIONAL { ?d dcterms:issued ?date }
        OPTIONAL { ?d ont:periodStart ?s ; ont:periodEnd ?e } OPTIONAL { ?d ont:jurisdiction/rdfs:label ?rl } }""",
    ):
        doc_file[d] = f
        period = (int(start), int(end)) if start and end else None
        files[f].docs.append({"title": title, "number": num, "date": date, "period": period, "jurisdiction": region})
    owner_file = dict(doc_file)
    for t, label, d in _rows(
        store, "SELECT DISTINCT ?t ?l ?d WHERE { ?t a ont:Task ; rdfs:label ?l ; ont:inDocument ?d }"
    ):
        if d in doc_file:
            files[doc_file[d]].tasks[t] = label
            owner_file[t] = doc_file[d]
    for role in ("lead", "support"):
        for t, a, region in _rows(
            store,
            f"SELECT DISTINCT ?t ?a ?r WHERE {{ ?t ont:{role}Agency ?a . OPTIONAL {{ ?a ont:jurisdiction/rdfs:label ?r }} }}",
        ):
            if t not in owner_file:
                continue
            labels = [x[0] for x in _rows(store, f"SELECT DISTINCT ?l WHERE {{ <{a}> rdfs:label|skos:altLabel ?l }}")]
            forms = sorted({reducer.reduce(x, region) for x in labels})
            files[owner_file[t]].agencies[role].append((t, forms))
    for owner, _tgt, value, unit, year, text in _rows(
        store,
        """SELECT DISTINCT ?o ?x ?v ?u ?y ?l WHERE { ?o ont:hasTarget ?x . OPTIONAL { ?x ont:value ?v }
        OPTIONAL { ?x ont:unit ?u } OPTIONAL { ?x ont:targetYear ?y } OPTIONAL { ?x rdfs:label ?l } }""",
    ):
        if owner in owner_file:
            files[owner_file[owner]].targets.append(
                {
                    "value": float(value) if value else None,
                    "unit": unit,
                    "year": int(year) if year else None,
                    "text": text,
                }
            )
    for prop, attr in (("mentionsProgram", "programs"), ("concernsCluster", "clusters")):
        for owner, ent, label in _rows(
            store, f"SELECT DISTINCT ?o ?e ?l WHERE {{ ?o ont:{prop} ?e . ?e rdfs:label|skos:altLabel ?l }}"
        ):
            if owner in owner_file:
                getattr(files[owner_file[owner]], attr)[ent].append(label)
    for owner, target, label, num in _rows(
        store,
        """SELECT DISTINCT ?o ?c ?l ?n WHERE { ?o ont:cites|ont:basedOn|ont:implements ?c .
        OPTIONAL { ?c dcterms:title|ont:citedTitle|rdfs:label ?l } OPTIONAL { ?c ont:docNumber ?n } }""",
    ):
        if owner in owner_file and doc_file.get(target) != owner_file[owner]:
            labels, n = files[owner_file[owner]].cited.get(target, ([], None))
            if label:
                labels.append(label)
            files[owner_file[owner]].cited[target] = (labels, n or num)
    for owner, label in _rows(
        store,
        """SELECT DISTINCT ?o ?l WHERE { ?o ont:implements|ont:basedOn ?p . ?p dcterms:title|ont:citedTitle|rdfs:label ?l }""",
    ):
        if owner in owner_file:
            files[owner_file[owner]].parents.append(label)
    return files


# ---------------------------------------------------------------------------
# Scoring one file
# ---------------------------------------------------------------------------


def score_file(gold: dict, sys: SysFile, reducer: AgencyReducer) -> dict[str, Score]:
    s = {k: Score() for k in KINDS}
    # documents: each gold document's title, number and date is found among the file's
    # documents; period and jurisdiction are the main document's
    docs = sys.docs
    for g in gold["documents"]:
        best = max((similarity(g["title"], d["title"]) for d in docs), default=0.0)
        s["doc.title"].add(Score(int(best >= 0.8), 1, 1))
        if g.get("doc_number"):
            s["doc.number"].add(Score(int(any(norm(d["number"]) == norm(g["doc_number"]) for d in docs)), 1, 1))
        if g.get("date"):
            s["doc.date"].add(Score(int(any((d["date"] or "")[:10] == g["date"] for d in docs)), 1, 1))
    main = next((d for d in gold["documents"] if d["key"] == "main"), gold["documents"][0])
    if main.get("period"):
        s["doc.period"] = Score(int(any(d["period"] == tuple(main["period"]) for d in docs)), 1, 1)
    if main.get("jurisdiction"):
        want = norm(main["jurisdiction"]).rstrip("市省")
        s["doc.jurisdiction"] = Score(int(any(norm(d["jurisdiction"]).rstrip("市省") == want for d in docs)), 1, 1)
    # tasks
    sys_tasks = list(sys.tasks.items())
    gtasks = gold["tasks"]
    tpairs = match_pairs(sys_tasks, gtasks, lambda a, b: similarity(a[1], b["title"]), 0.75)
    s["tasks"] = Score(len(tpairs), len(sys_tasks), len(gtasks))
    task_of_gold = {j: sys_tasks[i][0] for i, j in tpairs}
    region = next((d["jurisdiction"] for d in gold["documents"] if d["key"] == "main"), None)
    for role in ("lead", "support"):
        sc = Score(0, len(sys.agencies[role]), 0)
        by_task = defaultdict(list)
        for t, forms in sys.agencies[role]:
            by_task[t].append(forms)
        for j, g in enumerate(gtasks):
            wanted = [reducer.reduce(a["agency"], region) for a in g[role] if a["agency"]]
            sc.gold += len(wanted)
            have = list(by_task.get(task_of_gold.get(j, ""), []))
            for w in wanted:
                hit = next((h for h in have if w in h), None)
                if hit is not None:
                    have.remove(hit)
                    sc.tp += 1
        s[f"agency.{role}"] = sc
    # targets: value and unit must agree; pairs with the same year are made first, and a
    # gold target without a year accepts any
    gt = [t for t in gold["targets"] if t["value"] is not None]
    st = [t for t in sys.targets if t["value"] is not None]
    used: set[int] = set()
    done: set[int] = set()
    tp = year_ok = 0
    for need_year in (True, False):
        for j, g in enumerate(gt):
            if j in done:
                continue
            for i, t in enumerate(st):
                if i in used or not _same_value(t["value"], float(g["value"])) or norm(t["unit"]) != norm(g["unit"]):
                    continue
                ok = g.get("year") is None or t["year"] == int(g["year"])
                if need_year and not ok:
                    continue
                used.add(i)
                done.add(j)
                tp += 1
                year_ok += int(ok)
                break
    s["targets"] = Score(tp, len(st), len(gt))
    s["targets.year"] = Score(year_ok, tp, tp)
    # programs, clusters
    for kind, ents, golds in (
        ("programs", sys.programs, [[p["name"], *p["aliases"]] for p in gold["programs"]]),
        ("clusters", sys.clusters, [[c["name"]] for c in gold["clusters"]]),
    ):
        items = list(ents.values())
        pairs = match_pairs(items, golds, lambda a, b: max(similarity(x, y) for x in a for y in b), 0.8)
        s[kind] = Score(len(pairs), len(items), len(golds))
    # citations
    cited = list(sys.cited.values())

    def csim(a, b):
        labels, num = a
        if num and b["doc_number"] and norm(num) == norm(b["doc_number"]):
            return 1.0
        return max((similarity(x, b["title"]) for x in labels), default=0.0)

    cp = match_pairs(cited, gold["cited"], csim, 0.85)
    matched = {i for i, _ in cp}
    # a parent plan named without 《》 (a gold parent link) is not a false citation
    extra = sum(
        1
        for i, (labels, _) in enumerate(cited)
        if i not in matched
        and any(similarity(x, p["parent_title"]) >= 0.8 for x in labels for p in gold.get("parent_links", []))
    )
    s["cited"] = Score(len(cp), len(cited) - extra, len(gold["cited"]))
    # parent links: recall only
    found = sum(1 for p in gold["parent_links"] if any(similarity(x, p["parent_title"]) >= 0.8 for x in sys.parents))
    n = len(gold["parent_links"])
    s["parent_links"] = Score(found, found, n)
    return s


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate(gold_dir: Path, exports: Path, gaz: Gazetteer | None = None) -> EvalReport:
    gaz = gaz or load_gazetteer()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise KgError(f"no gold files (*.json) in {gold_dir}")
    reducer = AgencyReducer(gaz)
    system = read_system(load_store(exports), reducer)
    report = EvalReport()
    for path in gold_files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KgError(f"{path.name}: not a readable gold file ({exc})") from None
        scores = score_file(gold, system.get(gold["file"], SysFile()), reducer)
        report.per_file[gold["file"]] = scores
        for k, v in scores.items():
            report.total[k].add(v)
    return report
