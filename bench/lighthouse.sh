#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, pinned in bench/lighthouse/package-lock.json) on the home
# page, a topic and a search page (and the Spanish home and topic), served as in production: gunicorn, DEBUG off, WhiteNoise.
# Writes the four category scores and each page's transferred bytes to the "## Lighthouse"
# section of bench/RESULTS.md.
#
# A run Lighthouse itself aborts (NO_NAVSTART: "Something went wrong with recording the trace")
# is retried by bench/harness.py, up to BENCH_ATTEMPTS times (3); the output says how many runs
# were retried. The script fails only when a page has no run measured at all.
#
#   bench/lighthouse.sh            (needs npm, Debian's chromium, and `make run`'s venv)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-8799}
BASE="http://127.0.0.1:$PORT"
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
export BENCH_RETRY_LOG="$work/retries"
trap cleanup EXIT

if [[ ! -x bench/lighthouse/node_modules/.bin/lighthouse ]]; then
  npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# A throwaway database and the real content, so the run touches nothing of yours.
export DJANGO_SECRET_KEY="lighthouse-bench-only-$(date +%s)-not-a-real-secret-key-000000000000"
export DATABASE_URL="sqlite:///$work/db.sqlite3"
export MBCINFO_SEARCH_INDEX_DIR="$work/search-index"
# Plain http on loopback: the https redirect of the production settings is off, as in `make run`.
export DJANGO_HTTPS=0
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --noinput -v0
manage collectstatic --noinput -v0
manage loadcontent
if manage help rebuild_index >/dev/null 2>&1; then manage rebuild_index; fi

.venv/bin/gunicorn mbcinfo.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
server=$!
for _ in $(seq 50); do curl -fs "$BASE/" >/dev/null && break; sleep 0.2; done

# The Spanish edition beside the English: the same kinds of page, scored in the same run.
pages=("home /" "topic /topics/palliative-care/" "es-home /es/" "es-topic /es/temas/cuidados-paliativos/")
if [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/search/?q=palliative+care") != 404 ]]; then
  pages+=("search /search/?q=palliative+care")
else
  echo "No /search/ yet (404): the search page is left out of this run."
fi

# Performance scores move from run to run on a busy 2-core machine: take the median of RUNS.
RUNS=${LIGHTHOUSE_RUNS:-3}
unmeasured=()
for entry in "${pages[@]}"; do
  name=${entry%% *}; path=${entry#* }
  for run in $(seq "$RUNS"); do
    echo "Lighthouse: $name ($path), run $run of $RUNS"
    report="$work/$name.$run.json"
    .venv/bin/python bench/harness.py retry "$name run $run" --report "$report" -- \
      bench/lighthouse/node_modules/.bin/lighthouse "$BASE$path" --quiet \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$CHROME_FLAGS" --output=json --output-path="$report" \
      || echo "Lighthouse: $name run $run left out: every attempt was aborted"
  done
  compgen -G "$work/$name.*.json" >/dev/null || unmeasured+=("$name")
done

.venv/bin/python bench/harness.py retries "$BENCH_RETRY_LOG"
if (( ${#unmeasured[@]} )); then
  echo "Lighthouse could not measure: ${unmeasured[*]} (no run of these pages finished)" >&2
  exit 1
fi
.venv/bin/python bench/lighthouse_results.py "$("$CHROME_PATH" --version 2>/dev/null | head -1)" "$work"/*.json
