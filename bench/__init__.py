"""Benchmark of the tracker at two sizes (`make bench`): a deterministic data generator and the measurements.

See docs/benchmarks.md for the figures and how to run it.
"""
