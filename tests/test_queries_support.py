"""Shared pieces of the query and server tests (no tests of its own).

- the example corpus of :func:`resgraph.queries.api.example_corpus` as an
  on-disk store and as N-Quads;
- an Oxigraph server started on a free localhost port and loaded with the same
  data (tests that need one are skipped, saying why, when the ``oxigraph``
  program is missing);
- the known answers of every named query on that corpus.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from resgraph.graph.build import build_pairs
from resgraph.graph.store import EmbeddedStore, EndpointStore
from resgraph.queries.api import example_corpus, example_store

MISSING_OXIGRAPH = ("the `oxigraph` program is not installed (pip install oxigraph); "
                    "the tests against a real SPARQL server are skipped")


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` program: on PATH or beside this Python."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 20.0) -> None:
    """Wait until ``url`` answers HTTP (any status)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def example_nquads() -> bytes:
    """The example store's content as N-Quads."""
    buffer = io.BytesIO()
    example_store().dump(buffer, "nq")
    return buffer.getvalue()


def build_example(directory: Path) -> Path:
    """An on-disk store of the example corpus in ``directory``."""
    registry, pairs = example_corpus()
    store = EmbeddedStore.open(directory)
    build_pairs(pairs, store, registry=registry, progress=False, counts=False)
    store.close()
    return directory


@contextlib.contextmanager
def oxigraph_server(*, union: bool, location: Path | None = None,
                    read_only: bool = False) -> Iterator[str]:
    """An Oxigraph server on a free port; yields its query URL.

    Without ``location`` it runs in memory and is loaded with the example data
    through the Graph Store Protocol; with ``read_only`` it serves ``location``
    with ``serve-read-only``.
    """
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip(MISSING_OXIGRAPH)
    port = free_port()
    cmd = [binary, "serve-read-only" if read_only else "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        cmd += ["--location", str(location)]
    if union:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D")
        if location is None:
            request = urllib.request.Request(
                base + "/store", data=example_nquads(), method="POST",
                headers={"Content-Type": "application/n-quads"})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status in (200, 201, 204)
        yield base + "/query"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()


def endpoint(url: str) -> EndpointStore:
    """An endpoint store with a short timeout, for tests."""
    return EndpointStore(url, timeout=60)


# ----------------------------------------------------------------- answers

CMW = ("International Convention on the Protection of the Rights of All Migrant Workers "
       "and Members of Their Families")

#: (query, parameters, columns compared, expected rows as tuples of those columns).
#: Every named query has at least one case; the answers were worked out by hand
#: from the texts of ``example_corpus``.
CASES: list[tuple[str, dict[str, Any], tuple[str, ...], list[tuple[Any, ...]]]] = [
    ("cited-by", {"target": "45/158"},
     ("citing", "date", "organ", "paragraph", "verb", "characterization", "footnote", "cited",
      "route"),
     [("S/RES/1325(2000)", "2000-10-31", "SC", "preamble 2", "recalling",
       "obtainsBackgroundFrom", None, "A/RES/45/158", "direct"),
      ("A/RES/59/241", "2004-12-22", "GA", "preamble 1", "recalling", "obtainsBackgroundFrom",
       None, "A/RES/45/158", "direct"),
      ("A/RES/61/208", "2006-12-20", "GA", "preamble 2", "reaffirming", "agreesWith", None,
       "instrument:cmw", "instrument"),
      ("A/RES/61/208", "2006-12-20", "GA", "operative 1", "welcomes", "supports", 3,
       "UNTS:39481", "treaty"),
      ("A/RES/62/156", "2007-12-18", "GA", "operative 1", "notes", "citesForInformation", 5,
       "A/RES/45/158", "footnote")]),
    ("cited-by", {"target": "UNTS 39481"}, ("citing", "cited", "route"),
     [("S/RES/1325(2000)", "A/RES/45/158", "adopting-resolution"),
      ("A/RES/59/241", "A/RES/45/158", "adopting-resolution"),
      ("A/RES/61/208", "instrument:cmw", "instrument"),
      ("A/RES/61/208", "UNTS:39481", "footnote"),
      ("A/RES/62/156", "A/RES/45/158", "adopting-resolution")]),
    # 2200 A (XXI) adopted two covenants: citing it is not citing either one.
    ("cited-by", {"target": "instrument:iccpr"}, ("citing",), []),
    ("cited-by", {"target": "2200 A (XXI)"}, ("citing", "footnote", "route"),
     [("A/RES/60/227", 2, "footnote")]),
    ("cited-by", {"target": "instrument:udhr"}, ("citing", "cited", "route"),
     [("A/RES/45/158", "A/RES/217A(III)", "adopting-resolution"),
      ("A/RES/59/241", "instrument:udhr", "direct"),
      ("A/RES/62/156", "A/RES/217A(III)", "adopting-resolution")]),
    ("cited-by", {"target": "99/999"}, ("citing",), []),
    ("cites", {"source": "A/RES/61/208"},
     ("cited", "kind", "paragraph", "verb", "footnote", "quote", "type"),
     [("A/RES/59/241", "resolution", "preamble 1", "recalling", None, "resolutions 59/241",
       "resolution"),
      ("A/RES/60/227", "resolution", "preamble 1", "recalling", None, "60/227", "resolution"),
      ("instrument:cmw", "instrument", "preamble 2", "reaffirming", None, CMW, "instrument"),
      ("UNTS:39481", "treaty", "operative 1", "welcomes", 3,
       "United Nations, Treaty Series, vol. 2220, No. 39481", "treaty")]),
    ("cites", {"source": "1325 (2000)"}, ("cited", "title"),
     [("S/RES/1261(1999)", None), ("A/RES/45/158", CMW)]),
    ("chain", {"from": "62/156", "to": "45/158", "maxDepth": 4},
     ("length", "hop1", "hop2", "hop3"),
     [(1, None, None, None), (3, "A/RES/61/208", "A/RES/59/241", None),
      (4, "A/RES/61/208", "A/RES/60/227", "A/RES/59/241")]),
    ("chain", {"from": "62/156", "to": "45/158"}, ("length",), [(1,), (3,)]),
    ("chain", {"from": "45/158", "to": "62/156"}, ("length",), []),
    ("ancestors", {"source": "59/241"}, ("key", "date"),
     [("instrument:udhr", "1948-12-10"), ("A/RES/40/130", "1985-12-13"),
      ("A/RES/45/158", "1990-12-18"), ("A/59/325", None), ("A/RES/217A(III)", None)]),
    ("descendants", {"target": "45/158"}, ("key", "date"),
     [("S/RES/1325(2000)", "2000-10-31"), ("A/RES/59/241", "2004-12-22"),
      ("A/RES/60/227", "2005-12-23"), ("A/RES/61/208", "2006-12-20"),
      ("A/RES/62/156", "2007-12-18")]),
    ("top", {}, ("target", "citations", "texts"),
     [("A/RES/45/158", 3, 3), ("A/RES/217A(III)", 2, 2), ("A/RES/59/241", 2, 2),
      ("A/59/325", 1, 1), ("A/60/205", 1, 1), ("A/RES/2200A(XXI)", 1, 1),
      ("A/RES/40/130", 1, 1), ("A/RES/60/227", 1, 1), ("A/RES/61/208", 1, 1),
      ("S/RES/1261(1999)", 1, 1), ("instrument:cmw", 1, 1), ("instrument:udhr", 1, 1),
      ("UNTS:39481", 1, 1)]),
    ("top", {"kind": "treaty"}, ("target", "title"), [("UNTS:39481", CMW)]),
    ("top-scan", {"kind": "treaty"}, ("target", "title"), [("UNTS:39481", CMW)]),
    ("top-by-scan", {"session": "60", "year": 2005}, ("target",),
     [("A/60/205",), ("A/RES/2200A(XXI)",), ("A/RES/59/241",)]),
    ("top-by", {"organ": "SC"}, ("target", "citations"),
     [("A/RES/45/158", 1), ("S/RES/1261(1999)", 1)]),
    ("top-by", {"year": 2007}, ("target",),
     [("A/RES/217A(III)",), ("A/RES/45/158",), ("A/RES/61/208",)]),
    ("top-by", {"session": "60", "kind": "document"}, ("target",), [("A/60/205",)]),
    ("top-by", {"organ": "GA", "year": 2006}, ("target", "texts"),
     [("A/RES/59/241", 1), ("A/RES/60/227", 1), ("instrument:cmw", 1), ("UNTS:39481", 1)]),
    ("top-by", {}, ("target", "citations"),
     [("A/RES/45/158", 3), ("A/RES/217A(III)", 2), ("A/RES/59/241", 2), ("A/59/325", 1),
      ("A/60/205", 1), ("A/RES/2200A(XXI)", 1), ("A/RES/40/130", 1), ("A/RES/60/227", 1),
      ("A/RES/61/208", 1), ("S/RES/1261(1999)", 1), ("instrument:cmw", 1),
      ("instrument:udhr", 1), ("UNTS:39481", 1)]),
    ("timeline", {"target": "A/RES/45/158"}, ("year", "verb", "citations", "texts"),
     [(2000, "recalling", 1, 1), (2004, "recalling", 1, 1), (2006, "reaffirming", 1, 1),
      (2006, "welcomes", 1, 1), (2007, "notes", 1, 1)]),
    ("co-cited", {"target": "45/158"}, ("other", "texts", "citations"),
     [("A/59/325", 1, 1), ("A/RES/217A(III)", 1, 1), ("A/RES/59/241", 1, 1),
      ("A/RES/60/227", 1, 1), ("A/RES/61/208", 1, 1), ("S/RES/1261(1999)", 1, 1),
      ("instrument:udhr", 1, 1)]),
    ("verb-profile", {"target": "45/158"},
     ("verb", "characterization", "citations", "texts", "first", "last", "first_citing"),
     [("recalling", "obtainsBackgroundFrom", 2, 2, "2000-10-31", "2004-12-22",
       "S/RES/1325(2000)"),
      ("reaffirming", "agreesWith", 1, 1, "2006-12-20", "2006-12-20", "A/RES/61/208"),
      ("welcomes", "supports", 1, 1, "2006-12-20", "2006-12-20", "A/RES/61/208"),
      ("notes", "citesForInformation", 1, 1, "2007-12-18", "2007-12-18", "A/RES/62/156")]),
    ("target-group", {"target": "45/158"}, ("member", "route"),
     [("A/RES/45/158", "direct"), ("instrument:cmw", "instrument"), ("UNTS:39481", "treaty")]),
    ("target-group", {"target": "2200 A (XXI)"}, ("member", "route"),
     [("A/RES/2200A(XXI)", "direct"), ("instrument:iccpr", "instrument"),
      ("instrument:icescr", "instrument"), ("UNTS:14531", "treaty"), ("UNTS:14668", "treaty")]),
    ("target-group", {"target": "instrument:iccpr"}, ("member", "route"),
     [("instrument:iccpr", "direct"), ("UNTS:14668", "treaty")]),
    ("citations", {"cited": "A/RES/45/158"}, ("citing", "paragraph", "footnote", "start"),
     [("S/RES/1325(2000)", "preamble 2", None, 134), ("A/RES/59/241", "preamble 1", None, 83),
      ("A/RES/62/156", "operative 1", 5, 195)]),
    ("citations", {"cited": "instrument:iccpr"}, ("citing",), []),
    ("unresolved", {}, ("citing", "paragraph", "type", "quote", "mentioned", "reason"),
     [("A/RES/61/208", "operative 2", "instrument", "Declaration of Somewhere", None,
       "unknown instrument")]),
    ("unresolved", {"citing": "62/156"}, ("citing",), []),
]


def project(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows as tuples of the given columns."""
    return [tuple(r[c] for c in columns) for r in rows]
