# Quick start: `make demo`, `make test`. Everything the tests need is installed here or in .ci/run.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint quality bench clean browser model model-cross

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,dev,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/unspun compare examples/toretsk/rewrite.txt examples/toretsk/source.md --format html -o report.html
	$(VENV)/bin/unspun compare examples/toretsk/rewrite.txt examples/toretsk/source.md --format text
	@echo "wrote report.html"

# Debian's chromium for the browser tests (needs root; `make test` skips them when it is absent).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache report.html

# Quality benchmark (benchmarks/quality/): full run over ../shared/data; the gate runs the quick subset.
quality: install
	$(PY) -m benchmarks.quality.run --out quality-full.json

.PHONY: gate
gate: install
	$(PY) -m benchmarks.quality.gate --out quality-quick.json
	$(PY) -m benchmarks.quality.retrieval_gate

# Rebuild the semantic artifact (src/unspun/models/semantic/, docs/model-card.md) from the registry
# weights and ../shared/data: distil in .venv-model (torch, CPU), train the judge in .venv. Minutes on
# two cores; deterministic for a given seed. CI and `make test` never run this.
MODEL_VENV := .venv-model
MODEL_STAMP := $(MODEL_VENV)/.installed-stamp
$(MODEL_STAMP): scripts/model/requirements.txt scripts/model/constraints.txt
	test -x $(MODEL_VENV)/bin/python || $(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_VENV)/bin/python -m pip install -q -r scripts/model/requirements.txt -c scripts/model/constraints.txt
	touch $(MODEL_STAMP)

model: install $(MODEL_STAMP)
	HF_HUB_OFFLINE=1 nice -n 5 $(MODEL_VENV)/bin/python scripts/model/distil.py --out build/model --seed 0
	HF_HUB_OFFLINE=1 nice -n 5 $(PY) scripts/model/train_judge.py --distilled build/model --seed 0

# Rebuild the cross-encoder judge (src/unspun/models/cross/, its docs/model-card.md section): pairs from
# ../shared/data (project venv), fine-tune MiniLM on CPU in two stages (.venv-model; about 45 min each on two
# loaded cores; resumes from build/cross/ckpt when killed), export to int8 ONNX and evaluate (.venv-model).
# CI and `make test` never run this.
model-cross: install $(MODEL_STAMP)
	HF_HUB_OFFLINE=1 $(PY) scripts/model/cross_data.py --out build/cross/pairs.jsonl --seed 0
	HF_HUB_OFFLINE=1 $(MODEL_VENV)/bin/python scripts/model/train_cross.py --pairs build/cross/pairs.jsonl \
		--out build/cross --seed 0 --total 13000 --ckpt-every 100
	HF_HUB_OFFLINE=1 $(MODEL_VENV)/bin/python scripts/model/train_cross.py --pairs build/cross/pairs.jsonl \
		--out build/cross2 --seed 0 --init build/cross/final --sample-seed 1 --total 12000 --ckpt-every 100
	HF_HUB_OFFLINE=1 $(MODEL_VENV)/bin/python scripts/model/export_cross.py --final build/cross2/final \
		--pairs build/cross/pairs.jsonl --seed 0
