"""Translate: sentences in, :class:`~desktop.core.translation.DocumentTranslation` out.

The streaming, cancellable translation job, the backends behind one interface
(``ct2`` CTranslate2, ``hf`` transformers), profiles and the translation memory.
It never analyses, stores documents or exports; models come from
:mod:`desktop.core.models`. Heavy libraries load inside functions only.
"""
