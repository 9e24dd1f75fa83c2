# Offset Mart — the two commands a new user needs: `make run` and `make test`; a deploy runs `make build`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test build lint install install-demo migrate demo messages makemessages schema bench clean

## run: install, migrate, load demo data and serve the shop on http://$(HOST):$(PORT)/
run: install-demo messages migrate demo
	@echo ""
	@echo "  Offset Mart is running at http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Demo staff login: $$($(BIN)/python -c 'import os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local"); import django; django.setup(); from django.conf import settings as s; print(s.DEMO_STAFF_EMAIL, "/", s.DEMO_STAFF_PASSWORD)')"
	@echo "  Then a one-time code (each works once; more: $(BIN)/python manage.py demo_staff_codes): $$($(BIN)/python manage.py demo_staff_codes)"
	@echo "  Dashboard: http://$(HOST):$(PORT)/dashboard/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(BIN)/python -m shop.devserver --host $(HOST) --port $(PORT)

## test: install the test tools, lint and run the whole test suite (DATABASE_URL=postgres://… runs it on PostgreSQL)
test: install messages lint
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/lint-imports --no-cache

# The settings the shop will run with: DJANGO_SETTINGS_MODULE if set (staging), else production.
BUILD_SETTINGS ?= $(or $(DJANGO_SETTINGS_MODULE),shop.settings.production)

## build: what a deploy runs on each machine, in the shop's production environment: install the shop
## with PostgreSQL's driver (without the test tools), compile the translations, collect the static
## files, run Django's checks
build: $(VENV)/.installed-postgresql $(MO_FILES)
	DJANGO_SETTINGS_MODULE=$(BUILD_SETTINGS) $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=$(BUILD_SETTINGS) $(BIN)/python manage.py check --deploy

## install: the shop with its test and lint tools (what `make test` uses)
install: $(VENV)/.installed-dev

# DATABASE_URL when it names PostgreSQL (django-environ's schemes for it), else empty.
POSTGRESQL_URL := $(filter postgres://% postgresql://% pgsql://% psql://% postgis://%,$(DATABASE_URL))

## install-demo: what running the shop needs, plus localstripe, the offline Stripe (what `make run` uses);
## PostgreSQL's driver too when DATABASE_URL names PostgreSQL
install-demo: $(VENV)/.installed-demo $(if $(POSTGRESQL_URL),$(VENV)/.installed-postgresql)

# Four sets, each installed once until pyproject.toml changes: the shop alone (on SQLite), the shop
# with PostgreSQL's driver (make build), the shop with localstripe (make run), the shop with
# localstripe, the driver and the test tools (make test). A set's stamp also marks the sets it
# includes as installed, so `make run` or `make build` after `make test` is quick.
$(VENV)/.installed-shop: pyproject.toml
	$(call venv_install,.,the shop)
	touch $@

$(VENV)/.installed-postgresql: pyproject.toml
	$(call venv_install,.[postgresql],the shop and PostgreSQL's driver)
	touch $(VENV)/.installed-shop $@

$(VENV)/.installed-demo: pyproject.toml
	$(call venv_install,.[demo],the shop and localstripe)
	touch $(VENV)/.installed-shop $@

$(VENV)/.installed-dev: pyproject.toml
	$(call venv_install,.[demo$(comma)dev],the shop with localstripe$(comma) PostgreSQL's driver and the test tools)
	touch $(VENV)/.installed-shop $(VENV)/.installed-postgresql $(VENV)/.installed-demo $@

comma := ,

# venv_install,EXTRAS,WHAT: pip's own progress is shown (a first install downloads for a minute or two).
define venv_install
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@echo "Installing $(2) into $(VENV) (the first time takes a minute or two; later runs are quick) ..."
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e "$(1)"
endef

## messages: compile translations (.po -> .mo) with Babel, no system gettext needed
messages: $(VENV)/.installed-shop $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	$(BIN)/pybabel compile --statistics -i $< -o $@

migrate: $(VENV)/.installed-shop
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0

demo: $(VENV)/.installed-shop
	$(BIN)/python manage.py load_demo_data --site-domain $(HOST):$(PORT)
	$(BIN)/python manage.py load_legal_demo

## bench: storefront pages under load (wrk, gunicorn -w 2, production settings, PostgreSQL, Redis),
## next to a bare view, plus place-order and webhook times (benchmarks/pages.py; README, "Benchmarks")
bench: install messages
	$(BIN)/python benchmarks/pages.py $(BENCH_ARGS)

## schema: write the API's OpenAPI schema, one file per language and format, into shop/api/openapi/ and
## commit them: the shop serves them as they are, and `make test` fails when they differ from the code.
## drf-spectacular, the generator, comes with the test tools and runs under the test settings.
schema: install
	DJANGO_SETTINGS_MODULE=shop.settings.test $(BIN)/python manage.py api_schema

## makemessages: refresh the .po files from the code (needs GNU gettext)
makemessages:
	$(BIN)/python manage.py makemessages -l ja -l en --ignore=.venv --ignore=staticfiles

clean:
	rm -rf $(VENV) var staticfiles test-output
