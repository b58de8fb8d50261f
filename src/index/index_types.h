// Plain values that the index's API takes and returns (see index/event_index.h, docs/index.md).
// No I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workflow/reducer.h"

namespace kittylog {

// Filters of `kittylog query` (DESIGN §10). Every set field must match; unset fields match all.
// Values are data: they are bound as SQL parameters, never spliced into SQL.
struct QueryFilter {
  std::optional<std::string> entity;       // entity_id
  std::optional<std::string> entity_type;
  std::optional<std::string> event_type;
  std::optional<std::string> feature;      // payload.feature_slug
  std::optional<std::string> actor;
  std::optional<int64_t> since_clock;      // lamport_clock >= since_clock
  std::optional<int64_t> until_clock;      // lamport_clock <= until_clock
  std::optional<std::string> from_date;    // YYYY-MM-DD, inclusive: date of the daily file
  std::optional<std::string> to_date;      // YYYY-MM-DD, inclusive
  std::optional<int64_t> limit;            // the first N events in total order
};

// The current state of one work package (feature_slug, WP id), DESIGN §5-6, as the reducer
// decides it from all of its moves (index/wp_state.h).
struct WorkPackageRow {
  std::string feature_slug;
  std::string work_package_id;
  std::string lane;             // "planned" until a WPStatusChanged decides otherwise
  std::string deciding_event_id;  // the WPStatusChanged that set the lane ("" if none)
  int64_t deciding_clock = 0;
  std::string rule;             // "" or how concurrent changes were resolved ("rollback-precedence", ...)
  std::optional<ResolvedConflict> resolution;  // with a rule: the group that decided the lane
  int64_t breaks = 0;                          // lifecycle breaks among the WP's moves
  std::optional<LifecycleBreak> last_break;    // the latest of them
  std::string title;            // from the last WPCreated in total order ("" if none)
  bool operator==(const WorkPackageRow&) const = default;
};

// The board of every event but the status changes with a clock <= through, as Replay() leaves
// it, and the guard checks of the moves that decided lanes then (docs/index.md
// "board_snapshots"): `status` replays only the later events on top of it
// (ReplayOptions::resume_board). The index drops a snapshot when an event at or below `through`
// is added or removed; `index check` compares each with a replay of the log.
struct BoardSnapshot {
  int64_t through = 0;
  BoardState board;
  std::vector<std::string> checked;          // sorted: event ids of deciding moves whose guard was checked
  std::vector<LifecycleBreak> guard_breaks;  // those that failed it (LifecycleBreak::guard)
  // A WPCreated with dependencies is among its events (a later creation may have dropped them
  // from the board, but moves made before it were guarded by them).
  bool dependencies_seen = false;
  bool operator==(const BoardSnapshot&) const = default;
};

struct RefreshReport {
  int64_t events_added = 0;  // net change (events now indexed minus before); after a rebuild: all it indexed
  int64_t files_reindexed = 0;
  int64_t files_dropped = 0;
  bool rebuilt = false;
  std::vector<std::string> warnings;
};

// `kittylog index check`: each divergence between the index and the JSONL is one line.
struct CheckReport {
  int64_t files_checked = 0;
  int64_t events_checked = 0;
  std::vector<std::string> divergences;
};

struct IndexStats {
  std::string path;             // the database file answering (a temporary one when read-only)
  bool temporary = false;
  int64_t schema_version = 0;
  int64_t events = 0;
  int64_t files = 0;
  int64_t work_packages = 0;
  int64_t names = 0;
  int64_t max_clock = 0;
  int64_t index_bytes = 0;      // index.db + -wal
  int64_t jsonl_bytes = 0;      // the daily files
  std::string built_at;         // when the last full rebuild ran (RFC 3339)
};

}  // namespace kittylog
