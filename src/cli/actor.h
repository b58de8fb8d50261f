// Who is acting: --actor, else $KITTYLOG_ACTOR, else the git user (user.name of the
// repository's config), else the OS user, else "unknown" (DESIGN §10; docs/cli.md).
#pragma once

#include <string>

#include "event/log_layout.h"

namespace kittylog::cli {

std::string ResolveActor(const std::string& flag_value, const LogLayout& layout);

}  // namespace kittylog::cli
