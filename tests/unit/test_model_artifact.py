"""The committed semantic artifacts are the ones their manifests and the model card describe, and they
load offline."""

from __future__ import annotations

import hashlib
import json
import re
import socket
from pathlib import Path

import pytest

from unspun.semantic.cross import CROSS_FILES, CrossEncoder, default_cross_dir, read_cross_manifest
from unspun.semantic.model import ARTIFACT_FILES, SemanticModel, default_model_dir

REPO = Path(__file__).resolve().parents[2]
CARD = REPO / "docs" / "model-card.md"
# "| `embeddings.npy` | 7,558,528 | `<sha256>` |" rows of the card's artifact table
CARD_ROW = re.compile(r"^\| `([\w.]+)` \| [\d,]+ \| `([0-9a-f]{64})` \|$", re.MULTILINE)
# "| `model.onnx` | 23.1 MB (23,138,231 bytes) | `<sha256>` |" rows of the cross-encoder's table
CROSS_CARD_ROW = re.compile(
    r"^\| `([\w.]+)` \| [\d.]+ MB \(([\d,]+) bytes\) \| `([0-9a-f]{64})` \|$", re.MULTILINE
)


def _card_hashes() -> dict[str, str]:
    return dict(CARD_ROW.findall(CARD.read_text(encoding="utf-8")))


def test_card_lists_every_artifact_file() -> None:
    assert sorted(_card_hashes()) == sorted(ARTIFACT_FILES)


@pytest.mark.parametrize("name", ARTIFACT_FILES)
def test_committed_file_has_the_card_hash(name: str) -> None:
    digest = hashlib.sha256((default_model_dir() / name).read_bytes()).hexdigest()
    assert digest == _card_hashes()[name]


def test_manifest_agrees_with_the_card() -> None:
    manifest = json.loads((default_model_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == _card_hashes()


def test_artifact_is_small() -> None:
    total = sum((default_model_dir() / n).stat().st_size for n in ARTIFACT_FILES)
    assert total < 20_000_000


def test_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the semantic model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = SemanticModel.load()
    vectors = model.embed(["Kyiv denied Russia had full control of the industrial hub."])
    assert vectors.shape == (1, model.embedder.dim)
    assert vectors.dtype.name == "float32"
    assert abs(float((vectors**2).sum()) - 1.0) < 1e-5


def test_cross_encoder_files_have_the_manifest_hashes() -> None:
    manifest = read_cross_manifest(default_cross_dir())  # raises ModelMissingError on a mismatch
    for name in CROSS_FILES:
        digest = hashlib.sha256((default_cross_dir() / name).read_bytes()).hexdigest()
        assert manifest["files"][name] == digest


def test_cross_encoder_files_have_the_card_hashes() -> None:
    rows = {
        name: (int(size.replace(",", "")), digest)
        for name, size, digest in CROSS_CARD_ROW.findall(CARD.read_text(encoding="utf-8"))
    }
    assert sorted(rows) == sorted(CROSS_FILES)
    for name, (size, digest) in rows.items():
        data = (default_cross_dir() / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, digest)


def test_cross_encoder_fits_the_artifact_contract() -> None:
    manifest = read_cross_manifest(default_cross_dir())
    assert manifest["schema"] == 1
    assert 0.0 < float(manifest["threshold"]) < 1.0
    assert 16 <= int(manifest["max_length"]) <= 512
    total = sum((default_cross_dir() / n).stat().st_size for n in CROSS_FILES)
    assert total < 50_000_000


def test_cross_encoder_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cross-encoder tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = CrossEncoder.load()
    (p,) = model.covers([("Kyiv denied Russia had full control of the town.", "Kyiv denied it.")])
    assert 0.0 <= p <= 1.0
