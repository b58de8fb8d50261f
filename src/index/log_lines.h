// Reads indexed lines back from the daily files (docs/index.md "Reading events").
//
// A row knows its file and the byte offset of its line; LineFetcher reads that line with
// pread(2) (never mmap: a file truncated under a mapping would kill the process). It checks that
// the offset is a line start, and callers check that the line decodes to the row's clock, so a
// file changed since the freshness check is noticed, never misread. Files stay open for the
// fetcher's lifetime. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "index/sqlite_db.h"
#include "platform/file_descriptor.h"

namespace kittylog::index_internal {

class LineFetcher {
 public:
  LineFetcher(Database& db, std::string events_dir) : db_(db), events_dir_(std::move(events_dir)) {}
  ~LineFetcher();
  LineFetcher(const LineFetcher&) = delete;
  LineFetcher& operator=(const LineFetcher&) = delete;

  // The line of file `file_id` that starts at `offset`, without "\n" or a trailing "\r";
  // valid until the next call. kIo "changed since indexed" when `offset` is not a line start.
  // The kLinePadding bytes after the line are readable (simdjson parses it in place).
  Result<std::string_view> Line(int64_t file_id, uint64_t offset);

 private:
  Result<const platform::FileDescriptor*> Descriptor(int64_t file_id);

  Database& db_;
  std::string events_dir_;
  std::unordered_map<int64_t, std::string> names_;  // file_id -> daily file name, read again on a miss
  std::unordered_map<int64_t, platform::FileDescriptor> descriptors_;
  std::string buffer_;
};

// Bytes readable after a fetched line: simdjson's SIMDJSON_PADDING (index_query.cc checks).
inline constexpr size_t kLinePadding = 64;

// The message LineFetcher and readers use when a daily file no longer matches the index.
inline constexpr std::string_view kChangedSinceIndexed = "changed since it was indexed";

}  // namespace kittylog::index_internal
