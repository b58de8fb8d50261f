#include "workflow/replay_guards.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/event_types.h"
#include "workflow/dependencies.h"
#include "workflow/guards.h"

namespace kittylog::replay_internal {

void CheckGuards(ReplayBuild& build, std::span<const size_t> run) {
  for (size_t index : run) {
    const Event& event = build.events[index];
    const std::string& feature = event.payload.feature_slug;
    if (event.event_type != kWPStatusChanged || !ShapesLane(event) || feature.empty() || event.payload.forced ||
        !IsGuardedMove(event.payload.old_status, event.payload.new_status)) {
      continue;
    }
    const WorkPackageState* wp = build.FindWorkPackage({feature, event.entity_id});
    if (wp == nullptr || !wp->created) continue;  // flagged as a move before its WPCreated
    DependencyStatus dependencies;
    std::vector<GateState> gates;
    if (event.payload.new_status == "doing") {
      dependencies = CheckDependencies(wp->dependencies, [&](std::string_view id) {
        return static_cast<const WorkPackageState*>(build.FindWorkPackage({feature, std::string(id)}));
      });
    } else {
      // In gate id order; a gate since created again for another WP no longer belongs here.
      for (auto it = build.gate_ids_by_wp.lower_bound({wp->id, ""});
           it != build.gate_ids_by_wp.end() && it->first == wp->id; ++it) {
        const GateState& gate = build.gates.at(it->second);
        if (GateBelongsTo(gate, feature, wp->id)) gates.push_back(gate);
      }
    }
    GuardCheck check = CheckGuard(event.payload.old_status, event.payload.new_status, std::move(dependencies),
                                  std::move(gates));
    if (!check.passed()) {
      EventVerdict* verdict = build.VerdictFor(index);
      const std::string earlier = verdict != nullptr ? verdict->problem : "";  // a lifecycle break too
      build.Break(wp->key(), event, GuardBreakProblem(check), verdict);
      build.breaks.back().guard = true;
      if (!earlier.empty()) verdict->problem = earlier + "; " + verdict->problem;
    }
  }
}

}  // namespace kittylog::replay_internal
