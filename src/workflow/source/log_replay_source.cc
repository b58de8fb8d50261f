#include "workflow/source/log_replay_source.h"

#include <iterator>
#include <utility>

#include "event/line_reader.h"
#include "event/log_files.h"
#include "platform/file_io.h"

namespace kittylog {

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

LogReplaySource::LogReplaySource(LogLayout layout, WarnFunction warn)
    : layout_(std::move(layout)), warn_(std::move(warn)) {}

Result<const std::vector<Event>*> LogReplaySource::WholeLog() {
  if (!log_) {
    KL_ASSIGN_OR_RETURN(std::vector<Event> events, ReadWholeLog(layout_, warn_));
    log_ = std::move(events);
  }
  return &*log_;
}

Result<const ReplayResult*> LogReplaySource::WholeReplay() {
  if (!replay_) {
    KL_ASSIGN_OR_RETURN(const std::vector<Event>* events, WholeLog());
    replay_ = Replay(*events);
  }
  return &*replay_;
}

Result<const BoardState*> LogReplaySource::Board() {
  KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
  return &replay->board;
}

Result<std::vector<ResolvedConflict>> LogReplaySource::Conflicts() {
  KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
  return replay->board.conflicts;
}

Result<std::optional<FeatureState>> LogReplaySource::Feature(const std::string& slug) {
  KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
  const FeatureState* feature = replay->board.FindFeature(slug);
  if (feature == nullptr) return std::optional<FeatureState>();
  return std::optional<FeatureState>(*feature);
}

Result<std::optional<GateState>> LogReplaySource::Gate(const std::string& gate_id) {
  KL_ASSIGN_OR_RETURN(const ReplayResult* replay, WholeReplay());
  const GateState* gate = replay->board.FindGate(gate_id);
  if (gate == nullptr) return std::optional<GateState>();
  return std::optional<GateState>(*gate);
}

Result<std::vector<Event>> LogReplaySource::Events(const EventSelection& selection) {
  KL_ASSIGN_OR_RETURN(const std::vector<Event>* events, WholeLog());
  std::vector<Event> selected;
  for (const Event& event : *events) {
    if (Matches(event, selection)) selected.push_back(event);
  }
  return selected;
}

}  // namespace kittylog
