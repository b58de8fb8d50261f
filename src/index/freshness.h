// The freshness rule of the index (DESIGN §7; docs/index.md "Freshness").
//
// For each daily file the index remembers what it indexed (FileRecord): its size, a hash of the
// whole indexed content, and the stat(2) seen then (size, mtime and ctime in nanoseconds,
// inode). Comparing that with the directory gives one FileChange per file. An unchanged stat
// means fresh with zero reads. When any of the four changed, the hash of the whole indexed
// prefix decides, never the tail alone nor the inode: same size, same tail and a reused inode
// are normal after `git switch` between branches that merged the same events. An intact prefix
// is an appended tail (or only a touch); anything else is a rewritten file (merge, checkout,
// rebase, an edit in place). ctime cannot be set from user space, so an edit that puts the
// mtime back is still seen; a stat taken within 2 s of the file's last change is racy (a second
// change may keep it), so such a record is verified by hash until it ages.
// The hash is the index's keyed ContentHash (content_hash.h): incremental at line boundaries, so
// an append extends the stored hash without reading the prefix again (the emit path reads
// nothing back), and not to be forged by whoever commits the file.
// Pure planning plus reads; nothing here writes. Thread-compatible.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/log_files.h"
#include "index/content_hash.h"
#include "platform/file_io.h"

namespace kittylog::index_internal {

// What the index knows about one daily file (a row of the `files` table).
struct FileRecord {
  int64_t file_id = 0;
  std::string name;           // "YYYY-MM-DD.jsonl"
  uint64_t indexed_size = 0;  // up to and including the last "\n" indexed
  int64_t lines = 0;          // lines in those bytes
  uint64_t content_hash = 0;  // ContentHash(key, kContentHashStart, bytes [0, indexed_size))
  int64_t torn_line = 0;      // line of an event indexed from a torn tail, 0 if none
  int64_t stat_size = -1;     // -1: the stat was racy, always verify the hash
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;
  int64_t events = 0;
  int64_t min_clock = 0;      // over the file's indexed events; 0 when there are none
  int64_t max_clock = 0;
  void AddClock(int64_t clock) {
    min_clock = min_clock == 0 ? clock : std::min(min_clock, clock);
    max_clock = std::max(max_clock, clock);
  }
};

// A daily file as found in the events directory.
struct DailyFile {
  std::string name;
  platform::FileIdentity identity;
};

struct FileChange {
  enum class Kind {
    kFresh,    // nothing to do
    kTouched,  // same content as indexed; only the remembered stat changes
    kAppend,   // indexed prefix intact: index bytes from record.indexed_size on
    kRewrite,  // re-index the whole file (also: a file the index has never seen)
    kVanished  // drop the file's events
  };
  Kind kind = Kind::kFresh;
  DailyFile file;     // empty name for kVanished
  FileRecord record;  // file_id 0 when the index has never seen the file
};

// The daily files of `events_dir` (sorted by name) with their lstat(2): regular files only
// (event/log_files.h); entries that are not are left out, and listed in `skipped` when given.
Result<std::vector<DailyFile>> ListDailyFiles(const std::string& events_dir,
                                              std::vector<SkippedLogEntry>* skipped = nullptr);

// Reads bytes [offset, offset + length) of `path` into a buffer followed by `padding` zero
// bytes; fewer bytes when the file is shorter. Honours KITTYLOG_FAULT=open:ERRNO.
Result<platform::PaddedBuffer> ReadRange(const std::string& path, uint64_t offset, uint64_t length,
                                         size_t padding = 0);

// Whether a stat taken now can be trusted to notice the next change: file systems stamp times
// with a coarse clock, so a file changed in the last two seconds (mtime or ctime) may change
// again without its stat changing (git's "racy clean" problem). Such files are re-verified by
// hash next time.
bool IsRacy(const platform::FileIdentity& identity);

// Whether `identity` is the stat `record` remembers: size, mtime, ctime and inode. A racy record
// (stat_size -1) never matches, unless `allow_racy`: then its size is taken to be indexed_size
// (the emit path, which appends under the lock right after a record it wrote itself).
bool SameStat(const FileRecord& record, const platform::FileIdentity& identity, bool allow_racy = false);

// Compares the directory with the index's records. Reads the indexed prefix of each file whose
// stat changed (and nothing of the others), hashed under the index's `key`. Results are sorted
// by file name.
Result<std::vector<FileChange>> PlanRefresh(const ContentKey& key, const std::string& events_dir,
                                            const std::vector<DailyFile>& files,
                                            const std::vector<FileRecord>& records);

// The bytes of a file's content that a refresh must read: the file size for a rewrite, the
// tail for an append, 0 otherwise (used to choose between incremental refresh and rebuild).
uint64_t BytesToIndex(const FileChange& change);

}  // namespace kittylog::index_internal
