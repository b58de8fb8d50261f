#include "index/index_identity.h"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "git/checkout_probe.h"
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

Status CheckIndexKey(const std::optional<std::string>& record_path, const ContentKey& key) {
  if (!record_path) return Status::Ok();
  Result<std::string> recorded = platform::ReadFile(*record_path);
  std::string_view text = recorded.ok() ? std::string_view(*recorded) : std::string_view();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Result<ContentKey> parsed = ParseContentKey(text);
  if (parsed.ok() && *parsed == key) return Status::Ok();
  return Status::Io(fmt::format("not built in this checkout ({} {}; an index that came with a commit is "
                                "never trusted)",
                                recorded.ok() ? "its key is not the one recorded in" : "no key recorded in",
                                *record_path));
}

Status RecordIndexKey(const std::optional<std::string>& record_path, const ContentKey& key) {
  if (!record_path) return Status::Ok();
  // The git dir is the user's own (git never checks a commit out into it): links in it are theirs.
  KL_RETURN_IF_ERROR(platform::MakeDirectories(platform::DirName(*record_path), platform::Links::kFollow));
  return platform::AtomicReplace(*record_path, FormatContentKey(key) + "\n", /*sync_directory=*/false,
                                 /*sync_file=*/false);
}

}  // namespace kittylog::index_internal
