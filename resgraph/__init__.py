"""resgraph: the citation and cross-reference knowledge graph of UN resolutions."""

from __future__ import annotations

__version__ = "0.1.0"
