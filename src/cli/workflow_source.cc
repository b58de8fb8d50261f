#include "cli/workflow_source.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "event/event_types.h"
#include "event/event_validation.h"
#include "event/line_reader.h"
#include "event/log_files.h"
#include "index/event_index.h"
#include "index/index_types.h"
#include "platform/file_io.h"
#include "store/event_store.h"
#include "workflow/board_summary.h"

namespace kittylog::cli {
namespace {

bool InFeature(const std::string& entity, const std::string& slug) {
  return entity == slug || (entity.size() > slug.size() && entity.starts_with(slug) && entity[slug.size()] == '/');
}

// The part of `board` that concerns `slug`.
BoardState NarrowToFeature(const BoardState& board, const std::string& slug) {
  BoardState narrowed;
  if (const FeatureState* feature = board.FindFeature(slug)) narrowed.features.push_back(*feature);
  for (const GateState& gate : board.gates) {
    if (gate.feature_slug == slug) narrowed.gates.push_back(gate);
  }
  for (const ResolvedConflict& conflict : board.conflicts) {
    const GateState* gate =
        conflict.entity.starts_with("gate:") ? board.FindGate(std::string_view(conflict.entity).substr(5)) : nullptr;
    if (InFeature(conflict.entity, slug) || (gate != nullptr && gate->feature_slug == slug)) {
      narrowed.conflicts.push_back(conflict);
    }
  }
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    if (InFeature(lifecycle_break.entity, slug)) narrowed.breaks.push_back(lifecycle_break);
  }
  for (const CounterSaturation& saturation : board.saturated) {
    if (InFeature(saturation.entity, slug)) narrowed.saturated.push_back(saturation);
  }
  narrowed.event_count = board.event_count;
  narrowed.duplicate_count = board.duplicate_count;
  narrowed.max_clock = board.max_clock;
  return narrowed;
}

// When the index was last written (index.db or its WAL), in ns; 0 when there is none.
int64_t LastIndexWrite(const LogLayout& layout) {
  return std::max(platform::Stat(layout.index_path()).mtime_ns, platform::Stat(layout.index_path() + "-wal").mtime_ns);
}

void ReportLineProblems(const LogLayout& layout, int64_t since_ns, const WarnFunction& warn) {
  if (!warn) return;
  Result<LogFiles> files = ListLogFiles(layout.events_dir());
  if (!files.ok()) return;
  EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const std::string& name : files->daily) {
    const std::string path = layout.events_dir() + "/" + name;
    if (platform::Stat(path).mtime_ns < since_ns) continue;
    Result<LogContents> contents = ReadLogFile(path, options);
    if (!contents.ok()) continue;
    for (const LineProblem& problem : contents->problems) {
      warn(problem.Format(RelativeEventFile(name)) + (problem.is_event ? "" : " (line skipped)"));
    }
  }
}

}  // namespace

bool Matches(const Event& event, const EventSelection& selection) {
  if (selection.entity_id && event.entity_id != *selection.entity_id) return false;
  if (selection.feature_slug && event.payload.feature_slug != *selection.feature_slug) return false;
  if (selection.event_type && event.event_type != *selection.event_type) return false;
  return true;
}

Result<std::vector<Event>> ReadWholeLog(const LogLayout& layout, const WarnFunction& warn) {
  std::vector<Event> events;
  if (!platform::IsDirectory(layout.events_dir())) return events;
  KL_ASSIGN_OR_RETURN(LogFiles files, ListLogFiles(layout.events_dir()));
  if (warn) {
    for (const SkippedLogEntry& entry : files.skipped) warn(entry.Format());
  }
  EventDecoder::Options options;
  options.keep_raw_line = true;
  for (const std::string& name : files.daily) {
    KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout.events_dir() + "/" + name, options));
    for (const LineProblem& problem : contents.problems) {
      if (warn) warn(problem.Format(RelativeEventFile(name)) + (problem.is_event ? "" : " (line skipped)"));
    }
    if (events.empty()) {
      events = std::move(contents.events);
    } else {
      events.insert(events.end(), std::make_move_iterator(contents.events.begin()),
                    std::make_move_iterator(contents.events.end()));
    }
  }
  return events;
}

WorkflowSource::WorkflowSource(LogLayout layout, WarnFunction warn)
    : layout_(std::move(layout)), warn_(std::move(warn)) {}

WorkflowSource::~WorkflowSource() = default;

Result<std::unique_ptr<WorkflowSource>> WorkflowSource::ForReading(const LogLayout& layout, bool show_progress,
                                                                   WarnFunction warn) {
  std::unique_ptr<WorkflowSource> source(new WorkflowSource(layout, std::move(warn)));
  if (!platform::IsDirectory(layout.kittify_dir())) {
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  IndexOptions options;
  options.show_progress = show_progress;
  RefreshReport report;
  const int64_t index_written = LastIndexWrite(layout);
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, options, &report);
  for (const std::string& warning : report.warnings) source->Warn(warning);
  if (index.ok() && !report.rebuilt && (report.events_added > 0 || report.files_reindexed > 0)) {
    // The log changed behind the index (a merge, a checkout, a hand edit) and the index's
    // incremental refresh does not report the bad lines it skips (a rebuild does): read the
    // files changed since the index last wrote, for their problems only.
    ReportLineProblems(layout, index_written, source->warn_);
  }
  if (index.ok()) {
    source->owned_index_ = std::move(index).value();
    source->index_ = source->owned_index_.get();
  } else {
    source->Warn(index.status().message() + " (reading the log directly)");
  }
  return source;
}

std::unique_ptr<WorkflowSource> WorkflowSource::ForStore(EventStore& store, WarnFunction warn) {
  std::unique_ptr<WorkflowSource> source(new WorkflowSource(store.layout(), std::move(warn)));
  source->index_ = store.index();
  return source;
}

void WorkflowSource::Warn(const std::string& warning) const {
  if (warn_) warn_(warning);
}

Result<std::vector<Event>> WorkflowSource::Query(const QueryFilter& filter) {
  Result<std::vector<Event>> events = index_->Query(filter);
  for (const std::string& warning : index_->TakeWarnings()) Warn(warning);
  return events;
}

bool WorkflowSource::indexed() const { return index_ != nullptr; }

Result<const std::vector<Event>*> WorkflowSource::WholeLog() {
  if (!log_) {
    KL_ASSIGN_OR_RETURN(std::vector<Event> events, ReadWholeLog(layout_, warn_));
    log_ = std::move(events);
  }
  return &*log_;
}

Result<const ReplayResult*> WorkflowSource::WholeReplay() {
  if (!replay_) {
    KL_ASSIGN_OR_RETURN(const std::vector<Event>* events, WholeLog());
    replay_ = Replay(*events);
  }
  return &*replay_;
}

Result<BoardState> WorkflowSource::Board(const std::optional<std::string>& feature) {
  if (index_ != nullptr) return IndexedBoard(feature);
  KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
  BoardState board = feature ? NarrowToFeature(replay->board, *feature) : replay->board;
  KeepDecidingResolutions(board);
  return board;
}

// The board from the index in O(work packages + the events since its latest board snapshot):
// the index keeps, per work package, what the reducer decided from all of its moves (lane,
// deciding group, lifecycle breaks), and a snapshot of the board of every other event (specs,
// WP creations, tags, counters, subtasks, gates) through a clock, with the guard checks of the
// moves that decided lanes then (index/board_snapshots.h). The same reducer replays the events
// after the snapshot on top of it; a snapshot is saved when they are many.
Result<BoardState> WorkflowSource::IndexedBoard(const std::optional<std::string>& feature) {
  // Read first: a snapshot made from what follows is saved only if no write came in between.
  KL_ASSIGN_OR_RETURN(const int64_t generation, index_->Generation());
  const int64_t max_clock = index_->MaxClock();
  KL_ASSIGN_OR_RETURN(std::vector<WorkPackageRow> rows, index_->WorkPackages(feature));
  KL_ASSIGN_OR_RETURN(std::optional<BoardSnapshot> snapshot, index_->LatestBoardSnapshot());
  const bool had_snapshot = snapshot.has_value() && snapshot->through <= max_clock;
  if (!had_snapshot) snapshot.emplace();  // through 0: every event
  KL_ASSIGN_OR_RETURN(std::vector<Event> tail, BoardEventsAfter(snapshot->through));
  BoardState board = Replay(tail, {.resume_board = &snapshot->board}).board;

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
      snapshot->dependencies_seen || std::any_of(tail.begin(), tail.end(), [](const Event& event) {
        return event.event_type == kWPCreated && !event.payload.dependencies.empty();
      });
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
    // Only a shortcut: a snapshot that cannot be saved now is made again by a later command.
    (void)index_->SaveBoardSnapshot(next, generation);
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
  if (feature) board = NarrowToFeature(board, *feature);
  KeepDecidingResolutions(board);
  return board;
}

// Every event but the status changes with a clock above `through`, in total order.
Result<std::vector<Event>> WorkflowSource::BoardEventsAfter(int64_t through) {
  std::vector<Event> events;
  for (std::string_view type : {kSpecCreated, kWPCreated, kTagsAdded, kCounterIncremented, kSubtaskCompleted,
                                kGateCreated, kGateResultChanged}) {
    QueryFilter filter;
    filter.event_type = std::string(type);
    if (through > 0) filter.since_clock = through + 1;
    KL_ASSIGN_OR_RETURN(std::vector<Event> found, Query(filter));
    events.insert(events.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return events;
}

// The guard breaks of the deciding moves of `unchecked` (each after `base`'s events): what a
// guard reads (lanes, dependencies, gates and their results; never subtasks, tags or counters)
// replayed on top of `base` with those moves and the lanes of their dependencies at their clocks.
Result<std::vector<LifecycleBreak>> WorkflowSource::CheckDecidingGuards(const BoardState& base,
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
Status WorkflowSource::AddDecidingGroups(const std::vector<WorkPackageRow>& rows, std::vector<Event>& events) {
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
Status WorkflowSource::AddDependencyLanes(const std::vector<WorkPackageRow>& rows, const BoardState& board,
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

Result<std::optional<FeatureState>> WorkflowSource::Feature(const std::string& slug) {
  if (index_ == nullptr) {
    KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
    const FeatureState* feature = replay->board.FindFeature(slug);
    if (feature == nullptr) return std::optional<FeatureState>();
    return std::optional<FeatureState>(*feature);
  }
  // What the writing commands need, in two indexed look-ups: the spec and the WP rows.
  QueryFilter specs;  // a spec's entity id is its slug: an entity look-up
  specs.entity = slug;
  specs.event_type = kSpecCreated;
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, Query(specs));
  KL_ASSIGN_OR_RETURN(std::vector<WorkPackageRow> rows, index_->WorkPackages(slug));
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

Result<std::optional<GateState>> WorkflowSource::Gate(const std::string& gate_id) {
  const GateState* gate = nullptr;
  BoardState board;
  if (index_ == nullptr) {
    KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
    gate = replay->board.FindGate(gate_id);
  } else {
    QueryFilter filter;
    filter.entity = gate_id;
    filter.entity_type = "Gate";
    KL_ASSIGN_OR_RETURN(std::vector<Event> events, Query(filter));
    board = Replay(events).board;
    gate = board.FindGate(gate_id);
  }
  if (gate == nullptr || gate->gate_type.empty()) return std::optional<GateState>();
  return std::optional<GateState>(*gate);
}

Result<std::vector<Event>> WorkflowSource::Events(const EventSelection& selection) {
  std::vector<Event> selected;
  if (index_ == nullptr) {
    KL_ASSIGN_OR_RETURN(const std::vector<Event>* events, WholeLog());
    for (const Event& event : *events) {
      if (Matches(event, selection)) selected.push_back(event);
    }
  } else {
    QueryFilter own;
    own.entity = selection.entity_id;
    own.feature = selection.feature_slug;
    own.event_type = selection.event_type;
    KL_ASSIGN_OR_RETURN(selected, Query(own));  // each event_id once already
  }
  // In total order, each event_id once: its first copy (ties keep file order), as replay counts.
  std::stable_sort(selected.begin(), selected.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
  std::unordered_set<std::string> seen;
  std::erase_if(selected, [&](const Event& event) { return !seen.insert(event.event_id).second; });
  return selected;
}

Result<std::vector<ResolvedConflict>> WorkflowSource::AllConflicts() {
  if (index_ == nullptr) {
    KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
    return replay->board.conflicts;
  }
  // The index keeps every work package's groups of concurrent moves (wp_conflicts); the other
  // groups (titles, tags, counters, gate results) are the board's: its snapshot and the events
  // after it. Together, in the order a full replay reports them.
  KL_ASSIGN_OR_RETURN(std::vector<ResolvedConflict> conflicts, index_->StatusConflicts());
  KL_ASSIGN_OR_RETURN(std::optional<BoardSnapshot> snapshot, index_->LatestBoardSnapshot());
  if (!snapshot || snapshot->through > index_->MaxClock()) snapshot.emplace();
  KL_ASSIGN_OR_RETURN(std::vector<Event> tail, BoardEventsAfter(snapshot->through));
  BoardState board = Replay(tail, {.check_guards = false, .resume_board = &snapshot->board}).board;
  conflicts.insert(conflicts.end(), std::make_move_iterator(board.conflicts.begin()),
                   std::make_move_iterator(board.conflicts.end()));
  std::stable_sort(conflicts.begin(), conflicts.end(), ReportedBefore);
  return conflicts;
}

}  // namespace kittylog::cli
