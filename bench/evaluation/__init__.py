"""Evaluation harnesses shared by the bench scripts and the tests (not shipped in the app)."""
