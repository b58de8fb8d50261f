// The commits of a range of history, newest first (DESIGN §9: `verify --history [RANGE]` and the
// hooks check the commits that enter a checkout; docs/git-integration.md).
//
// WalkCommits lists the commits reachable from `tips` and not from `hidden` (git's `A..B`),
// newest first by committer time, at most `limit` of them. It walks parents itself rather than
// through libgit2's revwalk, which in libgit2 1.5 aborts the whole walk at the first missing
// parent: a shallow clone's oldest commits have parents that are not in the repository. Here a
// missing commit ends its line of history and is named in `missing`. Like git, the walk stops
// once no commit that may be listed is left to visit, painting hidden commits as it goes in
// committer-time order (a commit whose clock ran far behind its parents' can be listed although
// hidden, as with git's own walk; listing one commit too many is harmless to a check).
// ParseRange reads `REV`, `A..B` and `A...B` (both sides, without their merge bases).
// Not thread-safe (one GitRepository per thread); failures are kIo, or kRefused for a range
// that names nothing.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "base/status.h"
#include "git/event_blobs.h"
#include "git/repository.h"

namespace kittylog::git {

struct CommitRange {
  std::vector<std::string> tips;    // full hex ids
  std::vector<std::string> hidden;
};

// An empty `spec` is HEAD (no commits when HEAD is unborn).
Result<CommitRange> ParseRange(const GitRepository& repo, const std::string& spec);

struct WalkResult {
  std::vector<CommitInfo> commits;   // newest first
  std::vector<std::string> missing;  // commits named by a listed commit but not in the repository
  bool truncated = false;            // `limit` was reached before the walk ended
};

Result<WalkResult> WalkCommits(const GitRepository& repo, const CommitRange& range,
                               size_t limit = std::numeric_limits<size_t>::max());

}  // namespace kittylog::git
