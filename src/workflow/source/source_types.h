// What the two sources of the workflow read side share (workflow_source.h): where read problems
// go, and which events a command asks for. Plain values; no I/O.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "event/event.h"

namespace kittylog {

// Receives one read problem as "file:line: reason" (reading is tolerant: DESIGN §6, §12).
using WarnFunction = std::function<void(const std::string&)>;

// Which events a command needs; unset fields match everything.
struct EventSelection {
  std::optional<std::string> entity_id;     // event.entity_id (kittylog's wp commands use the WP id)
  std::optional<std::string> feature_slug;  // payload.feature_slug (as the index filters it)
  std::optional<std::string> event_type;    // event.event_type
};

// Whether `event` belongs to `selection`.
inline bool Matches(const Event& event, const EventSelection& selection) {
  if (selection.entity_id && event.entity_id != *selection.entity_id) return false;
  if (selection.feature_slug && event.payload.feature_slug != *selection.feature_slug) return false;
  if (selection.event_type && event.event_type != *selection.event_type) return false;
  return true;
}

}  // namespace kittylog
