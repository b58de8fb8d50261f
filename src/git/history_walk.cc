#include "git/history_walk.h"

#include <algorithm>
#include <queue>
#include <limits>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "git/libgit2_handles.h"

namespace kittylog::git {
namespace {

// Per-commit flags, as git's revision walk keeps them on its objects.
constexpr uint8_t kSeen = 1;     // queued once (never again)
constexpr uint8_t kHidden = 2;   // reachable from a hidden commit (git's UNINTERESTING)
constexpr uint8_t kQueued = 4;   // in the queue now
constexpr uint8_t kVisited = 8;  // taken from the queue: its parents were queued or painted

// How many hidden commits git's limit_list (revision.c, still_interesting) goes on taking once
// the walk looks done, for clocks that ran slightly backwards.
constexpr int kSlop = 5;

struct Queued {
  int64_t time;
  uint64_t order;  // among equal times, first queued first (git's prio_queue)
  std::string id;
  bool operator<(const Queued& other) const {  // a max-heap: newest first, then oldest order
    return time != other.time ? time < other.time : order > other.order;
  }
};

// One walk of git's limit_list: commits are taken newest first; a hidden commit paints its
// parents hidden, and the paint runs on through commits already taken (git's
// mark_parents_uninteresting), so a commit taken as listed before the paint reached it is
// dropped at the end. The walk goes on while the queue holds a listed commit or a commit no older
// than the last one listed: equal times never end it early.
class RangeWalk {
 public:
  RangeWalk(const GitRepository& repo, size_t limit) : repo_(repo), limit_(limit) {}

  Result<WalkResult> Run(const CommitRange& range) {
    for (const std::string& id : range.hidden) {
      Paint(id);
      KL_RETURN_IF_ERROR(Push(id));
    }
    for (const std::string& id : range.tips) KL_RETURN_IF_ERROR(Push(id));
    int64_t last_listed = std::numeric_limits<int64_t>::max();
    int slop = kSlop;
    while (!queue_.empty()) {
      // Past the limit, listed commits are no longer followed; once no hidden commit is left
      // to paint the ones already listed, nothing can change.
      if (stopped_listing_ && listed_in_queue_ == queue_.size()) break;
      Queued next = queue_.top();
      queue_.pop();
      Node& node = nodes_[next.id];
      node.flags = static_cast<uint8_t>(node.flags & ~kQueued);
      const bool hidden = (node.flags & kHidden) != 0;
      if (!hidden) --listed_in_queue_;
      if (hidden) {
        node.flags |= kVisited;
        for (const std::string& parent : node.info.parents) {
          Paint(parent);
          KL_RETURN_IF_ERROR(Push(parent));
        }
        slop = StillInteresting(last_listed, slop);
        if (slop == 0) break;
        continue;
      }
      if (listed_.size() == limit_) stopped_listing_ = true;  // one more than the limit
      if (stopped_listing_) {
        // Not followed; should the paint reach it, it is queued again to carry the paint on.
        node.flags = static_cast<uint8_t>(node.flags & ~kSeen);
        continue;
      }
      node.flags |= kVisited;
      listed_.push_back(next.id);
      last_listed = node.info.time;
      for (const std::string& parent : node.info.parents) KL_RETURN_IF_ERROR(Push(parent));
    }
    WalkResult result;
    for (std::string& id : missing_) {  // a boundary the paint reached later is outside the range
      if ((nodes_[id].flags & kHidden) == 0) result.missing.push_back(std::move(id));
    }
    result.truncated = stopped_listing_;
    for (const std::string& id : listed_) {
      Node& node = nodes_[id];
      if ((node.flags & kHidden) == 0) result.commits.push_back(std::move(node.info));
    }
    return result;
  }

 private:
  struct Node {
    uint8_t flags = 0;
    CommitInfo info;  // loaded when queued
  };

  // Queues `id` unless it was queued before (git's SEEN); a commit missing from the repository
  // (a shallow clone's boundary) ends its line of history and is named when it was listed.
  Status Push(const std::string& id) {
    Node& node = nodes_[id];
    if ((node.flags & kSeen) != 0) return Status::Ok();
    node.flags |= kSeen;
    KL_ASSIGN_OR_RETURN(std::optional<CommitInfo> info, FindCommit(repo_, id));
    if (!info) {
      missing_.push_back(id);
      return Status::Ok();
    }
    node.info = std::move(*info);
    node.flags |= kQueued;
    queue_.push({node.info.time, next_order_++, id});
    if ((node.flags & kHidden) == 0) ++listed_in_queue_;
    return Status::Ok();
  }

  // Marks `id` hidden, and through every commit already taken from the queue, its parents.
  void Paint(const std::string& id) {
    std::vector<std::string> pending = {id};
    while (!pending.empty()) {
      Node& node = nodes_[pending.back()];
      pending.pop_back();
      if ((node.flags & kHidden) != 0) continue;
      node.flags |= kHidden;
      if ((node.flags & kQueued) != 0) --listed_in_queue_;
      if ((node.flags & kVisited) != 0) pending.insert(pending.end(), node.info.parents.begin(), node.info.parents.end());
    }
  }

  // git's still_interesting: go on while a commit no older than the last listed one is queued
  // or a listed commit is; otherwise spend the slop.
  int StillInteresting(int64_t last_listed, int slop) const {
    if (queue_.empty()) return 0;
    if (last_listed <= queue_.top().time || listed_in_queue_ > 0) return kSlop;
    return slop - 1;
  }

  const GitRepository& repo_;
  const size_t limit_;
  std::unordered_map<std::string, Node> nodes_;
  std::priority_queue<Queued> queue_;
  uint64_t next_order_ = 0;
  size_t listed_in_queue_ = 0;
  std::vector<std::string> listed_;  // newest first, hidden ones dropped at the end
  std::vector<std::string> missing_;
  bool stopped_listing_ = false;
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
  return RangeWalk(repo, limit).Run(range);
}

}  // namespace kittylog::git
