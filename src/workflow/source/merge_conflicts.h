// The reducer's reading of a merge commit for `kittylog conflicts --rev REV` (DESIGN §6 (b), §10;
// docs/merge-rules.md): given the events each side added since the merge base (git reads them:
// git/merge_history.h), the merge commit's own log, and the events the merge lost
// (git/lost_events.h: a merge made without the driver), the entities both sides changed, each
// group resolved by the one reducer's rules (workflow/resolution.h). A work package's lane is
// the one the reducer gives it replaying the merge commit's log, so the winner named here is the
// one the board shows at that commit (DESIGN §6 (c) makes the two agree whatever the clocks).
// A lost event never wins: the winner is always an event in the merge's tree (DESIGN §9).
// A pure function of its arguments; thread-safe; no errors.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "event/event.h"
#include "workflow/reducer.h"

namespace kittylog {

// One entity and aspect both sides of the merge changed.
struct MergeConflict {
  std::vector<Event> ours;    // its events on the first parent's side, in the side's order
  std::vector<Event> theirs;  // on the second parent's side
  ResolvedConflict resolution;  // rule "lost" (no winner) when the merge lost every one of them
};

// In ConcurrencyKey order (workflow/resolution.h).
std::vector<MergeConflict> ResolveMergeConflicts(const std::vector<Event>& ours, const std::vector<Event>& theirs,
                                                 const std::vector<Event>& merged,
                                                 const std::unordered_set<std::string>& lost);

}  // namespace kittylog
