// `kittylog index check` and `index stats` (docs/index.md "Check").
//
// CheckIndex compares a (just refreshed) index with the JSONL it was derived from: SQLite's
// quick_check, every indexed row against its line in the daily file (same bytes, same clock and
// names, same order), the per-file bookkeeping, and every wp_state row against a replay of the
// log in memory. Each divergence is one printable line ("file:line: ..."). It reads every daily
// file once. Not thread-safe.
#pragma once

#include <string>

#include "base/status.h"
#include "index/index_types.h"
#include "index/sqlite_db.h"

namespace kittylog::index_internal {

Result<CheckReport> CheckIndex(Database& db, const std::string& events_dir);

// Counts and sizes; `index_path` is the file whose size (with its -wal) is reported.
Result<IndexStats> CollectStats(Database& db, const std::string& events_dir, const std::string& index_path);

}  // namespace kittylog::index_internal
