#!/usr/bin/env bash
# Sets everything up and runs the main job: `kittylog demo` (a scratch repository, two branches
# moving the same work package concurrently, a `git merge` through the driver, the board).
# Every build option is stated (install/build.sh): a build/ configured earlier by install/test.sh
# (or by hand) is reconfigured, never trusted, so either script can run first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash install/build.sh -DKITTYLOG_TESTS=OFF -DKITTYLOG_BENCH=OFF -DKITTYLOG_SANITIZE=OFF -DKITTYLOG_FUZZ=OFF
exec "${BUILD_DIR:-build}"/src/cli/kittylog demo "$@"
