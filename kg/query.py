"""Query: SPARQL over a finished build with pyoxigraph (fast at a million triples).

A build writes an on-disk Oxigraph store (``OUT/oxigraph``) beside the RDF files;
queries open it read-only; its default graph is the union of all named graphs, which
it keeps too when the build was asked to (``kg build --named-graphs``).  Without the
store (an older build), ``graph.nt`` is loaded into memory.
Named queries (the competency questions) live in ``kg/queries/*.rq``, also reachable
as ``ontology/queries/``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ExportsNotFound, KgError
from kg.vocab import PREFIXES

STORE_DIR = "oxigraph"
_HEADER_RE = re.compile(r"^#\s*(title|question|expect)\s*:\s*(.*)$")
#: The keywords by which a query reads named graphs: ``GRAPH`` and ``FROM NAMED`` (not
#: a variable ``?graph``, a prefixed name ``ont:graph`` or a word inside an IRI).  Only
#: a note depends on it (`named_graphs_note`), so a keyword inside a string may match.
NAMED_GRAPH_KEYWORD_RE = re.compile(r"(?<![\w?$:#/.\-])(?:GRAPH|FROM\s+NAMED)(?![\w:\-])", re.IGNORECASE)


class QueryError(KgError):
    """A query could not be parsed or run."""

    #: HTTP status for the endpoint: 400 for a bad query, 403 for a refused one.
    status = 400


class QueryRefusedError(QueryError):
    """A well-formed request this tool will not run (an update, a federated query)."""

    status = 403


# ---------------------------------------------------------------------------
# A lexer of SPARQL 1.1 (the terminals of its grammar), so that what a query does
# is decided on its tokens: a keyword inside an IRI, a string, a prefixed name or a
# comment is not a keyword, and a `#` inside an IRI does not start a comment.
# ---------------------------------------------------------------------------

#: Deepest nesting of brackets, and most chained operators, accepted.  Oxigraph's
#: parser and evaluator recurse on both: about 3,000 nested groups or 7,000 chained
#: `+` end the process with a stack overflow, which no exception handler can catch.
MAX_NESTING = 256
MAX_OPERATORS = 2000

_PN = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_TOKEN_RE = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)'
    r"|(?P<string>'''(?:'{0,2}(?:[^'\\]|\\.))*'''"
    r'|"""(?:"{0,2}(?:[^"\\]|\\.))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*")'
    rf"|(?P<pname>(?:[^\W\d_][{_PN}.]*)?:(?:[{_PN}:.]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*)"
    rf"|(?P<var>[?$][{_PN}]+)"
    rf"|(?P<bnode>_:[{_PN}.]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\].,;*/+\-=<>!|^?&])"
    r"|(?P<other>.)",
    re.DOTALL,
)
_OPEN, _CLOSE = {"{", "(", "[", "<<", "{|"}, {"}", ")", "]", ">>", "|}"}
_OPERATORS = {"+", "-", "*", "/", "|", "^", "!", "||", "&&", "=", "!=", "<", ">", "<=", ">=", "UNION", "MINUS"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryShape:
    """What the tokens of a query say about it."""

    form: str | None  # the first keyword after the prologue (SELECT, INSERT, …), upper case
    service: bool  # a SERVICE keyword anywhere (federation: the store would fetch from a URL)
    nesting: int  # deepest nesting of (), {}, [], << >>
    operators: int  # operators and UNION/MINUS keywords, which parse and evaluate recursively


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of each significant token; whitespace and comments are dropped."""
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN_RE.match(text, pos)
        assert m is not None  # `other` matches any character
        kind, value = m.lastgroup or "other", m.group()
        if kind in ("pname", "bnode"):
            # a name does not end with a dot (`ex:a.` is `ex:a` and the end of a triple)
            while value.endswith(".") and not value.endswith("\\."):
                value = value[:-1]
        pos += len(value)
        if kind not in ("ws", "comment"):
            yield kind, value


def inspect_query(text: str) -> QueryShape:
    """The form, federation, nesting and operator count of a query, from its tokens."""
    form: str | None = None
    service = False
    depth = nesting = operators = 0
    owed = 0  # tokens still owed to a PREFIX (2) or BASE (1) declaration
    for kind, value in tokens(text):
        word = value.upper() if kind == "word" else ""
        if form is None:
            if owed:
                owed -= 1
            elif word in ("PREFIX", "BASE"):
                owed = 2 if word == "PREFIX" else 1
            else:
                form = word
        if word == "SERVICE":
            service = True
        elif kind == "punct" and value in _OPEN:
            depth += 1
            nesting = max(nesting, depth)
        elif kind == "punct" and value in _CLOSE:
            depth -= 1
        if (kind == "punct" and value in _OPERATORS) or word in _OPERATORS:
            operators += 1
    return QueryShape(form or None, service, nesting, operators)


def check_query(text: str, allow_service: bool = True) -> QueryShape:
    """Refuse, before it reaches the store, what the store must not run: SPARQL Update
    (this tool only reads), a federated query unless `allow_service`, and a query
    nested or chained beyond what the parser survives."""
    shape = inspect_query(text)
    if shape.form in _UPDATE_FORMS:
        raise QueryRefusedError(
            f"read-only: {shape.form} is SPARQL Update, and this tool only reads the build "
            "(use SELECT, CONSTRUCT, DESCRIBE or ASK)"
        )
    if shape.service and not allow_service:
        raise QueryRefusedError("federated queries (SERVICE) are refused: this endpoint never fetches from other hosts")
    if shape.nesting > MAX_NESTING:
        raise QueryError(f"query nested {shape.nesting} deep, over the limit of {MAX_NESTING}")
    if shape.operators > MAX_OPERATORS:
        raise QueryError(f"query chains {shape.operators} operators, over the limit of {MAX_OPERATORS}")
    return shape


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    question: str
    text: str


def list_queries() -> list[NamedQuery]:
    out = []
    folder = resources.files("kg").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            m = _HEADER_RE.match(line)
            if m:
                meta[m.group(1)] = m.group(2).strip()
        out.append(NamedQuery(entry.name[:-3], meta.get("title", ""), meta.get("question", ""), text))
    return out


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares (``PREFIX ex: <…>`` gives ``ex``)."""
    declared, after_prefix = set(), False
    for kind, value in tokens(text):
        if after_prefix and kind == "pname" and value.endswith(":"):
            declared.add(value[:-1])
        after_prefix = kind == "word" and value.upper() == "PREFIX"
    return declared


def undeclared_prefixes(text: str, predeclared: dict[str, str] = PREFIXES) -> list[str]:
    """Prefixes a query uses in prefixed names (``foo:bar``) without declaring them,
    in order of first use; the `predeclared` ones count as declared."""
    known = declared_prefixes(text) | set(predeclared)
    out: list[str] = []
    for kind, value in tokens(text):
        if kind == "pname":
            prefix = value.split(":", 1)[0]
            if prefix not in known and prefix not in out:
                out.append(prefix)
    return out


def _prefix_message(missing: list[str]) -> str:
    names = ", ".join(f"{p}:" for p in missing)
    declare = " ".join(f"PREFIX {p}: <…>" for p in missing)
    noun = "prefix" if len(missing) == 1 else "prefixes"
    verb = "is" if len(missing) == 1 else "are"
    known = ", ".join(f"{p}:" for p in PREFIXES)
    return f"SPARQL syntax error: the {noun} {names} {verb} not declared (add {declare}; predeclared: {known})"


#: A set of characters in the parser's message (``['0' ..= '9' | '\\u{00B7}' …]``).
_CHAR_CLASS_RE = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]")
_POSITION_RE = re.compile(r"^error at (\d+):(\d+): ")


def readable_syntax_error(text: str, message: str) -> str:
    """One line an analyst can read for the parser's message: an undeclared prefix is
    named; the lists of Unicode ranges the parser says it expected are left out."""
    missing = undeclared_prefixes(text)
    if missing:
        return _prefix_message(missing)
    one = " ".join(message.split())
    m = _POSITION_RE.match(one)
    where = f" at line {m.group(1)}, column {m.group(2)}" if m else ""
    rest = one[m.end() :] if m else one
    had_ranges = any(".." in c.group() for c in _CHAR_CLASS_RE.finditer(rest))
    rest = _CHAR_CLASS_RE.sub("", rest)
    rest = re.sub(r"(?:,\s*){2,}", ", ", rest).replace("one of ,", "one of").rstrip(" ,")
    if had_ranges and "expected" in rest:
        rest += " or a name"
    line_no = int(m.group(1)) if m else 0
    lines = text.splitlines()
    shown = ""
    if 0 < line_no <= len(lines):
        snippet = lines[line_no - 1].strip()
        shown = f" (in: {snippet[:80]}{'…' if len(snippet) > 80 else ''})"
    return f"SPARQL syntax error{where}: {rest}{shown}"


def resolve_query(query: str | None, file: Path | None) -> str:
    """The SPARQL text of an inline query, a file, or a named query."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read query file ({exc.strerror})") from None
    if not query:
        raise QueryError("give a query: inline SPARQL, -f FILE, or a name from `kg query --list`")
    named = {q.name: q for q in list_queries()}
    if query in named:
        return named[query].text
    if re.fullmatch(r"[\w.\- ]+", query.strip()):
        close = difflib.get_close_matches(query.strip(), named, n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise QueryError(f"no named query {query!r}; {hint}`kg query --list` shows them all")
    return query


def open_store(exports: Path) -> ox.Store:
    """The build's store, read-only; or graph.nt loaded into memory."""
    store_dir = exports / STORE_DIR
    if store_dir.is_dir():
        try:
            return ox.Store.read_only(str(store_dir))
        except OSError:
            pass  # fall back to the N-Triples file
    nt = exports / "graph.nt"
    if not nt.exists():
        raise ExportsNotFound(f"no build found in {exports} (run `kg build CORPUS -o {exports}` first)")
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def named_graphs_note(store: ox.Store, text: str) -> str | None:
    """A note for a query that reads named graphs from a store that keeps none (a build
    made without ``--named-graphs``): its GRAPH patterns matched nothing."""
    if NAMED_GRAPH_KEYWORD_RE.search(text) is None or next(iter(store.named_graphs()), None) is not None:
        return None
    return (
        "note: this build's store holds the union graph only, so GRAPH patterns match nothing; "
        "build with `kg build --named-graphs` to query the files' named graphs (graph.trig holds them too)"
    )


def run(store: ox.Store, text: str):
    """Run a query over the union of all graphs; SyntaxErrors become QueryErrors.
    Updates and queries too deep for the parser are refused first (`check_query`)."""
    check_query(text)
    missing = undeclared_prefixes(text)
    if missing:
        raise QueryError(_prefix_message(missing))
    try:
        return store.query(text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise QueryError(readable_syntax_error(text, str(exc))) from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def format_results(result, fmt: str) -> str:
    """Results as a table, CSV, TSV or JSON (SPARQL 1.1 JSON results)."""
    from kg.results import collect, serialize

    r = collect(result)
    if r.kind == "graph":
        return serialize(r, "nt").decode("utf-8")
    if fmt in ("json", "tsv") or r.kind == "ask":
        return serialize(r, fmt if fmt in ("json", "tsv") else "csv").decode("utf-8")
    rows = [["" if v is None else v.value for v in row] for row in r.rows]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(r.variables)
        writer.writerows(rows)
        return buf.getvalue()
    return _table(r.variables, rows)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _table(names: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [min(60, max([_width(n)] + [_width(r[i]) for r in cells])) for i, n in enumerate(names)]

    def fit(text: str, w: int) -> str:
        if _width(text) > w:
            while _width(text) > w - 1:
                text = text[:-1]
            text += "…"
        return text + " " * (w - _width(text))

    lines = [" | ".join(fit(n, w) for n, w in zip(names, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(fit(c, w) for c, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
