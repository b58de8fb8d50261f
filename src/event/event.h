// The event: one line of a daily log file (DESIGN §2; docs/event-format.md).
//
// This header is the format's one home in code: the field names, their order on the line, the
// registered entity types (the event type names are in event_types.h), lanes and gate values, and
// the total order. Plain values, no I/O; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "event/event_types.h"

namespace kittylog {

// Keys of an event line, in the order the canonical writer emits them.
inline constexpr std::array<std::string_view, 11> kEventKeys = {
    "event_id", "event_type",     "event_version",  "lamport_clock", "entity_id", "entity_type",
    "timestamp", "actor",         "causation_id",   "correlation_id", "payload"};

// Clocks are 1 .. 2^53-1, the largest integer every JSON reader holds exactly (DESIGN §2). A
// line whose lamport_clock is absent or outside the range is not an event: kept in its file,
// reported, never replayed, never witnessed by a clock, quarantined by `repair`.
inline constexpr int64_t kMaxLamportClock = (int64_t{1} << 53) - 1;
inline constexpr bool IsValidLamportClock(int64_t clock) { return clock >= 1 && clock <= kMaxLamportClock; }
// The rule, as readers and writers name it.
inline constexpr std::string_view kClockRule = "lamport_clock must be an integer in 1..2^53-1";
inline constexpr int64_t kCurrentEventVersion = 1;

inline constexpr std::string_view kWorkPackageEntity = "WorkPackage";
inline constexpr std::array<std::string_view, 5> kEntityTypes = {
    kWorkPackageEntity, "FeatureSpec", "Subtask", "Gate", "Workspace"};
inline constexpr std::array<std::string_view, 5> kLanes = {"planned", "doing", "for_review", "done",
                                                           "rejected"};
inline constexpr std::array<std::string_view, 4> kGateTypes = {"CI_CHECK", "SECURITY_SCAN", "MANUAL_REVIEW",
                                                               "ARCHITECTURE_REVIEW"};
inline constexpr std::array<std::string_view, 3> kGateStatuses = {"pending", "passed", "failed"};

template <size_t N>
bool IsOneOf(std::string_view value, const std::array<std::string_view, N>& set) {
  for (std::string_view item : set) {
    if (item == value) return true;
  }
  return false;
}

// Well-known payload fields, extracted once when a line is decoded so that readers (reducer,
// index) need not parse the payload again. Absent fields are empty / nullopt.
struct PayloadFields {
  std::string feature_slug;
  std::string work_package_id;
  std::string old_status;
  std::string new_status;
  std::string reason;
  std::string title;
  std::string gate_id;
  std::string gate_type;
  std::string counter;
  std::optional<int64_t> delta;
  std::optional<int64_t> subtask_index;
  std::vector<std::string> tags;
  std::vector<std::string> dependencies;  // WPCreated: the WP ids it depends on, as written
  bool forced = false;                    // WPStatusChanged: `forced: true` (a guard was overridden)
};

struct Event {
  std::string event_id;
  std::string event_type;
  int64_t event_version = kCurrentEventVersion;
  int64_t lamport_clock = 0;  // IsValidLamportClock once decoded or validated
  std::string entity_id;
  std::string entity_type;
  std::string timestamp;
  std::string actor;
  std::optional<std::string> causation_id;
  std::optional<std::string> correlation_id;
  std::string payload_json = "{}";  // a compact JSON object; "{}" in events read back through the index
  PayloadFields payload;            // filled by the decoder and by validation
  std::string raw_line;             // the line as read, without "\n"; empty when built in memory
};

// The total order of DESIGN §2: (lamport_clock, event_id), event_id compared as bytes.
inline bool TotalOrderLess(int64_t clock_a, std::string_view id_a, int64_t clock_b, std::string_view id_b) {
  return std::tie(clock_a, id_a) < std::tie(clock_b, id_b);
}
inline bool TotalOrderLess(const Event& a, const Event& b) {
  return TotalOrderLess(a.lamport_clock, a.event_id, b.lamport_clock, b.event_id);
}

}  // namespace kittylog
