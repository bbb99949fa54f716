from __future__ import annotations

from unspun.errors import UnspunError
from unspun.facts.nlp import ModelMissingError, load_nlp


def test_pipeline_is_ner_only_and_cached() -> None:
    nlp = load_nlp()
    assert nlp.pipe_names == ["ner"]
    assert load_nlp() is nlp


def test_missing_model_error_is_an_unspun_error() -> None:
    assert issubclass(ModelMissingError, UnspunError)
