# plansite — the README's commands. Each creates and uses the project's own virtual environment.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast serve bundle content check bench system-deps clean

site: $(STAMP)            ## build the website into site/
	$(BIN)/plansite build

test: $(STAMP) system-deps ## run every test (builds the site once, checks it in Chromium)
	$(BIN)/python -m pytest

test-fast: $(STAMP)       ## the quick tests only (no site build, no browser): the edit-test loop
	$(BIN)/python -m pytest -m "not slow" -q

serve: $(STAMP)           ## live preview at http://127.0.0.1:8000 (reloads on seeds/, content/, templates/)
	$(BIN)/mkdocs serve

bundle: $(STAMP)          ## the offline bundles: dist/offline.zip (every plan), dist/<plan>-offline.zip (each with the plans it cites)
	$(BIN)/plansite build --offline

bench: $(STAMP)           ## the benchmark: prints a table, writes benchmarks/results/latest.json
	$(BIN)/python benchmarks/run.py

content: $(STAMP)         ## regenerate content/<plan>/plan.yaml from seeds/
	$(BIN)/plansite content

check: $(STAMP)           ## validate content/ against the schemas
	$(BIN)/plansite check

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Debian packages the browser, link and import tests use; installed only where missing (needs root).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
system-deps:
	@if [ ! -f $(CJK_FONT) ]; then \
	  echo "installing fonts-noto-cjk (Debian package) for the import tests' PDFs …"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	fi
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing chromium (Debian packages) …"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "installing java (Debian package default-jre-headless) for the HTML validator …"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

clean:
	rm -rf site dist generated/en generated/plans generated/jinja-cache generated/jieba-user.txt generated/mkdocs.en.yml && find generated/zh -mindepth 1 ! -name .keep -delete
