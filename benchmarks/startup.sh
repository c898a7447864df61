#!/usr/bin/env bash
# Start-up cost of the CLI, side by side with the interpreter itself (hyperfine, one run).
#   bash benchmarks/startup.sh            # builds a fresh venv with the wheel in /tmp/sdgtoets-startup
# Needs hyperfine (Debian: apt-get install -y hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-/tmp/sdgtoets-startup}
if [ ! -x "$venv/bin/sdgtoets" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet .
fi
example=examples/schoolstraat-fietsroute.answers.yaml
table=$(mktemp)
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-markdown "$table" \
  "$venv/bin/python -c pass" \
  "$venv/bin/python -c 'import re'" \
  "$venv/bin/sdgtoets --version" \
  "$venv/bin/sdgtoets check --answers $example --format json"
cat "$table" && rm -f "$table"
