# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= $(if $(KVALITET_DB),$(KVALITET_DB),data/kvalitet.duckdb)

.PHONY: run run-dev test install demo browser-deps bench clean

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

# As in production: serve.py is app.py behind Streamlit's ASGI server, whose route sets the log-in cookie
# HttpOnly (docs/security.md). The browser tests run it too.
run: install $(DB)
	KVALITET_DB=$(DB) $(VENV)/bin/streamlit run serve.py --server.port 8501

run-dev: install $(DB)   # plain `streamlit run app.py` (the cookie is then set by a script, not HttpOnly)
	KVALITET_DB=$(DB) $(VENV)/bin/streamlit run app.py --server.port 8501

browser-deps:
	bash scripts/ensure-system-deps.sh
	@# the sign-on tests' real OIDC provider (tests/oidc): node 20 and the locked npm packages, once
	[ -d tests/oidc/node_modules ] || npm ci --prefix tests/oidc --no-audit --no-fund

test: install browser-deps
	$(PY) -m pytest -q

bench: install
	$(PY) -m scoring bench --scale 10

clean:
	rm -rf $(VENV) .pytest_cache
