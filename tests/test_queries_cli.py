"""The query commands: ``cited-by``, ``cites``, ``chain``, ``top``, ``timeline``, ``query``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_queries_support import build_example

from resgraph.cli import main
from resgraph.queries import api


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_example(tmp_path_factory.mktemp("cli") / "store"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cited_by_json_is_the_api_rows(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cited-by", "45/158", "--store", store, "--format", "json")
    assert status == 0
    assert json.loads(out) == api.cited_by("45/158", store)


def test_cited_by_accepts_every_target_form(store: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    outs = set()
    for form in ("45/158", "A/RES/45/158", "resolution 45/158", "A/RES/45/158 "):
        status, out, _ = run(capsys, "cited-by", form, "--store", store, "--format", "csv")
        assert status == 0
        outs.add(out)
    assert len(outs) == 1
    rows = list(csv.DictReader(io.StringIO(outs.pop())))
    assert [r["route"] for r in rows] == ["direct", "direct", "instrument", "treaty", "footnote"]
    assert rows[0]["footnote"] == ""


def test_table_output(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cited-by", "Migrant Workers Convention", "--store", store)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "cited-by instrument:cmw: 5 citations in 4 texts"
    assert lines[1].split() == ["citing", "date", "paragraph", "verb", "footnote", "route",
                                "cited", "quote"]
    assert all(line == line.rstrip() for line in lines)
    assert "adopting-resolution" in out


def test_cites_chain_top_timeline(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cites", "62/156", "--store", store, "--format", "json")
    assert [r["cited"] for r in json.loads(out)] == ["A/RES/61/208", "A/RES/217A(III)",
                                                     "A/RES/45/158"]
    status, out, _ = run(capsys, "chain", "62/156", "45/158", "--max-depth", "4", "--store",
                         store)
    assert status == 0
    assert "A/RES/62/156 -> A/RES/61/208 -> A/RES/60/227 -> A/RES/59/241 -> A/RES/45/158" in out
    assert out.splitlines()[0].endswith("3 paths")
    status, out, _ = run(capsys, "top", "--store", store, "--limit", "2", "--format", "json")
    assert [r["target"] for r in json.loads(out)] == ["A/RES/45/158", "A/RES/217A(III)"]
    status, out, _ = run(capsys, "top", "--organ", "SC", "--store", store, "--format", "csv")
    assert out.splitlines() == ["target,title,citations,texts",
                                "A/RES/45/158,International Convention on the Protection of the "
                                "Rights of All Migrant Workers and Members of Their Families,1,1",
                                "S/RES/1261(1999),,1,1"]
    status, out, _ = run(capsys, "timeline", "45/158", "--store", store, "--format", "json")
    assert json.loads(out)[-1] == {"year": 2007, "verb": "notes", "citations": 1, "texts": 1}


def test_timeline_plot(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("resgraph.queries.plots")
    png = tmp_path / "timeline.png"
    status, _, err = run(capsys, "timeline", "45/158", "--store", store, "--plot", str(png))
    assert status == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "timeline drawn" in err


def test_query_command(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "query", "--list")
    assert status == 0
    assert "cited-by target=<target>" in out
    assert "top-by [organ=<organ>]" in out
    status, out, _ = run(capsys, "query", "top-by", "--param", "organ=SC", "--param",
                         "?kind=resolution", "--store", store, "--format", "json")
    assert [r["target"] for r in json.loads(out)] == ["A/RES/45/158", "S/RES/1261(1999)"]
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX cito: <http://purl.org/spar/cito/>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c cito:hasCitedEntity ?t } }")
    status, out, _ = run(capsys, "query", str(path), "--store", store, "--format", "csv")
    assert out.splitlines() == ["n", "17"]


@pytest.mark.parametrize(("argv", "message"), [
    (["cited-by", "not a symbol"], "unknown target"),
    (["query", "nope"], "no query named 'nope'"),
    (["query", "top-by", "--param", "organ"], "--param needs KEY=VALUE"),
    (["query", "top-by", "--param", "colour=blue"], "has no parameter ?colour"),
    (["top", "--organ", "UNESCO"], "unknown organ"),
])
def test_errors_are_one_line(store: str, capsys: pytest.CaptureFixture[str], argv: list[str],
                             message: str) -> None:
    status, _, err = run(capsys, *argv, "--store", store)
    assert status == 1
    assert err.startswith("resgraph: error: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_texts_get_a_note(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "cited-by", "99/999", "--store", store)
    assert status == 0
    assert out.splitlines() == ["cited-by A/RES/99/999: 0 citations in 0 texts"]
    assert "A/RES/99/999 does not occur in the store" in err


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESGRAPH_CACHE", str(tmp_path))
    status, _, err = run(capsys, "top")
    assert status == 1
    assert "resgraph demo" in err
