// Where the kittylog binaries are, and how to name them to a shell (DESIGN §8, §9).
//
// Hook shims and the merge-driver config carry absolute paths so that they work when git runs
// them with a minimal PATH; the paths come from /proc/self/exe, never from argv[0] or PATH.
// Pure functions over the file system; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kittylog::git {

// Absolute path of the running executable (/proc/self/exe).
Result<std::string> SelfExecutable();

// The merge driver to configure: $KITTYLOG_MERGE_BINARY when set, else `kittylog-merge` next
// to the running kittylog, else the build tree's ../../mergedriver/kittylog-merge, else the
// one on PATH. Fails (kIo) naming the places it looked.
Result<std::string> FindMergeDriver();

// Whether `path` names an executable regular file (or a symlink to one).
bool IsExecutableFile(const std::string& path);

// `text` quoted for /bin/sh when it holds anything but [A-Za-z0-9_/.,:+=@-] (single quotes,
// with ' written as '\'').
std::string ShellQuote(std::string_view text);

// The first word of a shell command line, unquoted (the inverse of ShellQuote for one word).
std::string FirstShellWord(std::string_view command);

}  // namespace kittylog::git
