"""Load the committed semantic artifact (static embedding + tokenizer + judge) and use it.

The artifact lives in the package (``unspun/models/semantic/``), is built by ``make model`` and
is never fetched: nothing here touches the network (``tokenizers`` loads from a file). Every file
is checked against the sha256 that ``manifest.json`` records, so a truncated or edited file is a
:class:`~unspun.errors.ModelMissingError` naming the command that rebuilds it, never a wrong answer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from unspun.errors import ModelMissingError
from unspun.semantic.artifact import read_checked_manifest
from unspun.semantic.cross import CrossEncoder
from unspun.semantic.features import Analysed, analyse, feature_names, pair_features
from unspun.semantic.judge import JudgeLabel, JudgeWeights, PairJudgement, blame, combine, combine_at
from unspun.semantic.static import StaticEmbedder
from unspun.types import Span

MANIFEST_SCHEMA = "unspun.semantic/1"
ARTIFACT_FILES = ("embeddings.npy", "scales.npy", "tokenizer.json", "judge.json")
REBUILD = "run 'make model' in an unspun checkout, or reinstall unspun"


def default_model_dir() -> Path:
    """The artifact folder shipped inside the package."""
    return Path(str(resources.files("unspun") / "models" / "semantic"))


def read_manifest(model_dir: Path) -> dict[str, Any]:
    """Read and check ``manifest.json`` and the sha256 of every artifact file.

    Raises:
        ModelMissingError: the folder, the manifest or a file is missing, or a hash differs.
    """
    return read_checked_manifest(
        model_dir,
        what="semantic model",
        schema=MANIFEST_SCHEMA,
        hashes_key="sha256",
        files=ARTIFACT_FILES,
        restore=REBUILD,
    )


@dataclass(frozen=True, slots=True)
class SemanticModel:
    """The loaded artifact: sentence vectors, similarities and the pair judge."""

    embedder: StaticEmbedder
    weights: JudgeWeights
    manifest: dict[str, Any]

    @classmethod
    def load(cls, model_dir: Path | None = None) -> SemanticModel:
        """Load and verify the artifact in ``model_dir`` (default: the packaged one).

        Raises:
            ModelMissingError: a file is missing, corrupt or does not fit the others.
        """
        folder = model_dir if model_dir is not None else default_model_dir()
        manifest = read_manifest(folder)
        try:
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            table = np.load(folder / "embeddings.npy", allow_pickle=False)
            scales = np.load(folder / "scales.npy", allow_pickle=False)
            embedder = StaticEmbedder(tokenizer, table.astype(np.float32) * scales[:, None])
            weights = JudgeWeights.from_dict(json.loads((folder / "judge.json").read_text(encoding="utf-8")))
        except Exception as exc:  # tokenizers raises a bare Exception on a bad file
            raise ModelMissingError(
                f"semantic model in {folder} cannot be loaded ({exc}); {REBUILD}"
            ) from exc
        expected = feature_names(embedder.dim)
        if weights.feature_names != expected:
            raise ModelMissingError(
                f"semantic judge in {folder} was trained on other features than this unspun "
                f"computes; {REBUILD}"
            )
        return cls(embedder, weights, manifest)

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per sentence."""
        return self.embedder.embed(sentences)

    def similarity_matrix(self, a_sentences: Sequence[str], b_sentences: Sequence[str]) -> np.ndarray:
        """Cosine of every a-sentence with every b-sentence, negatives clipped to 0 (len(a) x len(b))."""
        a, b = self.embed(a_sentences), self.embed(b_sentences)
        sims: np.ndarray = np.clip(a @ b.T, 0.0, 1.0).astype(np.float32)
        return sims

    def judge(self, rewrite_sentence: str, source_sentences: Sequence[str]) -> PairJudgement:
        """Judge what ``rewrite_sentence`` does to the meaning of ``source_sentences`` (read as one text)."""
        source_text = " ".join(s.strip() for s in source_sentences)
        rewrite = analyse(self.embedder, rewrite_sentence)
        source = analyse(self.embedder, source_text)
        feats = np.stack([pair_features(source, rewrite), pair_features(rewrite, source)])
        cover, complete = (float(p) for p in self.weights.predict(feats))
        label, probs = combine(cover, complete, self.weights)
        return PairJudgement(label, probs, cover, complete, blame(source, rewrite, label))

    def judge_many(
        self, items: Sequence[tuple[str, Sequence[str]]], cross: CrossEncoder | None = None
    ) -> list[PairJudgement]:
        """Judge many (rewrite sentence, source sentences) items at once, in order.

        With ``cross`` the two directional probabilities come from the cross-encoder (all items'
        pairs in one batched call, at its threshold), else from this model's static judge (one
        forward pass). Either way the blamed spans are this model's: the words of the rewrite
        with no close counterpart in the source (:func:`~unspun.semantic.judge.blame`).
        """
        texts = [(r, " ".join(s.strip() for s in srcs)) for r, srcs in items]
        if not texts:
            return []
        analysed: dict[int, tuple[Analysed, Analysed]] = {}
        if cross is None:
            for i, (r, s) in enumerate(texts):
                analysed[i] = (analyse(self.embedder, r), analyse(self.embedder, s))
            feats = np.stack(
                [f for rw, src in analysed.values() for f in (pair_features(src, rw), pair_features(rw, src))]
            )
            probs = self.weights.predict(feats)
            cover_t, complete_t = self.weights.cover_threshold, self.weights.complete_threshold
        else:
            probs = cross.covers([p for r, s in texts for p in ((s, r), (r, s))])
            cover_t = complete_t = cross.threshold
        out = []
        for i, (r, s) in enumerate(texts):
            cover, complete = float(probs[2 * i]), float(probs[2 * i + 1])
            label, dist = combine_at(cover, complete, cover_t, complete_t)
            blamed: tuple[Span, ...] = ()
            if label in (JudgeLabel.MORE, JudgeLabel.CHANGED):
                rw, src = analysed.get(i) or (analyse(self.embedder, r), analyse(self.embedder, s))
                blamed = blame(src, rw, label)
            out.append(PairJudgement(label, dist, cover, complete, blamed))
        return out


_LOCK = threading.Lock()
_DEFAULT: SemanticModel | None = None


def default_model() -> SemanticModel:
    """The packaged model, loaded once per process.

    Raises:
        ModelMissingError: the packaged artifact is missing or corrupt.
    """
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = SemanticModel.load()
        return _DEFAULT


__all__ = [
    "JudgeLabel",
    "PairJudgement",
    "SemanticModel",
    "default_model",
    "default_model_dir",
    "read_manifest",
]
