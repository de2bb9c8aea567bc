"""Benchmarks: `python -m benchmarks` runs every benchmarks/bench_*.py; each also runs alone."""
