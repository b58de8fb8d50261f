// git's configuration read the way git reads it, without libgit2 (DESIGN §9; docs/cli.md,
// "Actor"): a command on the hot path (emit, wp, gate, spec) needs one or two keys, and starting
// libgit2 costs more than the whole command. libgit2 1.5 also ignores GIT_CONFIG_GLOBAL,
// GIT_CONFIG_SYSTEM and GIT_CONFIG_NOSYSTEM, so its answer could differ from git's.
//
// Files, in git's order (git-config(1), "FILES"; a later value wins):
//   1. system: $GIT_CONFIG_SYSTEM, else /etc/gitconfig; skipped when GIT_CONFIG_NOSYSTEM is true;
//   2. global: $GIT_CONFIG_GLOBAL alone when set, else $XDG_CONFIG_HOME/git/config (or
//      ~/.config/git/config) and then ~/.gitconfig;
//   3. local: <common dir>/config; 4. worktree: <git dir>/config.worktree when
//      extensions.worktreeConfig is true;
//   5. command line: GIT_CONFIG_COUNT / GIT_CONFIG_KEY_<n> / GIT_CONFIG_VALUE_<n>, then
//      GIT_CONFIG_PARAMETERS (what `git -c` hands to hooks and aliases).
// include.path and includeIf "gitdir:", "gitdir/i:" and "onbranch:" are followed (10 levels
// deep, as git); "hasconfig:" conditions are not evaluated (never true here). Missing files are
// skipped; a syntax error ends the reading of its file (git would refuse to run; this reader
// keeps what came before). Reads files only; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "git/checkout_probe.h"

namespace kittylog::git {

class GitConfig {
 public:
  // Every file git reads for `checkout`; nullptr outside a repository (no local, worktree or
  // conditional files).
  static GitConfig Load(const Checkout* checkout);

  // Parses `text` as one config file at `path` (includes resolved against it): for tests.
  static GitConfig FromText(std::string_view text, const std::string& path);

  // The last value of `key` ("section.name" or "section.subsection.name"; section and name are
  // case-insensitive, the subsection is not). A key written without "=" reads as "true".
  std::optional<std::string> Get(std::string_view key) const;

  // git's booleans: true/yes/on/non-zero numbers, false/no/off/0/empty; `fallback` otherwise.
  bool GetBool(std::string_view key, bool fallback) const;

 private:
  friend class ConfigParser;
  std::vector<std::pair<std::string, std::string>> entries_;  // (canonical key, value) in order read
};

// A GIT_CONFIG_NOSYSTEM-style environment boolean (unset: false).
bool EnvironmentBool(const char* name);

}  // namespace kittylog::git
