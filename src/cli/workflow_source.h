// Where the workflow commands (cli/commands_workflow.cc) read the current state from
// (DESIGN §6, §7; docs/workflow.md).
//
// A WorkflowSource answers with events and with state computed by the one reducer
// (workflow/reducer.h). It uses the event index when there is one (narrow queries, per-WP
// state kept by the index) and otherwise reads the daily files directly, replaying the whole
// log once per process. Unreadable lines are skipped and reported through `warn` as
// "file:line: reason" (read is tolerant), never turned into failures; only an unreadable
// file or database is an error (kIo).
// Not thread-safe; one source per command.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/log_layout.h"
#include "workflow/reducer.h"

namespace kittylog {
class EventStore;
class EventIndex;
struct QueryFilter;
struct WorkPackageRow;
}  // namespace kittylog

namespace kittylog::cli {

using WarnFunction = std::function<void(const std::string&)>;

// Which events a command needs; unset fields match everything.
struct EventSelection {
  std::optional<std::string> entity_id;     // event.entity_id (kittylog's wp commands use the WP id)
  std::optional<std::string> feature_slug;  // payload.feature_slug (as the index filters it)
  std::optional<std::string> event_type;    // event.event_type
};

// `status` saves a new board snapshot in the index once this many events follow the latest.
inline constexpr size_t kBoardSnapshotAfter = 2048;

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
  bool indexed() const;
  const LogLayout& layout() const { return layout_; }

 private:
  WorkflowSource(LogLayout layout, WarnFunction warn);
  Result<const std::vector<Event>*> WholeLog();
  Result<const ReplayResult*> WholeReplay();
  Result<BoardState> IndexedBoard(const std::optional<std::string>& feature);
  Result<std::vector<Event>> BoardEventsAfter(int64_t through);
  Result<std::vector<LifecycleBreak>> CheckDecidingGuards(const BoardState& base, const std::vector<Event>& after,
                                                          const std::vector<WorkPackageRow>& rows,
                                                          const std::vector<const WorkPackageRow*>& unchecked);
  // Adds the status events of each row's deciding group.
  Status AddDecidingGroups(const std::vector<WorkPackageRow>& rows, std::vector<Event>& events);
  Status AddDependencyLanes(const std::vector<WorkPackageRow>& rows, const BoardState& board,
                            const std::vector<WorkPackageRow>& moves, std::vector<Event>& events);
  Result<std::vector<Event>> Query(const QueryFilter& filter);
  void Warn(const std::string& warning) const;

  LogLayout layout_;
  WarnFunction warn_;
  std::unique_ptr<EventIndex> owned_index_;
  EventIndex* index_ = nullptr;
  std::optional<std::vector<Event>> log_;     // the whole log, read once when needed
  std::optional<ReplayResult> replay_;        // its replay
};

// Reads every daily file of the log, in file-name then line order; bad lines go to `warn`.
// A missing events directory is an empty log.
Result<std::vector<Event>> ReadWholeLog(const LogLayout& layout, const WarnFunction& warn);

// Whether `event` belongs to `selection`.
bool Matches(const Event& event, const EventSelection& selection);

}  // namespace kittylog::cli
