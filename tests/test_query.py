"""kg query: named competency questions with their expected answers, inline and file
queries, output formats, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.query import list_queries

GOLDEN = Path(__file__).parent / "golden" / "queries"


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


def test_at_least_ten_competency_questions_with_expected_answers():
    names = [q.name for q in list_queries()]
    assert len(names) >= 10
    for q in list_queries():
        assert q.question, q.name
        assert (GOLDEN / f"{q.name}.csv").exists(), q.name
    assert (ROOT / "ontology" / "queries" / "parent-links.rq").exists()


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_gives_its_expected_answer(built, name):
    result = CliRunner().invoke(main, ["query", name, "--exports", str(built), "--format", "csv"])
    assert result.exit_code == 0, result.output
    got = list(csv.reader(io.StringIO(result.output)))
    expected = list(csv.reader(io.StringIO((GOLDEN / f"{name}.csv").read_text(encoding="utf-8"))))
    assert got == expected


def test_list(built):
    result = CliRunner().invoke(main, ["query", "--list"])
    assert "lead-agencies-by-city" in result.output


def test_inline_and_file_queries_and_formats(built, tmp_path):
    q = 'SELECT ?t WHERE { ?d ont:docNumber "晋政发〔2021〕15号" ; dcterms:title ?t ; ont:sourceFile ?f }'
    runner = CliRunner()
    table = runner.invoke(main, ["query", q, "--exports", str(built)])
    assert "山西省“十四五”打造一流创新生态" in table.output and "(1 row)" in table.output
    data = json.loads(runner.invoke(main, ["query", q, "--exports", str(built), "--format", "json"]).output)
    assert data["results"]["bindings"][0]["t"]["value"].startswith("山西省")
    tsv = runner.invoke(main, ["query", q, "--exports", str(built), "--format", "tsv"]).output
    assert tsv.splitlines()[0] == "?t"
    f = tmp_path / "q.rq"
    f.write_text(q, encoding="utf-8")
    assert "人才强省" in runner.invoke(main, ["query", "-f", str(f), "--exports", str(built), "--format", "csv"]).output
    ask = runner.invoke(main, ["query", "ASK { ?s a ont:Task }", "--exports", str(built)])
    assert ask.output.strip() == "true"


def test_errors_are_clean(built, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["query", "SELECT WHERE {", "--exports", str(built)])
    assert bad.exit_code == 1 and "syntax error" in bad.output
    unknown = runner.invoke(main, ["query", "no-such-query", "--exports", str(built)])
    assert unknown.exit_code == 1 and "kg query --list" in unknown.output
    missing = runner.invoke(main, ["query", "parent-links", "--exports", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no build found" in missing.output


def test_undeclared_prefix_is_one_line_naming_it(built):
    result = CliRunner().invoke(main, ["query", "SELECT * { ?s foo:bar ?o }", "--exports", str(built)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and len(message) < 200, message
    assert "foo:" in message and "not declared" in message
    assert "\\u{" not in message


def test_other_syntax_errors_leave_out_the_unicode_ranges(built):
    result = CliRunner().invoke(main, ["query", "SELECT * { ?s ?p ?o", "--exports", str(built)])
    assert result.exit_code == 1
    assert "line 1, column 20" in result.output and "\\u{" not in result.output
    assert len(result.output) < 300, result.output


def test_declared_and_predeclared_prefixes_are_not_flagged():
    from kg.query import undeclared_prefixes

    assert undeclared_prefixes("PREFIX ex: <http://x/#a:b> SELECT * { ?s ex:p ont:q ; rdfs:label 'a:b' }") == []
    assert undeclared_prefixes("SELECT * { ?s ex:p ?o ; foo:q ex:r }") == ["ex", "foo"]


def test_mistyped_named_query_suggests_the_closest(built):
    result = CliRunner().invoke(main, ["query", "agency-workloads", "--exports", str(built)])
    assert result.exit_code == 1
    assert "did you mean agency-workload?" in result.output


@pytest.mark.parametrize(
    ("text", "reads_named_graphs"),
    [
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * {graph <https://w3id.org/policykg/id/links> {?s ?p ?o}}", True),
        ("SELECT * FROM NAMED <urn:x> { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT ?graph { ?graph a ont:PolicyDocument }", False),
        ("SELECT * { ?s ont:graph ?o }", False),
        ("SELECT * { <https://example.org/graph> ?p ?o }", False),
        ("SELECT * { ?s ?p ?o }", False),
    ],
)
def test_named_graph_keyword_is_told_from_variables_names_and_iris(text, reads_named_graphs):
    from kg.query import NAMED_GRAPH_KEYWORD_RE

    assert (NAMED_GRAPH_KEYWORD_RE.search(text) is not None) is reads_named_graphs


GRAPH_COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?graphs) { GRAPH ?g { ?s ?p ?o } }"


def test_a_graph_query_on_a_store_of_the_union_only_says_how_to_keep_the_graphs(built):
    """A default build's store holds the union graph only: a GRAPH query matches nothing,
    and the command says why on standard error (not on standard output, which stays the
    answer); a query without GRAPH gets no note."""
    result = CliRunner().invoke(main, ["query", GRAPH_COUNT, "--exports", str(built), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["graphs", "0"]
    assert "kg build --named-graphs" in result.stderr
    plain = CliRunner().invoke(main, ["query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--exports", str(built)])
    assert plain.exit_code == 0 and plain.stderr == ""


def test_a_build_with_named_graphs_answers_graph_queries(tmp_path):
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(ROOT / "corpus"), "-o", str(out), "--named-graphs", "-q"])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(main, ["query", GRAPH_COUNT, "--exports", str(out), "--format", "csv"])
    assert result.stdout.splitlines() == ["graphs", "6"]  # five corpus files and the links graph
    assert result.stderr == ""


def test_the_library_warns_of_graph_queries_on_a_store_of_the_union_only(built):
    from kg.api import PolicyGraph

    g = PolicyGraph(built)
    with pytest.warns(UserWarning, match="named-graphs"):
        assert g.query(GRAPH_COUNT, frame=False) == [{"graphs": 0}]
