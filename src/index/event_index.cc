// EventIndex: refresh, the emit path and reads (opening and healing: event_index_open.cc).
#include "index/event_index.h"

#include <sqlite3.h>

#include <algorithm>

#include <fmt/format.h>

#include "event/line_reader.h"
#include "index/board_snapshots.h"
#include "index/freshness.h"
#include "index/index_check.h"
#include "index/index_query.h"
#include "index/index_refresh.h"
#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/sqlite_db.h"

namespace kittylog {

using index_internal::Database;
using index_internal::FileChange;

namespace {

// A refresh that must (re)index more than this, and more than a quarter of the log, rebuilds
// instead: a bulk load with indexes created last beats row-by-row upkeep of live indexes.
constexpr uint64_t kRebuildThresholdBytes = 32ull << 20;

bool AllFresh(const std::vector<FileChange>& changes) {
  return std::all_of(changes.begin(), changes.end(),
                     [](const FileChange& change) { return change.kind == FileChange::Kind::kFresh; });
}

Result<std::vector<FileChange>> Plan(Database& db, const std::string& events_dir,
                                     std::vector<SkippedLogEntry>* skipped = nullptr) {
  KL_ASSIGN_OR_RETURN(std::vector<index_internal::DailyFile> files,
                      index_internal::ListDailyFiles(events_dir, skipped));
  KL_ASSIGN_OR_RETURN(std::vector<index_internal::FileRecord> records, index_internal::IndexWriter::LoadFiles(db));
  KL_ASSIGN_OR_RETURN(const index_internal::ContentKey key, index_internal::ReadContentKey(db));
  return index_internal::PlanRefresh(key, events_dir, files, records);
}

}  // namespace

void EventIndex::EndReadTransaction() {
  if (db_ && sqlite3_get_autocommit(db_->handle()) == 0) (void)db_->Exec("COMMIT");
}

Status EventIndex::Refresh(RefreshReport& report) {
  if (!OnDisk()) return Status::Ok();  // built from the current log, or checked fresh when opened
  // A refresh writes, and must see the latest commit: it ends a ReadScope's transaction.
  EndReadTransaction();
  const std::string events_dir = layout_.events_dir();
  std::vector<SkippedLogEntry> skipped;
  KL_ASSIGN_OR_RETURN(std::vector<FileChange> changes, Plan(*db_, events_dir, &skipped));
  // Never opened, never indexed: said on every read until `kittylog repair` moves them aside.
  if (!report.rebuilt) {
    for (const SkippedLogEntry& entry : skipped) report.warnings.push_back(entry.Format());
  }
  if (AllFresh(changes)) return Status::Ok();
  bool acquired;
  KL_RETURN_IF_ERROR(AcquireLock(&acquired));
  Status status;
  if (acquired) {
    // Another process may have refreshed or replaced the index while we waited for the lock.
    if (platform::Stat(layout_.index_path()).inode != opened_inode_) {
      db_.reset();
      status = OpenConnection();
      // Not another kittylog's rebuild: a file put there meanwhile (a checkout, a copy).
      if (!status.ok()) {
        status = RebuildLocked(status.message(), report);
        ReleaseLock(acquired);
        return status;
      }
    }
    if (status.ok()) {
      Result<std::vector<FileChange>> again = Plan(*db_, events_dir);
      if (again.ok()) changes = std::move(again).value();
      status = again.status();
    }
  }
  if (status.ok() && !AllFresh(changes)) {
    uint64_t to_index = 0, total = 0;
    for (const FileChange& change : changes) {
      to_index += index_internal::BytesToIndex(change);
      total += change.file.identity.size;
    }
    if (to_index > kRebuildThresholdBytes && to_index > total / 4) {
      status = RebuildLocked("", report);
    } else {
      status = index_internal::ApplyChanges(*db_, events_dir, changes, report);
      if (status.ok() && !acquired) wrote_ = true;
    }
  }
  ReleaseLock(acquired);
  return status;
}

Status EventIndex::HealDamage(const Status& failure, RefreshReport& report) {
  EndReadTransaction();
  if (!OnDisk()) return BuildTemporary(report);
  bool acquired;
  KL_RETURN_IF_ERROR(AcquireLock(&acquired));
  Status status = RebuildLocked(failure.message(), report);
  ReleaseLock(acquired);
  return status;
}

bool EventIndex::HealIfDamaged(const Status& failure) {
  if (!db_ || !db_->damaged()) return false;
  RefreshReport report;
  Status status = HealDamage(failure, report);
  for (std::string& warning : report.warnings) warnings_.push_back(std::move(warning));
  if (!status.ok()) warnings_.push_back(status.message());
  return status.ok();
}

int64_t EventIndex::MaxClock() {
  auto query = [this]() -> Result<int64_t> {
    if (!db_) return Status::Io("no index");
    return db_->QueryInt("SELECT coalesce(max(max_clock), 0) FROM files");
  };
  Result<int64_t> indexed = query();
  if (!indexed.ok() && HealIfDamaged(indexed.status())) indexed = query();
  if (indexed.ok()) return *indexed;
  // Never answer lower than the log: scan it.
  warnings_.push_back(indexed.status().message() + " (scanning the log for the highest clock)");
  int64_t highest = 0;
  Result<std::vector<index_internal::DailyFile>> files = index_internal::ListDailyFiles(layout_.events_dir());
  if (!files.ok()) return 0;
  EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const index_internal::DailyFile& file : *files) {
    Result<LogContents> contents = ReadLogFile(layout_.events_dir() + "/" + file.name, options);
    if (!contents.ok()) continue;
    for (const Event& event : contents->events) highest = std::max(highest, event.lamport_clock);
  }
  return highest;
}

Status EventIndex::RecordAppend(const std::string& path, const platform::FileIdentity& before,
                                std::string_view appended, const std::vector<Event>& events) {
  if (!OnDisk() || !db_) return Status::Ok();  // a temporary index dies with this process
  bool acquired;
  KL_RETURN_IF_ERROR(AcquireLock(&acquired));
  Result<bool> recorded = index_internal::AppendIndexed(*db_, path, before, appended, events);
  Status status = recorded.status();
  if (recorded.ok() && !*recorded) {
    RefreshReport report;
    status = Refresh(report);
    for (std::string& warning : report.warnings) warnings_.push_back(std::move(warning));
  }
  if (status.ok() && !acquired) wrote_ = true;
  ReleaseLock(acquired);
  return status;
}

Result<std::vector<Event>> EventIndex::Query(const QueryFilter& filter) {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  KL_RETURN_IF_ERROR(index_internal::ValidateFilter(filter));
  bool files_changed = false;
  auto run = [&] { return index_internal::RunQuery(*db_, layout_.events_dir(), filter, &files_changed); };
  Result<std::vector<Event>> events = run();
  if (!events.ok() && files_changed) {
    // A daily file changed after the freshness check (a checkout running meanwhile).
    RefreshReport report;
    Status refreshed = Refresh(report);
    for (std::string& warning : report.warnings) warnings_.push_back(std::move(warning));
    if (!refreshed.ok()) return refreshed;
    events = run();
  }
  if (!events.ok() && HealIfDamaged(events.status())) events = run();
  return events;
}

Status EventIndex::ForEachEvent(const QueryFilter& filter, const std::function<Status(Event&& event)>& sink) {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  index_internal::QueryProgress progress;
  auto run = [&] { return index_internal::StreamQuery(*db_, layout_.events_dir(), filter, sink, &progress); };
  Status status = run();
  if (!status.ok() && progress.files_changed && !progress.emitted) {
    RefreshReport report;
    Status refreshed = Refresh(report);
    for (std::string& warning : report.warnings) warnings_.push_back(std::move(warning));
    if (!refreshed.ok()) return refreshed;
    status = run();
  }
  if (!status.ok() && !progress.emitted && HealIfDamaged(status)) status = run();
  return status;
}

Result<std::vector<WorkPackageRow>> EventIndex::WorkPackages(std::optional<std::string> feature) {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  Result<std::vector<WorkPackageRow>> rows = index_internal::LoadWorkPackages(*db_, feature);
  if (!rows.ok() && HealIfDamaged(rows.status())) rows = index_internal::LoadWorkPackages(*db_, feature);
  return rows;
}

Result<std::vector<ResolvedConflict>> EventIndex::StatusConflicts() {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  auto load = [&] { return index_internal::LoadWpConflicts(*db_); };
  auto loaded = load();
  if (!loaded.ok() && HealIfDamaged(loaded.status())) loaded = load();
  KL_RETURN_IF_ERROR(loaded.status());
  std::vector<ResolvedConflict> conflicts;
  for (auto& [key, groups] : *loaded) {
    conflicts.insert(conflicts.end(), std::make_move_iterator(groups.begin()), std::make_move_iterator(groups.end()));
  }
  return conflicts;
}

Result<std::optional<BoardSnapshot>> EventIndex::LatestBoardSnapshot() {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  Result<std::optional<BoardSnapshot>> snapshot = index_internal::LoadLatestBoardSnapshot(*db_);
  if (!snapshot.ok() && HealIfDamaged(snapshot.status())) snapshot = index_internal::LoadLatestBoardSnapshot(*db_);
  return snapshot;
}

EventIndex::ReadScope::ReadScope(EventIndex& index) : index_(index) {
  // DEFERRED: the snapshot is taken by the first read. Without a transaction (a failure here)
  // every read still answers, only each from its own moment.
  if (index_.db_ && index_.db_->Exec("BEGIN").ok()) connection_ = index_.db_.get();
}

void EventIndex::ReadScope::End() {
  // The same connection (not a new one at the same address: it would have no transaction open).
  if (connection_ != nullptr && index_.db_.get() == connection_) index_.EndReadTransaction();
  connection_ = nullptr;
}

Result<int64_t> EventIndex::Generation() {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  return index_internal::IndexGeneration(*db_);
}

Result<bool> EventIndex::SaveBoardSnapshots(const std::vector<BoardSnapshot>& snapshots, int64_t generation) {
  if (!OnDisk() || !db_) return false;  // a temporary index dies with this process
  bool acquired = false;
  bool timed_out = false;
  if (!AcquireLock(&acquired, {.timeout_ms = 0, .say_waiting = false, .timed_out = &timed_out}).ok()) return false;
  // Another process may have replaced the index since it was opened: nothing to add to then.
  Result<bool> saved = false;
  if (platform::Stat(layout_.index_path()).inode == opened_inode_) {
    saved = index_internal::SaveBoardSnapshots(*db_, snapshots, generation);
    if (saved.ok() && *saved && !acquired) wrote_ = true;
  }
  ReleaseLock(acquired);
  return saved;
}

Result<RefreshReport> EventIndex::Rebuild() {
  RefreshReport report;
  if (!OnDisk()) {
    immutable_ = false;
    KL_RETURN_IF_ERROR(BuildTemporary(report));
    return report;
  }
  bool acquired;
  KL_RETURN_IF_ERROR(AcquireLock(&acquired));
  Status status = RebuildLocked("", report);
  ReleaseLock(acquired);
  KL_RETURN_IF_ERROR(status);
  return report;
}

Result<CheckReport> EventIndex::Check() {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  Result<CheckReport> report = index_internal::CheckIndex(*db_, layout_.events_dir());
  if (report.ok()) return report;
  // An index SQLite cannot read through is itself the divergence; `index rebuild` fixes it.
  CheckReport failed;
  failed.divergences.push_back(report.status().message());
  return failed;
}

Result<IndexStats> EventIndex::Stats() {
  if (!db_) return Status::Io(layout_.index_path() + ": unavailable");
  const std::string path = OnDisk() || immutable_ ? layout_.index_path() : temporary_dir_ + "/index.db";
  Result<IndexStats> stats = index_internal::CollectStats(*db_, layout_.events_dir(), path);
  if (!stats.ok() && HealIfDamaged(stats.status())) {
    stats = index_internal::CollectStats(*db_, layout_.events_dir(), path);
  }
  if (stats.ok()) stats->temporary = temporary();
  return stats;
}

}  // namespace kittylog
