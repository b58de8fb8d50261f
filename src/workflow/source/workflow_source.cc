#include "workflow/source/workflow_source.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "event/line_reader.h"
#include "event/log_files.h"
#include "index/event_index.h"
#include "platform/file_io.h"
#include "store/event_store.h"
#include "workflow/board_summary.h"

namespace kittylog {
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

WorkflowSource::WorkflowSource(const LogLayout& layout, WarnFunction warn)
    : layout_(layout), warn_(std::move(warn)), replay_(layout, warn_) {}

WorkflowSource::~WorkflowSource() = default;

void WorkflowSource::UseIndex(EventIndex& index) { indexed_.emplace(index, warn_); }

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
    source->UseIndex(*source->owned_index_);
  } else {
    source->Warn(index.status().message() + " (reading the log directly)");
  }
  return source;
}

std::unique_ptr<WorkflowSource> WorkflowSource::ForStore(EventStore& store, WarnFunction warn) {
  std::unique_ptr<WorkflowSource> source(new WorkflowSource(store.layout(), std::move(warn)));
  if (store.index() != nullptr) source->UseIndex(*store.index());
  return source;
}

void WorkflowSource::Warn(const std::string& warning) const {
  if (warn_) warn_(warning);
}

Result<BoardState> WorkflowSource::Board(const std::optional<std::string>& feature) {
  BoardState board;
  if (indexed_) {
    KL_ASSIGN_OR_RETURN(board, indexed_->Board(feature));
    if (feature) board = NarrowToFeature(board, *feature);
  } else {
    KL_ASSIGN_OR_RETURN(const BoardState* replayed, replay_.Board());
    board = feature ? NarrowToFeature(*replayed, *feature) : *replayed;
  }
  KeepDecidingResolutions(board);
  return board;
}

Result<std::vector<ResolvedConflict>> WorkflowSource::AllConflicts() {
  return indexed_ ? indexed_->Conflicts() : replay_.Conflicts();
}

Result<std::optional<FeatureState>> WorkflowSource::Feature(const std::string& slug) {
  return indexed_ ? indexed_->Feature(slug) : replay_.Feature(slug);
}

Result<std::optional<GateState>> WorkflowSource::Gate(const std::string& gate_id) {
  KL_ASSIGN_OR_RETURN(std::optional<GateState> gate, indexed_ ? indexed_->Gate(gate_id) : replay_.Gate(gate_id));
  if (!gate || gate->gate_type.empty()) return std::optional<GateState>();
  return gate;
}

Result<std::vector<Event>> WorkflowSource::Events(const EventSelection& selection) {
  // The index answers in total order, each event_id once (its first copy): a busy WP's
  // thousands of events are not sorted and hashed again.
  if (indexed_) return indexed_->Events(selection);
  KL_ASSIGN_OR_RETURN(std::vector<Event> selected, replay_.Events(selection));
  // In total order, each event_id once: its first copy (ties keep file order), as replay counts.
  std::stable_sort(selected.begin(), selected.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
  std::unordered_set<std::string> seen;
  std::erase_if(selected, [&](const Event& event) { return !seen.insert(event.event_id).second; });
  return selected;
}

}  // namespace kittylog
