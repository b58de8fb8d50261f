#include "index/freshness.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "event/log_layout.h"

namespace kittylog::index_internal {
Result<std::vector<DailyFile>> ListDailyFiles(const std::string& events_dir, std::vector<SkippedLogEntry>* skipped) {
  KL_ASSIGN_OR_RETURN(LogFiles listed, ListLogFiles(events_dir));
  if (skipped != nullptr) *skipped = std::move(listed.skipped);
  std::vector<DailyFile> files;
  for (std::string& name : listed.daily) {
    platform::FileIdentity identity = platform::Stat(events_dir + "/" + name);
    if (identity.type != platform::FileType::kRegular) continue;  // replaced between listing and lstat
    files.push_back({std::move(name), identity});
  }
  return files;
}
Result<platform::PaddedBuffer> ReadRange(const std::string& path, uint64_t offset, uint64_t length,
                                         size_t padding) {
  platform::FileDescriptor file = platform::OpenForReading(path);
  if (!file.valid()) return Status::Io(fmt::format("{}: open: {}", path, std::strerror(errno)));
  if (platform::TypeOf(file) != platform::FileType::kRegular) {  // a FIFO or device is never read
    return Status::Io(fmt::format("{}: not a regular file", path));
  }
  platform::PaddedBuffer buffer;
  buffer.data.reset(new char[length + padding]);
  size_t used = 0;
  if (int err = platform::ReadAt(file, offset, buffer.data.get(), length, &used)) {
    return Status::Io(fmt::format("{}: read: {}", path, std::strerror(err)));
  }
  std::memset(buffer.data.get() + used, 0, padding);
  buffer.size = used;
  return buffer;
}

bool IsRacy(const platform::FileIdentity& identity) {
  int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  return std::max(identity.mtime_ns, identity.ctime_ns) >= now_ns - 2'000'000'000LL;
}

bool SameStat(const FileRecord& record, const platform::FileIdentity& identity, bool allow_racy) {
  const uint64_t size = record.stat_size >= 0 ? static_cast<uint64_t>(record.stat_size) : record.indexed_size;
  return (record.stat_size >= 0 || allow_racy) && size == identity.size && record.mtime_ns == identity.mtime_ns &&
         record.ctime_ns == identity.ctime_ns && record.inode == identity.inode;
}

namespace {

// Decides between touched / append / rewrite for a file whose stat changed: the hash of the
// whole indexed prefix, whatever else stayed the same.
Result<FileChange::Kind> ClassifyChanged(const ContentKey& key, const std::string& path, const FileRecord& record,
                                         const platform::FileIdentity& identity) {
  if (identity.size < record.indexed_size) return FileChange::Kind::kRewrite;
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer prefix, ReadRange(path, 0, record.indexed_size));
  if (prefix.size != record.indexed_size || ContentHash(key, kContentHashStart, prefix.view()) != record.content_hash) {
    return FileChange::Kind::kRewrite;
  }
  // Prefix intact. Nothing new past it and no torn tail to re-read: only the stat changed.
  if (identity.size == record.indexed_size && record.torn_line == 0) return FileChange::Kind::kTouched;
  return FileChange::Kind::kAppend;
}

}  // namespace
Result<std::vector<FileChange>> PlanRefresh(const ContentKey& key, const std::string& events_dir,
                                            const std::vector<DailyFile>& files,
                                            const std::vector<FileRecord>& records) {
  std::map<std::string_view, const FileRecord*> known;
  for (const FileRecord& record : records) known[record.name] = &record;
  std::vector<FileChange> changes;
  for (const DailyFile& file : files) {
    FileChange change;
    change.file = file;
    auto it = known.find(file.name);
    if (it == known.end()) {
      change.kind = FileChange::Kind::kRewrite;
    } else {
      change.record = *it->second;
      known.erase(it);
      if (SameStat(change.record, file.identity)) {
        change.kind = FileChange::Kind::kFresh;
      } else {
        KL_ASSIGN_OR_RETURN(change.kind,
                            ClassifyChanged(key, events_dir + "/" + file.name, change.record, file.identity));
        // A racy record whose content is unchanged stays as it is until its mtime is old
        // enough to trust: re-verifying costs one small read, writing would need the lock.
        if (change.kind == FileChange::Kind::kTouched && IsRacy(file.identity)) change.kind = FileChange::Kind::kFresh;
      }
    }
    changes.push_back(std::move(change));
  }
  for (auto& [name, record] : known) {
    FileChange change;
    change.kind = FileChange::Kind::kVanished;
    change.record = *record;
    changes.push_back(std::move(change));
  }
  std::sort(changes.begin(), changes.end(), [](const FileChange& a, const FileChange& b) {
    return (a.file.name.empty() ? a.record.name : a.file.name) < (b.file.name.empty() ? b.record.name : b.file.name);
  });
  return changes;
}

uint64_t BytesToIndex(const FileChange& change) {
  switch (change.kind) {
    case FileChange::Kind::kRewrite: return change.file.identity.size;
    case FileChange::Kind::kAppend: return change.file.identity.size - change.record.indexed_size;
    default: return 0;
  }
}

}  // namespace kittylog::index_internal
