"""queries room of resgraph."""
