// `kittylog verify --history [RANGE]` (DESIGN §9, §10; docs/git-integration.md "Merges that lost
// events"): the commits of RANGE (git's `REV`, `A..B`, `A...B`; default all of HEAD's history)
// that lost events of a parent which the work tree's log still lacks. Each such commit is one
// problem line; what could not be checked (a shallow clone's missing parents, event files that
// are not regular files) is a note, never a problem.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog::cli {

struct HistoryFindings {
  size_t commits_checked = 0;
  size_t repaired = 0;                  // commits whose lost events are back in the work tree
  std::vector<std::string> problems;    // "merge 1234567890ab lost 2 events of its parents: ..."
  std::vector<std::string> notes;       // "... not checked (...)"
};

// Fails with kIo outside a git repository, kRefused when RANGE names nothing.
Result<HistoryFindings> VerifyHistory(const LogLayout& layout, const std::string& range);

}  // namespace kittylog::cli
