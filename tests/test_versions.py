"""Documents that share a title or number but not their words are versions, kept apart
(kg.resolve): the same document copied twice is one node; a revision with other figures
or another date is another node, dcterms:isVersionOf the current one, which
dcterms:replaces it when the dates say so; the build says which won."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from conftest import ROOT, build_files

from kg.cli import main
from kg.query import open_store, run

SAMPLE = next((ROOT / "corpus").glob("003_*.txt"))


def _build(tmp_path, files: dict[str, str]):
    return build_files(tmp_path, files, "--no-cache")


def _rows(out, q):
    return sorted(tuple(t.value for t in row) for row in run(open_store(out), q))


def test_a_copy_is_one_document_and_a_revision_another(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    revised = text.replace("2021年2月3日", "2022年2月3日")
    assert revised != text
    out, output = _build(tmp_path, {"a.txt": text, "b_copy.txt": text, "c_revised.txt": revised})
    main_docs = _rows(out, 'SELECT ?d WHERE { ?d ont:docNumber "呼政办字〔2021〕7号" ; ont:documentRole "main" }')
    assert len(main_docs) == 2  # the current one and one older version (the copy merged)
    links = _rows(out, "SELECT ?s ?p ?o WHERE { ?s ?p ?o VALUES ?p { dcterms:isVersionOf dcterms:replaces } }")
    current = "https://w3id.org/policykg/id/doc-呼政办字-2021-7号"
    older = next(d for (d,) in main_docs if d != current)
    assert (older, "http://purl.org/dc/terms/isVersionOf", current) in links
    assert (current, "http://purl.org/dc/terms/replaces", older) in links
    # the current version holds the revision's date, the older its own: one date each
    dates = _rows(out, 'SELECT ?d ?date WHERE { ?d ont:documentRole "main" ; dcterms:issued ?date }')
    assert (current, "2022-02-03") in dates and (older, "2021-02-03") in dates
    assert "0 violations" in output
    assert "taken as the current version (dated 2022-02-03, after 2021-02-03)" in output
    # a citation of the number finds the current version
    assert _rows(out, f"SELECT ?f WHERE {{ <{current}> ont:sourceFile ?f }}") == [("c_revised.txt",)]


def test_undated_versions_the_last_file_wins_and_nothing_replaces(tmp_path):
    text = "某市科技创新若干措施\n一、重点任务\n1.培育高新技术企业100家。（市科技局负责）\n"
    out, output = _build(tmp_path, {"a.txt": text, "b.txt": text.replace("100家", "150家")})
    docs = _rows(out, "SELECT ?d ?f WHERE { ?d a ont:PolicyDocument ; ont:sourceFile ?f }")
    assert len(docs) == 2
    assert _rows(out, "SELECT ?s WHERE { ?s dcterms:replaces ?o }") == []
    (version_of,) = _rows(out, "SELECT ?s ?o WHERE { ?s dcterms:isVersionOf ?o }")
    assert dict(docs)[version_of[1]] == "b.txt"
    assert "no dates tell them apart: the last file by path" in output


def test_the_bundled_corpus_has_no_versions(bundled):
    out = bundled[0]
    assert _rows(out, "SELECT ?s WHERE { ?s dcterms:isVersionOf|dcterms:replaces ?o }") == []


def test_an_incremental_build_adds_and_drops_a_version(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "a.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    (corpus / "z.txt").write_text(text.replace("2021年2月3日", "2022年2月3日"), encoding="utf-8")
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    assert len(_rows(out, "SELECT ?s WHERE { ?s dcterms:isVersionOf ?o }")) == 2  # the notice and its plan
    (corpus / "z.txt").unlink()
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    assert _rows(out, "SELECT ?s WHERE { ?s dcterms:isVersionOf ?o }") == []
    assert (out / "graph.nt").read_bytes() == _clean(tmp_path, corpus)


def _clean(tmp_path, corpus):
    out = tmp_path / "clean"
    assert CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-cache"]).exit_code == 0
    return (out / "graph.nt").read_bytes()


def test_words_enter_the_headers_digest_only_where_identity_is_shared():
    """A document alone in its identity is the same node whatever its words say: editing
    them asks no cached partition again (kg.assemble.headers_digest); two documents of
    one identity are told apart by their words, so editing either one is seen."""
    from conftest import extract_text

    from kg.assemble import headers_digest
    from kg.lexicon.gazetteer import load_gazetteer
    from kg.resolve import index_documents
    from kg.vocab import Iris

    gaz = load_gazetteer()

    def digest(texts: dict[str, str]) -> str:
        results = [extract_text(text, name) for name, text in sorted(texts.items())]
        return headers_digest(results, index_documents(results, Iris(), gaz))

    plan = "某市科技创新若干措施\n一、重点任务\n1.培育高新技术企业100家。（市科技局负责）\n"
    other = "某县数字经济行动方案\n一、重点任务\n1.建设数据中心2个。（县工信局负责）\n"
    edited = plan.replace("100家", "150家")
    assert digest({"a.txt": plan, "c.txt": other}) == digest({"a.txt": edited, "c.txt": other})
    pair = {"a.txt": plan, "b.txt": plan.replace("100家", "120家")}
    assert digest(pair) != digest({**pair, "a.txt": edited})
    assert digest(pair) != digest({**pair, "b.txt": plan})  # a copy again: one node


def test_an_incremental_build_sees_a_version_become_a_copy(tmp_path):
    text = "某市科技创新若干措施\n一、重点任务\n1.培育高新技术企业100家。（市科技局负责）\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text.replace("100家", "150家"), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    assert len(_rows(out, "SELECT ?s WHERE { ?s dcterms:isVersionOf ?o }")) == 1
    (corpus / "b.txt").write_text(text, encoding="utf-8")
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    assert _rows(out, "SELECT ?s WHERE { ?s dcterms:isVersionOf ?o }") == []
    assert (out / "graph.nt").read_bytes() == _clean(tmp_path, corpus)
