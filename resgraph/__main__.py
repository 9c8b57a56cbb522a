"""``python -m resgraph``: the command line."""

from resgraph.cli import main

raise SystemExit(main())
