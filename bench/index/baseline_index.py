#!/usr/bin/env python3
"""The plain baseline for bench/index: what a typical script does with the same log.

  baseline_index.py build EVENTS_DIR DB      parse every line with json.loads and insert it with
                                             sqlite3, one transaction, indexes created at the end
  baseline_index.py append EVENTS_DIR DB N   parse and insert the last N lines of the newest file
  baseline_index.py wp DB                    per-WP lane by folding every status event in order
  baseline_index.py query DB ENTITY [FEATURE]  the entity's lines in total order, printed

Default SQLite settings (rollback journal, synchronous=FULL), as a script would leave them.
"""
import json
import os
import sqlite3
import sys

SCHEMA = """
CREATE TABLE IF NOT EXISTS events(
  event_id TEXT, event_type TEXT, lamport_clock INTEGER, entity_id TEXT, entity_type TEXT,
  timestamp TEXT, actor TEXT, feature_slug TEXT, raw TEXT)
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS events_entity ON events(entity_id);
CREATE INDEX IF NOT EXISTS events_clock ON events(lamport_clock, event_id);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type);
"""


def rows(lines):
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict) or not isinstance(event.get("event_id"), str):
            continue
        payload = event.get("payload") or {}
        yield (event["event_id"], event.get("event_type"), event.get("lamport_clock"), event.get("entity_id"),
               event.get("entity_type"), event.get("timestamp"), event.get("actor"),
               payload.get("feature_slug") if isinstance(payload, dict) else None, line)


def daily_files(events_dir):
    return sorted(name for name in os.listdir(events_dir) if name.endswith(".jsonl"))


def build(events_dir, db_path):
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute(SCHEMA)
    with db:
        for name in daily_files(events_dir):
            with open(os.path.join(events_dir, name), encoding="utf-8") as f:
                db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)", rows(f))
        db.executescript(INDEXES)
    db.close()


def append(events_dir, db_path, count):
    name = daily_files(events_dir)[-1]
    with open(os.path.join(events_dir, name), encoding="utf-8") as f:
        lines = f.readlines()[-count:]
    db = sqlite3.connect(db_path)
    with db:
        db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)", rows(lines))
    db.close()


def wp(db_path):
    db = sqlite3.connect(db_path)
    lanes = {}
    query = ("SELECT raw FROM events WHERE event_type = 'WPStatusChanged' AND entity_type = 'WorkPackage' "
             "ORDER BY lamport_clock, event_id")
    for (raw,) in db.execute(query):
        event = json.loads(raw)
        payload = event["payload"]
        lanes[(payload.get("feature_slug"), event["entity_id"])] = payload.get("new_status")
    for (feature, wp_id), lane in sorted(lanes.items()):
        print(f"{feature}/{wp_id} {lane}")


def query(db_path, entity, feature=None):
    db = sqlite3.connect(db_path)
    sql = "SELECT raw FROM events WHERE entity_id = ?"
    args = [entity]
    if feature is not None:
        sql += " AND feature_slug = ?"
        args.append(feature)
    out = sys.stdout
    for (raw,) in db.execute(sql + " ORDER BY lamport_clock, event_id", args):
        out.write(raw + "\n")


def main(argv):
    mode = argv[1]
    if mode == "build":
        build(argv[2], argv[3])
    elif mode == "append":
        append(argv[2], argv[3], int(argv[4]))
    elif mode == "wp":
        wp(argv[2])
    elif mode == "query":
        query(argv[2], argv[3], argv[4] if len(argv) > 4 else None)
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)
