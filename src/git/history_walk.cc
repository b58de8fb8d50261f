#include "git/history_walk.h"

#include <algorithm>
#include <queue>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "git/libgit2_handles.h"

namespace kittylog::git {
namespace {

constexpr uint8_t kListed = 1;  // reached from a tip
constexpr uint8_t kHidden = 2;  // reached from a hidden commit

struct Queued {
  int64_t time;
  std::string id;
  bool hidden;
  bool operator<(const Queued& other) const {  // a max-heap on time: newest first
    return std::tie(time, id, hidden) < std::tie(other.time, other.id, other.hidden);
  }
};

Result<std::vector<std::string>> MergeBases(const GitRepository& repo, const std::string& a, const std::string& b) {
  git_oid ids[2];
  if (git_oid_fromstr(&ids[0], a.c_str()) != 0 || git_oid_fromstr(&ids[1], b.c_str()) != 0) {
    return Status::Io("not a commit id");
  }
  git_oidarray bases{};
  int rc = git_merge_bases(&bases, repo.handle(), &ids[0], &ids[1]);
  std::vector<std::string> result;
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return result;
  }
  if (rc != 0) return Status::Io(fmt::format("merge base of {} and {}: {}", ShortId(a), ShortId(b), LastGitError()));
  for (size_t i = 0; i < bases.count; ++i) result.push_back(OidHex(bases.ids[i]));
  git_oidarray_dispose(&bases);
  return result;
}

}  // namespace

Result<CommitRange> ParseRange(const GitRepository& repo, const std::string& spec) {
  CommitRange range;
  if (spec.empty()) {
    git_oid head;
    if (git_reference_name_to_id(&head, repo.handle(), "HEAD") != 0) {
      git_error_clear();
      return range;  // unborn: no history yet
    }
    range.tips.push_back(OidHex(head));
    return range;
  }
  size_t dots = spec.find("..");
  if (dots == std::string::npos) {
    KL_ASSIGN_OR_RETURN(std::string tip, ResolveCommit(repo, spec));
    range.tips.push_back(std::move(tip));
    return range;
  }
  const bool symmetric = spec.compare(dots, 3, "...") == 0;
  std::string left = spec.substr(0, dots), right = spec.substr(dots + (symmetric ? 3 : 2));
  KL_ASSIGN_OR_RETURN(std::string from, ResolveCommit(repo, left.empty() ? "HEAD" : left));
  KL_ASSIGN_OR_RETURN(std::string to, ResolveCommit(repo, right.empty() ? "HEAD" : right));
  range.tips.push_back(to);
  if (symmetric) {
    range.tips.push_back(from);
    KL_ASSIGN_OR_RETURN(range.hidden, MergeBases(repo, from, to));
  } else {
    range.hidden.push_back(from);
  }
  return range;
}

Result<WalkResult> WalkCommits(const GitRepository& repo, const CommitRange& range, size_t limit) {
  WalkResult result;
  std::unordered_map<std::string, uint8_t> marks;
  std::unordered_map<std::string, CommitInfo> loaded;
  std::priority_queue<Queued> queue;
  size_t listed_in_queue = 0;

  auto enqueue = [&](const std::string& id, bool hidden) -> Status {
    uint8_t& mark = marks[id];
    if (hidden ? (mark & kHidden) != 0 : mark != 0) return Status::Ok();
    mark |= hidden ? kHidden : kListed;
    auto it = loaded.find(id);
    if (it == loaded.end()) {
      KL_ASSIGN_OR_RETURN(std::optional<CommitInfo> info, FindCommit(repo, id));
      if (!info) {
        if (!hidden) result.missing.push_back(id);
        return Status::Ok();
      }
      it = loaded.emplace(id, std::move(*info)).first;
    }
    queue.push({it->second.time, id, hidden});
    if (!hidden) ++listed_in_queue;
    return Status::Ok();
  };

  for (const std::string& id : range.hidden) KL_RETURN_IF_ERROR(enqueue(id, true));
  for (const std::string& id : range.tips) KL_RETURN_IF_ERROR(enqueue(id, false));
  while (!queue.empty() && listed_in_queue > 0) {
    Queued next = queue.top();
    queue.pop();
    if (!next.hidden) --listed_in_queue;
    const CommitInfo& info = loaded.at(next.id);
    const bool hidden = next.hidden || (marks[next.id] & kHidden) != 0;
    if (!hidden) {
      if (result.commits.size() == limit) {
        result.truncated = true;
        break;
      }
      result.commits.push_back(info);
    }
    for (const std::string& parent : info.parents) KL_RETURN_IF_ERROR(enqueue(parent, hidden));
  }
  // Painted hidden after being listed (a commit time out of order): not in the range after all.
  std::erase_if(result.commits, [&](const CommitInfo& info) { return (marks[info.id] & kHidden) != 0; });
  return result;
}

}  // namespace kittylog::git
