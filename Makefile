# Two commands: `make run` serves the dashboard on the seeds; `make test` runs the tests.
# Each sets up everything it needs first (venv from requirements.lock, the package itself, Debian's Chromium when root).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
STORE  ?= store
INPUT  ?= seeds
PORT   ?= 8501

.PHONY: run test test-fast lint check-html setup chromium build bench screenshot lock clean model

setup: $(VENV)/.installed

# Every package pinned (requirements.lock), installed without resolving, then the project itself (editable, no deps)
# so `events`, `dashboard` and the `events` command are importable from anywhere. Works with pip >= 23.2.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --no-deps -r requirements.lock
	$(PIP) install -q --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $@

# Rewrite the lock from requirements.txt in a clean venv (then commit requirements.lock).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
	{ echo "# Every package of a clean install of requirements.txt (make lock). make setup installs this."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude pip; } > requirements.lock
	rm -rf .venv-lock

# Chromium renders PNG/SVG exports (kaleido) and drives the browser tests (playwright).
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium from Debian's packages..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	else \
		echo "Chromium is missing: install it with 'sudo apt-get install chromium' for PNG/SVG export."; \
	fi

# rebuilt when the articles change, and when the code or its rules do (a store from older code would be stale)
$(STORE)/store.json: $(VENV)/.installed $(wildcard $(INPUT)/*) $(shell find events -name '*.py' -o -name '*.toml')
	$(PY) -m events build $(INPUT) --out $(STORE)

build: $(STORE)/store.json

run: setup chromium build
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false -- --store $(STORE)

# Everything: lint, then every test (slow and browser ones included). CI runs this.
test: setup chromium lint
	$(PY) -m pytest -q -p no:cacheprovider

# The quick set for development: under a minute, no slow or browser tests.
test-fast: setup
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not browser"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The installed venv reads an HTML file (lxml_html_clean present), as `make setup` left it.
check-html: setup
	$(PY) -m pytest -q -p no:cacheprovider tests/reading/test_ingest.py -k html

# Train the parser the extraction reads (events/parsing/model) from UD English EWT: every setting is in
# model/config.cfg, the treebank in ../shared/ud-ewt (or TREEBANK=DIR). About 30 minutes on one core.
# spacy-lookups-data gives the lemmatizer's tables at training time; they are saved inside the model.
TREEBANK ?= ../shared/ud-ewt
model: setup
	$(PIP) install -q spacy-lookups-data==1.0.5
	OMP_NUM_THREADS=1 $(PY) model/train.py --treebank $(TREEBANK)

bench: setup chromium
	$(PY) -m bench.te3

# The README's picture: today's chart of the sample store, taken in headless Chromium; and its brief on a wall.
screenshot: setup chromium build
	$(PY) -m bench.screenshot $(STORE) docs/screenshot.png
	$(PY) -m bench.screenshot $(STORE) docs/brief-seeds.png --brief --size 1920x1080

clean:
	rm -rf $(STORE) .$(STORE).versions .$(STORE).lock .pytest_cache
