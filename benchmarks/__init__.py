"""Benchmarks for unspun (not tests): ``benchmarks.quality`` and ``benchmarks.speed``."""
