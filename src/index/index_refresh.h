// Incremental upkeep of an index that is already in place (DESIGN §7; docs/index.md).
//
// ApplyChanges carries out a refresh plan (index/freshness.h) in one transaction: an appended
// tail is indexed alone, a rewritten file is dropped and re-indexed, a vanished file's events
// are dropped, a touched file only gets its new stat. AppendIndexed is the emit path: the
// store appended `appended` to a file whose stat was `before` under the lock and hands over the
// events it wrote, so nothing is read back (the content hash extends over the appended lines).
// Both need the writer lock held by the caller; on failure the transaction is rolled back and
// the index is as it was. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "index/freshness.h"
#include "index/index_types.h"
#include "index/sqlite_db.h"
#include "platform/file_io.h"

namespace kittylog::index_internal {

Status ApplyChanges(Database& db, const std::string& events_dir, const std::vector<FileChange>& changes,
                    RefreshReport& report);

// Returns false (and changes nothing) when the append cannot be recorded without reading the
// file: the index's record of the file is not `before` (its size, times and inode), the file
// had a torn tail, or `appended` does not hold exactly the lines of `events`. The caller then
// refreshes.
Result<bool> AppendIndexed(Database& db, const std::string& path, const platform::FileIdentity& before,
                           std::string_view appended, const std::vector<Event>& events);

}  // namespace kittylog::index_internal
