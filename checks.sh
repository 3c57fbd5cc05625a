#!/usr/bin/env bash
# Every static check CI runs before the tests; exits non-zero on the first finding.
set -euo pipefail
cd "$(dirname "$0")"
ruff check .
ruff format --check .
mypy  # configured in pyproject.toml ([tool.mypy])
