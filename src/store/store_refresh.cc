#include "store/store_refresh.h"

#include <algorithm>

#include <fmt/format.h>

#include "clock/lamport_clock.h"
#include "index/event_index.h"
#include "platform/system.h"
#include "store/event_store.h"

namespace kittylog {

Result<StoreRefresh> RefreshDerivedState(const LogLayout& layout) {
  StoreRefresh refresh;
  ClockState stored = LoadClock(layout.clock_path());
  if (!stored.warning.empty()) refresh.warnings.push_back(stored.warning);
  refresh.clock_before = stored.value;

  IndexOptions options;
  options.lock_held = true;
  options.show_progress = false;
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, options, &refresh.index);
  for (std::string& warning : refresh.index.warnings) refresh.warnings.push_back(std::move(warning));
  refresh.index.warnings.clear();
  int64_t highest = 0;
  if (index.ok()) {
    refresh.index_available = true;
    highest = (*index)->MaxClock();
  } else {
    refresh.warnings.push_back(index.status().message() + " (reading the log directly)");
    KL_ASSIGN_OR_RETURN(highest, ScanHighestClock(layout));
  }

  // Witness (DESIGN §3): the stored clock never stays below a clock the log holds.
  refresh.clock = std::max(stored.value, highest);
  if (refresh.clock != stored.value || stored.recovered) {
    KL_RETURN_IF_ERROR(SaveClock(layout.clock_path(), refresh.clock, platform::NowMillis()));
  }

  // Work packages whose lane the board decided among concurrent changes (status shows each);
  // counted only when the log changed, O(work packages).
  if (refresh.index_available && (refresh.index.events_added != 0 || refresh.index.files_reindexed != 0)) {
    Result<std::vector<WorkPackageRow>> rows = (*index)->WorkPackages(std::nullopt);
    if (rows.ok()) {
      for (const WorkPackageRow& row : *rows) refresh.conflicts += row.rule.empty() ? 0 : 1;
    }
  }
  return refresh;
}

std::string SummaryLine(const StoreRefresh& refresh) {
  if (!refresh.changed()) return "";
  std::vector<std::string> parts;
  // A rebuild reports the events it indexed, not a change: say so instead of "+N events".
  if (refresh.index.rebuilt) {
    parts.push_back(fmt::format("index rebuilt ({} events)", refresh.index.events_added));
  } else if (refresh.index.events_added > 0) {
    parts.push_back(fmt::format("+{} events", refresh.index.events_added));
  } else if (refresh.index.events_added < 0) {
    parts.push_back(fmt::format("{} events", refresh.index.events_added));
  }
  if (refresh.index.events_added == 0 && !refresh.index.rebuilt &&
      (refresh.index.files_reindexed != 0 || refresh.index.files_dropped != 0)) {
    parts.push_back(fmt::format("{} event file{} re-read", refresh.index.files_reindexed + refresh.index.files_dropped,
                                refresh.index.files_reindexed + refresh.index.files_dropped == 1 ? "" : "s"));
  }
  parts.push_back(fmt::format("clock {}", refresh.clock));
  if (refresh.conflicts > 0) {
    parts.push_back(fmt::format("{} conflict{} resolved", refresh.conflicts, refresh.conflicts == 1 ? "" : "s"));
  }
  std::string line = "kittylog:";
  for (size_t i = 0; i < parts.size(); ++i) line += (i ? ", " : " ") + parts[i];
  return line + " - kittylog status";
}

}  // namespace kittylog
