// Which events of one version of the log another version lacks (DESIGN §9: every event of each
// parent must be in the commit; docs/git-integration.md "Merges that lost events").
//
// MissingEvents compares two EventBlobs (event_blobs.h) by event_id, the one identity of an
// event (DESIGN §6): an event of `from` is missing when no daily file of `in` holds an event
// with its id (other bytes under the same id are a conflict, not a loss). Cheap where history
// is ordinary: a file whose blob id is unchanged costs nothing, a file of `in` that starts with
// the bytes of `from`'s (an append) costs one comparison, and otherwise the lines past the
// longest common line prefix are compared as bytes (the driver keeps each line byte for byte);
// only lines of `from` that `in` lacks as they are get parsed. Files that either side could not show as regular files
// are not compared: `not_checked` names them, and none of their events is reported missing.
// CheckCommit applies the rule to a commit and each of its parents; a parent that is not in
// the repository (a shallow clone) is named in `not_checked`, never taken for a loss.
// Pre-commit (during a merge and for ordinary commits) calls MissingEvents with the staged index
// as `in`. Not thread-safe (one GitRepository per thread); failures are kIo (an object that
// cannot be read).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "git/event_blobs.h"
#include "git/repository.h"

namespace kittylog::git {

struct MissingEvent {
  std::string event_id;
  std::string file;        // daily file name in `from`
  std::string line;        // its line there, without "\n"
  std::string from_label;  // EventBlobs::label of `from` (the parent commit, short)
};

struct MissingReport {
  std::vector<MissingEvent> missing;     // in `from`'s file order, each id once
  std::vector<std::string> not_checked;  // "<what>: not checked (<why>)"
};

Result<MissingReport> MissingEvents(const GitRepository& repo, const EventBlobs& from, const EventBlobs& in);

struct CommitCheck {
  std::string commit;                    // full hex
  std::vector<std::string> parents;      // full hex
  std::vector<MissingEvent> lost;        // events of any parent the commit lacks, each id once
  std::vector<std::string> not_checked;
  bool merge() const { return parents.size() > 1; }
};

// `commit_id` is a full hex id of a commit in the repository.
Result<CommitCheck> CheckCommit(const GitRepository& repo, const std::string& commit_id);

// "merge 1234567890ab lost 2 events of its parents: 01KA..., 01KB... (restore them with
// `kittylog repair --rev 1234567890ab`)"; at most `max_ids` ids, then "and N more".
std::string DescribeLoss(const CommitCheck& check, size_t max_ids = 5);

}  // namespace kittylog::git
