// Bringing a checkout's derived state up to date after its log files changed under it
// (a merge, checkout, rebase, repair): refresh the index incrementally and witness the clock
// (DESIGN §3, §7, §9). The caller holds the store lock (store_lock.h or platform::FileLock).
// The index is best effort, as everywhere: when it cannot be opened, the clock comes from a
// direct scan of the log and the failure is a warning.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"
#include "index/index_types.h"

namespace kittylog {

struct StoreRefresh {
  RefreshReport index;            // what the index refresh did
  bool index_available = false;
  int64_t clock_before = 0;       // the stored clock before
  int64_t clock = 0;              // the stored clock after witnessing the log
  int64_t conflicts = 0;          // work packages whose lane was decided among concurrent changes
                                  // (counted only when the log changed)
  std::vector<std::string> warnings;
  bool changed() const {
    return index.events_added != 0 || index.files_reindexed != 0 || index.files_dropped != 0 || index.rebuilt ||
           clock != clock_before;
  }
};

Result<StoreRefresh> RefreshDerivedState(const LogLayout& layout);

// "kittylog: +37 events, clock 1041, 2 conflicts resolved - kittylog status" ("" when nothing
// changed).
std::string SummaryLine(const StoreRefresh& refresh);

}  // namespace kittylog
