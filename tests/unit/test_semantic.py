"""unspun.semantic on real sentences: the AFP source and the rewrite of examples/toretsk.

None of these sentences is in the judge's training data (it trained on SICK, RTE, STS-B, MRPC
train, SummEdits' non-news domains and edits planted in Reuters C50 / BBC / FNC-1 sentences).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from unspun.errors import ModelMissingError, UnspunError
from unspun.semantic import JudgeKind, JudgeLabel, SemanticModel, embed, judge, similarity_matrix
from unspun.semantic.model import default_model_dir

# (source sentence, the rewrite's version of it), both from examples/toretsk
PAIRS = [
    (
        "Russia said Friday its forces had seized the mining town of Toretsk in east Ukraine after months "
        "of heavy fighting, allowing Moscow to push further into the Donbas region.",
        "Russia announced on Friday that its forces had captured the mining town of Toretsk in eastern "
        "Ukraine, marking a significant advance in its ongoing offensive in the Donbas region.",
    ),
    (
        "It is the biggest settlement that Moscow claims to have captured since Avdiivka in late February "
        "2024, almost a year ago.",
        "Toretsk is the largest settlement Russia has claimed to capture since Avdiivka in late February "
        "2024, nearly a year ago.",
    ),
    (
        "The capture of Toretsk, which lies on elevated ground, would allow Moscow to further obstruct "
        "Ukrainian military supply routes, paving the way for it to advance in the northern part of the "
        "Donetsk region, according to military analysts.",
        "The town, which lies on elevated ground, is considered a strategic location that could allow Moscow "
        "to disrupt Ukrainian supply routes and pave the way for further advances in the northern part of "
        "the Donetsk region.",
    ),
    (
        "Once a bustling coal mining center, Toretsk has been decimated by fighting which has intensified "
        "since last summer.",
        "The town, once a bustling coal mining center with a pre-invasion population of around 30,000, has "
        "been decimated by months of intense fighting.",
    ),
]
POPULATION = (
    "It had a population of about 30,000 before Russia's invasion in 2022, but by July last year the "
    "number of residents had fallen by 90%, according to the local administration."
)
PRIORITY = (
    'Putin has made capturing the Donbas region a "priority" since declaring it Russian territory in 2022.'
)
BLOGGERS = (
    "Russian military bloggers welcomed the news, hailing Toretsk as a major stepping stone towards "
    "capturing the rest of the Donetsk region."
)


def test_embed_is_normalised_float32() -> None:
    vectors = embed([s for s, _ in PAIRS] + [""])
    assert vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    assert np.allclose(norms[:-1], 1.0, atol=1e-5)
    assert norms[-1] == 0.0  # a text with no token has no direction


def test_embed_matches_a_plain_mean_pool() -> None:
    # slow reference: the mean of the token vectors of each sentence, normalised (model2vec's encode)
    model = SemanticModel.load()
    tok = Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))
    table = np.load(default_model_dir() / "embeddings.npy").astype(np.float32)
    table *= np.load(default_model_dir() / "scales.npy")[:, None]
    sentences = [s for pair in PAIRS for s in pair]
    for sentence, got in zip(sentences, model.embed(sentences), strict=True):
        mean = table[tok.encode(sentence, add_special_tokens=False).ids].mean(axis=0)
        assert np.allclose(got, mean / np.linalg.norm(mean), atol=1e-5)


def test_paraphrase_scores_above_other_sentences_of_the_same_story() -> None:
    sources = [s for s, _ in PAIRS]
    rewrites = [r for _, r in PAIRS]
    sims = similarity_matrix(rewrites, sources)
    assert sims.shape == (len(PAIRS), len(PAIRS))
    assert ((sims >= 0.0) & (sims <= 1.0)).all()
    assert (sims.argmax(axis=1) == np.arange(len(PAIRS))).all()


def test_paraphrase_scores_above_unrelated_sentences() -> None:
    unrelated = [
        "The central bank left its benchmark interest rate unchanged at 4.5 percent on Wednesday.",
        "Shares of the software maker jumped after it reported quarterly revenue above forecasts.",
    ]
    paraphrase = np.diag(similarity_matrix([r for _, r in PAIRS], [s for s, _ in PAIRS]))
    other = similarity_matrix([r for _, r in PAIRS], unrelated)
    assert paraphrase.min() > other.max()


@pytest.mark.parametrize("kind", list(JudgeKind))
def test_identical_sentence_is_same(kind: JudgeKind) -> None:
    assert judge(POPULATION, [POPULATION], kind=kind).label is JudgeLabel.SAME


@pytest.mark.parametrize(
    ("source", "rewrite", "blamed_text"),
    [
        (POPULATION, POPULATION.replace("about 30,000", "about 50,000"), "50,000"),
        (POPULATION, POPULATION.replace("fallen by 90%", "fallen by 40%"), "40%"),
        (PRIORITY, PRIORITY.replace("Putin has made", "Putin has not made"), "not"),
        (BLOGGERS, BLOGGERS.replace("bloggers welcomed", "bloggers did not welcome"), "not"),
    ],
    ids=["population", "percentage", "negation-priority", "negation-bloggers"],
)
@pytest.mark.parametrize("kind", list(JudgeKind))
def test_planted_number_or_negation_is_changed_and_blamed(
    source: str, rewrite: str, blamed_text: str, kind: JudgeKind, request: pytest.FixtureRequest
) -> None:
    if kind is JudgeKind.CROSS and rewrite.replace("fallen by 40%", "") != rewrite:
        # the trained cross-encoder reads this changed percentage as covered; the fact rules catch
        # it in an audit (number_changed)
        request.applymarker(pytest.mark.xfail(reason="cross-encoder misses this number", strict=True))
    if kind is JudgeKind.CROSS and "Putin has not made" in rewrite:
        # it reads the source as covering "Putin has not made ... a priority" (P = 0.86) and only
        # the reverse direction as uncovered (LESS); the fact rules catch it (meaning_reversed)
        request.applymarker(pytest.mark.xfail(reason="cross-encoder misses this negation", strict=True))
    verdict = judge(rewrite, [source], kind=kind)
    assert verdict.label is JudgeLabel.CHANGED
    assert abs(sum(verdict.probabilities.values()) - 1.0) < 1e-9
    assert any(blamed_text in rewrite[s.start : s.end].split() for s in verdict.blamed)


def test_missing_artifact_file_is_a_model_missing_error(tmp_path: Path) -> None:
    folder = tmp_path / "semantic"
    shutil.copytree(default_model_dir(), folder)
    (folder / "embeddings.npy").unlink()
    with pytest.raises(ModelMissingError, match="make model"):
        SemanticModel.load(folder)


def test_corrupt_artifact_file_is_a_model_missing_error(tmp_path: Path) -> None:
    folder = tmp_path / "semantic"
    shutil.copytree(default_model_dir(), folder)
    judge_file = folder / "judge.json"
    judge_file.write_bytes(judge_file.read_bytes()[:-10])
    with pytest.raises(ModelMissingError, match="corrupt"):
        SemanticModel.load(folder)


def test_missing_folder_is_a_model_missing_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as info:
        SemanticModel.load(tmp_path / "nowhere")
    assert isinstance(info.value, UnspunError)
    assert "make model" in str(info.value)
