#!/usr/bin/env bash
# The README's test command: installs what the tests need (scripts/setup.sh, cached), then runs
# every test of the package. Tests use the real default model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build
