#include "workflow/source/indexed_source.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <string_view>
#include <utility>

#include "event/event_types.h"
#include "index/event_index.h"
#include "index/index_types.h"
#include "workflow/board_summary.h"
#include "workflow/dependencies.h"

namespace kittylog {

IndexedSource::IndexedSource(EventIndex& index, WarnFunction warn) : index_(index), warn_(std::move(warn)) {}

Result<std::vector<Event>> IndexedSource::Query(const QueryFilter& filter) {
  Result<std::vector<Event>> events = index_.Query(filter);
  for (const std::string& warning : index_.TakeWarnings()) {
    if (warn_) warn_(warning);
  }
  return events;
}

namespace {

// The clocks through which a long tail of board events is cut into the snapshot ladder's rungs
// (ascending): 2 x kBoardSnapshotAfter events after the first, 4 x after the next, and so on back
// to the tail's start. A rung holds whole clocks, as every snapshot does.
std::vector<int64_t> LadderThroughs(const std::vector<Event>& tail) {
  std::vector<int64_t> clocks;
  clocks.reserve(tail.size());
  for (const Event& event : tail) clocks.push_back(event.lamport_clock);
  std::sort(clocks.begin(), clocks.end());
  std::vector<int64_t> throughs;
  for (size_t after = 2 * kBoardSnapshotAfter; after < clocks.size(); after *= 2) {
    const int64_t through = clocks[clocks.size() - after - 1];
    if (through < clocks.back() && (throughs.empty() || throughs.back() != through)) throughs.push_back(through);
  }
  std::reverse(throughs.begin(), throughs.end());
  return throughs;
}

// Reorders `tail` (any order: BoardEventsAfter reads it type by type) into pieces: the events at
// clocks <= throughs[0], then those <= throughs[1], ..., then the rest. Answers where each of the
// first throughs.size() pieces ends. Within a piece the order is kept (Replay sorts its input).
std::vector<size_t> GroupIntoRungs(std::vector<Event>& tail, const std::vector<int64_t>& throughs) {
  if (throughs.empty()) return {};  // one piece: as it is
  auto piece_of = [&](const Event& event) {
    return static_cast<size_t>(std::lower_bound(throughs.begin(), throughs.end(), event.lamport_clock) - throughs.begin());
  };
  std::vector<size_t> starts(throughs.size() + 2, 0);
  for (const Event& event : tail) ++starts[piece_of(event) + 1];
  for (size_t i = 1; i < starts.size(); ++i) starts[i] += starts[i - 1];
  std::vector<size_t> ends(starts.begin() + 1, starts.end() - 1);
  std::vector<Event> grouped(tail.size());
  for (Event& event : tail) grouped[starts[piece_of(event)]++] = std::move(event);
  tail = std::move(grouped);
  return ends;
}

}  // namespace

// The board from the index in O(work packages + the events since its latest board snapshot):
// the index keeps, per work package, what the reducer decided from all of its moves (lane,
// deciding group, lifecycle breaks), and a snapshot of the board of every other event (specs,
// WP creations, tags, counters, subtasks, gates) through a clock, with the guard checks of the
// moves that decided lanes then (index/board_snapshots.h). The same reducer replays the events
// after the snapshot on top of it; a snapshot is saved when they are many.
Result<BoardState> IndexedSource::Board(const std::optional<std::string>& feature) {
  // One state of the index for every read below, not half before and half after an emit.
  EventIndex::ReadScope scope(index_);
  // Read first: a snapshot made from what follows is saved only if no write came in between.
  KL_ASSIGN_OR_RETURN(const int64_t generation, index_.Generation());
  const int64_t max_clock = index_.MaxClock();
  KL_ASSIGN_OR_RETURN(std::vector<WorkPackageRow> rows, index_.WorkPackages(feature));
  KL_ASSIGN_OR_RETURN(std::optional<BoardSnapshot> snapshot, index_.LatestBoardSnapshot());
  const bool had_snapshot = snapshot.has_value() && snapshot->through <= max_clock;
  if (!had_snapshot) snapshot.emplace();  // through 0: every event
  KL_ASSIGN_OR_RETURN(std::vector<Event> tail, BoardEventsAfter(snapshot->through));
  // A long tail is replayed in pieces, and the board after each piece kept as a rung of the
  // snapshot ladder (index/board_snapshots.h): a later rewrite of recent days then replays from
  // the rung below it, not from the start. Pieces end at a clock boundary, as a snapshot does.
  std::vector<BoardSnapshot> rungs;
  const std::vector<int64_t> throughs = feature ? std::vector<int64_t>() : LadderThroughs(tail);
  const std::vector<size_t> ends = GroupIntoRungs(tail, throughs);
  size_t replayed = 0;
  BoardState board = snapshot->board;
  bool dependencies = snapshot->dependencies_seen;
  for (size_t i = 0; i < throughs.size(); ++i) {
    const std::span<const Event> piece = std::span<const Event>(tail).subspan(replayed, ends[i] - replayed);
    board = Replay(piece, {.resume_board = &board}).board;
    dependencies = dependencies || std::any_of(piece.begin(), piece.end(), DeclaresDependencies);
    BoardSnapshot& rung = rungs.emplace_back();
    rung.through = throughs[i];
    rung.board = board;
    rung.dependencies_seen = dependencies;
    replayed = ends[i];
  }
  board = Replay(std::span<const Event>(tail).subspan(replayed), {.resume_board = &board}).board;

  // The guard of each lane's deciding move, as the board stood at its clock (reducer.h): the
  // snapshot knows the moves that decided by its clock; the others are checked here.
  std::vector<const WorkPackageRow*> unchecked;
  for (const WorkPackageRow& row : rows) {
    if (!row.deciding_event_id.empty() &&
        !std::binary_search(snapshot->checked.begin(), snapshot->checked.end(), row.deciding_event_id)) {
      unchecked.push_back(&row);
    }
  }
  std::vector<LifecycleBreak> found;
  bool checked_all = false;  // every deciding move of `rows` was checked here (none cached)
  const bool dependencies_seen =
      snapshot->dependencies_seen || std::any_of(tail.begin(), tail.end(), DeclaresDependencies);
  // Without gates or dependencies (ever) nothing is checked, and nothing is remembered as
  // checked: the first gate or dependency makes them all worth checking.
  if (board.gates.empty() && !dependencies_seen) unchecked.clear();
  if (!unchecked.empty()) {
    const bool after_snapshot = std::all_of(unchecked.begin(), unchecked.end(), [&](const WorkPackageRow* row) {
      return row->deciding_clock > snapshot->through;
    });
    if (after_snapshot) {
      KL_ASSIGN_OR_RETURN(found, CheckDecidingGuards(snapshot->board, tail, rows, unchecked));
    } else {
      // A lane now decided by a move the snapshot did not check (a merge made an older move
      // win): check every deciding move from the start, and keep the answer in a new snapshot.
      KL_ASSIGN_OR_RETURN(std::vector<Event> all, BoardEventsAfter(0));
      unchecked.clear();
      for (const WorkPackageRow& row : rows) {
        if (!row.deciding_event_id.empty()) unchecked.push_back(&row);
      }
      KL_ASSIGN_OR_RETURN(found, CheckDecidingGuards(BoardState(), all, rows, unchecked));
      checked_all = true;
    }
  }
  // Saved when it spares later commands work: a guard checked once stays checked.
  if (!had_snapshot || !unchecked.empty() || tail.size() >= kBoardSnapshotAfter) {
    BoardSnapshot next;
    next.through = max_clock;
    next.board = board;
    next.dependencies_seen = dependencies_seen;
    next.checked = snapshot->checked;
    next.guard_breaks = snapshot->guard_breaks;
    if (!feature) {
      // Only the moves that decide a lane now are worth remembering (a whole board's rows).
      std::set<std::string> deciding;
      for (const WorkPackageRow& row : rows) deciding.insert(row.deciding_event_id);
      std::erase_if(next.checked, [&](const std::string& id) { return !deciding.contains(id); });
      std::erase_if(next.guard_breaks,
                    [&](const LifecycleBreak& kept) { return !deciding.contains(kept.event.event_id); });
    }
    for (const WorkPackageRow* row : unchecked) next.checked.push_back(row->deciding_event_id);
    std::sort(next.checked.begin(), next.checked.end());
    next.checked.erase(std::unique(next.checked.begin(), next.checked.end()), next.checked.end());
    for (const LifecycleBreak& lifecycle_break : found) {
      if (std::none_of(next.guard_breaks.begin(), next.guard_breaks.end(), [&](const LifecycleBreak& kept) {
            return kept.event.event_id == lifecycle_break.event.event_id;
          })) {
        next.guard_breaks.push_back(lifecycle_break);
      }
    }
    // A rung knows the guard checks of the moves that decided by its clock, and what `next` knows
    // of them is what a status at its clock would have found.
    std::map<std::string_view, int64_t> deciding_clock;
    for (const WorkPackageRow& row : rows) deciding_clock[row.deciding_event_id] = row.deciding_clock;
    for (BoardSnapshot& rung : rungs) {
      for (const std::string& id : next.checked) {
        auto it = deciding_clock.find(id);
        if (it != deciding_clock.end() && it->second <= rung.through) rung.checked.push_back(id);
      }
      for (const LifecycleBreak& kept : next.guard_breaks) {
        if (kept.event.lamport_clock <= rung.through) rung.guard_breaks.push_back(kept);
      }
    }
    rungs.push_back(std::move(next));
    // Only a shortcut: a snapshot that cannot be saved now is made again by a later command.
    scope.End();
    (void)index_.SaveBoardSnapshots(rungs, generation);
  }

  std::vector<DecidedLane> lanes;
  lanes.reserve(rows.size());
  std::vector<LifecycleBreak> guard_breaks;
  for (WorkPackageRow& row : rows) {
    const bool cached = !checked_all && std::binary_search(snapshot->checked.begin(), snapshot->checked.end(),
                                                           row.deciding_event_id);
    for (const LifecycleBreak& lifecycle_break : cached ? snapshot->guard_breaks : found) {
      if (lifecycle_break.event.event_id == row.deciding_event_id) guard_breaks.push_back(lifecycle_break);
    }
    DecidedLane& lane = lanes.emplace_back();
    lane.feature_slug = std::move(row.feature_slug);
    lane.id = std::move(row.work_package_id);
    lane.lane = std::move(row.lane);
    lane.deciding_event_id = std::move(row.deciding_event_id);
    lane.deciding_clock = row.deciding_clock;
    lane.rule = std::move(row.rule);
    lane.resolution = std::move(row.resolution);
    lane.breaks = row.breaks;
    lane.last_break = std::move(row.last_break);
  }
  ApplyDecidedLanes(board, lanes);
  board.breaks.insert(board.breaks.end(), std::make_move_iterator(guard_breaks.begin()),
                      std::make_move_iterator(guard_breaks.end()));
  board.max_clock = max_clock;
  return board;
}

// Every event but the status changes with a clock above `through`, in total order.
Result<std::vector<Event>> IndexedSource::BoardEventsAfter(int64_t through) {
  // Read type by type, then moved once into one vector of the right size (a quarter of a
  // million Events from the start of a long log: not moved again at every type).
  std::vector<std::vector<Event>> by_type;
  size_t total = 0;
  for (std::string_view type : kBoardEventTypes) {
    QueryFilter filter;
    filter.event_type = std::string(type);
    if (through > 0) filter.since_clock = through + 1;
    KL_ASSIGN_OR_RETURN(std::vector<Event> found, Query(filter));
    total += found.size();
    by_type.push_back(std::move(found));
  }
  std::vector<Event> events;
  events.reserve(total);
  for (std::vector<Event>& found : by_type) {
    events.insert(events.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    found = {};
  }
  return events;
}

Result<std::optional<FeatureState>> IndexedSource::Feature(const std::string& slug) {
  // What the writing commands need, in two indexed look-ups: the spec and the WP rows.
  QueryFilter specs;  // a spec's entity id is its slug: an entity look-up
  specs.entity = slug;
  specs.event_type = kSpecCreated;
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, Query(specs));
  KL_ASSIGN_OR_RETURN(std::vector<WorkPackageRow> rows, index_.WorkPackages(slug));
  if (events.empty() && rows.empty()) return std::optional<FeatureState>();
  FeatureState feature;
  feature.slug = slug;
  if (!events.empty()) {
    BoardState board = Replay(events).board;
    if (const FeatureState* replayed = board.FindFeature(slug)) feature = *replayed;
  }
  for (const WorkPackageRow& row : rows) {
    WorkPackageState wp;
    wp.feature_slug = row.feature_slug;
    wp.id = row.work_package_id;
    wp.title = row.title;
    wp.created = !row.title.empty();  // a WPCreated always has a non-empty title
    wp.lane = row.lane;
    wp.deciding_event_id = row.deciding_event_id;
    wp.deciding_clock = row.deciding_clock;
    feature.work_packages.push_back(std::move(wp));
  }
  return std::optional<FeatureState>(std::move(feature));
}

Result<std::optional<GateState>> IndexedSource::Gate(const std::string& gate_id) {
  QueryFilter filter;
  filter.entity = gate_id;
  filter.entity_type = "Gate";
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, Query(filter));
  BoardState board = Replay(events).board;
  const GateState* gate = board.FindGate(gate_id);
  if (gate == nullptr) return std::optional<GateState>();
  return std::optional<GateState>(*gate);
}

Result<std::vector<Event>> IndexedSource::Events(const EventSelection& selection) {
  QueryFilter own;
  own.entity = selection.entity_id;
  own.feature = selection.feature_slug;
  own.event_type = selection.event_type;
  return Query(own);  // each event_id once already
}

Result<std::vector<ResolvedConflict>> IndexedSource::Conflicts() {
  // The index keeps every work package's groups of concurrent moves (wp_conflicts); the other
  // groups (titles, tags, counters, gate results) are the board's: its snapshot and the events
  // after it. Together, in the order a full replay reports them, from one state of the index.
  EventIndex::ReadScope scope(index_);
  KL_ASSIGN_OR_RETURN(std::vector<ResolvedConflict> conflicts, index_.StatusConflicts());
  KL_ASSIGN_OR_RETURN(std::optional<BoardSnapshot> snapshot, index_.LatestBoardSnapshot());
  if (!snapshot || snapshot->through > index_.MaxClock()) snapshot.emplace();
  KL_ASSIGN_OR_RETURN(std::vector<Event> tail, BoardEventsAfter(snapshot->through));
  BoardState board = Replay(tail, {.check_guards = false, .resume_board = &snapshot->board}).board;
  conflicts.insert(conflicts.end(), std::make_move_iterator(board.conflicts.begin()),
                   std::make_move_iterator(board.conflicts.end()));
  std::stable_sort(conflicts.begin(), conflicts.end(), ReportedBefore);
  return conflicts;
}

}  // namespace kittylog
