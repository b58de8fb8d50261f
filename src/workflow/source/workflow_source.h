// Where the workflow commands (cli/commands/workflow/) read the current state from
// (DESIGN §6, §7; docs/workflow.md).
//
// A WorkflowSource answers with events and with state computed by the one reducer
// (workflow/reducer.h). It uses the event index when there is one (indexed_source.h: narrow
// queries, per-WP state kept by the index) and otherwise reads the daily files directly
// (log_replay_source.h: the whole log replayed once per process); both give the same answers.
// Unreadable lines are skipped and reported through `warn` as "file:line: reason" (read is
// tolerant), never turned into failures; only an unreadable file or database is an error (kIo).
// Not thread-safe; one source per command.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/log_layout.h"
#include "workflow/reducer.h"
#include "workflow/source/indexed_source.h"
#include "workflow/source/log_replay_source.h"
#include "workflow/source/source_types.h"

namespace kittylog {
class EventStore;
class EventIndex;

class WorkflowSource {
 public:
  // For read-only commands: opens (and refreshes) the index, or falls back to the JSONL.
  static Result<std::unique_ptr<WorkflowSource>> ForReading(const LogLayout& layout, bool show_progress,
                                                            WarnFunction warn);
  // Inside a store context (writing commands): uses the store's index, if it has one.
  static std::unique_ptr<WorkflowSource> ForStore(EventStore& store, WarnFunction warn);

  ~WorkflowSource();
  WorkflowSource(const WorkflowSource&) = delete;
  WorkflowSource& operator=(const WorkflowSource&) = delete;

  // The board (features, WPs with lane, title, tags, dependencies; gates) with the conflicts and
  // lifecycle breaks that shape it (workflow/board_summary.h KeepDecidingResolutions), the same
  // through the index as from a full replay; `feature` narrows it to one feature. The guard and
  // dependency rules (workflow/guards.h, workflow/dependencies.h) read it.
  Result<BoardState> Board(const std::optional<std::string>& feature);

  // Every concurrent group in the history and its resolution (`conflicts`), in the order a full
  // replay reports them: from the index's per-WP groups and board snapshot, else a full replay.
  Result<std::vector<ResolvedConflict>> AllConflicts();

  // One feature's spec and work packages (id, title, lane, deciding event; tags and counters
  // only without an index), or nullopt when no event names it. For the writing commands.
  Result<std::optional<FeatureState>> Feature(const std::string& slug);

  // One gate's state, or nullopt when no GateCreated names it.
  Result<std::optional<GateState>> Gate(const std::string& gate_id);

  // The events of one entity (see EventSelection), in total order, each event_id once.
  Result<std::vector<Event>> Events(const EventSelection& selection);

  // Whether the answers come from the index (for --json and the benchmark).
  bool indexed() const { return indexed_.has_value(); }
  const LogLayout& layout() const { return layout_; }

 private:
  WorkflowSource(const LogLayout& layout, WarnFunction warn);
  void UseIndex(EventIndex& index);
  void Warn(const std::string& warning) const;

  LogLayout layout_;
  WarnFunction warn_;
  std::unique_ptr<EventIndex> owned_index_;
  std::optional<IndexedSource> indexed_;  // set when there is an index
  LogReplaySource replay_;                // else this; reads nothing until asked
};

}  // namespace kittylog
