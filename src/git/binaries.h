// Where the kittylog binaries are, and how to name them to git (DESIGN §1, §8, §9;
// docs/install.md "How repositories name the binaries").
//
// The merge-driver config and the hook shims name a binary by its bare name when PATH finds
// that very file (an installed kittylog: an upgrade or a move of the install keeps existing
// repositories working), else by its absolute path (a build tree, a copy outside PATH). The
// running binary comes from /proc/self/exe, never from argv[0]; the driver is its sibling.
// Pure functions over the file system and the environment; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kittylog::git {

inline constexpr std::string_view kKittylogName = "kittylog";
inline constexpr std::string_view kMergeDriverName = "kittylog-merge";

// Absolute path of the running executable (/proc/self/exe).
Result<std::string> SelfExecutable();

// The merge driver to configure, as an absolute path: $KITTYLOG_MERGE_BINARY when set, else
// `kittylog-merge` next to the running kittylog (installed side by side; the build tree keeps
// a link there too), else the one on PATH. Fails (kIo) naming the places it looked.
Result<std::string> FindMergeDriver();

// The absolute path of the executable PATH finds for `name` (only absolute PATH entries are
// searched), or "" when there is none.
std::string FindOnPath(std::string_view name);

// `name` when PATH finds the very file `absolute_path` names (same device and inode), else
// `absolute_path`: how config and shims should name the binary.
std::string NameForGit(const std::string& absolute_path, std::string_view name);

// The executable a config value or shim names: a word with a '/' as is, a bare name through
// PATH (FindOnPath; "" when PATH has none).
std::string ResolveCommand(const std::string& word);

// Whether `path` names an executable regular file (or a symlink to one).
bool IsExecutableFile(const std::string& path);

// `text` in single quotes for /bin/sh, with ' written as '\'' (the one quoting rule: the hook
// shim's command lines and the completion scripts' words).
std::string SingleQuoted(std::string_view text);

// `text` as it is when it holds only [A-Za-z0-9_/.,:+=@-], else SingleQuoted.
std::string ShellQuote(std::string_view text);

// The first word of a shell command line, unquoted (the inverse of ShellQuote for one word).
std::string FirstShellWord(std::string_view command);

}  // namespace kittylog::git
