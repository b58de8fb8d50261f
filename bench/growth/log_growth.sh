#!/usr/bin/env bash
# How big the log, its index and the git repository grow at a given event rate (docs/adopting.md,
# "Limits"). Generates DAYS days of EVENTS_PER_DAY events with the real `kittylog emit --stdin`
# (COMMITS_PER_DAY commits a day, each appending a batch to the day's file; a realistic mix of
# event types on 20 features x 12 work packages), then prints the sizes: the daily files,
# index.db, and .git after `git gc --aggressive`.
#
#   bash bench/growth/log_growth.sh [KITTYLOG_BINARY]
#   env: DAYS (30), EVENTS_PER_DAY (3333, i.e. 100,000 a month), COMMITS_PER_DAY (10), GROWTH_DIR (kept; default a
#        fresh directory under $TMPDIR, removed)
set -euo pipefail

kittylog="${1:-$(dirname "$0")/../../build/src/cli/kittylog}"
kittylog="$(cd "$(dirname "$kittylog")" && pwd)/$(basename "$kittylog")"
days="${DAYS:-30}"
per_day="${EVENTS_PER_DAY:-3333}"
commits="${COMMITS_PER_DAY:-10}"
dir="${GROWTH_DIR:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/kittylog-growth-XXXXXX")"
  trap 'rm -rf "$dir"' EXIT
fi
export HOME="$dir" GIT_CONFIG_NOSYSTEM=1 KITTYLOG_ACTOR=growth-bench
git config --global user.name growth-bench
git config --global user.email growth@example.invalid
git init -q -b main "$dir/repo"
cd "$dir/repo"
"$kittylog" init -q
git add -A && git commit -qm "kittylog init"

# The day's requests: status moves along the lifecycle, subtasks, tags, counters, gates.
generate() {
  python3 - "$1" "$2" <<'PY'
import json, random, sys
day, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(day)
features = ["%03d-feature-%s" % (i, w) for i, w in enumerate(
    ["login", "search", "billing", "export", "import", "audit", "sharing", "alerts", "reports", "profile",
     "settings", "invites", "uploads", "comments", "labels", "webhooks", "tokens", "backups", "themes", "mobile"], 1)]
lanes = [("planned", "doing"), ("doing", "for_review"), ("for_review", "doing"), ("for_review", "done"),
         ("done", "doing"), ("doing", "planned")]
reasons = ["tests missing for expiry", "ready for review", "changes requested: split the migration",
           "approved", "blocked on WP02", ""]
actors = ["alice", "bob", "codex-implementer", "claude-reviewer", "ci"]
out = []
if day == 0:
    for f in features:
        out.append({"event_type": "SpecCreated", "entity_id": f, "entity_type": "FeatureSpec",
                    "payload": {"feature_slug": f, "title": "Feature " + f[4:], "mission": "software-dev"}})
        for w in range(1, 13):
            wp = "WP%02d" % w
            out.append({"event_type": "WPCreated", "entity_id": wp, "entity_type": "WorkPackage",
                        "payload": {"feature_slug": f, "work_package_id": wp, "title": "Work package %d of %s" % (w, f),
                                    "dependencies": ["WP%02d" % (w - 1)] if w > 1 else []}})
while len(out) < count:
    f, wp, actor = rng.choice(features), "WP%02d" % rng.randint(1, 12), rng.choice(actors)
    r = rng.random()
    if r < 0.40:
        old, new = rng.choice(lanes)
        payload = {"feature_slug": f, "old_status": old, "new_status": new}
        reason = rng.choice(reasons)
        if reason: payload["reason"] = reason
        out.append({"event_type": "WPStatusChanged", "entity_id": wp, "entity_type": "WorkPackage", "payload": payload})
    elif r < 0.65:
        out.append({"event_type": "SubtaskCompleted", "entity_id": wp, "entity_type": "WorkPackage",
                    "payload": {"work_package_id": wp, "subtask_index": rng.randint(0, 9),
                                "subtask_text": "Write the tests for case %d" % rng.randint(1, 40), "feature_slug": f}})
    elif r < 0.75:
        out.append({"event_type": "TagsAdded", "entity_id": wp, "entity_type": "WorkPackage",
                    "payload": {"tags": rng.sample(["backend", "frontend", "security", "needs-tests", "db", "api"], 2),
                                "feature_slug": f}})
    elif r < 0.85:
        out.append({"event_type": "CounterIncremented", "entity_id": wp, "entity_type": "WorkPackage",
                    "payload": {"counter": rng.choice(["reviews", "ci_runs", "reopened"]), "delta": 1, "feature_slug": f}})
    else:
        gate = "gate-%s-%s-%s" % (rng.choice(["ci", "security"]), f[:3], wp)
        old, new = rng.choice([("pending", "passed"), ("pending", "failed"), ("failed", "passed")])
        out.append({"event_type": "GateResultChanged", "entity_id": gate, "entity_type": "Gate",
                    "payload": {"gate_id": gate, "old_status": old, "new_status": new,
                                "result_data": {"run": rng.randint(1000, 99999)}}})
    out[-1]["actor"] = actor
for request in out[:count]:
    print(json.dumps(request, separators=(",", ":")))
PY
}

start_ms=1769904000000  # 2026-02-01T00:00:00Z
for ((d = 0; d < days; d++)); do
  generate "$d" "$per_day" > "$dir/day.jsonl"
  split -n l/"$commits" -d "$dir/day.jsonl" "$dir/part-"
  for part in "$dir"/part-*; do
    KITTYLOG_NOW=$((start_ms + d * 86400000 + 43200000)) "$kittylog" emit --stdin -q < "$part"
    git add .kittify/events && git commit -qm "day $d, $(basename "$part")"
    rm "$part"
  done
done
git gc -q --aggressive

events=$(cat .kittify/events/*.jsonl | wc -l)
jsonl=$(cat .kittify/events/*.jsonl | wc -c)
"$kittylog" index stats >/dev/null
index=$(stat -c %s .kittify/events/index.db)
git_bytes=$(du -sb .git/objects | cut -f1)
echo "days $days, events $events ($per_day a day), $(ls .kittify/events/*.jsonl | wc -l) daily files"
awk -v e="$events" -v j="$jsonl" -v i="$index" -v g="$git_bytes" -v d="$days" 'BEGIN {
  printf "jsonl: %d bytes = %.0f bytes/event, %.2f MB/day, %.1f MB per %d days\n", j, j / e, j / d / 1e6, j / 1e6, d
  printf "index.db: %.1f MB = %.2fx the jsonl\n", i / 1e6, i / j
  printf ".git/objects after gc --aggressive: %.2f MB = %.2fx the jsonl\n", g / 1e6, g / j
  printf "per year at this rate: jsonl %.0f MB, index %.0f MB, .git %.0f MB\n", j / d * 365 / 1e6, i / d * 365 / 1e6, g / d * 365 / 1e6
}'
