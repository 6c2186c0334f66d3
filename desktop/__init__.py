"""Dragoman: an offline translation-and-brief desk for foreign-news journalists."""

from __future__ import annotations

__version__ = "0.1.0"
