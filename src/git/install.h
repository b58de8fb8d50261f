// `kittylog install` and `kittylog uninstall`: the git integration of one repository
// (DESIGN §1, §8, §9; docs/git-integration.md).
//
// Install is idempotent and reports each change it made (nothing when all is in place):
//   - `.gitattributes` gets `.kittify/events/*.jsonl merge=kittylog`, `.gitignore` the local files;
//   - the repository-level config gets merge.kittylog.{name,driver,recursive}, the driver named
//     as binaries.h says (bare when PATH finds it, else its absolute path, shell-quoted);
//   - the hooks directory git uses (core.hooksPath, else the common git dir) gets the shims,
//     chaining any hook that was there.
// It checks what could fail before changing anything (bare repository, hooks directory missing
// or read-only, kittylog-merge not found, a chained name already taken), and records what it
// changed (install_record.h) even when it fails halfway, so uninstall can always undo it.
// Uninstall restores every recorded file and config value byte for byte and leaves anything
// changed since install alone, saying so.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "git/repository.h"

namespace kittylog::git {

inline constexpr std::string_view kAttributesLine = ".kittify/events/*.jsonl merge=kittylog";
inline constexpr std::string_view kDriverSection = "merge.kittylog";

// How the shims and the config name the binaries: "kittylog" / "kittylog-merge" when PATH finds
// these very files, else their absolute paths (NameForGit in binaries.h).
struct Binaries {
  std::string kittylog;
  std::string merge_driver;
};

// The running kittylog and its merge driver (FindMergeDriver), named for git.
Result<Binaries> LocateBinaries();

// merge.kittylog.driver for `driver_path`: "<path> %O %A %B %L %P", the path shell-quoted and
// its '%' doubled (git expands %-placeholders in the command).
std::string MergeDriverCommand(const std::string& driver_path);
// The driver path back out of such a command.
std::string DriverPathFromCommand(std::string_view command);

// The three merge.kittylog.* keys and the values install writes.
std::vector<std::pair<std::string, std::string>> DriverSettings(const std::string& driver_path);

struct InstallReport {
  std::vector<std::string> changes;  // one line per change, e.g. "hooks: wrote .git/hooks/post-merge"
  std::vector<std::string> notes;    // things left alone, with why
};

Result<InstallReport> Install(const GitRepository& repo, const Binaries& binaries);
Result<InstallReport> Uninstall(const GitRepository& repo);

// `path` relative to the work tree when inside it, else as is (for messages).
std::string DisplayPath(const GitRepository& repo, const std::string& path);

}  // namespace kittylog::git
