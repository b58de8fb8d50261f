#!/usr/bin/env bash
# Sets everything up and runs the main job: `kittylog demo` (a scratch repository, two branches
# moving the same work package concurrently, a `git merge` through the driver, the board).
set -euo pipefail
cd "$(dirname "$0")/.."
bash install/build.sh -DKITTYLOG_TESTS=OFF -DKITTYLOG_BENCH=OFF
exec build/src/cli/kittylog demo "$@"
