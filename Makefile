# The two commands a fresh machine needs (see README.md):
#   make demo   install adflows and serve the gallery of bundled models on http://127.0.0.1:8000/
#   make test   install adflows with its test tools, Debian's chromium and graphviz, then run every test
# Both create .venv/ on first use. Other targets: lint, format, bench, legibility, load, schema, render-cosmose.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install install-test chromium graphviz axe graphviz-or-fallback lint format bench load schema render-cosmose messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

install-test: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'

# Playwright's own browser download cannot work here: use Debian's chromium instead.
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@/usr/bin/chromium --version

# axe-core, the accessibility engine the browser tests inline into each page (tests/browser/axe.py); from
# the npm registry into the git-ignored .axe/, never into a page we ship. Installs npm from Debian if missing.
AXE_VERSION := 4.10.2
AXE := .axe/node_modules/axe-core/axe.min.js
axe:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	@test -f $(AXE) && grep -q '"version": "$(AXE_VERSION)"' .axe/node_modules/axe-core/package.json \
		|| npm install --no-save --no-audit --no-fund --silent --prefix .axe axe-core@$(AXE_VERSION)
	@test -f $(AXE)

# Graphviz's `dot` lays out the picture (flows/view/drawing.py); without it adflows falls back to its own
# layered layout, which labels collide in. `make test` needs it; `make demo` tries and goes on without it.
graphviz:
	@command -v dot >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; }
	@dot -V

graphviz-or-fallback:
	@$(MAKE) --no-print-directory graphviz 2>/dev/null || echo "notice: graphviz could not be installed; pictures use the built-in layered layout"

demo: install graphviz-or-fallback
	$(VENV)/bin/adflows serve --models models --host 127.0.0.1 --port 8000

test: install-test chromium graphviz axe
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict flows web
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict flows web

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schema: install
	$(VENV)/bin/adflows schema -o docs/model.schema.json

# The gettext catalogs under flows/locale (docs/languages.md: how to translate): extract each domain's
# messages into its .pot template, then merge the template into every language's .po.
messages: install
	# domain adflows: the Python-side wording (rules, reports, CLI) and the web app's own pages
	$(VENV)/bin/pybabel extract -F flows/locale/adflows.cfg --no-location --sort-output --omit-header \
		-o flows/locale/adflows.pot .
	$(VENV)/bin/pybabel update -D adflows -i flows/locale/adflows.pot -d flows/locale --no-fuzzy-matching \
		--ignore-obsolete --ignore-pot-creation-date
	# end of domain adflows

render-cosmose: install
	$(VENV)/bin/adflows render models/cosmose-omnicookie.yaml -o cosmose-omnicookie.html

bench: install-test
	$(PY) bench/run.py
	$(PY) bench/legibility.py --write

# How legible each bundled model is at 1280x720 in presenter mode; writes its table into docs/benchmarks.md.
legibility: install-test chromium
	$(PY) bench/legibility.py --write

# 50 clients for 30 s against a local server; writes docs/load.md (bench/load.py --quick: 10 for 5 s).
load: install-test
	$(PY) bench/load.py

# Message catalogs (flows/locale): extract, update the .po files, compile what the page needs (docs/languages.md).
# Each domain is a prerequisite of `messages`, so the domains' rules join without overriding each other.
.PHONY: messages-page
messages: messages-page
# domain page: the page chrome -> flows/locale/page.pot, */page.po, flows/output/static/messages.json
messages-page: install-test
	$(PY) -m flows.output.messages
# end of domain page

clean:
	rm -rf $(VENV) .axe build *.egg-info .pytest_cache .ruff_cache
