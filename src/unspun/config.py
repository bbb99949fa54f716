"""Settings: one frozen section per stage, all defaults in this one place.

``load_settings(path=None, *, env=os.environ, overrides=None)`` merges, lowest to highest:
defaults < TOML file (``path`` or ``./unspun.toml``) < ``UNSPUN_<SECTION>_<KEY>`` environment
variables < ``overrides`` (explicit CLI flags and keyword arguments). A partial file overrides
only the keys it sets. Every value is checked when it is built; a bad one raises
:class:`~unspun.errors.ConfigError` naming the key, the value and where it came from.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from unspun.errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 20_000_000  # refuse larger inputs with IngestError
    max_sentence_chars: int = 2_000  # longer "sentences" are split at the nearest space


@dataclass(frozen=True, slots=True)
class AlignSettings:
    min_similarity: float = 0.28  # below this a rewrite sentence is unsupported
    near_verbatim: float = 0.85  # at or above: near_verbatim
    verbatim: float = 0.97  # at or above: verbatim
    max_links_per_sentence: int = 3  # many-to-many: keep up to this many sources per rewrite sentence
    secondary_ratio: float = 0.4  # a second link must reach this share of the best link's similarity


@dataclass(frozen=True, slots=True)
class AuditSettings:
    omission_min_chars: int = 40  # shorter unused source sentences are not reported as omissions
    report_omissions: bool = True
    confident_link: float = 0.35  # attribution_dropped needs a best link at least this similar
    citation_similarity: float = 0.12  # attribution_added is excused by a source sentence this similar
    quote_altered_similarity: float = 0.6  # a quotation this close to a source one is altered, not fabricated
    quote_critical_words: int = 4  # a fabricated quotation of at least this many words is critical
    quote_fuzzy_min_words: int = 3  # shorter quotations (scare quotes) must match a source's words exactly
    quote_linked_similarity: float = 0.25  # reworded, not invented: this close to an aligned quote
    quote_reworded_min_words: int = 8  # a quotation this long 0.05 closer than that to any source quote
    copy_derived_share: float = 0.9  # verdict copy: derived and verbatim shares at least these
    copy_verbatim_share: float = 0.8
    rewrite_derived_share: float = 0.5  # verdict rewrite: derived share at least this
    partial_derived_share: float = 0.2  # verdict partial: at least this with two aligned sentences,
    short_partial_derived_share: float = 0.3  # or this with one aligned sentence in a rewrite of
    short_rewrite_sentences: int = 3  # at most this many sentences


@dataclass(frozen=True, slots=True)
class IndexSettings:
    terms_per_doc: int = 48  # signature terms kept per article
    candidates: int = 50  # candidates re-ranked per query
    min_score: float = 0.5  # report threshold: below it a candidate is not a source
    batch_docs: int = 2_000  # articles per add transaction (what a killed add can lose)


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    max_request_bytes: int = 5_000_000
    max_article_chars: int = 500_000
    timeout_s: float = 30.0


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_UNIT_INTERVAL = {
    ("align", "min_similarity"),
    ("align", "near_verbatim"),
    ("align", "verbatim"),
    ("align", "secondary_ratio"),
    ("index", "min_score"),
}


def _coerce(section: str, key: str, raw: Any, default: Any, origin: str) -> Any:
    name = f"{section}.{key}"
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                value: Any = raw
            elif str(raw).lower() in {"1", "true", "yes", "on"}:
                value = True
            elif str(raw).lower() in {"0", "false", "no", "off"}:
                value = False
            else:
                raise ValueError(raw)
        elif isinstance(default, int):
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            value = int(raw)
        elif isinstance(default, float):
            value = float(raw)
        else:
            value = str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a {type(default).__name__}, got {raw!r} ({origin})") from None
    if (section, key) in _UNIT_INTERVAL and not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name} must be in [0, 1], got {value} ({origin})")
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value} ({origin})")
    return value


def _apply(base: Settings, values: Mapping[str, Mapping[str, Any]], origin: str) -> Settings:
    sections: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    for section, entries in values.items():
        if section not in known:
            raise ConfigError(f"unknown settings section {section!r} ({origin}); known: {sorted(known)}")
        current = getattr(base, section)
        keys = {f.name for f in fields(current)}
        changes = {}
        for key, raw in entries.items():
            if key not in keys:
                raise ConfigError(f"unknown setting {section}.{key} ({origin}); known: {sorted(keys)}")
            changes[key] = _coerce(section, key, raw, getattr(current, key), origin)
        sections[section] = dataclasses.replace(current, **changes)
    settings = dataclasses.replace(base, **sections)
    _check(settings, origin)
    return settings


def _check(s: Settings, origin: str) -> None:
    a = s.align
    if not a.min_similarity <= a.near_verbatim <= a.verbatim:
        raise ConfigError(
            "align thresholds must satisfy min_similarity <= near_verbatim <= verbatim, got "
            f"{a.min_similarity} / {a.near_verbatim} / {a.verbatim} ({origin})"
        )


def load_settings(
    path: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Build the effective settings.

    Raises:
        ConfigError: the file cannot be read or parsed, or a value is invalid.
    """
    settings = Settings()
    file = Path(path) if path is not None else Path("unspun.toml")
    if path is not None or file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read settings file {file}: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"settings file {file} is not valid TOML: {exc}") from exc
        bad = [k for k, v in data.items() if not isinstance(v, dict)]
        if bad:
            raise ConfigError(f"settings file {file}: top-level keys must be sections, got {bad}")
        settings = _apply(settings, data, str(file))
    environ = os.environ if env is None else env
    from_env: dict[str, dict[str, str]] = {}
    for name, raw in environ.items():
        if not name.startswith("UNSPUN_"):
            continue
        parts = name[len("UNSPUN_") :].lower().split("_", 1)
        if len(parts) == 2 and parts[0] in {f.name for f in fields(Settings)}:
            from_env.setdefault(parts[0], {})[parts[1]] = raw
    if from_env:
        settings = _apply(settings, from_env, "environment")
    if overrides:
        settings = _apply(settings, overrides, "arguments")
    return settings
