// IndexedSource::Board's guard checks (indexed_source.h): each lane's deciding move replayed with
// what its guard reads, fetched from the index in as few queries as it can.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "event/event_types.h"
#include "index/event_index.h"
#include "index/index_types.h"
#include "workflow/source/indexed_source.h"

namespace kittylog {

// The guard breaks of the deciding moves of `unchecked` (each after `base`'s events): what a
// guard reads (lanes, dependencies, gates and their results; never subtasks, tags or counters)
// replayed on top of `base` with those moves and the lanes of their dependencies at their clocks.
Result<std::vector<LifecycleBreak>> IndexedSource::CheckDecidingGuards(const BoardState& base,
                                                                       const std::vector<Event>& after,
                                                                       const std::vector<WorkPackageRow>& rows,
                                                                       const std::vector<const WorkPackageRow*>& unchecked) {
  std::vector<Event> guarded;
  for (const Event& event : after) {
    if (event.event_type != kSubtaskCompleted && event.event_type != kTagsAdded &&
        event.event_type != kCounterIncremented) {
      guarded.push_back(event);
    }
  }
  // The board as the replay of `after` leaves it names each WP's dependencies (its last WPCreated).
  const BoardState board = Replay(guarded, {.list_conflicts = false, .check_guards = false, .resume_board = &base}).board;
  std::vector<WorkPackageRow> moves;
  for (const WorkPackageRow* row : unchecked) moves.push_back(*row);
  // Every lane's deciding group: a dependency named by an earlier creation reads its lane too.
  KL_RETURN_IF_ERROR(AddDecidingGroups(rows, guarded));
  KL_RETURN_IF_ERROR(AddDependencyLanes(rows, board, moves, guarded));
  std::set<std::string> wanted;
  for (const WorkPackageRow& row : moves) wanted.insert(row.deciding_event_id);
  std::vector<LifecycleBreak> breaks;
  for (LifecycleBreak& lifecycle_break :
       Replay(guarded, {.list_conflicts = false, .resume_board = &base}).board.breaks) {
    if (lifecycle_break.guard && wanted.contains(lifecycle_break.event.event_id)) {
      breaks.push_back(std::move(lifecycle_break));
    }
  }
  return breaks;
}

// Every query costs a statement, a decoder and opening the daily files, so the deciding groups
// are fetched in a few range queries over status events (most lanes were decided recently),
// each bounded by a limit, and only the work packages still missing are fetched one by one.
Status IndexedSource::AddDecidingGroups(const std::vector<WorkPackageRow>& rows, std::vector<Event>& events) {
  std::optional<std::string> feature;  // one feature's rows: narrow the range queries to it
  if (!rows.empty() && std::all_of(rows.begin(), rows.end(), [&](const WorkPackageRow& row) {
        return row.feature_slug == rows.front().feature_slug;
      })) {
    feature = rows.front().feature_slug;
  }
  std::map<std::pair<std::string, std::string>, int64_t> missing;  // (feature, WP) -> deciding clock
  for (const WorkPackageRow& row : rows) {
    if (row.deciding_clock > 0) missing[{row.feature_slug, row.work_package_id}] = row.deciding_clock;
  }
  const int64_t limit = 8 * static_cast<int64_t>(rows.size()) + 64;
  for (int round = 0; round < 3 && !missing.empty(); ++round) {
    int64_t since = INT64_MAX;
    for (const auto& [key, clock] : missing) since = std::min(since, clock);
    QueryFilter filter;
    filter.event_type = kWPStatusChanged;
    filter.feature = feature;
    filter.since_clock = since;
    filter.limit = limit;
    KL_ASSIGN_OR_RETURN(std::vector<Event> found, Query(filter));
    // A limited answer ends with a whole clock group: every clock up to its last is complete.
    const bool complete = static_cast<int64_t>(found.size()) < limit;
    const int64_t covered = complete ? INT64_MAX : found.back().lamport_clock;
    for (Event& event : found) {
      auto it = missing.find({event.payload.feature_slug, event.entity_id});
      if (it != missing.end() && it->second == event.lamport_clock) events.push_back(std::move(event));
    }
    std::erase_if(missing, [&](const auto& entry) { return entry.second <= covered; });
  }
  for (const auto& [key, clock] : missing) {
    QueryFilter filter;
    filter.entity = key.second;
    filter.feature = key.first;
    filter.event_type = kWPStatusChanged;
    filter.since_clock = clock;
    filter.until_clock = clock;
    KL_ASSIGN_OR_RETURN(std::vector<Event> found, Query(filter));
    events.insert(events.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return Status::Ok();
}

// The reducer checks a guarded move against the board as it stood at the move's clock
// (workflow/guards.h). For a `planned -> doing` among `moves` (deciding moves), that is each
// dependency's lane then: its deciding group (in `events` already) when it was decided at or
// before that clock, else the lane of its last group of status events up to that clock, added
// here (what a dependency reopened since needs). `board` names the dependencies.
Status IndexedSource::AddDependencyLanes(const std::vector<WorkPackageRow>& rows, const BoardState& board,
                                         const std::vector<WorkPackageRow>& moves, std::vector<Event>& events) {
  using Key = std::pair<std::string, std::string>;  // (feature, WP)
  std::map<Key, const WorkPackageRow*> row_of;
  for (const WorkPackageRow& row : rows) row_of[{row.feature_slug, row.work_package_id}] = &row;
  std::set<std::pair<Key, int64_t>> wanted;         // (dependency, its last group up to this clock)
  for (const WorkPackageRow& move : moves) {
    const WorkPackageState* wp = board.FindWorkPackage(move.feature_slug, move.work_package_id);
    if (wp == nullptr || move.lane != "doing") continue;
    for (const std::string& dependency : wp->dependencies) {
      Key key{move.feature_slug, dependency};
      auto it = row_of.find(key);
      if (it != row_of.end() && it->second->deciding_clock > move.deciding_clock) {
        wanted.insert({key, move.deciding_clock});
      }
    }
  }
  std::set<std::string> present;
  for (const Event& event : events) present.insert(event.event_id);
  std::vector<Event> found_groups;
  for (const auto& [key, clock] : wanted) {
    QueryFilter filter;
    filter.feature = key.first;
    filter.entity = key.second;
    filter.event_type = kWPStatusChanged;
    filter.until_clock = clock;
    KL_ASSIGN_OR_RETURN(std::vector<Event> found, Query(filter));
    if (found.empty()) continue;
    const int64_t last = found.back().lamport_clock;  // total order: the last group ends the answer
    for (Event& event : found) {
      if (event.lamport_clock == last && present.insert(event.event_id).second) found_groups.push_back(std::move(event));
    }
  }
  events.insert(events.end(), std::make_move_iterator(found_groups.begin()), std::make_move_iterator(found_groups.end()));
  return Status::Ok();
}

}  // namespace kittylog
