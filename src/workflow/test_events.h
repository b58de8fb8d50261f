// Test-only: an Event with its envelope filled in (actor "tester", a fixed timestamp), for the
// workflow unit tests that build histories by hand. Payloads are the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "event/event.h"

namespace kittylog::testing {

inline Event BaseEvent(std::string id, int64_t clock, std::string type, std::string entity, std::string entity_type) {
  Event event;
  event.event_id = std::move(id);
  event.lamport_clock = clock;
  event.event_type = std::move(type);
  event.entity_id = std::move(entity);
  event.entity_type = std::move(entity_type);
  event.actor = "tester";
  event.timestamp = "2026-01-27T10:30:00.123Z";
  return event;
}

}  // namespace kittylog::testing
