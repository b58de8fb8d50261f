// EventIndex: opening, healing and rebuilding (the rest is in event_index.cc).
#include "index/event_index.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "event/log_files.h"
#include "event/timestamp.h"
#include "index/freshness.h"
#include "index/index_identity.h"
#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/rebuild.h"
#include "index/sqlite_db.h"
#include "index/wal_identity.h"
#include "platform/file_io.h"
#include "platform/system.h"

namespace kittylog {

using index_internal::Database;
using index_internal::FileChange;

namespace {

constexpr size_t kCorruptCopiesKept = 3;

bool Writable(const std::string& dir) { return ::access(dir.c_str(), W_OK) == 0; }

// Whether a read-only index still answers for the log: nothing but stats changed.
bool ContentFresh(const std::vector<FileChange>& changes) {
  return std::all_of(changes.begin(), changes.end(), [](const FileChange& change) {
    return change.kind == FileChange::Kind::kFresh || change.kind == FileChange::Kind::kTouched;
  });
}

uint32_t BigEndian32(const unsigned char* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
}

// The SQLite file header (https://www.sqlite.org/fileformat.html#the_database_header): catches
// random bytes, a zeroed header and a truncated file before SQLite is asked anything.
Status CheckHeader(const std::string& path) {
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer header, index_internal::ReadRange(path, 0, 100));
  if (header.size < 100) return Status::Io("file is too short to be a database");
  const auto* bytes = reinterpret_cast<const unsigned char*>(header.data.get());
  if (std::string_view(header.data.get(), 16) != std::string_view("SQLite format 3\0", 16)) {
    return Status::Io("file is not a database");
  }
  uint64_t page_size = (uint32_t{bytes[16]} << 8) | bytes[17];
  if (page_size == 1) page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
    return Status::Io("database header is damaged");
  }
  uint64_t size = platform::Stat(path).size;
  uint32_t pages = BigEndian32(bytes + 28);
  if (BigEndian32(bytes + 24) == BigEndian32(bytes + 92) && pages > 0 && size < pages * page_size) {
    return Status::Io(fmt::format("truncated ({} bytes, the header says {})", size, pages * page_size));
  }
  if (size % page_size != 0) return Status::Io("truncated (not a whole number of pages)");
  return Status::Ok();
}

// "20260127T103000Z": a file-name-safe UTC time.
std::string CompactTime() {
  std::string stamp = FormatTimestamp(platform::NowMillis());
  std::string compact;
  for (char c : stamp.substr(0, 19)) {
    if (c != '-' && c != ':') compact += c;
  }
  return compact + "Z";
}

constexpr std::string_view kCorruptPrefix = "index.db.corrupt-";

// "index.db.corrupt-<stamp>" is copy 1 of its stamp, "...-<stamp>-N" copy N; anything else
// (its -wal and -shm, other files) is not a copy: nullopt.
std::optional<std::pair<std::string, int>> ParseCorruptCopy(std::string_view name) {
  if (!name.starts_with(kCorruptPrefix)) return std::nullopt;
  name.remove_prefix(kCorruptPrefix.size());
  size_t dash = name.find('-');
  if (dash == std::string_view::npos) return std::make_pair(std::string(name), 1);
  std::string_view suffix = name.substr(dash + 1);
  if (suffix.empty() || suffix.size() > 6 || suffix.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::make_pair(std::string(name.substr(0, dash)), std::stoi(std::string(suffix)));
}

// A name for a copy set aside at `stamp` that no copy ever had: one above every copy of that
// stamp still there (deleting the oldest never frees a number the newest could get again).
std::string NewCorruptCopyName(const std::string& events_dir, const std::string& stamp) {
  int highest = 0;
  if (Result<std::vector<std::string>> names = platform::ListDirectory(events_dir); names.ok()) {
    for (const std::string& name : *names) {
      std::optional<std::pair<std::string, int>> copy = ParseCorruptCopy(name);
      if (copy && copy->first == stamp) highest = std::max(highest, copy->second);
    }
  }
  std::string name = std::string(kCorruptPrefix) + stamp;
  return highest == 0 ? name : fmt::format("{}-{}", name, highest + 1);
}

// Keeps the kCorruptCopiesKept copies set aside last (by the rename's ctime, names breaking
// ties: a clock set back cannot make a new copy look old) and always `just_made`; deletes the
// rest with their -wal and -shm. Best effort: the copies are only for a post-mortem.
void PruneCorruptCopies(const std::string& events_dir, const std::string& just_made) {
  Result<std::vector<std::string>> names = platform::ListDirectory(events_dir);
  if (!names.ok()) return;
  std::vector<std::pair<int64_t, std::string>> others;  // (ctime ns, name)
  for (const std::string& name : *names) {
    if (name == just_made || !ParseCorruptCopy(name)) continue;
    platform::FileIdentity info = platform::Stat(events_dir + "/" + name);
    if (!info.exists) continue;
    others.emplace_back(info.ctime_ns, name);
  }
  std::sort(others.begin(), others.end());
  const size_t keep_others = kCorruptCopiesKept - 1;
  for (size_t i = 0; i + keep_others < others.size(); ++i) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal", "-walid"}) {
      platform::RemoveFile(events_dir + "/" + others[i].second + suffix);
    }
  }
}

void RemoveTree(const std::string& dir) {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace

EventIndex::EventIndex(const LogLayout& layout, const IndexOptions& options)
    : layout_(layout), options_(options), key_record_(index_internal::IndexKeyRecordPath(layout)) {}

EventIndex::~EventIndex() {
  // No checkpoint: committed transactions stay in the WAL (DESIGN §4: the index needs no sync
  // of its own); the next opener trusts them once their WAL is recorded as this index's.
  // Best effort: a record not written makes a later open rebuild, never trust.
  if (wrote_) (void)RecordOwnFiles();
  db_.reset();
  if (!temporary_dir_.empty()) RemoveTree(temporary_dir_);
}

Result<std::unique_ptr<EventIndex>> EventIndex::Open(const LogLayout& layout, const IndexOptions& options,
                                                     RefreshReport* report) {
  KL_RETURN_IF_ERROR(CheckLogDirectories(layout));
  if (!platform::IsDirectory(layout.kittify_dir())) {
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  std::unique_ptr<EventIndex> index(new EventIndex(layout, options));
  RefreshReport local;
  KL_RETURN_IF_ERROR(index->OpenAndRefresh(report != nullptr ? *report : local));
  return index;
}

Status EventIndex::AcquireLock(bool* acquired, const platform::LockWait& wait) {
  *acquired = false;
  if (options_.lock_held || lock_) return Status::Ok();
  KL_ASSIGN_OR_RETURN(lock_, platform::FileLock::Acquire(layout_.lock_path(), wait));
  *acquired = true;
  return Status::Ok();
}

void EventIndex::ReleaseLock(bool acquired) {
  if (!acquired) return;
  if (Status recorded = RecordOwnFiles(); !recorded.ok()) {
    warnings_.push_back(fmt::format("{}: cannot record it as this checkout's ({}): the next command rebuilds it",
                                    RelativeEventFile("index.db"), recorded.message()));
  }
  lock_.reset();
}

Status EventIndex::RecordOwnFiles() {
  if (!db_ || !OnDisk()) return Status::Ok();  // db_ is only ever an index this process built or checked
  const std::string path = layout_.index_path();
  // Only the files this connection holds: a checkout that replaced one meanwhile is not ours.
  if (platform::Stat(path).inode != opened_inode_ || platform::Stat(path + "-wal").inode != opened_wal_inode_) {
    return Status::Io("index.db or its WAL was replaced while this process had them open");
  }
  index_internal::RecordWal(path);
  KL_ASSIGN_OR_RETURN(index_internal::ContentKey key, index_internal::ReadContentKey(*db_));
  return index_internal::RecordIndex(key_record_, path, key, opened_inode_, opened_wal_inode_);
}

Status EventIndex::OpenAndRefresh(RefreshReport& report) {
  const std::string events_dir = layout_.events_dir();
  if (!platform::IsDirectory(events_dir) && Writable(layout_.kittify_dir())) {
    KL_RETURN_IF_ERROR(platform::MakeDirectories(events_dir));
  }
  if (!platform::IsDirectory(events_dir) || !Writable(events_dir)) return OpenReadOnly(report);
  Status status = OpenPersistent(report);
  if (status.ok()) status = Refresh(report);
  if (!status.ok() && db_ && db_->damaged()) {
    bool acquired;
    KL_RETURN_IF_ERROR(AcquireLock(&acquired));
    status = RebuildLocked(status.message(), report);
    ReleaseLock(acquired);
  }
  return status;
}

Status EventIndex::OpenConnection(bool check_record) {
  const std::string path = layout_.index_path();
  db_.reset();
  KL_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, Database::Mode::kReadWrite));
  const uint64_t inode = platform::Stat(path).inode;
  KL_RETURN_IF_ERROR(index_internal::ConfigureConnection(*db));
  KL_RETURN_IF_ERROR(index_internal::ValidateSchema(*db));
  // SQLite opened the WAL for that first read (creating it when absent) and holds it from now on.
  // Its inode is read from the path: a file put there after SQLite's open is another one, which
  // the record check (or, after a rebuild, the empty-WAL check) refuses, or, if empty, which
  // only makes a later record fail (RecordOwnFiles compares inodes) and the next open rebuild.
  const platform::FileIdentity wal = platform::Stat(path + "-wal");
  if (check_record) {
    KL_ASSIGN_OR_RETURN(index_internal::ContentKey key, index_internal::ReadContentKey(*db));
    KL_RETURN_IF_ERROR(index_internal::CheckIndexRecord(key_record_, path, key));
  } else if (wal.size != 0) {
    // A rebuild's new file has no WAL yet: one with frames was put there meanwhile.
    return Status::Io("index.db-wal appeared while the index was rebuilt");
  }
  if (platform::Stat(path).inode != inode || platform::Stat(path + "-wal").inode != wal.inode) {
    return Status::Io("index.db or its WAL was replaced while it was opened");
  }
  db_ = std::move(db);  // only a connection that passed every check
  opened_inode_ = inode;
  opened_wal_inode_ = wal.inode;
  return Status::Ok();
}

Status EventIndex::OpenPersistent(RefreshReport& report) {
  const std::string path = layout_.index_path();
  bool acquired = false;
  if (!platform::Stat(path).exists) {
    KL_RETURN_IF_ERROR(AcquireLock(&acquired));
    Status status = RebuildLocked("", report);
    if (status.ok() && report.events_added > 0) {
      report.warnings.push_back(fmt::format("{}: missing: built from the log ({} events)",
                                            RelativeEventFile("index.db"), report.events_added));
    }
    ReleaseLock(acquired);
    return status;
  }
  // What makes the file unusable, or "" when it opened fine.
  auto diagnose = [&]() -> std::string {
    // A symlink among the database's files (committed with `git add -f`) is never opened: SQLite
    // would follow it (and switch a foreign database to WAL). It is set aside like damage.
    for (const char* suffix : {"", "-wal", "-shm", "-journal", "-walid"}) {
      if (platform::IsSymlink(path + suffix)) {
        return fmt::format("index.db{} is a symbolic link (not followed)", suffix);
      }
    }
    // WAL content is normal, but only a WAL this index wrote may be replayed: another database's
    // would mix two files (wal_identity.h). A writer records its WAL before it releases the lock.
    if (!index_internal::WalIsRecorded(path)) return "index.db-wal left by a crash or by another database";
    if (Status header = CheckHeader(path); !header.ok()) return header.message();
    if (Status opened = OpenConnection(); !opened.ok()) return opened.message();
    return "";
  };
  std::string damage = diagnose();
  if (!damage.empty() && !acquired) {
    // A writer holding the lock may be between two steps (a WAL restarted but not yet recorded,
    // an index renamed into place whose key is not yet recorded): look again once it is done.
    db_.reset();
    KL_RETURN_IF_ERROR(AcquireLock(&acquired));
    damage = diagnose();
  }
  Status status;
  if (!damage.empty()) {
    db_.reset();
    status = AcquireLock(&acquired);
    if (status.ok()) status = RebuildLocked(damage, report);
  }
  ReleaseLock(acquired);
  return status;
}

Status EventIndex::SetAside(const std::string& aside) {
  const std::string path = layout_.index_path();
  if (int err = platform::Rename(path, aside)) {
    return Status::Io(fmt::format("{}: cannot set aside as {}: {}", path, aside, std::strerror(err)));
  }
  for (const char* suffix : {"-wal", "-shm", "-journal", "-walid"}) {
    if (platform::Stat(path + suffix).exists) (void)platform::Rename(path + suffix, aside + suffix);
  }
  PruneCorruptCopies(layout_.events_dir(), aside.substr(aside.rfind('/') + 1));
  return Status::Ok();
}

Status EventIndex::RebuildLocked(const std::string& damage, RefreshReport& report) {
  db_.reset();
  const std::string events_dir = layout_.events_dir();
  const std::string path = layout_.index_path();
  const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  // Rebuilds run under the lock: any other temp file is what a killed rebuild left behind.
  if (Result<std::vector<std::string>> names = platform::ListDirectory(events_dir); names.ok()) {
    for (const std::string& name : *names) {
      if (name.starts_with("index.db.tmp-")) platform::RemoveFile(events_dir + "/" + name);
    }
  }
  KL_ASSIGN_OR_RETURN(index_internal::BuildResult built,
                      index_internal::BuildIndexFile(events_dir, temp, options_.show_progress));
  std::string aside_name;
  if (!damage.empty() && platform::Stat(path).exists) {
    aside_name = NewCorruptCopyName(events_dir, CompactTime());
    Status aside = SetAside(events_dir + "/" + aside_name);
    if (!aside.ok()) {
      platform::RemoveFile(temp);
      return aside;
    }
  }
  const uint64_t built_inode = platform::Stat(temp).inode;  // rename(2) keeps it
  // A -wal or -shm next to the new file would be replayed into it: they belong to the old one.
  // unlink(2) removes a symlink itself, never its target.
  for (const char* suffix : {"-wal", "-shm", "-journal", "-walid"}) platform::RemoveFile(path + suffix);
  if (int err = platform::Rename(temp, path)) {
    platform::RemoveFile(temp);
    return Status::Io(fmt::format("{}: cannot rename into place: {}", temp, std::strerror(err)));
  }
  if (!damage.empty()) {
    report.warnings.push_back(fmt::format("{}: {}: {}rebuilt from the log ({} events)", RelativeEventFile("index.db"),
                                          damage, aside_name.empty() ? "" : "set aside as " + aside_name + "; ",
                                          built.events));
  }
  for (std::string& warning : built.warnings) report.warnings.push_back(std::move(warning));
  report.rebuilt = true;
  report.events_added = built.events;
  report.files_reindexed = built.files;
  KL_RETURN_IF_ERROR(OpenConnection(/*check_record=*/false));
  // The file this process built: its inode (which a file put there meanwhile could reuse, since
  // nothing held the new file open between the build and this open) and its fresh key (which
  // nobody else can know).
  Result<index_internal::ContentKey> key = index_internal::ReadContentKey(*db_);
  if (opened_inode_ != built_inode || !key.ok() || !(*key == built.key)) {
    db_.reset();
    return Status::Io(fmt::format("{}: replaced while it was rebuilt; run the command again", path));
  }
  if (Status recorded = RecordOwnFiles(); !recorded.ok()) {
    report.warnings.push_back(fmt::format("{}: cannot record its key ({}): every command will rebuild it",
                                          RelativeEventFile("index.db"), recorded.message()));
  }
  return Status::Ok();
}

Status EventIndex::OpenReadOnly(RefreshReport& report) {
  const std::string path = layout_.index_path();
  if (platform::Stat(path).exists && platform::Stat(path + "-wal").size == 0 && CheckHeader(path).ok()) {
    Result<std::unique_ptr<Database>> db = Database::Open(path, Database::Mode::kImmutable);
    if (db.ok() && index_internal::ValidateSchema(**db).ok()) {
      Result<std::vector<index_internal::FileRecord>> records = index_internal::IndexWriter::LoadFiles(**db);
      Result<std::vector<index_internal::DailyFile>> files = index_internal::ListDailyFiles(layout_.events_dir());
      Result<index_internal::ContentKey> key = index_internal::ReadContentKey(**db);
      if (records.ok() && files.ok() && key.ok() && index_internal::CheckIndexRecord(key_record_, path, *key).ok()) {
        Result<std::vector<FileChange>> plan =
            index_internal::PlanRefresh(*key, layout_.events_dir(), *files, *records);
        if (plan.ok() && ContentFresh(*plan)) {
          db_ = std::move(db).value();
          immutable_ = true;
          return Status::Ok();
        }
      }
    }
  }
  return BuildTemporary(report);
}

Status EventIndex::BuildTemporary(RefreshReport& report) {
  db_.reset();
  if (temporary_dir_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kittylog-index-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::Io(fmt::format("{}: cannot create a temporary index: {}", pattern, std::strerror(errno)));
    }
    temporary_dir_ = pattern;
  }
  const std::string path = temporary_dir_ + "/index.db";
  KL_ASSIGN_OR_RETURN(index_internal::BuildResult built,
                      index_internal::BuildIndexFile(layout_.events_dir(), path, options_.show_progress));
  report.warnings.push_back(fmt::format("{}: read-only: answering from a temporary index ({} events)",
                                        RelativeEventFile(""), built.events));
  for (std::string& warning : built.warnings) report.warnings.push_back(std::move(warning));
  report.rebuilt = true;
  report.events_added = built.events;
  report.files_reindexed = built.files;
  KL_ASSIGN_OR_RETURN(db_, Database::Open(path, Database::Mode::kReadWrite));
  return index_internal::ValidateSchema(*db_);
}

}  // namespace kittylog
