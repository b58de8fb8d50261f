#include "git/checkout_probe.h"

#include <unistd.h>

#include <cstdlib>

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

}  // namespace

std::optional<Checkout> ProbeCheckout(const std::string& start) {
  std::string dir = Absolute(start, ".");
  if (const char* git_dir = std::getenv("GIT_DIR"); git_dir != nullptr && *git_dir != '\0') {
    const char* work_tree = std::getenv("GIT_WORK_TREE");
    return Checkout{work_tree != nullptr && *work_tree != '\0' ? Absolute(work_tree, dir) : dir,
                    Absolute(git_dir, dir)};
  }
  for (;;) {
    std::string dot_git = platform::JoinPath(dir, ".git");
    if (platform::IsDirectory(dot_git, platform::Links::kFollow)) return Checkout{dir, dot_git};
    if (platform::Stat(dot_git).exists) {
      std::optional<std::string> git_dir = GitDirFromFile(dot_git, dir);
      if (!git_dir) return std::nullopt;
      return Checkout{dir, *git_dir};
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
