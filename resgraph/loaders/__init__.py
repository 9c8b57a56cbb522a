"""loaders room of resgraph."""
