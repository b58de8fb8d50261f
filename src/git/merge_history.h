// The two sides of a merge commit, read from git history through libgit2 (DESIGN §6 (b);
// `kittylog conflicts --rev`; docs/merge-rules.md).
//
// Concurrency that equal clocks cannot show: events added on the two sides of a merge since
// their merge base. ReadMergeSides opens the repository around `directory`, resolves `rev` to a
// merge commit, finds the merge bases of its first two parents and reads the daily files
// (.kittify/events/YYYY-MM-DD.jsonl) of their trees. Two sides can share several merge bases
// (a criss-cross history): git's recursive merge then merges them into a virtual base, whose
// events, as the driver merges it, are all of theirs; so the base here is every merge base's
// events together. An event both sides hold (added to both, e.g. by cherry-pick) is neither
// side's change, as in the driver's report. It works for merges made anywhere
// (locally, by a server) since it only reads commits. Lines that are not events are skipped and
// reported in `problems` ("<commit>:<path>:<line>: reason"; those of the merge commit's own log
// are its parents' and are not repeated).
// Errors: kRefused when `rev` names nothing in the repository or not a merge commit; kIo when
// there is no repository or an object cannot be read. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"

namespace kittylog::git {

struct MergeSides {
  std::string merge_commit;               // full hex ids
  std::vector<std::string> parents;       // the first two parents
  std::string base_commit;                // the first merge base; empty when the parents share no history
  std::vector<std::string> base_commits;  // every merge base (more than one: a criss-cross)
  std::vector<Event> ours;                // in the first parent's log, not in the base's (total order)
  std::vector<Event> theirs;              // in the second parent's log, not in the base's
  std::vector<Event> merged;              // the merge commit's own log (what its board replays)
  std::vector<std::string> problems;
};

Result<MergeSides> ReadMergeSides(const std::string& directory, const std::string& rev);

}  // namespace kittylog::git
