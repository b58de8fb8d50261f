// pre-commit while a merge is being concluded (DESIGN §9): with MERGE_HEAD present, the staged
// event files must hold every event of HEAD and of each commit MERGE_HEAD names. This catches a
// merge driver that failed to start (git then leaves our side alone in the file, with no
// conflict markers) and a hand resolution that dropped lines; `git commit --no-verify` is the
// deliberate way round. The comparison is MissingEvents (lost_events.h), so what a shallow
// clone or a non-regular entry keeps from being checked is named, never refused.
// Reads only; not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "git/repository.h"

namespace kittylog::git {

struct StagedMergeCheck {
  bool refused = false;
  std::vector<std::string> messages;  // lines for stderr, "kittylog: pre-commit: ..."
};

// Nothing to say (and not refused) when no merge is in progress.
StagedMergeCheck CheckStagedMerge(const GitRepository& repo);

}  // namespace kittylog::git
