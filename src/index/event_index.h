// The derived SQLite index of the event log: `.kittify/events/index.db` (DESIGN §7;
// docs/index.md has the schema, the freshness rule and healing).
//
// The JSONL daily files are the only source of truth; the index can be deleted, corrupted or
// left stale at any point and every call here still answers from the current log:
//   - Open() heals: a missing index, a damaged file (not SQLite, truncated, SQLITE_CORRUPT or
//     SQLITE_NOTADB), a foreign or wrong-version schema, or a -wal this index did not record
//     (wal_identity.h: another database's, or a crash before it was recorded), or an index not
//     built in this checkout (index_identity.h: one that came with a commit) is set aside as
//     `index.db.corrupt-<time>` and rebuilt, with a warning.
//   - Open() refreshes: per daily file an unchanged stat means fresh (no reads); otherwise the
//     <= 4 KiB before the indexed size decide between an appended tail (indexed alone) and a
//     rewritten file (re-indexed); a vanished file's events are dropped.
//   - A read-only .kittify/ still answers: from the existing index when it is fresh, else from
//     a temporary index built in $TMPDIR (with a warning).
//   - Damage that SQLite reports later (a query touching a bad page) heals the same way and the
//     call is retried once; its warnings are kept for TakeWarnings().
// Writes (refresh, rebuild, RecordAppend) happen under `.kittify/.lock`: either the caller holds
// it (IndexOptions::lock_held, the store does) or the index takes it only for as long as it
// writes. Never open an EventIndex with lock_held = false in a process that holds the lock
// (flock would wait for itself). Errors are Status values: kIo for the repository or database,
// kUsage for a malformed QueryFilter. Not thread-safe: one EventIndex per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/log_layout.h"
#include "index/index_types.h"
#include "platform/file_io.h"
#include "platform/file_lock.h"

namespace kittylog {

namespace index_internal {
class Database;
}

struct IndexOptions {
  bool lock_held = false;      // caller already holds .kittify/.lock (the store does); else take it yourself only when you must write
  bool show_progress = false;  // progress bar on stderr when a rebuild runs > 1 s (caller passes isatty && !quiet)
};

class EventIndex {
 public:
  // Opens the index, healing and refreshing it (see above). Fails (kIo) when there is no
  // .kittify/ or the log cannot be read; `report` says what the refresh did and holds warnings.
  static Result<std::unique_ptr<EventIndex>> Open(const LogLayout& layout, const IndexOptions& options,
                                                  RefreshReport* report = nullptr);
  ~EventIndex();
  EventIndex(const EventIndex&) = delete;
  EventIndex& operator=(const EventIndex&) = delete;

  // Highest lamport_clock in the (fresh) index; 0 for an empty log. Never lower than the log's
  // highest clock: on an index failure it scans the JSONL.
  int64_t MaxClock();

  // Emit path, under the store lock: `path` (a daily file), whose stat(2) was `before`, had
  // `appended` bytes appended (possibly a leading "\n" for a torn tail) holding `events`
  // (validated: raw_line and the payload fields set, as ValidateEvent leaves them). Indexes them
  // and the file's bookkeeping in one transaction without reading the file; when the index's
  // record of the file is not `before` (another size, times or inode), the file is refreshed
  // from disk instead.
  Status RecordAppend(const std::string& path, const platform::FileIdentity& before, std::string_view appended,
                      const std::vector<Event>& events);

  // Events matching `filter` in total order; Event.raw_line is the original line.
  Result<std::vector<Event>> Query(const QueryFilter& filter);

  // A read transaction for as long as it lives: the reads of this index inside it (MaxClock,
  // Query, WorkPackages, the snapshot, ...) all see one state of the index, whatever other
  // processes commit meanwhile (WAL snapshot isolation), so an answer made of several reads is
  // never half before and half after someone's emit. End it before writing (SaveBoardSnapshots).
  // A refresh (a daily file that changed under a query) or a heal ends it early: the reads after
  // that see the latest index.
  class ReadScope {
   public:
    explicit ReadScope(EventIndex& index);
    ~ReadScope() { End(); }
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;
    void End();

   private:
    EventIndex& index_;
    const index_internal::Database* connection_ = nullptr;  // the connection it began on, if any
  };

  // The same events streamed to `sink` one at a time, for outputs too large to hold (a dump of
  // the whole log). If the log changes under the walk after events went out, it fails (kIo:
  // "run the command again") rather than repeat them; a sink failure stops it and is returned.
  Status ForEachEvent(const QueryFilter& filter, const std::function<Status(Event&& event)>& sink);

  // Current state of every work package (of `feature` when given), sorted by feature then WP.
  Result<std::vector<WorkPackageRow>> WorkPackages(std::optional<std::string> feature);

  // Every group of concurrent moves of every work package (wp_conflicts), as the reducer reports
  // them for each, in no particular order between work packages.
  Result<std::vector<ResolvedConflict>> StatusConflicts();

  // The board snapshot with the highest clock (index/board_snapshots.h), nullopt when none.
  Result<std::optional<BoardSnapshot>> LatestBoardSnapshot();
  // meta('generation'), which every write of events bumps: read it before reading what a
  // snapshot is made from, and pass it to SaveBoardSnapshots.
  Result<int64_t> Generation();
  // Saves `snapshots` (one transaction; the ladder of board_snapshots.h is kept) when the index is
  // on disk, the writer lock is free at once (or held by the caller) and nothing was written
  // since `generation`; otherwise leaves the index as it is. Never waits for the lock. Answers
  // whether they were saved.
  Result<bool> SaveBoardSnapshots(const std::vector<BoardSnapshot>& snapshots, int64_t generation);

  // Rebuilds from scratch into a temporary file renamed into place.
  Result<RefreshReport> Rebuild();

  // Compares the index with the JSONL (every line, every row, every WP state, quick_check).
  Result<CheckReport> Check();

  Result<IndexStats> Stats();

  // Warnings produced after Open (healing during a later call).
  std::vector<std::string> TakeWarnings() { return std::move(warnings_); }

  // Whether answers come from a temporary index (read-only .kittify/).
  bool temporary() const { return !temporary_dir_.empty(); }

 private:
  EventIndex(const LogLayout& layout, const IndexOptions& options);

  Status OpenAndRefresh(RefreshReport& report);
  Status OpenPersistent(RefreshReport& report);
  Status OpenReadOnly(RefreshReport& report);
  // Opens index.db and checks its schema and, unless `check_record` is false (an index this
  // process just built), that it is the one this checkout last left (index_identity.h). db_ is
  // set only when every check passed.
  Status OpenConnection(bool check_record = true);
  // Records the WAL (wal_identity.h) and the index's files (index_identity.h) as they are now,
  // when they are still the files db_ opened: call under the lock, after writing.
  Status RecordOwnFiles();
  // Commits the read transaction a ReadScope opened, if one is open on db_.
  void EndReadTransaction();
  Status Refresh(RefreshReport& report);
  Status RebuildLocked(const std::string& reason, RefreshReport& report);
  Status BuildTemporary(RefreshReport& report);
  Status SetAside(const std::string& aside_path);
  // Heals after SQLite reported damage during a call; the call may then be retried.
  Status HealDamage(const Status& failure, RefreshReport& report);
  // After a failed call: heals when SQLite reported damage; true when the call may be retried.
  bool HealIfDamaged(const Status& failure);
  Status AcquireLock(bool* acquired, const platform::LockWait& wait = {});
  void ReleaseLock(bool acquired);
  bool OnDisk() const { return temporary_dir_.empty() && !immutable_; }

  LogLayout layout_;
  IndexOptions options_;
  std::unique_ptr<index_internal::Database> db_;
  std::unique_ptr<platform::FileLock> lock_;
  std::optional<std::string> key_record_;  // where this checkout records its index's key (index_identity.h)
  uint64_t opened_inode_ = 0;   // inode of index.db when db_ was opened
  uint64_t opened_wal_inode_ = 0;  // inode of index.db-wal when db_ was opened (SQLite holds both open)
  bool immutable_ = false;      // read-only directory, fresh index opened with immutable=1
  bool wrote_ = false;          // a write happened under a lock the caller holds: record the WAL on close
  std::string temporary_dir_;   // read-only directory: where the temporary index lives
  std::vector<std::string> warnings_;
};

}  // namespace kittylog
