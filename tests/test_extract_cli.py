"""The ``resgraph extract`` command (:mod:`resgraph.loaders.extract_cli`)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from resgraph.loaders import extract_cli

pytest.importorskip("resgraph.loaders.documents")

ODS = """Resolution adopted by the General Assembly on 22 December 2004
[on the report of the Second Committee (A/59/485/Add.2)]
59/241.\tInternational migration and development

\tThe General Assembly,
\tRecalling its resolutions 57/270 B of 23 June 2003 and 58/190 of 22 December 2003,
\tRecalling also the International Convention on the Protection of the Rights of All Migrant \
Workers and Members of Their Families,1
\t1.\tTakes note of the report of the Secretary-General;2

75th plenary meeting
22 December 2004
1 Resolution 45/158, annex.
2 A/59/325.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resgraph")
    extract_cli.register(parser.add_subparsers(dest="command"))
    return parser


def _run(argv: list[str]) -> str:
    args = _parser().parse_args(argv)
    out = io.StringIO()
    with redirect_stdout(out):
        assert args.handler(args) == 0
    return out.getvalue()


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "A_RES_59_241.txt"
    path.write_text(ODS, encoding="utf-8")
    return path


def test_help_mentions_formats() -> None:
    with pytest.raises(SystemExit), redirect_stdout(io.StringIO()) as out:
        _parser().parse_args(["extract", "--help"])
    assert "jsonl" in out.getvalue()
    assert "csv" in out.getvalue()


def test_jsonl_one_object_per_document(text_file: Path) -> None:
    lines = _run(["extract", str(text_file), str(text_file)]).splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["file"] == str(text_file)
    assert record["symbol"] == "A/RES/59/241"
    cites = record["citations"]
    assert {"target", "type", "verb", "paragraph", "footnote", "start", "end", "text"} <= set(
        cites[0])
    targets = [c["target"] for c in cites]
    assert "A/RES/57/270B" in targets
    assert "A/RES/45/158" in targets
    assert "A/59/325" in targets
    for c in cites:
        assert ODS[c["start"]:c["end"]] == c["text"]


def test_csv_one_row_per_citation(text_file: Path) -> None:
    out = _run(["extract", str(text_file), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    jsonl = json.loads(_run(["extract", str(text_file)]))
    assert len(rows) == len(jsonl["citations"])
    assert tuple(rows[0]) == extract_cli.CSV_COLUMNS
    assert {r["symbol"] for r in rows} == {"A/RES/59/241"}
