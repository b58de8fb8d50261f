#!/bin/sh
# kittylog's CI check (docs/adopting.md, "CI"): run it on every push and every pull request.
#
#   sh kittylog-check.sh [RANGE]
#
# RANGE is a git revision range whose commits are checked for merges that lost events, e.g.
# `origin/main..HEAD` for a pull request or `BEFORE..HEAD` for a push; without it, the whole
# history. Run from anywhere inside the repository's work tree, with the repository's full
# history fetched (a shallow clone has no merge bases). It needs `kittylog` on PATH and git; no
# `kittylog init`: it only reads.
#
# Why: a hosted merge button (GitHub, GitLab, Bitbucket) never runs a custom merge driver, and
# neither does a clone that skipped `kittylog init`. Their merges of the daily event files are
# plain text merges, which can leave duplicates, disorder or conflict markers (`repair --check`
# finds them) or silently drop events (`verify --history` finds the merge commit that lost them).
#
# Exit 0 when the log is sound; otherwise the exit code of the failing step (1: problems found,
# each named, with the command that fixes it; 2: usage; 3: not a kittylog repository).
set -eu

range="${1:-}"
kittylog --version

echo "== kittylog verify --history ${range:-(whole history)}"
# Every event of each parent of every merge in RANGE is in the merge (DESIGN §9).
kittylog verify --history ${range:+"$range"}

echo "== kittylog repair --check"
# Every daily file is what the merge driver would have written: no duplicates, no disorder, no
# conflict markers, nothing that is not an event.
kittylog repair --check

echo "kittylog: the event log is sound"
