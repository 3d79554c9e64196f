"""Benchmarks of policy-kg (see BENCHMARKS.md)."""
