"""Static plots of query answers, drawn with matplotlib's Agg renderer (no display needed).

:func:`timeline_plot` draws the citations of a text per year, stacked by the
family of the citing verb, in the colours of the HTML views
(:data:`resgraph.queries.views.EDGE_STYLES`).

>>> import tempfile
>>> from pathlib import Path
>>> rows = [(2019, "recalling", 3), (2020, "reaffirming", 2), (2020, "recalling also", 1)]
>>> out = timeline_plot(rows, Path(tempfile.mkdtemp()) / "timeline.png")
>>> out.read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from resgraph.errors import QueryError
from resgraph.queries.views import EDGE_STYLES, verb_family

__all__ = ["timeline_plot", "timeline_table"]

_FAMILIES = tuple(f for f in EDGE_STYLES if f not in ("adopts", "registered-as"))


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise QueryError(f"{what} must be a whole number, not {value!r}")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{what} must be a whole number, not {value!r}") from None
    if number != value and not (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        raise QueryError(f"{what} must be a whole number, not {value!r}")
    return number


Row = tuple[Any, str | None, Any] | Mapping[str, Any]


def _unpack(row: Any) -> tuple[Any, Any, Any]:
    if isinstance(row, Mapping):
        count = row.get("citations", row.get("count"))
        if "year" not in row or count is None:
            raise QueryError(f"a row needs year, verb and citations (or count): {row!r}")
        return row["year"], row.get("verb"), count
    try:
        year, verb, count = row
    except (TypeError, ValueError):
        raise QueryError(f"a row must be (year, verb, count), not {row!r}") from None
    return year, verb, count


def timeline_table(rows: Iterable[Row]) -> tuple[list[int], dict[str, list[int]], int]:
    """Citations per year and verb family: ``(years, {family: counts}, undated)``.

    ``rows`` are ``(year, verb, count)`` tuples or the rows of
    :func:`resgraph.queries.trace.timeline` (``year``, ``verb``, ``citations``);
    years without citations inside the range get zeros; families keep the
    legend order of the views and only those with citations are returned;
    ``undated`` counts the citations of rows whose year is None. Raises
    :class:`~resgraph.errors.QueryError` for a malformed row.

    >>> timeline_table([(2001, "Recalling", 2), (2003, "takes note", 1), (2003, None, 1)])
    ([2001, 2002, 2003], {'recalling': [2, 0, 0], 'noting': [0, 0, 1], 'other': [0, 0, 1]}, 0)
    >>> timeline_table([{"year": None, "verb": "noting", "citations": 2}])
    ([], {}, 2)
    """
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    undated = 0
    for row in rows:
        year_value, verb, count_value = _unpack(row)
        if year_value is None:
            undated += _whole(count_value, "count")
            continue
        year = _whole(year_value, "year")
        count = _whole(count_value, "count")
        if count < 0:
            raise QueryError(f"count must not be negative: {row!r}")
        if verb is not None and not isinstance(verb, str):
            raise QueryError(f"verb must be text or None, not {verb!r}")
        counts[verb_family(verb)][year] += count
    years_seen = sorted({y for by_year in counts.values() for y in by_year})
    if not years_seen:
        return [], {}, undated
    years = list(range(years_seen[0], years_seen[-1] + 1))
    table = {
        family: [counts[family].get(y, 0) for y in years]
        for family in _FAMILIES
        if family in counts and any(counts[family].values())
    }
    return years, table, undated


def timeline_plot(
    rows: Iterable[Row],
    path: str | Path,
    *,
    title: str | None = None,
    width: float = 8.0,
    height: float = 4.5,
    dpi: int = 120,
) -> Path:
    """Write a PNG of citations per year, stacked by the family of the citing verb.

    ``rows`` are ``(year, verb, count)`` tuples or the rows of the
    ``timeline`` query (``year``, ``verb``, ``citations``); verbs are grouped
    as in the views (*recalling also* with *recalling*, *takes note* with
    *noting*; see :data:`~resgraph.queries.views.VERB_FAMILIES`). Citations of
    undated texts are counted in a note under the bars. With no rows the plot
    says so. Returns the path written; raises
    :class:`~resgraph.errors.QueryError` for a malformed row or a file that
    cannot be written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> out = Path(tempfile.mkdtemp()) / "empty.png"
    >>> timeline_plot([], out, title="A/RES/45/158") == out
    True
    """
    from matplotlib.backends.backend_agg import (  # noqa: PLC0415 - matplotlib is slow to import
        FigureCanvasAgg,
    )
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    years, table, undated = timeline_table(rows)
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title or "Citations per year")
    if not years:
        axes.text(0.5, 0.5, "No citations", ha="center", va="center",
                  transform=axes.transAxes, fontsize=14, color="#666666")
        axes.set_xticks([])
        axes.set_yticks([])
    else:
        bottom = [0] * len(years)
        for family, counts in table.items():
            axes.bar(years, counts, bottom=bottom, width=0.8, label=family,
                     color=EDGE_STYLES[family][0], edgecolor="white", linewidth=0.5)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        axes.set_xlabel("year")
        axes.set_ylabel("citations")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        axes.set_axisbelow(True)
        axes.legend(title="verb", frameon=False, loc="upper left", fontsize=9,
                    title_fontsize=9)
    if undated:
        figure.text(0.99, 0.01, f"{undated} citation{'s' if undated != 1 else ''} "
                    "by undated texts not shown", ha="right", va="bottom", fontsize=8,
                    color="#666666")
    out = Path(path)
    try:
        figure.savefig(out, format="png")
    except OSError as exc:
        raise QueryError(f"cannot write the plot to {out}: {exc.strerror or exc}") from exc
    return out
