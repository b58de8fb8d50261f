#include "git/staged_merge_check.h"

#include <git2/sys/index.h>

#include <set>

#include <fmt/format.h>

#include "event/log_layout.h"
#include "git/event_blobs.h"
#include "git/libgit2_handles.h"
#include "git/lost_events.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr size_t kMaxListed = 10;

// The commits a merge in progress brings in: the ids MERGE_HEAD lists (several for an octopus).
std::vector<std::string> MergeHeads(const GitRepository& repo) {
  std::vector<std::string> heads;
  Result<std::string> text = platform::ReadFile(repo.git_dir() + "/MERGE_HEAD");
  if (!text.ok()) return heads;
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    if (!line.empty()) heads.emplace_back(line);
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return heads;
}

// Whether git recorded a conflict at `path` in this merge (its resolve-undo entry, kept after
// `git add`): then `git checkout --merge` can merge the file again; otherwise git merged it
// cleanly and the dropped lines are a later edit.
bool ConflictRecorded(const GitRepository& repo, const std::string& path) {
  Result<GitIndexHandle> index = repo.OpenStagedIndex();
  return index.ok() && git_index_reuc_get_bypath(index->get(), path.c_str()) != nullptr;
}

}  // namespace

StagedMergeCheck CheckStagedMerge(const GitRepository& repo) {
  StagedMergeCheck result;
  std::vector<std::string> parents = MergeHeads(repo);
  if (parents.empty()) return result;
  auto note = [&](const std::string& what) {
    result.messages.push_back(fmt::format("kittylog: pre-commit: {} (events not checked)", what));
  };
  Result<std::string> head = ResolveCommit(repo, "HEAD");
  if (head.ok()) parents.insert(parents.begin(), *head);
  Result<EventBlobs> staged = StagedEventBlobs(repo);
  if (!staged.ok()) {
    note(staged.status().message());
    return result;
  }
  std::vector<MissingEvent> missing;
  std::set<std::string> seen, notes;
  for (const std::string& parent : parents) {
    Result<std::string> commit = ResolveCommit(repo, parent);
    Result<std::optional<CommitInfo>> found =
        commit.ok() ? FindCommit(repo, *commit) : Result<std::optional<CommitInfo>>(commit.status());
    if (!found.ok() || !*found) {
      notes.insert(fmt::format("{}: not in the repository", ShortId(parent)));
      continue;
    }
    Result<EventBlobs> blobs = CommitEventBlobs(repo, *commit);
    Result<MissingReport> report = blobs.ok() ? MissingEvents(repo, *blobs, *staged) : Result<MissingReport>(blobs.status());
    if (!report.ok()) {
      notes.insert(report.status().message());
      continue;
    }
    notes.insert(report->not_checked.begin(), report->not_checked.end());
    for (MissingEvent& event : report->missing) {
      if (seen.insert(event.event_id).second) missing.push_back(std::move(event));
    }
  }
  for (const std::string& text : notes) note(text);
  if (missing.empty()) return result;
  result.refused = true;
  std::set<std::string> files;
  for (const MissingEvent& event : missing) files.insert(RelativeEventFile(event.file));
  std::string paths, listed;
  bool remergeable = true;
  for (const std::string& file : files) {
    paths += " " + file;
    listed += (listed.empty() ? "" : ", ") + file;
    remergeable = remergeable && ConflictRecorded(repo, file);
  }
  result.messages.push_back(fmt::format(
      "kittylog: pre-commit: this merge drops {} event{} of its parents from the staged event files:", missing.size(),
      missing.size() == 1 ? "" : "s"));
  for (size_t i = 0; i < missing.size() && i < kMaxListed; ++i) {
    result.messages.push_back(fmt::format("  {} ({} in {})", missing[i].event_id, RelativeEventFile(missing[i].file),
                                          missing[i].from_label));
  }
  if (missing.size() > kMaxListed) result.messages.push_back(fmt::format("  ... and {} more", missing.size() - kMaxListed));
  // Why the lines are gone is not knowable here (a hand resolution, `-X ours`, a driver that
  // did not run): name what is missing and the ways out, and let doctor judge the driver.
  const std::string way_out =
      remergeable ? fmt::format("merge again with `git checkout --merge --{}`, then `git add{}` and commit", paths, paths)
                  : "`git merge --abort` and merge again";
  result.messages.push_back(fmt::format(
      "kittylog: commit refused: the staged {} {} events of the merge's parents (a hand resolution, `-X ours` "
      "or `-X theirs`, or a merge driver that did not run: `kittylog doctor` checks it); {} (or commit with "
      "--no-verify and run `kittylog repair --rev HEAD`)",
      listed, files.size() == 1 ? "lacks" : "lack", way_out));
  return result;
}

}  // namespace kittylog::git
