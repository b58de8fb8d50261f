// The workflow read side over the event index (DESIGN §6, §7; docs/index.md, docs/workflow.md):
// the same answers as a full replay (log_replay_source.h), from narrow indexed queries and what
// the index keeps of the reducer's answers (per-WP state and conflict groups, board snapshots:
// index/wp_state.h, index/board_snapshots.h). WorkflowSource (workflow_source.h) uses it when
// the index opens.
//
// The index must outlive the source. Warnings the index collects while answering (damage it
// healed) go to `warn`; a query the index cannot answer is an error (kIo). A board snapshot
// that cannot be saved is not an error: a later command makes it again. Not thread-safe; one
// per command.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "workflow/reducer.h"
#include "workflow/source/source_types.h"

namespace kittylog {
class EventIndex;
struct QueryFilter;
struct WorkPackageRow;

// `status` saves a new board snapshot in the index once this many events follow the latest.
inline constexpr size_t kBoardSnapshotAfter = 2048;

class IndexedSource {
 public:
  IndexedSource(EventIndex& index, WarnFunction warn);
  IndexedSource(const IndexedSource&) = delete;
  IndexedSource& operator=(const IndexedSource&) = delete;

  // The board with every work package of `feature` (all of them when unset), each lane as the
  // reducer decided it over all of that WP's moves, the guard breaks of the deciding moves, and
  // the rest of the board (specs, gates, tags, counters, ...) of every feature: the caller
  // narrows it to the feature.
  Result<BoardState> Board(const std::optional<std::string>& feature);
  // Every concurrent group in the history, in the order a full replay reports them.
  Result<std::vector<ResolvedConflict>> Conflicts();
  // One feature's spec and work packages (id, title, lane, deciding event; no tags or
  // counters), or nullopt when no event names it.
  Result<std::optional<FeatureState>> Feature(const std::string& slug);
  // The board's entry for `gate_id` from that gate's events, or nullopt; the caller decides
  // whether it was created.
  Result<std::optional<GateState>> Gate(const std::string& gate_id);
  // The events of `selection`, each event_id once.
  Result<std::vector<Event>> Events(const EventSelection& selection);

 private:
  Result<std::vector<Event>> BoardEventsAfter(int64_t through);
  // indexed_guard_checks.cc: the guards of the moves that decide lanes, checked as the board
  // stood at each move's clock.
  Result<std::vector<LifecycleBreak>> CheckDecidingGuards(const BoardState& base, const std::vector<Event>& after,
                                                          const std::vector<WorkPackageRow>& rows,
                                                          const std::vector<const WorkPackageRow*>& unchecked);
  // Adds the status events of each row's deciding group.
  Status AddDecidingGroups(const std::vector<WorkPackageRow>& rows, std::vector<Event>& events);
  Status AddDependencyLanes(const std::vector<WorkPackageRow>& rows, const BoardState& board,
                            const std::vector<WorkPackageRow>& moves, std::vector<Event>& events);
  // The index's answer, its warnings passed on.
  Result<std::vector<Event>> Query(const QueryFilter& filter);

  EventIndex& index_;
  WarnFunction warn_;
};

}  // namespace kittylog
