// The daily event files of one version of the log inside git: a commit's tree or the staged
// index (DESIGN §9 "a merge made without the driver can also drop events"; docs/git-integration.md).
//
// EventBlobs names each daily file (`.kittify/events/YYYY-MM-DD.jsonl`) of that version with its
// blob id, so that two versions are compared by id before any byte is read. What is not a
// regular file there (a symbolic link, a submodule, a directory, or an events "directory" that
// is itself not a directory) is never read: it is listed in `skipped` with what it is, so a
// check can name what it could not look at (DESIGN §1, §12: a teammate's branch is untrusted).
// FindCommit tells a commit that is not in the repository (the parents of a shallow clone's
// oldest commits) from one that is. Not thread-safe (one GitRepository per thread); failures
// are kIo values naming the object.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "git/repository.h"

namespace kittylog::git {

inline constexpr const char* kEventsDirectory = ".kittify/events";

struct EventBlobs {
  std::string label;                             // "1234567890ab" (a commit) or "the staged index"
  std::map<std::string, std::string> files;      // daily file name -> blob id (hex), regular files only
  std::map<std::string, std::string> skipped;    // daily file name -> what it is instead ("a symbolic link")
  std::string unreadable;                        // why .kittify/events itself was not read ("" when it was)
};

// A commit and its parents (full hex ids), as recorded in the commit object.
struct CommitInfo {
  std::string id;
  std::vector<std::string> parents;
  int64_t time = 0;  // committer time, seconds since the epoch
};

// The commit `id` names (full hex), or nullopt when the repository lacks it (a shallow clone).
Result<std::optional<CommitInfo>> FindCommit(const GitRepository& repo, const std::string& id);

// The full hex id of the commit `rev` names (kRefused when it names none; peels tags).
Result<std::string> ResolveCommit(const GitRepository& repo, const std::string& rev);

Result<EventBlobs> CommitEventBlobs(const GitRepository& repo, const std::string& commit_id);

// The stage-0 entries of the git index ($GIT_INDEX_FILE when git hands a hook one).
Result<EventBlobs> StagedEventBlobs(const GitRepository& repo);

// A daily file the git index holds unmerged: a git command stopped on a conflict there and
// recorded the versions as stages (1 base, 2 ours, 3 theirs). `git cherry-pick` and `git stash
// pop` stop so, with no driver called, when one side lacks a daily file the other changed
// (modify/delete; DESIGN §9). A stage that is not a regular file is never read: the file is
// listed with `not_regular` saying which and what it is, and its blob ids are left out.
struct UnmergedEventFile {
  std::string name;                          // "2026-01-27.jsonl"
  std::optional<std::string> stages[3];      // blob ids of base, ours, theirs (nullopt: absent)
  std::string not_regular;                   // "its theirs version is a symbolic link" ("" when none)
  // git status's words for the conflict: "deleted by us", "both modified", "added by them", ...
  std::string State() const;
};

// The unmerged daily files of the repository's git index ($GIT_INDEX_FILE when set), by name.
Result<std::vector<UnmergedEventFile>> UnmergedEventFiles(const GitRepository& repo);

Result<std::string> ReadBlob(const GitRepository& repo, const std::string& blob_id);

// "1234567890ab": the short form every message uses.
inline std::string ShortId(const std::string& id) { return id.substr(0, 12); }

}  // namespace kittylog::git
