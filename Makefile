# Rinde's documented entry points: demo, test, lint, check, worker.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Python 3.13 (see .python-version): pyenv's, else any python3.13 on the PATH.
PYTHON313 := $(or $(wildcard $(HOME)/.pyenv/versions/3.13.0/bin/python3.13),$(shell command -v python3.13 2>/dev/null))
CHROMIUM := /usr/bin/chromium

BENCHES := run plan plan_import questions consultations evaluation outreach deployed publication hearing_day entities

.PHONY: demo test lint check worker venv dev-deps browser-deps clean-demo bench nginx-deps deploy-local deploy-local-stop test-deploy

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON313)" || { echo "Python 3.13 no está instalado (pyenv install 3.13.0)"; exit 1; }
	@test -x $(PY) || $(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.runtime

dev-deps: $(VENV)/.dev

# Debian's Chromium for the browser tests (never a downloaded browser build) and axe-core.
browser-deps:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

# One process with threads: without Redis the cache (rate limits, cached public pages, what a
# staff change refreshes) lives in the process, and two processes would each keep their own.
demo: export RINDE_DEMO = 1
demo: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	@echo "Rinde: http://$(HOST):$(PORT)/  (panel: http://$(HOST):$(PORT)/panel/)  Ctrl+C para detener."
	@trap 'trap "" INT TERM; trap - EXIT; kill 0; wait' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-startup-delay & \
	$(VENV)/bin/gunicorn rinde.wsgi --bind $(HOST):$(PORT) --workers 1 --threads 4 --access-logfile - --graceful-timeout 5

# The whole suite, the tests through deploy-local's nginx included (they start that stack on
# PostgreSQL and Redis and stop it afterwards; see test-deploy).
test: $(VENV)/.dev browser-deps nginx-deps
	RINDE_DEPLOY_TESTS=1 $(PY) -m pytest $(PYTEST_ARGS)

# bandit reads [tool.bandit] in pyproject.toml; each accepted finding carries `# nosec BXXX`
# and its reason. The dependency audit needs an advisory service: see scripts/audit_dependencies.py
# (PIP_AUDIT_ARGS for a local OSV mirror, PIP_AUDIT_REQUIRED=1 to fail when none answers).
# mypy reads [tool.mypy] in pyproject.toml: the whole rinde package with the django-stubs
# plugin, strict on the pure rule modules; its cache in var/mypy_cache makes a second run quick.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --recursive rinde
	$(VENV)/bin/mypy
	$(PY) scripts/audit_dependencies.py

check: $(VENV)/.runtime
	$(PY) manage.py check

worker: $(VENV)/.runtime
	$(PY) manage.py db_worker

clean-demo:
	rm -f var/rinde.sqlite3 var/rinde.sqlite3-wal var/rinde.sqlite3-shm

# Throughput of public pages beside a trivial Django view measured in the same run (a ratio).
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null && test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light; }
	@# Every benchmark runs even when an earlier one misses its target; the exit status says
	@# whether any did.
	@status=0; for b in $(BENCHES); do echo "== bench/$$b.py"; $(PY) bench/$$b.py || status=1; done; exit $$status

# Debian's nginx (nginx-light) with the brotli modules, for deploy-local and its tests.
nginx-deps:
	@test -x /usr/sbin/nginx && test -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static; }

# The reference deployment (deploy/) on this machine's loopback: nginx on 127.0.0.1:8200 in
# front of gunicorn (3 workers) and a task worker, on PostgreSQL and Redis (deploy/local.py).
deploy-local: $(VENV)/.runtime nginx-deps
	$(PY) -m deploy.local start

deploy-local-stop:
	$(PY) -m deploy.local stop

# Only the tests through deploy-local's nginx (deploy/tests; `make test` runs them too). They
# start the stack when it is not running, and stop it afterwards.
test-deploy: $(VENV)/.dev nginx-deps
	RINDE_DEPLOY_TESTS=1 $(PY) -m pytest deploy/tests -p no:randomly $(PYTEST_ARGS)
