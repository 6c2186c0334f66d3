"""Benchmarks and evaluation harnesses; never part of the product or of ``make test``'s timing."""
