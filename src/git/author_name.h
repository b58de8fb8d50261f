// The author name git would record for a commit made in a directory, found without libgit2
// (DESIGN §10, the actor; docs/cli.md, "Actor"): $GIT_AUTHOR_NAME when set and not empty, else
// author.name, else user.name, from the config files git reads there (config_reader.h). git
// falls back to the passwd entry after that; the caller decides its own fallback.
// Reads files and the environment; thread-safe.
#pragma once

#include <string>

namespace kittylog::git {

// "" when git has no configured name for a commit made in `directory`.
std::string GitAuthorName(const std::string& directory);

}  // namespace kittylog::git
