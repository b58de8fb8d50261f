// Full rebuild of the index into a new database file (DESIGN §7; docs/index.md "Rebuild").
//
// BuildIndexFile writes a complete index of the daily files into `path`, a file that must not
// exist yet (the caller renames it into place under the lock). It runs the fastest way SQLite
// allows for a file nobody else can see: journal off, synchronous off, one transaction, the
// secondary indexes created last (kCreateIndexes; the entity lookup, entity_events, is loaded in
// key order instead; docs/index.md "Rebuild" has what that costs). A parser thread reads and
// decodes the files while the calling thread inserts rows, so the two cores work at once. On
// failure the partial file is removed. BuildResult.key is the new index's content key, by which
// the caller knows the file it reopens is the one built.
// Thread-safe to call; it uses its own connection and threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "index/content_hash.h"

namespace kittylog::index_internal {

struct BuildResult {
  int64_t events = 0;
  int64_t files = 0;
  std::vector<std::string> warnings;  // file:line: reason for lines that were not indexed
  ContentKey key;                     // the new index's content key (meta('content_key'))
};

Result<BuildResult> BuildIndexFile(const std::string& events_dir, const std::string& path, bool show_progress);

}  // namespace kittylog::index_internal
