// Who is acting: --actor, else $KITTYLOG_ACTOR, else the author name git would record for a
// commit in the work tree ($GIT_AUTHOR_NAME, author.name, user.name: git/author_name.h, read
// without libgit2), else the OS user, else "unknown" (DESIGN §10; docs/cli.md).
#pragma once

#include <string>

#include "event/log_layout.h"

namespace kittylog::cli {

std::string ResolveActor(const std::string& flag_value, const LogLayout& layout);

}  // namespace kittylog::cli
