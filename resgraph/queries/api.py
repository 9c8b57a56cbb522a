"""The named SPARQL queries of resgraph, and a Python API over them.

Each query is a file ``resgraph/queries/sparql/NAME.rq`` in standard SPARQL 1.1,
so it runs unchanged on the embedded store and on any SPARQL server. Its
header comment names its parameters (variables bound by a ``VALUES`` block
made of escaped RDF terms, never pasted text) and its result columns.

Every function returns plain rows: a list of dicts whose keys are the query's
columns, in order. Keys of texts and entities come back canonical
(``A/RES/45/158``, ``instrument:cmw``, ``UNTS:39481``). A target may be given
in any common form (``45/158``, ``A/RES/45/158``, ``resolution 45/158``,
``217 A (III)``, ``1325 (2000)``) or by instrument name or alias.

>>> store = example_store()
>>> [(r["citing"], r["route"]) for r in cited_by("45/158", store)]
... # doctest: +NORMALIZE_WHITESPACE
[('S/RES/1325(2000)', 'direct'), ('A/RES/59/241', 'direct'),
 ('A/RES/61/208', 'instrument'), ('A/RES/61/208', 'treaty'), ('A/RES/62/156', 'footnote')]
>>> [r["path"] for r in chain("62/156", "45/158", store, max_depth=3)]
[['A/RES/62/156', 'A/RES/45/158'], ['A/RES/62/156', 'A/RES/61/208', 'A/RES/59/241', 'A/RES/45/158']]
>>> top(store, limit=1)[0]["target"]
'A/RES/45/158'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import os
import re
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from resgraph.corpus import cache_dir
from resgraph.errors import QueryError, StoreError
from resgraph.examples import SourceBuilder
from resgraph.graph import stats
from resgraph.graph.store import EmbeddedStore, EndpointStore
from resgraph.models import (
    Citation,
    Document,
    Reference,
)
from resgraph.models import CitationType as T
from resgraph.queries.targets import resolve_target
from resgraph.registry import Instrument, Registry, normalize_name
from resgraph.symbols import BASE, ORGANS, from_iri, key_of, to_iri

__all__ = [
    "MAX_STRING_PARAM",
    "Column",
    "NamedQuery",
    "Param",
    "ancestors",
    "chain",
    "cited_by",
    "cites",
    "co_cited",
    "default_store_path",
    "descendants",
    "example_corpus",
    "example_store",
    "list_queries",
    "load_query",
    "mentions",
    "open_store",
    "resolve",
    "run_query",
    "store_for",
    "timeline",
    "top",
    "unresolved",
    "verb_profile",
]

Row = dict[str, Any]

#: Longest text accepted for a ``string`` parameter (characters).
MAX_STRING_PARAM = 2_000_000

#: Parameter types a query header may declare.
PARAM_TYPES = ("target", "text", "organ", "kind", "string", "integer", "iri")
#: Column types a query header may declare.
COLUMN_TYPES = ("key", "string", "integer", "date", "float", "iri")

_KINDS = {
    "resolution": "Resolution",
    "decision": "Decision",
    "document": "Document",
    "official-records": "OfficialRecords",
    "treaty": "Treaty",
    "instrument": "Instrument",
    "conference": "Conference",
    "other": "Other",
}
_ONTOLOGY = "https://w3id.org/resgraph/ontology#"


def default_store_path() -> Path:
    """Where the demo store is built, and where commands look when no store is given.

    ``resgraph demo`` writes its store here: ``demo-store`` in the resgraph cache
    folder (``RESGRAPH_CACHE``, else ``$XDG_CACHE_HOME/resgraph``).

    >>> default_store_path().name
    'demo-store'
    """

    return cache_dir() / "demo-store"


# ------------------------------------------------------------------ headers

@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter: ``?name``, its type, whether required, its default, what it means."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True, slots=True)
class Column:
    """A result column: its name, type and meaning."""

    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query with its header: summary, parameters and columns.

    ``union`` is True when the query reads the default graph as the union of the
    named graphs (the header says ``dataset:``); the others name their graphs.

    >>> q = load_query("cited-by")
    >>> [p.name for p in q.params], q.columns[0].name
    (['target'], 'citing')
    """

    name: str
    text: str
    summary: str
    params: tuple[Param, ...] = ()
    columns: tuple[Column, ...] = ()
    union: bool = False
    path: str | None = None
    builtin: bool = False

    def param(self, name: str) -> Param | None:
        """The parameter called ``name`` (with or without ``?``), or None."""
        name = name.lstrip("?$")
        for p in self.params:
            if p.name == name:
                return p
        return None

    def bind(self, params: Mapping[str, Any] | None,
             resolver: Callable[[str], str] = resolve_target) -> dict[str, Any]:
        """Checked and typed bindings for :func:`resgraph.graph.store.inject_values`.

        Raises:
            QueryError: an unknown or missing parameter, or a value of the wrong form.

        >>> load_query("chain").bind({"from": "62/156", "to": "45/158"})["maxDepth"]
        3
        >>> load_query("chain").bind({"from": "62/156"})
        Traceback (most recent call last):
        ...
        resgraph.errors.QueryError: query 'chain' needs ?to (the earlier, cited text)
        """
        given = {str(k).lstrip("?$"): v for k, v in (params or {}).items()}
        out: dict[str, Any] = {}
        if not self.params:
            for name, value in given.items():
                _check_name(name)
                out[name] = _guess_term(value)
            return out
        for name in given:
            if self.param(name) is None:
                names = ", ".join("?" + p.name for p in self.params) or "no parameters"
                raise QueryError(f"query {self.name!r} has no parameter ?{name} (it takes {names})")
        for p in self.params:
            value = given.get(p.name)
            if value is None or value == "":
                if p.default is not None:
                    value = p.default
                elif p.required:
                    raise QueryError(f"query {self.name!r} needs ?{p.name} ({p.description})")
                else:
                    continue
            out[p.name] = _convert(p, value, self.name, resolver)
        return out

    def rows(self, raw: Sequence[Mapping[str, Any]]) -> list[Row]:
        """Rows with the header's columns, in order, keys made canonical."""
        if not self.columns:
            return [dict(r) for r in raw]
        types = {c.name: c.type for c in self.columns}
        out = []
        for r in raw:
            row: Row = {}
            for c in self.columns:
                row[c.name] = _value(r.get(c.name), c.type)
            for k, v in r.items():
                if k not in types:
                    row[k] = v
            out.append(row)
        return out


_HEAD_RE = re.compile(r"^#\s*([A-Za-z0-9][A-Za-z0-9_-]*):\s*(.*)$")
_PARAM_RE = re.compile(
    r"^#\s+\?([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s+(required|optional(?:=\S+)?)\s+(.*)$"
)
_COLUMN_RE = re.compile(r"^#\s+([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s+(.*)$")
_VARNAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_query(text: str, name: str | None = None, path: str | None = None,
                builtin: bool = False) -> NamedQuery:
    """Read a query and its header comment.

    The header is the leading ``#`` comment block: ``# NAME: summary`` (the
    summary may run over several lines), an optional ``# dataset:`` paragraph,
    then ``# parameters:`` with one ``#   ?name  type  required|optional[=default]
    description`` line each, and ``# columns:`` with ``#   name  type
    description`` lines. A file without a header still runs; its parameters are
    then typed by their look (``<iri>``, integers, else strings).

    >>> q = parse_query("# demo: a demo.\\n# parameters:\\n#   ?x  integer  optional=2  x\\n"
    ...                 "# columns:\\n#   y  integer  y\\nSELECT ?y WHERE { BIND(?x AS ?y) }")
    >>> q.name, q.summary, q.params[0].default, q.columns[0].type
    ('demo', 'a demo.', '2', 'integer')
    """
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if line.startswith("#"):
            header.append(line)
        elif line.strip():
            break
        else:
            header.append("#")
    qname = name
    summary: list[str] = []
    params: list[Param] = []
    columns: list[Column] = []
    union = False
    section = "summary"
    for i, line in enumerate(header):
        body = line[1:].strip()
        m = _HEAD_RE.match(line)
        if i == 0 and m and m.group(1) not in ("parameters", "columns", "dataset"):
            qname = qname or m.group(1)
            summary.append(m.group(2))
            continue
        if body in ("parameters:", "columns:"):
            section = body[:-1]
            continue
        if body.startswith("dataset:"):
            section, union = "dataset", True
            continue
        if not body:
            if section == "summary":
                section = "after-summary"
            continue
        if section == "summary":
            summary.append(body)
        elif section == "parameters":
            pm = _PARAM_RE.match(line)
            if not pm:
                raise QueryError(f"query {qname!r}: unreadable parameter line: {line!r}")
            ptype = pm.group(2)
            if ptype not in PARAM_TYPES:
                raise QueryError(f"query {qname!r}: unknown parameter type {ptype!r}")
            kind, _, default = pm.group(3).partition("=")
            params.append(Param(pm.group(1), ptype, kind == "required", default or None,
                                pm.group(4).strip()))
        elif section == "columns":
            cm = _COLUMN_RE.match(line)
            if not cm:
                raise QueryError(f"query {qname!r}: unreadable column line: {line!r}")
            if cm.group(2) not in COLUMN_TYPES:
                raise QueryError(f"query {qname!r}: unknown column type {cm.group(2)!r}")
            columns.append(Column(cm.group(1), cm.group(2), cm.group(3).strip()))
    return NamedQuery(
        name=qname or "query",
        text=text,
        summary=" ".join(summary).strip(),
        params=tuple(params),
        columns=tuple(columns),
        union=union,
        path=path,
        builtin=builtin,
    )


@cache
def _builtin(name: str) -> NamedQuery | None:
    res = resources.files("resgraph.queries") / "sparql" / f"{name}.rq"
    if not res.is_file():
        return None
    return parse_query(res.read_text(encoding="utf-8"), name=name, path=str(res), builtin=True)


def list_queries() -> list[NamedQuery]:
    """The named queries shipped with resgraph, by name.

    >>> [q.name for q in list_queries()][:3]
    ['ancestors', 'chain', 'citations']
    """
    folder = resources.files("resgraph.queries") / "sparql"
    names = sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))
    return [q for q in (_builtin(n) for n in names) if q is not None]


def load_query(name_or_file: str | os.PathLike[str]) -> NamedQuery:
    """A named query (``cited-by``) or a query file (``my-query.rq``).

    Raises:
        QueryError: no such query or file; the message lists the named queries.

    >>> load_query("top-by").params[0].name
    'organ'
    >>> load_query("most-sited")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    resgraph.errors.QueryError: no query named 'most-sited' and no such file; did you mean ...
    """
    text = os.fspath(name_or_file)
    if re.fullmatch(r"[a-z][a-z0-9-]*", text):
        alias = _ALIASES.get(text, text)
        q = _builtin(alias)
        if q is not None:
            return q
    path = Path(text)
    if path.is_file():
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise QueryError(f"{path}: cannot read the query: {exc}") from exc
        return parse_query(body, name=path.stem, path=str(path))

    names = sorted(q.name for q in list_queries())
    close = difflib.get_close_matches(text, [*names, *_ALIASES], n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise QueryError(
        f"no query named {text[:80]!r} and no such file{hint} Named queries: {', '.join(names)}"
    )


#: Other names accepted for the named queries.
_ALIASES = {"most-cited": "top", "verbs": "verb-profile", "co-citation": "co-cited",
            "chains": "chain"}


# ------------------------------------------------------------------ binding

def _check_name(name: str) -> None:
    if not _VARNAME_RE.fullmatch(name):
        raise QueryError(f"not a variable name: {name[:40]!r}")


def _named(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not a valid IRI: {iri[:80]!r}") from exc


def _string(value: Any, what: str) -> str:
    text = str(value)
    if len(text) > MAX_STRING_PARAM:
        raise QueryError(f"{what} is too long ({len(text):,} characters)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(f"{what} is not valid text: {exc}") from exc
    return text


def _organ(value: Any) -> str:
    text = " ".join(str(value).split())
    for code, (_res, _dec, name) in ORGANS.items():
        if text.upper() == code or text.lower() == name.lower():
            return code
    aliases = {"ECOSOC": "ECOSOC", "UNGA": "GA", "UNSC": "SC", "ASSEMBLY": "GA",
               "COUNCIL": "SC"}
    if text.upper() in aliases:
        return aliases[text.upper()]
    raise QueryError(f"unknown organ {text[:40]!r}: one of {', '.join(ORGANS)}")


def _convert(p: Param, value: Any, query: str, resolver: Callable[[str], str]) -> Any:
    what = f"?{p.name} of query {query!r}"
    if p.type in ("target", "text"):
        if isinstance(value, ox.NamedNode):
            return value
        key = resolver(_string(value, what))
        return _named(to_iri(key))
    if p.type == "organ":
        return _named(to_iri("organ:" + _organ(value)))
    if p.type == "kind":
        kind = str(value).strip().lower().rstrip("s") if str(value) != "official-records" \
            else "official-records"
        if kind not in _KINDS:
            raise QueryError(f"unknown kind {str(value)[:40]!r}: one of {', '.join(_KINDS)}")
        return _named(_ONTOLOGY + _KINDS[kind])
    if p.type == "integer":
        if isinstance(value, bool):
            raise QueryError(f"{what} must be an integer, not {value!r}")
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise QueryError(f"{what} must be an integer, not {str(value)[:40]!r}") from exc
        if abs(number) > 10**15:
            raise QueryError(f"{what} is out of range: {number}")
        return number
    if p.type == "iri":
        return _named(str(value).strip())
    return _string(value, what)


def _guess_term(value: Any) -> Any:
    """A binding for a parameter the query does not declare: IRI, integer or string."""
    if isinstance(value, int | float | bool | _dt.date | ox.NamedNode | ox.Literal):
        return value
    text = _string(value, "a parameter")
    if text.startswith("<") and text.endswith(">"):
        return _named(text[1:-1])
    if re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    return text


def _value(value: Any, ctype: str) -> Any:
    if ctype == "key" and isinstance(value, str):
        return key_of(value)
    if ctype == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if ctype == "date" and value is not None:
        return str(value)
    return value


# -------------------------------------------------------------------- stores

def store_for(store: Any = None) -> contextlib.AbstractContextManager[Any]:
    """A ``with`` block over a store (see :func:`open_store`), closed after if opened here.

    >>> with store_for(example_store()) as store:
    ...     len(cites("45/158", store))
    2
    """
    return _opened(store)


def mentions(key: str, store: Any = None) -> bool:
    """True when the store mentions ``key`` (as subject or object of any triple).

    >>> mentions("A/RES/45/158", example_store()), mentions("A/RES/99/999", example_store())
    (True, False)
    """
    node = _named(to_iri(key))
    with _opened(store) as gstore:
        return bool(gstore.ask(
            "ASK WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } }", {"x": node}))


@contextmanager
def _opened(store: Any) -> Iterator[Any]:
    """The store to query, closed afterwards when it was opened here."""
    if store is not None and hasattr(store, "query") and not isinstance(store, ox.Store):
        yield store
        return
    opened = open_store(store)
    try:
        yield opened
    finally:
        opened.close()


def open_store(store: Any = None) -> Any:
    """A graph store to query, from whatever names one.

    ``None`` is the demo store (:func:`default_store_path`); an ``http://`` or
    ``https://`` address is a SPARQL endpoint
    (:class:`~resgraph.graph.store.EndpointStore`); any other string or path is
    an embedded store directory, opened read-only; a :class:`pyoxigraph.Store`
    is wrapped; a store object is returned as it is.

    Raises:
        StoreError: the directory holds no store (the message says how to build one).

    >>> open_store(example_store()).count() > 0
    True
    >>> open_store("http://localhost:7878/query")
    <EndpointStore http://localhost:7878/query>
    """

    if store is None:
        path = default_store_path()
        if not (path / "resgraph-store.json").exists():
            raise StoreError(
                f"no store at {path}: build the demo store with `resgraph demo` "
                "(or `make demo`), or give one with --store DIR or --store URL"
            )
        return EmbeddedStore.open(path, create=False)
    if isinstance(store, ox.Store):
        return EmbeddedStore(store)
    if hasattr(store, "query"):
        return store
    text = os.fspath(store)
    if re.match(r"(?i)https?://", text):
        return EndpointStore(text)
    path = Path(text)
    if not path.exists():
        raise StoreError(f"no store at {path}: give a store directory or a SPARQL endpoint URL")
    return EmbeddedStore.open(path, create=False)


_NAMES_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX resgraph: <https://w3id.org/resgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?name WHERE {
  GRAPH ?g {
    { ?entity a resgraph:Instrument } UNION { ?entity a resgraph:Conference }
    { ?entity dcterms:title ?name } UNION { ?entity skos:altLabel ?name }
  }
}"""

_store_names_cache: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def _store_names(gstore: Any) -> dict[str, str]:
    """Normalized instrument and conference names in the store -> their keys."""

    try:
        cached = _store_names_cache.get(gstore)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    names: dict[str, str] = {}
    for row in gstore.query(_NAMES_QUERY):
        entity, name = row.get("entity"), row.get("name")
        if isinstance(entity, str) and isinstance(name, str) and entity.startswith(BASE):
            names.setdefault(normalize_name(name), from_iri(entity))
    with contextlib.suppress(TypeError):
        _store_names_cache[gstore] = names
    return names


def resolve(text: str, store: Any = None) -> str:
    """The canonical key of a target, also knowing the instrument names of ``store``.

    Like :func:`resgraph.queries.targets.resolve_target`, and when that fails,
    the names and aliases of the instruments and conferences in the store's
    registry graph are tried too.

    >>> resolve("the Migrant Workers Convention", example_store())
    'instrument:cmw'
    """
    try:
        return resolve_target(text)
    except QueryError:
        if store is None or not isinstance(text, str) or len(text) > 400:
            raise

        with _opened(store) as gstore:
            key = _store_names(gstore).get(normalize_name(text))
        if key is None:
            raise
        return key


# ------------------------------------------------------------------- running

def run_query(
    name_or_file: str | os.PathLike[str] | NamedQuery,
    params: Mapping[str, Any] | None = None,
    store: Any = None,
    *,
    limit: int | None = None,
) -> list[Row]:
    """Run a named query or a query file; rows of its columns.

    ``params`` maps parameter names (with or without ``?``) to values: targets
    in any form, organs as codes (``GA``), kinds as words (``treaty``), numbers,
    strings. ``limit`` caps the rows.

    Raises:
        QueryError: unknown query or parameter, a value of the wrong form, invalid SPARQL.
        StoreError: the store cannot be opened or reached.

    >>> run_query("timeline", {"target": "A/RES/45/158"}, example_store())[0]
    {'year': 2000, 'verb': 'recalling', 'citations': 1, 'texts': 1}
    >>> run_query("cited-by", {"target": "99/999"}, example_store())
    []
    """
    query = name_or_file if isinstance(name_or_file, NamedQuery) else load_query(name_or_file)
    text = query.text
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise QueryError(f"limit must be a non-negative integer, not {limit!r}")
        if query.builtin:
            text = text.rstrip() + f"\nLIMIT {int(limit)}\n"
    with _opened(store) as gstore:
        bindings = query.bind(params, lambda t: resolve(t, gstore))
        raw = gstore.query(text, bindings)
    rows = query.rows(raw)
    if limit is not None and not query.builtin:
        rows = rows[:limit]
    return rows


def cited_by(target: str, store: Any = None, *, limit: int | None = None) -> list[Row]:
    """Every text citing ``target``, directly or through an equivalent entity.

    Columns: ``citing``, ``date``, ``organ``, ``title``, ``paragraph``, ``verb``,
    ``characterization``, ``footnote``, ``quote``, ``cited``, ``route``: the rows
    of the ``cited-by`` query, in its order. They are gathered in two steps
    (``target-group``, then ``citations`` of each member), which engines plan
    far better than the one-query form.

    >>> rows = cited_by("instrument:cmw", example_store())
    >>> sorted({(r["cited"], r["route"]) for r in rows})  # doctest: +NORMALIZE_WHITESPACE
    [('A/RES/45/158', 'adopting-resolution'), ('UNTS:39481', 'treaty'),
     ('instrument:cmw', 'direct')]
    """
    with _opened(store) as gstore:
        key = resolve(target, gstore)
        rows: list[Row] = []
        for member in run_query("target-group", {"target": key}, gstore):
            for row in run_query("citations", {"cited": member["member"]}, gstore):
                route = member["route"]
                if route == "direct" and row["footnote"] is not None:
                    route = "footnote"
                rows.append({**row, "cited": member["member"], "route": route})
    rows.sort(key=_cited_by_order)
    columns = [c.name for c in load_query("cited-by").columns]
    out = [{c: r[c] for c in columns} for r in rows]
    return out if limit is None else out[:limit]


_RANK = {"header": 0, "preamble": 1, "operative": 2}


def _iri_of(value: Any) -> str:
    text = str(value)
    return text if "://" in text else to_iri(text)


def _cited_by_order(row: Row) -> tuple[Any, ...]:
    """The order of the ``cited-by`` query: SPARQL puts unbound values first."""
    kind, _, number = str(row["paragraph"] or "").partition(" ")
    pnum = int(number) if number.isdigit() else None
    return (row["date"] is not None, row["date"] or "", _iri_of(row["citing"]),
            _RANK.get(kind, 3), pnum is not None, pnum or 0, row["start"] or 0,
            _iri_of(row["cited"]))


def cites(source: str, store: Any = None, *, limit: int | None = None) -> list[Row]:
    """Everything ``source`` cites, in paragraph order.

    >>> [(r["cited"], r["paragraph"]) for r in cites("62/156", example_store())]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('A/RES/61/208', 'preamble 1'), ('A/RES/217A(III)', 'preamble 2'),
     ('A/RES/45/158', 'operative 1')]
    """
    return run_query("cites", {"source": source}, store, limit=limit)


def chain(source: str, target: str, store: Any = None, *, max_depth: int = 3,
          limit: int | None = None) -> list[Row]:
    """Citation paths from ``source`` back to ``target``, shortest first.

    Rows ``length`` (hops) and ``path`` (keys from ``source`` to ``target``);
    ``max_depth`` is 1 to 4 (longer: :func:`resgraph.queries.trace.chains`).

    >>> [r["length"] for r in chain("62/156", "45/158", example_store(), max_depth=4)]
    [1, 3, 4]
    """
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or not 1 <= max_depth <= 4:
        raise QueryError(f"max_depth must be 1 to 4, not {max_depth!r} "
                         "(longer chains: resgraph.queries.trace.chains)")
    with _opened(store) as gstore:
        start, end = resolve(source, gstore), resolve(target, gstore)
        rows = run_query("chain", {"from": start, "to": end, "maxDepth": max_depth}, gstore,
                         limit=limit)
    return [
        {"length": r["length"],
         "path": [start, *(r[h] for h in ("hop1", "hop2", "hop3") if r[h] is not None), end]}
        for r in rows
    ]


def ancestors(source: str, store: Any = None, *, limit: int | None = None) -> list[Row]:
    """The texts ``source`` rests on, transitively (what it cites, and so on), earliest first.

    >>> len(ancestors("62/156", example_store()))
    12
    """
    return run_query("ancestors", {"source": source}, store, limit=limit)


def descendants(target: str, store: Any = None, *, limit: int | None = None) -> list[Row]:
    """The texts that rest on ``target``, transitively, earliest first.

    >>> [r["key"] for r in descendants("45/158", example_store())]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['S/RES/1325(2000)', 'A/RES/59/241', 'A/RES/60/227', 'A/RES/61/208', 'A/RES/62/156']
    """
    return run_query("descendants", {"target": target}, store, limit=limit)


def top(store: Any = None, *, organ: str | None = None, session: str | None = None,
        year: int | None = None, kind: str | None = None, limit: int | None = 20) -> list[Row]:
    """The most cited texts and entities; optionally only citations by one organ,
    session or year, or only targets of one kind.

    Builds keep rankings of the 100 most cited targets of each scope in the
    statistics graph (:mod:`resgraph.graph.stats`): the whole store, an organ,
    a session, a year, an organ in a session or in a year, each for all
    targets and for each kind. When they cover the request (those scopes, and
    a ``limit`` within the ranking, or a ranking that holds every target of its
    scope) the ``top`` or ``top-by`` query reads them, in milliseconds on any
    store. Otherwise (a session and a year together, no limit or a longer one,
    a store without the statistics graph) ``top-scan`` or ``top-by-scan``
    counts every citation at query time: exact, but seconds on large stores.
    Both give the same rows.

    >>> [(r["target"], r["citations"]) for r in top(example_store(), organ="SC")]
    [('A/RES/45/158', 1), ('S/RES/1261(1999)', 1)]
    >>> top(example_store(), session="59", year=2004, limit=None)[0]["target"]
    'A/59/325'
    """
    _check_limit(limit)
    scope = {"organ": organ, "session": session, "year": year}
    params: dict[str, Any] = {k: v for k, v in scope.items() if v is not None and v != ""}
    if kind is not None and kind != "":
        params["kind"] = kind
    scoped = frozenset(k for k in scope if k in params)
    name = "top-by" if scoped else "top"
    with _opened(store) as gstore:
        if limit is not None and scoped in stats.COVERED_SCOPES:
            query = load_query(name)
            bound = query.bind(params, lambda t: resolve(t, gstore))
            info = stats.ranking_info(gstore, _ranking_of(bound))
            if info.statistics:
                if info.targets is None:  # nothing of that kind cited in that scope
                    return []
                if info.complete or limit <= info.entries:
                    return run_query(query, params, gstore, limit=limit)
        return run_query(name + "-scan", params, gstore, limit=limit)


def _check_limit(limit: Any) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise QueryError(f"limit must be a non-negative integer, not {limit!r}")


_KIND_KEYS = {_ONTOLOGY + cls: kind for kind, cls in _KINDS.items()}


def _ranking_of(bound: Mapping[str, Any]) -> str:
    """The IRI of the ranking of bound ``top``/``top-by`` parameters."""
    organ, kind = bound.get("organ"), bound.get("kind")
    return stats.ranking_iri(
        organ=from_iri(organ.value).partition(":")[2] if organ is not None else None,
        session=bound.get("session"),
        year=bound.get("year"),
        kind=_KIND_KEYS[kind.value] if kind is not None else None,
    )


def timeline(target: str, store: Any = None) -> list[Row]:
    """Citations of ``target`` per year and verb.

    >>> [(r["year"], r["verb"]) for r in timeline("45/158", example_store())][-2:]
    [(2006, 'welcomes'), (2007, 'notes')]
    """
    return run_query("timeline", {"target": target}, store)


def co_cited(target: str, store: Any = None, *, limit: int | None = None) -> list[Row]:
    """What the texts citing ``target`` also cite, most shared first.

    For the most cited targets, builds keep the first 100 rows in the
    statistics graph (:mod:`resgraph.graph.stats`); they are read when they hold
    the rows asked for (``limit`` within them, or all rows). Otherwise the
    ``co-cited`` query counts at query time. Both give the same rows.

    >>> [r["other"] for r in co_cited("45/158", example_store())][:2]
    ['A/59/325', 'A/RES/217A(III)']
    """
    _check_limit(limit)
    with _opened(store) as gstore:
        key = resolve(target, gstore)
        ranking = stats.co_cited_iri(key)
        if ranking is not None:
            info = stats.ranking_info(gstore, ranking)
            wanted = info.targets if limit is None else limit
            if info.targets is not None and wanted is not None and (
                    info.complete or wanted <= info.entries):
                return [{"other": r["target"], "title": r["title"], "texts": r["texts"],
                         "citations": r["citations"]}
                        for r in stats.ranking_rows(gstore, ranking, limit, titles=True)]
        return run_query("co-cited", {"target": key}, gstore, limit=limit)


def verb_profile(target: str, store: Any = None) -> list[Row]:
    """How ``target`` is cited over time: per verb, counts and first and last dates.

    >>> [(r["verb"], r["first"][:4]) for r in verb_profile("45/158", example_store())]
    [('recalling', '2000'), ('reaffirming', '2006'), ('welcomes', '2006'), ('notes', '2007')]
    """
    return run_query("verb-profile", {"target": target}, store)


def unresolved(store: Any = None, *, citing: str | None = None,
               limit: int | None = None) -> list[Row]:
    """Mentions that could not be resolved, with the reason.

    >>> [(r["citing"], r["reason"]) for r in unresolved(example_store())]
    [('A/RES/61/208', 'unknown instrument')]
    """
    params = {"citing": citing} if citing is not None else {}
    return run_query("unresolved", params, store, limit=limit)


# ------------------------------------------------------------------ example

def example_corpus() -> tuple[Any, list[tuple[Any, list[Any]]]]:
    """A registry and six hand-made texts with known citations, for examples and tests.

    - ``A/RES/45/158`` (1990) adopted the migrant workers convention
      (``instrument:cmw``, ``UNTS:39481``); it cites ``217 A (III)`` through a
      footnote and ``40/130``;
    - ``S/RES/1325(2000)`` cites ``1261 (1999)`` and ``45/158``;
    - ``A/RES/59/241`` (2004) cites ``45/158``, the Universal Declaration by
      name and a report;
    - ``A/RES/60/227`` (2005) cites ``59/241``, ``2200 A (XXI)`` (which adopted two
      covenants) through a footnote, and a report;
    - ``A/RES/61/208`` (2006) cites ``59/241``, ``60/227``, the convention by name,
      its treaty entry through a footnote, and has one unresolved mention;
    - ``A/RES/62/156`` (2007) cites ``61/208``, ``217 A (III)`` and ``45/158``
      through footnotes.

    >>> registry, pairs = example_corpus()
    >>> [doc.symbol for doc, _ in pairs][:2], sum(len(refs) for _, refs in pairs)
    (['A/RES/45/158', 'S/RES/1325(2000)'], 18)
    """

    reg = Registry()
    reg.add_instrument(Instrument(
        "cmw", "convention",
        "International Convention on the Protection of the Rights of All Migrant Workers "
        "and Members of Their Families", aliases=("Migrant Workers Convention",),
        adopted_by="A/RES/45/158", annex="annex", unts="39481", unts_volume="2220",
        unts_page="3", adopted="1990-12-18"))
    reg.add_instrument(Instrument(
        "udhr", "declaration", "Universal Declaration of Human Rights",
        adopted_by="A/RES/217A(III)", adopted="1948-12-10"))
    reg.add_instrument(Instrument(
        "iccpr", "covenant", "International Covenant on Civil and Political Rights",
        adopted_by="A/RES/2200A(XXI)", annex="annex", unts="14668", adopted="1966-12-16"))
    reg.add_instrument(Instrument(
        "icescr", "covenant", "International Covenant on Economic, Social and Cultural Rights",
        adopted_by="A/RES/2200A(XXI)", annex="annex", unts="14531", adopted="1966-12-16"))

    cmw = ("International Convention on the Protection of the Rights of All Migrant Workers "
           "and Members of Their Families")
    texts = [
        _Text("A/RES/45/158", "GA", "45", "1990-12-18", cmw).para(
            "preamble", 1, "bearing in mind",
            "Bearing in mind the principles embodied in the Universal Declaration of Human "
            "Rights,", marker=1,
        ).para(
            "preamble", 2, "recalling", "Recalling its resolution 40/130 of 13 December 1985,"
        ).footnote(1, "Resolution 217 A (III).")
        .cite(T.RESOLUTION, "A/RES/217A(III)", "Resolution 217 A (III)", "preamble 1",
              footnote=1)
        .cite(T.RESOLUTION, "A/RES/40/130", "resolution 40/130", "preamble 2",
              date="1985-12-13"),
        _Text("S/RES/1325(2000)", "SC", "2000", "2000-10-31", "Women and peace and security")
        .para("preamble", 1, "recalling",
              "Recalling its resolution 1261 (1999) of 25 August 1999,")
        .para("preamble", 2, "recalling",
              "Recalling also General Assembly resolution 45/158,")
        .cite(T.RESOLUTION, "S/RES/1261(1999)", "resolution 1261 (1999)", "preamble 1")
        .cite(T.RESOLUTION, "A/RES/45/158", "General Assembly resolution 45/158", "preamble 2"),
        _Text("A/RES/59/241", "GA", "59", "2004-12-22", "International migration and development")
        .para("preamble", 1, "recalling", "Recalling its resolution 45/158 of 18 December 1990,")
        .para("preamble", 2, "reaffirming",
              "Reaffirming the Universal Declaration of Human Rights,")
        .para("operative", 1, "takes note",
              "Takes note of the report of the Secretary-General (A/59/325);")
        .cite(T.RESOLUTION, "A/RES/45/158", "resolution 45/158", "preamble 1", date="1990-12-18")
        .cite(T.INSTRUMENT, "instrument:udhr", "Universal Declaration of Human Rights",
              "preamble 2", via="registry")
        .cite(T.DOCUMENT, "A/59/325", "A/59/325", "operative 1"),
        _Text("A/RES/60/227", "GA", "60", "2005-12-23", "International migration and development")
        .para("preamble", 1, "recalling", "Recalling its resolution 59/241 of 22 December 2004,")
        .para("preamble", 2, "recalling",
              "Recalling also the International Covenant on Civil and Political Rights,", marker=2)
        .para("operative", 1, "takes note",
              "Takes note of the report of the Secretary-General (A/60/205);")
        .footnote(2, "Resolution 2200 A (XXI), annex.")
        .cite(T.RESOLUTION, "A/RES/59/241", "resolution 59/241", "preamble 1")
        .cite(T.RESOLUTION, "A/RES/2200A(XXI)", "Resolution 2200 A (XXI)", "preamble 2",
              footnote=2)
        .cite(T.DOCUMENT, "A/60/205", "A/60/205", "operative 1"),
        _Text("A/RES/61/208", "GA", "61", "2006-12-20", "International migration and development")
        .para("preamble", 1, "recalling",
              "Recalling its resolutions 59/241 of 22 December 2004 and 60/227 of "
              "23 December 2005,")
        .para("preamble", 2, "reaffirming", f"Reaffirming the {cmw},")
        .para("operative", 1, "welcomes", "Welcomes the entry into force of the Convention,",
              marker=3)
        .para("operative", 2, "requests",
              "Requests the Secretary-General to report on the Declaration of Somewhere;")
        .footnote(3, "United Nations, Treaty Series, vol. 2220, No. 39481.")
        .cite(T.RESOLUTION, "A/RES/59/241", "resolutions 59/241", "preamble 1")
        .cite(T.RESOLUTION, "A/RES/60/227", "60/227", "preamble 1")
        .cite(T.INSTRUMENT, "instrument:cmw", cmw, "preamble 2", via="registry")
        .cite(T.TREATY, "UNTS:39481", "United Nations, Treaty Series, vol. 2220, No. 39481",
              "operative 1", footnote=3)
        .cite(T.INSTRUMENT, None, "Declaration of Somewhere", "operative 2",
              reason="unknown instrument"),
        _Text("A/RES/62/156", "GA", "62", "2007-12-18", "Protection of migrants")
        .para("preamble", 1, "reaffirming", "Reaffirming its resolution 61/208,")
        .para("preamble", 2, "recalling", "Recalling the Universal Declaration of Human Rights,",
              marker=4)
        .para("operative", 1, "notes", "Notes the Convention,", marker=5)
        .footnote(4, "Resolution 217 A (III).")
        .footnote(5, "Resolution 45/158, annex.")
        .cite(T.RESOLUTION, "A/RES/61/208", "resolution 61/208", "preamble 1")
        .cite(T.RESOLUTION, "A/RES/217A(III)", "Resolution 217 A (III)", "preamble 2",
              footnote=4)
        .cite(T.RESOLUTION, "A/RES/45/158", "Resolution 45/158", "operative 1", footnote=5),
    ]
    return reg, [t.pair() for t in texts]


class _Text(SourceBuilder):
    """Builds one example document, paragraph by paragraph, with its citations."""

    def __init__(self, symbol: str, organ: str, session: str, adopted: str, title: str) -> None:
        super().__init__(f"United Nations {symbol}\n{title}")
        self.symbol, self.organ, self.session = symbol, organ, session
        self.adopted, self.title = _dt.date.fromisoformat(adopted), title
        self.refs: list[Any] = []

    def cite(self, ctype: Any, key: str | None, quote: str, paragraph: str, *,
             footnote: int | None = None, date: str | None = None, via: str | None = None,
             reason: str | None = None) -> _Text:

        after = 0
        if footnote is not None:
            after = next(f.span.start for f in self.footnotes if f.number == footnote)
        cit = Citation(ctype, key, quote, self.span(quote, after), paragraph,
                       footnote=footnote, date=date)
        how = via or ("footnote" if footnote is not None else "text")
        self.refs.append(Reference(cit, key, via=how if key else "text", reason=reason))
        return self

    def pair(self) -> tuple[Any, list[Any]]:

        file = "/example/" + re.sub(r"[^A-Za-z0-9]+", "_", self.symbol).strip("_") + ".txt"
        doc = Document(file, "text", self.source, self.symbol, self.organ, title=self.title,
                       adopted=self.adopted, session=self.session,
                       paragraphs=tuple(self.paragraphs), footnotes=tuple(self.footnotes))
        return doc, list(self.refs)


def example_store() -> Any:
    """An in-memory store holding :func:`example_corpus` (built once, then shared).

    >>> example_store().count() > 300
    True
    """
    return _example_store()


@cache
def _example_store() -> Any:
    from resgraph.graph.build import build_pairs  # noqa: PLC0415 - rdflib is slow to import

    registry, pairs = example_corpus()
    store = EmbeddedStore.memory()
    build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    if stats.STATS_GRAPH not in store.graphs():  # a build without statistics
        stats.write_statistics(store, co_cited_min_texts=1)
    return store
