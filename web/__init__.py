"""The adflows web app: a thin FastAPI layer over `flows` (no domain logic in routes or templates)."""
