"""Frontends turn a source (Python code, later saved configs) into the shared IR."""
