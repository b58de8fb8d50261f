#include "git/merge_history.h"

#include <git2.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event_codec.h"
#include "event/line_reader.h"
#include "event/log_layout.h"
#include "git/event_blobs.h"
#include "git/libgit2_handles.h"
#include "git/repository.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

// Every event of the log in `commit`'s tree (absent directory: an empty log).
Result<std::vector<Event>> ReadLogAt(git_repository* repo, const git_oid& commit_id, std::vector<std::string>& problems) {
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo, &commit_id) != 0) return Status::Io("reading commit: " + LastGitError());
  CommitHandle commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) return Status::Io("reading tree: " + LastGitError());
  TreeHandle tree(raw_tree);
  std::vector<Event> events;
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree.get(), kEventsDirectory) != 0) return events;
  TreeEntryHandle entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return events;
  git_tree* raw_events = nullptr;
  if (git_tree_lookup(&raw_events, repo, git_tree_entry_id(entry.get())) != 0) {
    return Status::Io("reading .kittify/events: " + LastGitError());
  }
  TreeHandle events_tree(raw_events);
  const std::string short_id = OidHex(commit_id).substr(0, 12);
  EventDecoder decoder;
  for (size_t i = 0; i < git_tree_entrycount(events_tree.get()); ++i) {
    const git_tree_entry* file = git_tree_entry_byindex(events_tree.get(), i);
    const std::string name = git_tree_entry_name(file);
    if (!IsDailyFileName(name) || git_tree_entry_type(file) != GIT_OBJECT_BLOB) continue;
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, repo, git_tree_entry_id(file)) != 0) return Status::Io(name + ": " + LastGitError());
    BlobHandle blob(raw_blob);
    const auto size = static_cast<size_t>(git_blob_rawsize(blob.get()));
    platform::PaddedBuffer padded = platform::PaddedCopy(
        std::string_view(static_cast<const char*>(git_blob_rawcontent(blob.get())), size), simdjson::SIMDJSON_PADDING);
    const std::string label = fmt::format("{}:{}/{}", short_id, kEventsDirectory, name);
    ReadEventLines(
        padded.view(), decoder, EventDecoder::Options{},
        [&](Event&& event, size_t) { events.push_back(std::move(event)); },
        [&](LineProblem&& problem) {
          if (!problem.is_event) problems.push_back(problem.Format(label));
        });
  }
  return events;
}

}  // namespace

Result<MergeSides> ReadMergeSides(const std::string& directory, const std::string& rev) {
  git_libgit2_init();
  git_repository* raw_repo = nullptr;
  if (git_repository_open_ext(&raw_repo, directory.c_str(), 0, nullptr) != 0) {
    return Status::Io(fmt::format("{}: not a git repository ({})", directory, LastGitError()));
  }
  RepositoryHandle repo(raw_repo);
  git_object* raw_object = nullptr;
  if (git_revparse_single(&raw_object, repo.get(), rev.c_str()) != 0) {
    return Status::Refused(fmt::format("--rev {}: not found in the repository", rev));
  }
  ObjectHandle object(raw_object);
  git_object* raw_peeled = nullptr;
  if (git_object_peel(&raw_peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return Status::Refused(fmt::format("--rev {}: not a commit", rev));
  }
  ObjectHandle peeled(raw_peeled);
  auto* commit = reinterpret_cast<git_commit*>(peeled.get());
  MergeSides sides;
  sides.merge_commit = OidHex(*git_commit_id(commit));
  if (git_commit_parentcount(commit) < 2) {
    return Status::Refused(fmt::format("--rev {}: {} is not a merge commit ({} parent{})", rev,
                                       sides.merge_commit.substr(0, 12), git_commit_parentcount(commit),
                                       git_commit_parentcount(commit) == 1 ? "" : "s"));
  }
  const git_oid parent_ids[2] = {*git_commit_parent_id(commit, 0), *git_commit_parent_id(commit, 1)};
  for (const git_oid& id : parent_ids) sides.parents.push_back(OidHex(id));

  git_oidarray bases{};
  int found = git_merge_bases(&bases, repo.get(), &parent_ids[0], &parent_ids[1]);
  if (found != 0 && found != GIT_ENOTFOUND) return Status::Io("merge base: " + LastGitError());
  std::unordered_set<std::string> in_base;
  for (size_t i = 0; found == 0 && i < bases.count; ++i) {
    sides.base_commits.push_back(OidHex(bases.ids[i]));
    Result<std::vector<Event>> base_events = ReadLogAt(repo.get(), bases.ids[i], sides.problems);
    if (!base_events.ok()) {
      git_oidarray_dispose(&bases);
      return base_events.status();
    }
    for (const Event& event : *base_events) in_base.insert(event.event_id);
  }
  if (found == 0) git_oidarray_dispose(&bases);
  if (!sides.base_commits.empty()) sides.base_commit = sides.base_commits.front();

  auto added = [&](const git_oid& id, std::vector<Event>& out) -> Status {
    KL_ASSIGN_OR_RETURN(std::vector<Event> events, ReadLogAt(repo.get(), id, sides.problems));
    std::unordered_set<std::string> seen;
    for (Event& event : events) {
      if (in_base.count(event.event_id) == 0 && seen.insert(event.event_id).second) out.push_back(std::move(event));
    }
    std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
    return Status::Ok();
  };
  KL_RETURN_IF_ERROR(added(parent_ids[0], sides.ours));
  KL_RETURN_IF_ERROR(added(parent_ids[1], sides.theirs));
  // Added on both sides (a cherry-pick): not concurrent with anything, as in the driver's report.
  std::unordered_set<std::string> in_ours, in_both;
  for (const Event& event : sides.ours) in_ours.insert(event.event_id);
  for (const Event& event : sides.theirs) {
    if (in_ours.contains(event.event_id)) in_both.insert(event.event_id);
  }
  auto shared = [&](const Event& event) { return in_both.contains(event.event_id); };
  std::erase_if(sides.ours, shared);
  std::erase_if(sides.theirs, shared);
  std::vector<std::string> merged_problems;
  KL_ASSIGN_OR_RETURN(sides.merged, ReadLogAt(repo.get(), *git_commit_id(commit), merged_problems));
  return sides;
}

}  // namespace kittylog::git
