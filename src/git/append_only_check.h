// pre-commit's append-only rule for ordinary commits (DESIGN §9; docs/git-integration.md): a
// commit must not drop or change an event that HEAD holds. Every event line (by event_id) of a
// daily file of HEAD that the commit changes or deletes must still be in the staged log with the
// same bytes (as the reader sees them: a CR before the "\n" and a leading byte order mark are
// not part of the line). A duplicate copy and a line that is not an event may go (that is what
// `kittylog repair` does); for an id with several versions in HEAD (a merge conflict), keeping
// any one of them is enough. `git commit --no-verify` is the deliberate way round.
// The check while a merge is concluded (MERGE_HEAD) is a different rule and lives elsewhere.
// Reads the git index and HEAD only; not thread-safe (one GitRepository).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "git/repository.h"

namespace kittylog::git {

struct LostEvent {
  std::string file;      // ".kittify/events/2026-01-27.jsonl" (where HEAD has it)
  std::string event_id;
  int64_t clock = 0;
  bool changed = false;  // still there with other bytes (else: missing)
};

// The events of HEAD the staged state would lose, in HEAD's file and line order.
Result<std::vector<LostEvent>> FindLostEvents(const GitRepository& repo, const std::vector<StagedFile>& staged);

}  // namespace kittylog::git
