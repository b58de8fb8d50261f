// The merge of three versions of one daily event log (DESIGN §8; docs/merge-driver.md).
//
// MergeEventLogs is a pure function: three byte buffers in (base, ours, theirs), the merged log,
// a report and a status out. It touches no file and keeps no state; it is thread-safe (each call
// owns its parser). The git driver (mergedriver/main.cc) and `kittylog repair` (through
// CanonicalizeEventLog in conflict_blocks.h) both call it, so the merge rules live here once:
//
//  - Every event (a JSON object with a string event_id) of any input is kept once, by event_id.
//    Events are written in total order (lamport_clock, event_id); an absent or invalid clock
//    orders as 0. A kept line is byte-identical to its input line, minus a "\r" before "\n".
//  - The same event_id with different bytes: when exactly one of ours/theirs changed it from
//    the base, that side's line wins; otherwise the line with the higher lamport_clock wins
//    (equal clocks: the bytewise smaller line) and the result is a conflict.
//  - An event of the base that a side lacks is kept (append-only) with a warning.
//  - Lines that are not events (bad JSON, no event_id, conflict markers, NUL bytes, invalid
//    UTF-8, ...) are kept once each, after the events, in byte order, and reported with side
//    and line. Blank lines carry nothing and are dropped.
//  - The output ends with "\n" (three empty inputs give an empty output) and does not depend on
//    which side is ours.
//  - The report also names each entity that both sides changed since the base, with the
//    winner of DESIGN §6 for work-package status (the reducer's lane rules, workflow/lane_replay.h).
//
// Fast path: the bytes that all three inputs share at the start (cut at a line boundary) are
// not parsed. A byte-level check confirms that each of their lines has the canonical shape
// ({"event_id":"..." first, an integer lamport_clock, '}' last) and that their (clock, id) keys
// strictly increase; only then are they emitted as they are, followed by the merge of what the
// sides added. Prefix lines that order after an added event are moved into the merge. A prefix
// that fails the check, or shares an id with an added event, makes the whole input go through
// the full parse, so both paths give the same bytes. Memory is proportional to the input.
//
// Never throws on bad input (only std::bad_alloc can escape).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kittylog::merge {

enum class Side : uint8_t { kBase = 0, kOurs = 1, kTheirs = 2, kFile = 3 };
std::string_view SideName(Side side);  // "base", "ours", "theirs", "file"

enum class MergeStatus { kClean, kConflict };

// One finding of a merge. `line` is 1-based in `side`'s input, 0 when the entry is not about
// one line. Format() gives "ours:12: <message>" (or just the message).
struct ReportEntry {
  enum class Severity : uint8_t { kInfo, kWarning, kConflict };
  enum class Kind : uint8_t {
    kNotAnEvent,       // a line kept after the events
    kDuplicate,        // the same line twice in one input: kept once
    kMissingOnSide,    // a base event one side lacks: kept
    kChangedOnOneSide, // a base event one side rewrote: that side's line kept
    kConflictingEvent, // the same event_id with different bytes, not resolvable three-way
    kConcurrentChange, // an entity changed on both sides since the base
  };
  Severity severity = Severity::kInfo;
  Kind kind = Kind::kNotAnEvent;
  Side side = Side::kBase;
  size_t line = 0;
  std::string event_id;  // when the entry is about one event
  std::string entity;    // kConcurrentChange: "WorkPackage 025-x/WP01"
  std::string problem;   // kNotAnEvent: why the line is not one, "not valid JSON (...)"
  std::string message;
  std::string Format() const;
};

struct MergeStats {
  bool fast_path = false;      // the shared prefix was emitted without parsing
  size_t prefix_bytes = 0;     // bytes emitted as they were (not parsed)
  size_t prefix_lines = 0;
  size_t parsed_lines = 0;     // lines decoded as JSON (all sides)
  size_t events_out = 0;       // event lines in the output (prefix included)
  size_t non_events_out = 0;
  // CPU time of each phase (this thread, user + system, in milliseconds: steadier than wall
  // time on a loaded machine; KITTYLOG_MERGE_STATS=1 prints them).
  double prefix_ms = 0;        // comparing the inputs and checking the shared lines
  double parse_ms = 0;         // parsing what follows the prefix (and any fallback)
  double resolve_ms = 0;       // grouping by id, the three-way rule, report, sort
  double emit_ms = 0;          // handing the output to the sink (which may compare or write it)
};

struct MergeOptions {
  // Off: every line is parsed (what `repair` wants: nothing is trusted).
  bool fast_path = true;
  // Called with ranges [offset, offset + length) of base and theirs that the merge has compared
  // and will not read again unless it falls back to the full parse; a caller that mapped the
  // files may drop those pages (InputFile::Release) to keep peak memory near one input.
  std::function<void(size_t offset, size_t length)> release;
};

struct MergeResult {
  MergeStatus status = MergeStatus::kClean;
  std::vector<ReportEntry> report;  // in a stable order
  MergeStats stats;
  std::string output;  // the merged log (empty when it went to a ByteSink)
  bool conflict() const { return status == MergeStatus::kConflict; }
};

// Receives the output in order, in pieces. Each piece is a view of one of the three inputs or of
// static storage, so it stays valid as long as the inputs do (a sink may queue pieces for writev).
using ByteSink = std::function<void(std::string_view bytes)>;

[[nodiscard]] MergeResult MergeEventLogs(std::string_view base, std::string_view ours, std::string_view theirs,
                                         const MergeOptions& options = {});

// The same, streaming the output into `sink` (result.output stays empty): the driver writes
// the shared prefix straight from the input buffer instead of copying it.
[[nodiscard]] MergeResult MergeEventLogsTo(std::string_view base, std::string_view ours, std::string_view theirs,
                                           const MergeOptions& options, const ByteSink& sink);

// Length of the longest byte prefix the three buffers share (not cut at a line boundary).
size_t CommonPrefixLength(std::string_view a, std::string_view b, std::string_view c);

}  // namespace kittylog::merge
