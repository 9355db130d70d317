"""Benchmarks and evaluation commands: run from the CLI, never imported by production code."""
