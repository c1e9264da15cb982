# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= $(if $(KVALITET_DB),$(KVALITET_DB),data/kvalitet.duckdb)

.PHONY: run serve test install demo browser-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

$(DB): | $(VENV)/.installed
	$(PY) -m scoring demo --db $(DB)

demo: install
	$(PY) -m scoring demo --db $(DB) --force

run: install $(DB)
	KVALITET_DB=$(DB) $(VENV)/bin/streamlit run app.py --server.port 8501

serve: install $(DB)   # as in production: the log-in cookie set by the server, HttpOnly (docs/security.md)
	KVALITET_DB=$(DB) $(VENV)/bin/streamlit run serve.py --server.port 8501

browser-deps:
	bash scripts/ensure-system-deps.sh

test: install browser-deps
	$(PY) -m pytest -q

bench: install
	$(PY) -m scoring bench --scale 10

clean:
	rm -rf $(VENV) .pytest_cache
