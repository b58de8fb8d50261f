// Internal to src/workflow: the names an event is known by (its feature, gate and entity as
// reports print them) and the sorted-set helper both the reducer and the resolution use.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "event/event.h"
#include "workflow/status_rules.h"

namespace kittylog::workflow_internal {

inline std::string FeatureSlugOf(const Event& event) {
  return event.payload.feature_slug.empty() ? event.entity_id : event.payload.feature_slug;
}

inline std::string GateIdOf(const Event& event) {
  return event.payload.gate_id.empty() ? event.entity_id : event.payload.gate_id;
}

// The entity an event names, as printed in reports.
inline std::string EntityNameOf(const Event& event) {
  if (event.entity_type == "WorkPackage") {
    std::string key = WorkPackageKey(event);
    return key.empty() ? event.entity_id : key;
  }
  if (event.entity_type == "FeatureSpec") return FeatureSlugOf(event);
  if (event.entity_type == "Gate") return "gate:" + GateIdOf(event);
  return event.entity_type + "/" + event.entity_id;
}

// Inserts `value` into the sorted, unique `set`.
inline void InsertSorted(std::vector<std::string>& set, const std::string& value) {
  auto it = std::lower_bound(set.begin(), set.end(), value);
  if (it == set.end() || *it != value) set.insert(it, value);
}

}  // namespace kittylog::workflow_internal
