#include "git/hook_shim.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "git/binaries.h"
#include "hooks/shim_text.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

bool Exists(const std::string& path) {
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0;
}

Status RenameNoReplace(const std::string& from, const std::string& to) {
  if (Exists(to)) return Status::Io(fmt::format("{}: already exists; move it away, then run the command again", to));
  if (int err = platform::Rename(from, to)) {
    return Status::Io(fmt::format("{}: cannot rename to {}: {}", from, to, std::strerror(err)));
  }
  return Status::Ok();
}

Status WriteShim(const std::string& path, std::string_view name, const std::string& kittylog_path) {
  KL_RETURN_IF_ERROR(platform::AtomicReplace(path, ShimText(name, kittylog_path)));
  if (::chmod(path.c_str(), 0755) != 0) {
    return Status::Io(fmt::format("{}: cannot make the hook executable: {}", path, std::strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace

// The shim is hooks/shim.sh (kShimHead) plus the pre-commit or post-* ending
// (hooks/shim.*.tail), embedded at build time; `@NAME@`, `@KITTYLOG@` (already shell-quoted)
// and `@WHERE@` are filled in. The chained hook runs first with git's arguments and stdin. A
// POSIX sh script among them runs with $0 = this hook's own path, as if git had run it here:
// husky's `. "$(dirname "$0")/h"` and `basename "$0"` keep finding their files. Other hooks
// (bash, python, binaries) are executed directly, unchanged. A chained hook that runs this hook
// again (husky 4-8 re-execute "$0") finds KITTYLOG_HOOK_SHIM set and only gets its own body.
// The chained hook is found by the shim's own name (@NAME@), not by $0: a hook that was a
// symlink to another hook (post-checkout -> post-merge) is chained as that link, which now
// leads to the other shim; sourced with $0 = post-checkout, that shim runs post-merge's chained
// hook (what the link meant), never post-checkout's again. KITTYLOG_HOOK_DEPTH bounds any other
// loop a hook manager or a user's script can build: past 8 nested shims nothing more runs.
std::string ShimText(std::string_view name, const std::string& kittylog_path) {
  std::string where;
  if (kittylog_path.find('/') == std::string::npos) {
    // A bare name (binaries.h: PATH found it at install time) is looked up on PATH only, so a
    // `kittylog` file in the directory git runs the hook in is never taken for it.
    where = "not on PATH";
  } else {
    // Inside a double-quoted echo: only ", \, $ and ` are special there.
    where = "not at ";
    for (char c : kittylog_path) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') where += '\\';
      where += c;
    }
    where += " nor on PATH";
  }
  std::string text(hooks::kShimHead);
  text += name == "pre-commit" ? hooks::kShimPreCommitTail : hooks::kShimPostTail;
  // One pass over the template: a path holding "@NAME@" is copied, never expanded.
  const std::pair<std::string_view, std::string> values[] = {
      {"@NAME@", std::string(name)}, {"@KITTYLOG@", ShellQuote(kittylog_path)}, {"@WHERE@", where}};
  std::string filled;
  for (size_t at = 0; at < text.size();) {
    bool replaced = false;
    for (const auto& [key, value] : values) {
      if (text.compare(at, key.size(), key) == 0) {
        filled += value;
        at += key.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) filled += text[at++];
  }
  return filled;
}

bool IsShim(const std::string& path) {
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > 64 * 1024) return false;
  Result<std::string> bytes = platform::ReadFile(path);
  return bytes.ok() && bytes->find(kShimMarker) != std::string::npos && bytes->find(kShimMarker) < 200;
}

std::string ShimKittylogPath(const std::string& path) {
  if (!IsShim(path)) return "";
  Result<std::string> bytes = platform::ReadFile(path);
  if (!bytes.ok()) return "";
  size_t at = bytes->find("\nkittylog=");
  if (at == std::string::npos) return "";
  size_t start = at + 10;
  size_t end = bytes->find('\n', start);
  return FirstShellWord(std::string_view(*bytes).substr(start, end - start));
}

Result<ShimResult> InstallShim(const std::string& directory, std::string_view name, const std::string& kittylog_path) {
  const std::string path = platform::JoinPath(directory, std::string(name));
  const std::string chained = path + std::string(kChainedSuffix);
  ShimResult result;
  if (Exists(chained)) result.chained_path = chained;
  if (IsShim(path)) {
    Result<std::string> bytes = platform::ReadFile(path);
    struct stat info;
    bool executable = ::stat(path.c_str(), &info) == 0 && (info.st_mode & 0111) == 0111;
    if (bytes.ok() && *bytes == ShimText(name, kittylog_path) && executable) return result;
    KL_RETURN_IF_ERROR(WriteShim(path, name, kittylog_path));
    result.action = ShimAction::kUpdated;
    return result;
  }
  if (Exists(path)) {
    // rename(2) moves a symlink itself, so a symlinked hook stays a symlink, byte for byte.
    KL_RETURN_IF_ERROR(RenameNoReplace(path, chained));
    Status written = WriteShim(path, name, kittylog_path);
    if (!written.ok()) {
      (void)platform::Rename(chained, path);  // put the user's hook back
      return written;
    }
    result.action = ShimAction::kChained;
    result.chained_path = chained;
    return result;
  }
  KL_RETURN_IF_ERROR(WriteShim(path, name, kittylog_path));
  result.action = ShimAction::kCreated;
  return result;
}

Result<UnshimAction> RemoveShim(const std::string& directory, std::string_view name) {
  const std::string path = platform::JoinPath(directory, std::string(name));
  const std::string chained = path + std::string(kChainedSuffix);
  if (IsShim(path)) {
    if (int err = platform::RemoveFile(path)) {
      return Status::Io(fmt::format("{}: cannot remove the hook shim: {}", path, std::strerror(err)));
    }
    if (!Exists(chained)) return UnshimAction::kRemoved;
    KL_RETURN_IF_ERROR(RenameNoReplace(chained, path));
    return UnshimAction::kRestored;
  }
  if (Exists(path)) return Exists(chained) ? UnshimAction::kForeignKept : UnshimAction::kAbsent;
  if (Exists(chained)) {
    KL_RETURN_IF_ERROR(RenameNoReplace(chained, path));
    return UnshimAction::kRestored;
  }
  return UnshimAction::kAbsent;
}

}  // namespace kittylog::git
