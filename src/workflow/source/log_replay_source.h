// The workflow read side without an index (DESIGN §6; docs/workflow.md): every daily file of the
// log read once, in file-name then line order, and replayed once by the one reducer
// (workflow/reducer.h); every answer comes from that one replay. WorkflowSource
// (workflow_source.h) uses it when there is no index, or the index cannot be opened.
//
// Unreadable lines are skipped and reported through `warn` as "file:line: reason", never turned
// into failures; only an unreadable file is an error (kIo), and the next call reads the log
// again. Not thread-safe; one per command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/log_layout.h"
#include "workflow/reducer.h"
#include "workflow/source/source_types.h"

namespace kittylog {

// Reads every daily file of the log, in file-name then line order; bad lines go to `warn`.
// A missing events directory is an empty log.
Result<std::vector<Event>> ReadWholeLog(const LogLayout& layout, const WarnFunction& warn);

class LogReplaySource {
 public:
  LogReplaySource(LogLayout layout, WarnFunction warn);
  LogReplaySource(const LogReplaySource&) = delete;
  LogReplaySource& operator=(const LogReplaySource&) = delete;

  // The whole board of the replay (with every conflict and lifecycle break); it lives as long as
  // this source.
  Result<const BoardState*> Board();
  // Every concurrent group of the history, in the order the replay reports them.
  Result<std::vector<ResolvedConflict>> Conflicts();
  // One feature's state, or nullopt when no event names it.
  Result<std::optional<FeatureState>> Feature(const std::string& slug);
  // The board's entry for `gate_id`, or nullopt; the caller decides whether it was created.
  Result<std::optional<GateState>> Gate(const std::string& gate_id);
  // The events of `selection`, in file order (copies may repeat).
  Result<std::vector<Event>> Events(const EventSelection& selection);

 private:
  Result<const std::vector<Event>*> WholeLog();
  Result<const ReplayResult*> WholeReplay();

  LogLayout layout_;
  WarnFunction warn_;
  std::optional<std::vector<Event>> log_;  // the whole log, read once when needed
  std::optional<ReplayResult> replay_;     // its replay
};

}  // namespace kittylog
