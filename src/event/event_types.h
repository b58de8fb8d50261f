// The registered event type names (DESIGN §5; docs/contracts/<type>.schema.json): the one home of
// each name in code. Readers and writers compare and set `event_type` through these constants,
// never through string literals, so a renamed or added type is one edit here (plus its validation
// rule in event_validation.cc and its schema). Plain constants; thread-safe.
#pragma once

#include <array>
#include <string_view>

namespace kittylog {

inline constexpr std::string_view kSpecCreated = "SpecCreated";
inline constexpr std::string_view kWPCreated = "WPCreated";
inline constexpr std::string_view kWPStatusChanged = "WPStatusChanged";
inline constexpr std::string_view kWorkspaceCreated = "WorkspaceCreated";
inline constexpr std::string_view kSubtaskCompleted = "SubtaskCompleted";
inline constexpr std::string_view kGateCreated = "GateCreated";
inline constexpr std::string_view kGateResultChanged = "GateResultChanged";
inline constexpr std::string_view kTagsAdded = "TagsAdded";
inline constexpr std::string_view kCounterIncremented = "CounterIncremented";

// Every registered type, in the order of DESIGN §5.
inline constexpr std::array<std::string_view, 9> kEventTypes = {
    kSpecCreated, kWPCreated,         kWPStatusChanged, kWorkspaceCreated,  kSubtaskCompleted,
    kGateCreated, kGateResultChanged, kTagsAdded,       kCounterIncremented};

// Whether events of `type` change a status, payload.old_status -> payload.new_status: a work
// package's lane (WPStatusChanged) or a gate's result (GateResultChanged). What an event did is
// shown as "old -> new" for these (query's summary, a conflict's competing events).
constexpr bool ChangesStatus(std::string_view type) { return type == kWPStatusChanged || type == kGateResultChanged; }

}  // namespace kittylog
