"""Whether this build has torch and transformers, and what to tell the user when it has not.

The packaged desktop build (build.spec) leaves torch and transformers out on
purpose: they are ~900 MB, and the bundle translates with CTranslate2 and
converts models with the numpy converter. Two features still need them: the
``hf`` reference backend and the machine-written (abstractive) summary. Both
ask here first, so the user reads one sentence saying why and what to do
instead of a ``No module named 'torch'`` traceback.

Checking uses ``importlib.util.find_spec``, which locates a package without
importing it: asking costs microseconds, not torch's 2.5 s import.
"""

from __future__ import annotations

import importlib.util

from desktop.core.errors import BackendUnavailable
from desktop.core.resources import is_frozen

#: The libraries the reference stack needs, in the order they are reported.
REFERENCE_MODULES = ("torch", "transformers")


def missing_reference_module() -> str | None:
    """The first of torch/transformers that this build cannot import, or None when both are there."""
    for name in REFERENCE_MODULES:
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # a broken or half-removed install
            found = None
        if found is None:
            return name
    return None


def reference_stack_available() -> bool:
    """True when torch and transformers can be imported (a source install; never the bundle)."""
    return missing_reference_module() is None


def require_reference_stack(feature: str, *, instead: str) -> None:
    """Raise :class:`BackendUnavailable` when ``feature`` cannot run for lack of torch/transformers.

    ``feature`` names what the user asked for ("The hf backend"); ``instead``
    is what they can do in this build ("use --backend ct2"). The sentence
    differs between the bundle (left out on purpose: install from source) and
    a source install (something is missing: reinstall the environment).
    """
    missing = missing_reference_module()
    if missing is None:
        return
    if is_frozen():
        raise BackendUnavailable(
            f"{feature} needs torch, which this packaged build leaves out; "
            f"{instead}, or install Dragoman from source."
        )
    raise BackendUnavailable(
        f"{feature} needs torch and transformers, and {missing} is not installed here; "
        f"{instead}, or run `make venv` to install them."
    )
