# Two commands: `make run` serves the dashboard on the seeds; `make test` runs the tests.
# Each sets up everything it needs first (venv, packages, Debian's Chromium when root).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STORE  ?= store
INPUT  ?= seeds
PORT   ?= 8501

.PHONY: run test setup chromium build bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

# Chromium renders PNG/SVG exports (kaleido) and drives the browser test (playwright).
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

test: setup chromium
	$(PY) -m pytest -q

bench: setup chromium
	$(PY) -m bench.te3

clean:
	rm -rf $(STORE) .$(STORE).versions .$(STORE).lock .pytest_cache
