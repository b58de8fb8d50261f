// Reading and writing one git config file through libgit2: the repository-level config that
// every worktree reads, where install writes the merge driver (DESIGN §8, §9).
//
// install writes this file by path rather than "the local level" of the repository's config:
// with `extensions.worktreeConfig` git's `--local` still means this file, and libgit2 1.5 has no
// worktree level to confuse it with. libgit2 keeps the rest of the file's bytes as they are.
// Not thread-safe. Failures are Status::Io naming the file and key.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

struct git_config;

namespace kittylog::git {

class ConfigFile {
 public:
  static Result<std::unique_ptr<ConfigFile>> Open(const std::string& path);
  ~ConfigFile();
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;

  std::optional<std::string> Get(const std::string& key) const;
  Status Set(const std::string& key, const std::string& value);
  Status Delete(const std::string& key);
  // Whether any key matching the extended regular expression is set in this file
  // (e.g. "^merge\\.kittylog\\.").
  bool HasKeysMatching(const std::string& regex) const;
  const std::string& path() const { return path_; }

 private:
  ConfigFile(git_config* config, std::string path) : config_(config), path_(std::move(path)) {}
  git_config* config_;
  std::string path_;
};

// Deletes the header lines of `header` (e.g. `[merge "kittylog"]`) that have no keys under them:
// libgit2 keeps a section's header after its last key is deleted, and uninstall must leave the
// file as it was.
Status RemoveEmptySection(const std::string& path, std::string_view header);

}  // namespace kittylog::git
