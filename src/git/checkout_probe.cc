#include "git/checkout_probe.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "platform/file_io.h"

namespace kittylog::git {
namespace {

std::string Absolute(const std::string& path, const std::string& base) {
  std::string joined = path.starts_with('/') ? path : platform::JoinPath(base, path);
  char resolved[4096];
  if (::realpath(joined.c_str(), resolved) != nullptr) return resolved;
  return joined;
}

// The git dir a `.git` file of a linked worktree points to ("gitdir: PATH").
std::optional<std::string> GitDirFromFile(const std::string& dot_git, const std::string& dir) {
  Result<std::string> text = platform::ReadFile(dot_git, platform::Links::kFollow);
  if (!text.ok() || !text->starts_with("gitdir: ")) return std::nullopt;
  std::string path = text->substr(8);
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  return Absolute(path, dir);
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool IsHexId(std::string_view text) {
  return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The id `ref` ("refs/heads/main") names in `common_dir`'s packed-refs, if any.
std::optional<std::string> PackedRef(const std::string& common_dir, std::string_view ref) {
  Result<std::string> packed = platform::ReadFile(common_dir + "/packed-refs");
  if (!packed.ok()) return std::nullopt;
  std::string_view rest = *packed;
  while (!rest.empty()) {
    size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (line.size() > 41 && line[40] == ' ' && line.substr(41) == ref && IsHexId(line.substr(0, 40))) {
      return std::string(line.substr(0, 40));
    }
  }
  return std::nullopt;
}

Checkout WithCommonDir(std::string work_tree, std::string git_dir) {
  std::string common_dir = git_dir;
  if (Result<std::string> common = platform::ReadFile(git_dir + "/commondir"); common.ok()) {
    common_dir = Absolute(FirstLine(*common), git_dir);
  }
  return Checkout{std::move(work_tree), std::move(git_dir), std::move(common_dir)};
}

}  // namespace

std::optional<std::string> ProbeHead(const Checkout& checkout) {
  Result<std::string> head = platform::ReadFile(checkout.git_dir + "/HEAD");
  if (!head.ok()) return std::nullopt;
  std::string line = FirstLine(*head);
  if (IsHexId(line)) return line;  // detached
  if (!line.starts_with("ref: refs/")) return std::nullopt;
  const std::string ref = line.substr(5);
  const std::string& common_dir = checkout.common_dir;
  for (const std::string& dir : {checkout.git_dir, common_dir}) {  // per-worktree refs first
    if (Result<std::string> loose = platform::ReadFile(dir + "/" + ref); loose.ok()) {
      std::string id = FirstLine(*loose);
      return IsHexId(id) ? std::optional<std::string>(id) : std::nullopt;
    }
  }
  return PackedRef(common_dir, ref);
}

std::optional<Checkout> ProbeCheckout(const std::string& start) {
  std::string dir = Absolute(start, ".");
  if (const char* git_dir = std::getenv("GIT_DIR"); git_dir != nullptr && *git_dir != '\0') {
    const char* work_tree = std::getenv("GIT_WORK_TREE");
    return WithCommonDir(work_tree != nullptr && *work_tree != '\0' ? Absolute(work_tree, dir) : dir,
                         Absolute(git_dir, dir));
  }
  return ProbeCheckoutOnDisk(dir);
}

std::optional<Checkout> ProbeCheckoutOnDisk(const std::string& start) {
  std::string dir = Absolute(start, ".");
  for (;;) {
    std::string dot_git = platform::JoinPath(dir, ".git");
    if (platform::IsDirectory(dot_git, platform::Links::kFollow)) return WithCommonDir(dir, dot_git);
    if (platform::Stat(dot_git).exists) {
      std::optional<std::string> git_dir = GitDirFromFile(dot_git, dir);
      if (!git_dir) return std::nullopt;
      return WithCommonDir(dir, *git_dir);
    }
    if (dir == "/" || dir.empty()) return std::nullopt;
    dir = platform::DirName(dir);
  }
}

bool RebaseInProgress(const Checkout& checkout) {
  if (platform::IsDirectory(checkout.git_dir + "/rebase-merge")) return true;
  return platform::IsDirectory(checkout.git_dir + "/rebase-apply") &&
         !platform::Stat(checkout.git_dir + "/rebase-apply/applying").exists;
}

}  // namespace kittylog::git
