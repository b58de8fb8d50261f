#include "index/index_identity.h"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "git/checkout_probe.h"
#include "index/wal_identity.h"
#include "platform/file_io.h"

namespace kittylog::index_internal {
namespace {

constexpr std::string_view kRecordName = "index-key";

// FNV-1a, 64 bits: names the record of a `.kittify/` below the work tree's root by its path,
// stable across builds (std::hash is not promised to be).
uint64_t PathHash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// The three lines of the record for `key` and the files as they are now.
std::string Describe(const std::string& index_path, const ContentKey& key) {
  const platform::FileIdentity file = platform::Stat(index_path);
  const platform::FileIdentity wal_file = platform::Stat(index_path + "-wal");
  std::string wal = "absent";
  if (wal_file.exists) {
    std::string header = WalHeader(index_path);
    if (header.empty()) {
      header = "-";
    } else {
      header.pop_back();  // its newline
    }
    // mtime, not ctime: SQLite running as root fchowns the WAL to the database's owner at every
    // open, which moves its ctime; only writes move its mtime, and git gives a file it writes
    // the time of the checkout.
    wal = fmt::format("{} {} {}", wal_file.inode, wal_file.mtime_ns, header);
  }
  return fmt::format("key {}\nfile {} {}\nwal {}\n", FormatContentKey(key), file.inode, file.ctime_ns, wal);
}

// Line `n` (0-based) of `text` without its newline, "" when there is none.
std::string_view Line(std::string_view text, int n) {
  for (int i = 0; i < n; ++i) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) return "";
    text.remove_prefix(end + 1);
  }
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::optional<std::string> IndexKeyRecordPath(const LogLayout& layout) {
  std::optional<git::Checkout> checkout = git::ProbeCheckoutOnDisk(layout.root);
  if (!checkout) return std::nullopt;
  const std::string dir = checkout->git_dir + "/kittylog/";
  std::string_view root = layout.root;
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (root == checkout->work_tree) return dir + std::string(kRecordName);
  std::string_view relative = root;
  if (relative.starts_with(checkout->work_tree + "/")) relative.remove_prefix(checkout->work_tree.size() + 1);
  return fmt::format("{}{}-{:016x}", dir, kRecordName, PathHash(relative));
}

Status CheckIndexRecord(const std::optional<std::string>& record_path, const std::string& index_path,
                        const ContentKey& key) {
  if (!record_path) return Status::Ok();
  Result<std::string> recorded = platform::ReadFile(*record_path);
  if (!recorded.ok()) {
    return Status::Io(fmt::format("not built in this checkout (no key recorded in {}; an index that came with "
                                  "a commit is never trusted)",
                                  *record_path));
  }
  const std::string now = Describe(index_path, key);
  if (Line(*recorded, 0) != Line(now, 0)) {
    return Status::Io(fmt::format("not built in this checkout (its key is not the one recorded in {}; an index "
                                  "that came with a commit is never trusted)",
                                  *record_path));
  }
  if (Line(*recorded, 1) != Line(now, 1)) {
    return Status::Io(fmt::format("changed outside kittylog (index.db is not the file {} records: a checkout, a "
                                  "copy or an edit replaced or changed it)",
                                  *record_path));
  }
  if (Line(*recorded, 2) != Line(now, 2)) {
    return Status::Io(fmt::format("changed outside kittylog (index.db-wal is not the one {} records: a checkout, a "
                                  "copy or an edit replaced or changed it)",
                                  *record_path));
  }
  return Status::Ok();
}

Status RecordIndex(const std::optional<std::string>& record_path, const std::string& index_path,
                   const ContentKey& key, uint64_t index_inode, uint64_t wal_inode) {
  if (!record_path) return Status::Ok();
  // The files at the paths must be the ones this process holds open (an open file keeps its
  // inode number, so no new file can have it): a checkout that replaced either meanwhile is
  // never recorded as ours.
  auto ours = [&] {
    return platform::Stat(index_path).inode == index_inode && platform::Stat(index_path + "-wal").inode == wal_inode;
  };
  if (!ours()) return Status::Io("index.db or its WAL was replaced while this process had them open");
  const std::string now = Describe(index_path, key);
  if (!ours()) return Status::Io("index.db or its WAL was replaced while this process had them open");
  if (Result<std::string> recorded = platform::ReadFile(*record_path); recorded.ok() && *recorded == now) {
    return Status::Ok();
  }
  const std::string dir = platform::DirName(*record_path);
  // The git dir is the user's own (git never checks a commit out into it): links in it are
  // theirs. A git dir that is gone (a worktree whose main repository moved) is not made again.
  if (!platform::IsDirectory(platform::DirName(dir), platform::Links::kFollow)) {
    return Status::Io(fmt::format("{}: no such git dir", platform::DirName(dir)));
  }
  KL_RETURN_IF_ERROR(platform::MakeDirectories(dir, platform::Links::kFollow));
  return platform::AtomicReplace(*record_path, now, /*sync_directory=*/false, /*sync_file=*/false);
}

}  // namespace kittylog::index_internal
