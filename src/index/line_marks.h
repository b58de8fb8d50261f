// Marks of how a daily file began, so that a rewrite re-reads only what changed (docs/index.md,
// "line_marks").
//
// A merge or a checkout rewrites a daily file: its first lines are usually those the index has
// already (a merge adds the other side's events after the merge base, in total order). Without
// marks the whole file was dropped and indexed again, and every work package with an event in
// it was recomputed from all of its events (a post-merge hook on a 600,000-event log gave up at
// its 5 s limit). Every kEventsPerMark events the index records a mark: the line count, the
// offset where the next line starts, and the ContentHash (content_hash.h) of the bytes before it.
// A rewrite keeps every row before the last mark whose hash the new content still has, and
// indexes the rest; work packages are then recomputed from the first event that changed.
// Thread-compatible; no I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "index/content_hash.h"

namespace kittylog::index_internal {

struct LineMark {
  int64_t line = 0;     // lines [1, line] come before it
  uint64_t offset = 0;  // where line `line` + 1 starts: the bytes [0, offset) are hashed
  uint64_t hash = 0;    // ContentHash(key, kContentHashStart, bytes [0, offset))
  bool operator==(const LineMark&) const = default;
};

inline constexpr int64_t kEventsPerMark = 128;

// Lays marks while a file's lines are indexed in order, and keeps the content hash running.
class LineMarker {
 public:
  // `data` holds the file's bytes from offset `base` (a line start, where the hash of what came
  // before is `hash`, and `events_before` events were indexed); hashed under the index's `key`.
  LineMarker(const ContentKey& key, std::string_view data, uint64_t base, uint64_t hash, int64_t events_before)
      : key_(key), data_(data), base_(base), at_(base), hash_(hash), events_(events_before) {}

  // An event at line `line_number` whose line starts at `offset` (in file order): every
  // kEventsPerMark-th event of the file gets a mark at the start of its line, however the
  // file was indexed (a rebuild, a refresh, emit after emit).
  void AddEvent(int64_t line_number, uint64_t offset);

  // The hash of the bytes before `end` (a line start, at or after the last mark).
  uint64_t HashTo(uint64_t end);

  std::vector<LineMark>& marks() { return marks_; }

 private:
  ContentKey key_;
  std::string_view data_;
  uint64_t base_, at_, hash_;
  int64_t events_;
  std::vector<LineMark> marks_;
};

// The last of `marks` (ascending) that `content`, a file's new bytes, still begins with: every
// byte before its offset is the same (by hash under `key`). {0, 0, kContentHashStart} when none.
LineMark LastMatchingMark(const ContentKey& key, std::span<const LineMark> marks, std::string_view content);

}  // namespace kittylog::index_internal
