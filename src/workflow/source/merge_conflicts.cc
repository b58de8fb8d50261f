#include "workflow/source/merge_conflicts.h"

#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "workflow/resolution.h"

namespace kittylog {

std::vector<MergeConflict> ResolveMergeConflicts(const std::vector<Event>& ours, const std::vector<Event>& theirs,
                                                 const std::vector<Event>& merged,
                                                 const std::unordered_set<std::string>& lost) {
  struct SideEvents {
    std::vector<const Event*> ours;
    std::vector<const Event*> theirs;
  };
  std::map<ConcurrencyKey, SideEvents> groups;
  for (const Event& event : ours) {
    ConcurrencyKey key = ConcurrencyKeyOf(event);
    if (!key.aspect.empty()) groups[key].ours.push_back(&event);
  }
  for (const Event& event : theirs) {
    ConcurrencyKey key = ConcurrencyKeyOf(event);
    if (!key.aspect.empty()) groups[key].theirs.push_back(&event);
  }
  std::optional<BoardState> board;  // the merge commit's, replayed when a lane is at stake
  std::vector<MergeConflict> both;
  for (const auto& [key, group] : groups) {
    if (group.ours.empty() || group.theirs.empty()) continue;
    std::vector<const Event*> all;  // what the merge kept: a lost event cannot have won
    for (const auto* side : {&group.ours, &group.theirs}) {
      for (const Event* event : *side) {
        if (!lost.contains(event->event_id)) all.push_back(event);
      }
    }
    ResolvedConflict conflict;
    if (all.empty()) {
      conflict.entity = key.entity;
      conflict.aspect = key.aspect;
      conflict.rule = "lost";
      conflict.result = "every competing event was lost by the merge";
    } else {
      conflict = ResolveConcurrentGroup(key, all);
    }
    const size_t slash = key.entity.find('/');
    if (!all.empty() && key.aspect == "status" && slash != std::string::npos) {
      if (!board) board = Replay(merged, {.list_conflicts = false}).board;
      const WorkPackageState* wp =
          board->FindWorkPackage(std::string_view(key.entity).substr(0, slash), std::string_view(key.entity).substr(slash + 1));
      if (wp != nullptr && wp->moved) {
        conflict.winner_id = wp->deciding_event_id;
        conflict.rule = wp->rule.empty() ? "last-write-wins" : wp->rule;
        conflict.result = "lane " + wp->lane;
      }
    }
    MergeConflict& entry = both.emplace_back();
    for (const Event* event : group.ours) entry.ours.push_back(*event);
    for (const Event* event : group.theirs) entry.theirs.push_back(*event);
    entry.resolution = std::move(conflict);
  }
  return both;
}

}  // namespace kittylog
