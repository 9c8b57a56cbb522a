"""The notebooks of ``notebooks/`` are kept in git as sources only, and stay thin.

CI runs them with nbmake (``pytest --nbmake notebooks``). These are the cheap
checks that need no kernel: no stored outputs or execution counts, a title,
code that imports resgraph and defines little of its own (resgraph's functions
do the work), and a README that lists every notebook.
``scripts/strip-notebooks.py`` removes what a run leaves behind.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "notebooks"
STRIP = REPO / "scripts" / "strip-notebooks.py"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
EXPECTED = (
    "01-one-resolution.ipynb",
    "02-tracing-45-158.ipynb",
    "03-sparql-cookbook.ipynb",
    "04-network-analysis.ipynb",
)

#: A notebook may define at most this many functions, and no class.
MAX_FUNCTIONS = 2


def read(path: Path) -> dict[str, Any]:
    """The notebook as JSON."""
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return notebook


def text(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat allows a string or a list of lines)."""
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def code(path: Path) -> list[str]:
    """The sources of a notebook's code cells."""
    return [text(c) for c in read(path)["cells"] if c["cell_type"] == "code"]


def test_the_notebooks_are_there() -> None:
    assert set(EXPECTED) <= {p.name for p in NOTEBOOKS}


def test_the_readme_lists_every_notebook() -> None:
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in NOTEBOOKS if p.name not in readme] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_outputs_and_no_execution_counts(path: Path) -> None:
    for i, cell in enumerate(read(path)["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {i} has outputs: run {STRIP.name}"
            assert cell.get("execution_count") is None, f"cell {i} has an execution count"
        assert not {"execution", "ExecuteTime"} & set(cell.get("metadata", {})), f"cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stripped_as_the_script_writes_them(path: Path) -> None:
    result = subprocess.run([sys.executable, str(STRIP), "--check", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_format_kernel_and_title(path: Path) -> None:
    notebook = read(path)
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown"
    assert text(first).startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_imports_resgraph_and_defines_little(path: Path) -> None:
    tree = ast.parse("\n".join(code(path)), filename=path.name)
    modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert any(m == "resgraph" or m.startswith("resgraph.") for m in modules)
    classes = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    functions = [n.name for n in ast.walk(tree)
                 if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    assert classes == []
    assert len(functions) <= MAX_FUNCTIONS, functions


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_paths_of_one_machine(path: Path) -> None:
    sources = "\n".join(text(c) for c in read(path)["cells"])
    for local in ("/root/", "/home/", "/work/", "/tmp/"):
        assert local not in sources


def test_the_script_strips_a_run(tmp_path: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title"]},
            {"cell_type": "code", "id": "b", "execution_count": 3,
             "metadata": {"execution": {"iopub.status.busy": "2024-01-01"}, "tags": ["keep"]},
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}],
             "source": ["print(1)"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"},
                     "language_info": {"name": "python", "version": "3.11.2"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "run.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")

    def strip(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(STRIP), *args, str(path)],
                              capture_output=True, text=True, check=False)

    assert strip("--check").returncode == 1
    assert json.loads(path.read_text(encoding="utf-8")) == notebook  # --check changes nothing
    assert strip().returncode == 0
    stripped = read(path)
    cell = stripped["cells"][1]
    assert (cell["outputs"], cell["execution_count"]) == ([], None)
    assert cell["metadata"] == {"tags": ["keep"]}
    assert cell["source"] == ["print(1)"]
    assert stripped["metadata"]["language_info"] == {"name": "python"}
    assert stripped["metadata"]["kernelspec"]["name"] == "python3"
    assert strip("--check").returncode == 0
