#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (committed; rerun to regenerate).

Seeds are realistic daily-log lines (one per registered event type, as kittylog writes them)
and the damage teammates' branches bring: torn tails, CRLF, a BOM, conflict blocks, duplicates,
bad clocks, escapes. fuzz_merge splits its input at 0xFF bytes into base, ours and theirs.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = b"\xff"


def ulid(n):
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    s = ""
    for _ in range(16):
        s = alphabet[n % 32] + s
        n //= 32
    return "01KAB3XR6V" + s


def event(n, clock, etype="WPStatusChanged", entity="WP01", etype_entity="WorkPackage",
          payload='{"feature_slug":"025-cli-event-log","old_status":"planned","new_status":"doing"}',
          actor="claude", causation="null", day="2026-01-27"):
    return ('{"event_id":"%s","event_type":"%s","event_version":1,"lamport_clock":%s,'
            '"entity_id":"%s","entity_type":"%s","timestamp":"%sT10:30:%02d.%03dZ","actor":"%s",'
            '"causation_id":%s,"correlation_id":null,"payload":%s}'
            % (ulid(n), etype, clock, entity, etype_entity, day, n % 60, n % 1000, actor, causation, payload)).encode()


TYPES = [
    ("SpecCreated", "025-cli-event-log", "FeatureSpec",
     '{"feature_slug":"025-cli-event-log","title":"CLI event log","mission":"software-dev","created_by":"claude"}'),
    ("WPCreated", "WP01", "WorkPackage",
     '{"feature_slug":"025-cli-event-log","work_package_id":"WP01","title":"Event codec","dependencies":["WP00"]}'),
    ("WPStatusChanged", "WP01", "WorkPackage",
     '{"feature_slug":"025-cli-event-log","old_status":"for_review","new_status":"done","reason":"LGTM",'
     '"gate_results":[{"gate_type":"CI_CHECK","status":"passed","details":"green"}],'
     '"dependency_status":{"all_complete":true,"incomplete_dependencies":[]}}'),
    ("WorkspaceCreated", "WP01-workspace", "Workspace",
     '{"work_package_id":"WP01","worktree_path":".worktrees/025-WP01","branch_name":"025-WP01","feature_slug":"025-cli-event-log"}'),
    ("SubtaskCompleted", "WP01-T003", "Subtask",
     '{"work_package_id":"WP01","subtask_index":3,"subtask_text":"write the tests"}'),
    ("GateCreated", "gate-ci-WP01", "Gate",
     '{"work_package_id":"WP01","gate_type":"CI_CHECK","gate_id":"gate-ci-WP01"}'),
    ("GateResultChanged", "gate-ci-WP01", "Gate",
     '{"gate_id":"gate-ci-WP01","old_status":"pending","new_status":"failed","result_data":{"exit_code":1,"duration_s":12.5,"log":"a\\nb"}}'),
    ("TagsAdded", "WP01", "WorkPackage", '{"tags":["urgent","backend"]}'),
    ("CounterIncremented", "WP01", "WorkPackage", '{"counter":"retries","delta":-2}'),
]


def log(*lines, crlf=False, final_newline=True):
    nl = b"\r\n" if crlf else b"\n"
    out = nl.join(lines)
    return out + nl if final_newline and lines else out


def base_log(count=4, first=1):
    return [event(first + i, first + i, entity="WP0%d" % (1 + i % 3)) for i in range(count)]


def codec_seeds():
    s = {}
    for i, (t, ent, et, payload) in enumerate(TYPES):
        s["type-%s" % t] = log(event(100 + i, i + 1, t, ent, et, payload))
    b = base_log(3)
    s["three-events"] = log(*b)
    s["torn-tail"] = log(*b) + event(9, 9)[:57]
    s["torn-tail-whole-event"] = log(*b, final_newline=False)
    s["crlf"] = log(*b, crlf=True)
    s["bom"] = b"\xef\xbb\xbf" + log(*b)
    s["not-json"] = log(b[0], b"{not json", b[1], b"[1,2,3]", b'"a string"', b"null")
    s["no-event-id"] = log(b'{"event_type":"TagsAdded","lamport_clock":3}', b'{"event_id":7}', b'{"event_id":null}')
    s["bad-clocks"] = log(event(1, 0), event(2, -1), event(3, "9223372036854775808"), event(4, "1.5"),
                          event(5, '"5"'), event(6, "null"), event(7, "9223372036854775807"), event(8, "1e3"))
    s["no-clock"] = log(b'{"event_id":"01KAB3XR6V0000000000000001","event_type":"TagsAdded","payload":{"tags":["x"]}}')
    s["unknown-keys-and-type"] = log(
        b'{"event_id":"01KAB3XR6V0000000000000002","event_type":"FromTheFuture","event_version":7,'
        b'"lamport_clock":4,"extra":{"deep":[1,{"x":null}]},"payload":{"zzz":true}}')
    s["escapes"] = log(event(11, 11, entity="WP\\u001b[31m01", actor="evil\\u0007\\u0000\\u007f",
                             payload='{"tags":["\\ud83d\\ude00","\\"q\\"","\\\\","\\t\\r\\n\\b\\f","\\u2028"]}'))
    s["raw-control-bytes"] = log(b'{"event_id":"01KAB3XR6V00000000000000\x1b[","lamport_clock":1}', b"\x00\x01\x02")
    s["invalid-utf8"] = log(b'{"event_id":"01KAB3XR6V0000000000000003","actor":"\xc3\x28","lamport_clock":2}',
                            b'{"event_id":"\xed\xa0\x80","lamport_clock":2}')
    s["duplicate-keys"] = log(b'{"event_id":"A","event_id":"B","lamport_clock":1,"lamport_clock":"x","payload":{"tags":["a"],"tags":7}}')
    s["payload-not-object"] = log(event(12, 12, payload="[1,2]"), event(13, 13, payload='"text"'), event(14, 14, payload="null"))
    s["numbers"] = log(event(15, 15, payload='{"counter":"c","delta":9223372036854775807,"d":-0.0,"e":1e308,'
                                             '"f":18446744073709551615,"g":1.5e-300,"h":-9223372036854775808}'))
    s["deep"] = log(b'{"event_id":"01KAB3XR6V0000000000000004","payload":' + b"[" * 60 + b"]" * 60 + b"}")
    s["blank-lines"] = log(b"", b"   ", b"\t", b[0], b" \t ", b[1], b"\r")
    s["conflict-markers"] = log(b[0], b"<<<<<<< HEAD", b[1], b"=======", b[2], b">>>>>>> feature")
    s["unicode"] = log(event(16, 16, actor="J\u00fcrgen-\u65e5\u672c"))
    s["empty"] = b""
    s["only-newlines"] = b"\n\n\n"
    s["long-line"] = log(event(17, 17, payload='{"reason":"' + "x" * 5000 + '"}'))
    return s


def merge_seeds():
    s = {}
    b = base_log(4)
    a1, a2 = event(50, 5, entity="WP02"), event(51, 6, entity="WP01")
    t1, t2 = event(60, 5, entity="WP03"), event(61, 7, entity="WP01",
                                              payload='{"feature_slug":"025-cli-event-log","old_status":"doing","new_status":"for_review"}')
    s["both-append"] = log(*b) + SEP + log(*b, a1, a2) + SEP + log(*b, t1, t2)
    s["one-side"] = log(*b) + SEP + log(*b, a1) + SEP + log(*b)
    s["empty-base"] = SEP + log(a1, a2) + SEP + log(t1, t2)
    s["all-empty"] = SEP + SEP
    s["no-separator"] = log(*b)
    s["same-clock"] = log(*b) + SEP + log(*b, event(70, 5)) + SEP + log(*b, event(71, 5))
    changed = b[1].replace(b'"actor":"claude"', b'"actor":"codex"')
    s["changed-one-side"] = log(*b) + SEP + log(b[0], changed, b[2], b[3]) + SEP + log(*b, t1)
    changed2 = b[1].replace(b'"actor":"claude"', b'"actor":"gemini"')
    s["changed-both-sides"] = log(*b) + SEP + log(b[0], changed, b[2], b[3]) + SEP + log(b[0], changed2, b[2], b[3])
    s["deleted-one-side"] = log(*b) + SEP + log(b[0], b[2], b[3], a1) + SEP + log(*b, t1)
    s["crlf-side"] = log(*b) + SEP + log(*b, a1, crlf=True) + SEP + log(*b, t1)
    s["no-final-newline"] = log(*b) + SEP + log(*b, a1, final_newline=False) + SEP + log(*b, t1, final_newline=False)
    s["non-events"] = log(*b) + SEP + log(*b, b"not json", a1) + SEP + log(*b, b'{"no":"id"}', b"not json")
    s["markers-left-over"] = log(*b) + SEP + log(*b, b"<<<<<<< HEAD", a1, b"=======", t1, b">>>>>>> x") + SEP + log(*b, t2)
    s["duplicates-in-side"] = log(*b) + SEP + log(*b, a1, a1) + SEP + log(*b, b[0])
    s["disorder"] = log(*b) + SEP + log(b[3], b[0], a1, b[2], b[1]) + SEP + log(*b, t1)
    s["prefix-not-canonical"] = log(event(1, "null"), *b) + SEP + log(event(1, "null"), *b, a1) + SEP + log(event(1, "null"), *b, t1)
    s["early-insert"] = log(*b) + SEP + log(*b, event(80, 2)) + SEP + log(*b, event(81, 1))
    s["bad-clock-added"] = log(*b) + SEP + log(*b, event(82, -3)) + SEP + log(*b, event(83, "9223372036854775808"))
    s["status-race"] = (log(*b) + SEP +
                        log(*b, event(90, 5, payload='{"feature_slug":"025-cli-event-log","old_status":"for_review","new_status":"done"}')) + SEP +
                        log(*b, event(91, 5, payload='{"feature_slug":"025-cli-event-log","old_status":"for_review","new_status":"doing"}')))
    s["escaped-id"] = (SEP + log(b'{"event_id":"01KAB3XR6V000000000000000\\u0041","lamport_clock":3}') + SEP +
                       log(b'{"event_id":"01KAB3XR6V000000000000000A","lamport_clock":3}'))
    s["bom-and-nul"] = log(*b) + SEP + b"\xef\xbb\xbf" + log(*b, a1) + SEP + log(*b, b"\x00\x00")
    return s


def repair_seeds():
    s = {}
    b = base_log(4)
    a1, t1 = event(50, 5, entity="WP02"), event(60, 5, entity="WP03")
    s["clean"] = log(*b)
    s["merge-style-block"] = log(*b[:2], b"<<<<<<< HEAD", b[2], a1, b"=======", b[2], t1, b">>>>>>> feature", b[3])
    s["diff3-block"] = log(*b[:2], b"<<<<<<< ours", a1, b"||||||| base", b[2], b"=======", t1, b">>>>>>> theirs")
    s["two-blocks"] = log(b[0], b"<<<<<<< a", a1, b"=======", t1, b">>>>>>> b", b[1], b"<<<<<<< a", b[2],
                          b"=======", b">>>>>>> b", b[3])
    s["unterminated-block"] = log(*b, b"<<<<<<< HEAD", a1, b"=======", t1)
    s["nested-markers"] = log(b"<<<<<<< a", b"<<<<<<< b", a1, b"=======", b"=======", t1, b">>>>>>> b", b">>>>>>> a")
    s["markers-out-of-order"] = log(b">>>>>>> x", a1, b"=======", t1, b"<<<<<<< y")
    s["union-merge-duplicates"] = log(*b, a1, *b, t1)
    s["disorder"] = log(b[3], b[1], b[0], b[2])
    s["crlf"] = log(*b, crlf=True)
    s["conflicting-versions"] = log(b[0], b"<<<<<<< HEAD",
                                    b[1].replace(b'"actor":"claude"', b'"actor":"codex"'), b"=======",
                                    b[1].replace(b'"actor":"claude"', b'"actor":"gemini"'), b">>>>>>> x")
    s["garbage-lines"] = log(b[0], b"not json", b"{}", b"\x00", b"\xc3\x28", b[1])
    s["torn-tail"] = log(*b) + a1[:40]
    s["blank-and-spaces"] = log(b"", b[0], b"  ", b"\t\r", b[1])
    s["marker-lookalikes"] = log(b"<<<<<<<", b[0], b"======= ", b"=======x", b">>>>>>>", b"|||||||")
    return s


def write(target, seeds):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (target, len(seeds)), file=sys.stderr)


if __name__ == "__main__":
    write("line_codec", codec_seeds())
    write("merge", merge_seeds())
    write("repair", repair_seeds())
