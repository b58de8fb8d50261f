#!/usr/bin/env python3
"""Writes a realistic kittylog event log straight into daily JSONL files (issue 13, item 6).

The mix the issue measured: 75% WPStatusChanged, 15% SubtaskCompleted, 10% GateResultChanged,
spread over FEATURES x WPS work packages (default 20 x 10: about 3,750 status changes each at
1,000,000 events) and DAYS daily files. Every feature, work package and gate is created first
(SpecCreated, WPCreated, GateCreated; they count towards --events), unless --no-create: the
import case, the same moves and results with no creation event at all.

Moves follow the lifecycle (planned -> doing -> for_review -> done | doing | rejected, done ->
doing, rejected -> doing) with the right old_status, and `for_review -> done` only while the
WP's gate has passed (its guard), so the created log replays without warnings. Seeded: the same
arguments write the same bytes. Fast: lines are formatted here, not emitted by 1M processes
(about 5 s per million events).

Usage: generate_log.py REPO [--events N] [--days D] [--features F] [--wps W] [--seed S]
                            [--no-create]
REPO must hold .kittify/events/ (run `kittylog init` first); existing daily files of the
generated days are overwritten. Prints "events N, files D, busiest FEATURE WP (K events)".
"""
import argparse
import datetime
import os
import random
import sys

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
ACTORS = ["alice", "bob", "carol", "codex-reviewer", "claude-agent", "ci-bot"]


def encode(value, length):
    out = []
    for _ in range(length):
        out.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(out))


class Ids:
    """ULIDs in increasing order: millisecond time, then 80 seeded random bits."""

    def __init__(self, rng):
        self.rng = rng

    def next(self, millis):
        return encode(millis, 10) + encode(self.rng.getrandbits(80), 16)


def line(event_id, event_type, clock, entity_id, entity_type, timestamp, actor, payload):
    return ('{"event_id":"%s","event_type":"%s","event_version":1,"lamport_clock":%d,"entity_id":"%s",'
            '"entity_type":"%s","timestamp":"%s","actor":"%s","causation_id":null,"correlation_id":null,'
            '"payload":%s}\n' % (event_id, event_type, clock, entity_id, entity_type, timestamp, actor, payload))


class WorkPackage:
    def __init__(self, feature, wp):
        self.feature = feature
        self.wp = wp
        self.gate = "gate-ci-%s-%s" % (feature[:3], wp)
        self.lane = "planned"
        self.gate_status = "pending"
        self.events = 0

    def next_lane(self, rng):
        if self.lane == "planned":
            return "doing"
        if self.lane == "doing":
            return "for_review"
        if self.lane == "for_review":
            if rng.random() < 0.03:
                return "rejected"
            return "done" if self.gate_status == "passed" else "doing"
        return "doing"  # done (reopen) and rejected

    def next_gate(self, rng):
        if self.gate_status == "passed":
            return "failed" if rng.random() < 0.3 else "pending"
        return "passed" if rng.random() < 0.7 else "failed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=300)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--wps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-create", action="store_true")
    args = parser.parse_args()
    events_dir = os.path.join(args.repo, ".kittify", "events")
    if not os.path.isdir(events_dir):
        sys.exit("generate_log.py: %s: no .kittify/events/ (run `kittylog init` first)" % args.repo)

    rng = random.Random(args.seed)
    ids = Ids(rng)
    features = ["%03d-feature-%d" % (f + 1, f + 1) for f in range(args.features)]
    wps = [WorkPackage(feature, "WP%02d" % (w + 1)) for feature in features for w in range(args.wps)]

    # The events as (type, entity_id, entity_type, payload, wp or None), in clock order.
    def creations():
        for feature in features:
            yield ("SpecCreated", feature, "FeatureSpec",
                   '{"feature_slug":"%s","title":"Feature %s"}' % (feature, feature[:3]), None)
        for wp in wps:
            yield ("WPCreated", wp.wp, "WorkPackage",
                   '{"feature_slug":"%s","work_package_id":"%s","title":"Work %s of %s"}'
                   % (wp.feature, wp.wp, wp.wp, wp.feature), wp)
            yield ("GateCreated", wp.gate, "Gate",
                   '{"work_package_id":"%s","gate_type":"CI_CHECK","gate_id":"%s","feature_slug":"%s"}'
                   % (wp.wp, wp.gate, wp.feature), wp)

    def activity():
        while True:
            wp = wps[rng.randrange(len(wps))]
            kind = rng.random()
            if kind < 0.75:
                to = wp.next_lane(rng)
                payload = ('{"feature_slug":"%s","old_status":"%s","new_status":"%s"}' % (wp.feature, wp.lane, to))
                wp.lane = to
                yield ("WPStatusChanged", wp.wp, "WorkPackage", payload, wp)
            elif kind < 0.90:
                payload = ('{"work_package_id":"%s","subtask_index":%d,"feature_slug":"%s"}'
                           % (wp.wp, rng.randrange(12), wp.feature))
                yield ("SubtaskCompleted", wp.wp, "WorkPackage", payload, wp)
            else:
                to = wp.next_gate(rng)
                payload = ('{"gate_id":"%s","old_status":"%s","new_status":"%s","result_data":{}}'
                           % (wp.gate, wp.gate_status, to))
                wp.gate_status = to
                yield ("GateResultChanged", wp.gate, "Gate", payload, wp)

    def all_events():
        produced = 0
        if not args.no_create:
            for event in creations():
                yield event
                produced += 1
        for event in activity():
            if produced >= args.events:
                return
            yield event
            produced += 1

    per_day = -(-args.events // args.days)
    day_millis = 86_400_000
    step = max(1, (day_millis - 1000) // per_day)
    out = None
    day = -1
    clock = 0
    for index, (event_type, entity_id, entity_type, payload, wp) in enumerate(all_events()):
        if index // per_day != day:
            day = index // per_day
            if out:
                out.close()
            name = (START + datetime.timedelta(days=day)).strftime("%Y-%m-%d") + ".jsonl"
            out = open(os.path.join(events_dir, name), "w", encoding="utf-8", buffering=1 << 20)
        clock += 1
        millis_in_day = (index % per_day) * step
        when = START + datetime.timedelta(days=day, milliseconds=millis_in_day)
        epoch_millis = int(when.timestamp() * 1000)
        timestamp = when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (millis_in_day % 1000)
        if wp is not None and entity_id == wp.wp:
            wp.events += 1  # what `history WPxx` shows
        out.write(line(ids.next(epoch_millis), event_type, clock, entity_id, entity_type, timestamp,
                       ACTORS[clock % len(ACTORS)], payload))
    if out:
        out.close()
    busiest = max(wps, key=lambda w: w.events)
    print("events %d, files %d, busiest %s %s (%d events)" % (clock, day + 1, busiest.feature, busiest.wp,
                                                             busiest.events))


if __name__ == "__main__":
    main()
