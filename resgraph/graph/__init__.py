"""graph room of resgraph."""
