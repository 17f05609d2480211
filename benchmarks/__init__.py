"""Benchmarks: each script prints its figures (run with `python -m benchmarks.NAME`)."""
