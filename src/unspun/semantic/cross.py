"""The cross-encoder judge: P(premise covers hypothesis) from a MiniLM cross-encoder on CPU.

A cross-encoder reads the two texts together ([CLS] premise [SEP] hypothesis [SEP]), so unlike the
static judge it sees how the words relate: "benefited from" against "was hurt by", who did what to
whom. The artifact (``unspun/models/cross/``: an int8 ONNX graph, its ``tokenizer.json`` and a
``manifest.json`` with the files' sha256, ``max_length`` and the dev-chosen ``threshold``) is built
by ``make model`` from registry weights and committed; nothing is fetched at run time. It runs on
onnxruntime, the smallest runtime that executes the exported graph (torch would add ~750 MB).

:meth:`CrossEncoder.covers` scores many (premise, hypothesis) pairs in one call: the pairs are
sorted by length and cut into batches padded to their longest member (dynamic padding), each
truncated to ``max_length`` tokens as the training did. One session per process and thread count
(:func:`default_cross`), created lazily under a lock; onnxruntime's ``run`` is thread-safe.
"""

from __future__ import annotations

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

__all__ = [
    "CROSS_FILES",
    "CrossEncoder",
    "default_cross",
    "default_cross_dir",
    "read_cross_manifest",
]

CROSS_SCHEMA = 1
CROSS_FILES = ("model.onnx", "tokenizer.json")
RESTORE = "reinstall unspun, or run 'make model-cross' in an unspun checkout (it rebuilds models/cross)"
RUNTIME = "pip install 'onnxruntime==1.32.0' (a dependency of unspun: reinstall unspun)"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
BATCH = 1  # pairs per onnxruntime run: int8 dynamic quantisation scales activations per batch, so a
# pair scored beside others moved by up to 0.05; and on one thread bigger batches were no faster


def default_cross_dir() -> Path:
    """The cross-encoder folder shipped inside the package."""
    return Path(str(resources.files("unspun") / "models" / "cross"))


def read_cross_manifest(model_dir: Path) -> dict[str, Any]:
    """Read ``manifest.json`` and check every file's sha256 against it.

    Raises:
        ModelMissingError: the folder, the manifest or a file is missing, or a hash differs.
    """
    manifest = read_checked_manifest(
        model_dir,
        what="cross-encoder",
        schema=CROSS_SCHEMA,
        hashes_key="files",
        files=CROSS_FILES,
        restore=RESTORE,
    )
    path = model_dir / "manifest.json"
    try:
        if int(manifest["max_length"]) < 8 or not 0.0 <= float(manifest["threshold"]) <= 1.0:
            raise ValueError("max_length below 8 or threshold outside [0, 1]")
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelMissingError(f"{path} lacks a usable max_length or threshold ({exc}); {RESTORE}") from exc
    return manifest


def _tokenizer(folder: Path, max_length: int, strategy: str) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()  # padded per batch in covers()
    tokenizer.enable_truncation(max_length, strategy=strategy)
    return tokenizer


@dataclass(frozen=True, slots=True)
class CrossEncoder:
    """The loaded cross-encoder: its tokenizers, set to truncate, and one onnxruntime session.

    ``tokenizer`` truncates as the training did (the manifest's ``truncation``: ``only_first``
    shortens the premise and keeps the hypothesis whole); ``fallback`` truncates the longest text
    first, for the rare pair whose hypothesis alone is over ``max_length`` tokens.
    """

    tokenizer: Tokenizer
    fallback: Tokenizer
    session: Any  # onnxruntime.InferenceSession (untyped package)
    manifest: dict[str, Any]
    threshold: float  # P(covers) below it = "not covered" (chosen on dev by the training script)

    @classmethod
    def load(cls, model_dir: Path | None = None, *, threads: int = 1) -> CrossEncoder:
        """Load and verify the artifact in ``model_dir`` (default: the packaged one).

        ``threads`` is onnxruntime's intra-op thread count (0: onnxruntime's default, all cores).

        Raises:
            ModelMissingError: onnxruntime is not installed, or a file is missing or corrupt.
        """
        folder = model_dir if model_dir is not None else default_cross_dir()
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelMissingError(f"the cross-encoder judge needs onnxruntime ({exc}); {RUNTIME}") from exc
        manifest = read_cross_manifest(folder)
        max_length = int(manifest["max_length"])
        first = str(manifest.get("truncation", "")).startswith("only_first")
        try:
            tokenizer = _tokenizer(folder, max_length, "only_first" if first else "longest_first")
            fallback = _tokenizer(folder, max_length, "longest_first")
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # warnings of the int8 graph's optimiser are not the user's
            session = ort.InferenceSession(
                str(folder / "model.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # tokenizers and onnxruntime raise bare Exception subclasses
            raise ModelMissingError(f"cross-encoder in {folder} cannot be loaded ({exc}); {RESTORE}") from exc
        return cls(tokenizer, fallback, session, manifest, float(manifest["threshold"]))

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> list[Any]:
        try:
            return list(self.tokenizer.encode_batch(list(pairs)))
        except Exception:  # only_first cannot fit a hypothesis over max_length: that pair falls back
            out = []
            for pair in pairs:
                try:
                    out.append(self.tokenizer.encode(*pair))
                except Exception:
                    out.append(self.fallback.encode(*pair))
            return out

    def covers(self, pairs: Sequence[tuple[str, str]], *, batch: int = BATCH) -> np.ndarray:
        """P(premise says everything the hypothesis says) for each (premise, hypothesis) pair.

        float64, in the order given; the same whether the pairs come in one call or one by one
        up to the int8 graph's rounding (onnxruntime quantises activations per batch).
        """
        out = np.zeros(len(pairs), dtype=np.float64)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        step = max(1, batch)
        for lo in range(0, len(order), step):
            idx = order[lo : lo + step]
            encodings = self._encode([pairs[i] for i in idx])
            width = max(len(e.ids) for e in encodings)
            feeds = {name: np.zeros((len(idx), width), dtype=np.int64) for name in INPUTS}
            for row, e in enumerate(encodings):
                n = len(e.ids)
                feeds["input_ids"][row, :n] = e.ids
                feeds["attention_mask"][row, :n] = 1
                feeds["token_type_ids"][row, :n] = e.type_ids
            (logits,) = self.session.run(["logits"], feeds)
            z = np.asarray(logits, dtype=np.float64)
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            out[idx] = e[:, 1] / e.sum(axis=1)
        return out


_LOCK = threading.Lock()
_LOADED: dict[int, CrossEncoder] = {}


def default_cross(threads: int = 1) -> CrossEncoder:
    """The packaged cross-encoder, loaded once per process and thread count.

    Raises:
        ModelMissingError: onnxruntime is missing, or the packaged artifact is missing or corrupt.
    """
    with _LOCK:
        if threads not in _LOADED:
            _LOADED[threads] = CrossEncoder.load(threads=threads)
        return _LOADED[threads]
