// Running the real `git` for the few answers where only git itself is the truth (DESIGN §9):
// `git check-attr` resolves attributes exactly as the next merge will (work tree files first,
// then the index, info/attributes, core.attributesFile), which libgit2 1.5 gets wrong for an
// emptied .gitattributes.
// Runs `git -C DIR ARGS...` found on PATH, stdin from /dev/null, with a bounded output; never
// through a shell. Thread-compatible (fork/exec). Failures are Status::Io naming the command.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace kittylog::git {

struct GitOutput {
  int exit_code = -1;
  std::string out;  // stdout, at most 1 MiB
};

Result<GitOutput> RunGit(const std::string& directory, const std::vector<std::string>& args);

// The value git resolves for attribute `attribute` of `path` (relative to the work tree):
// "unspecified", "set", "unset" or the value, as `git check-attr` prints it.
Result<std::string> GitCheckAttr(const std::string& work_tree, const std::string& path, const std::string& attribute);

}  // namespace kittylog::git
