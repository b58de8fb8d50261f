// Internal to the one reducer (reducer.h): how every event but a lane move changes the board
// (replay_build.h), by aspect:
//   - SpecCreated, WPCreated: the feature or work package exists; its title, and a WP's
//     dependencies, are the last creation's; a second creation is a lifecycle break. A
//     WPCreated that does not shape a lane (no feature) changes nothing.
//   - TagsAdded: grow-only union. CounterIncremented: sum of deltas, saturating at
//     +/-(2^63-1) with a CounterSaturation (AddToCounter, resolution.h). SubtaskCompleted: the
//     done set. Tags and counters of gates and other entities are not part of the board; an
//     event without a feature whose WP id is unknown or ambiguous is a break.
//   - GateCreated: the gate, its type and owner; GateResultChanged: its status (last write wins).
// A same-clock group of such events on one ConcurrencyKey is resolved by ResolveConcurrentGroup
// (resolution.h) and reported in ReplayBuild::conflicts; only its winner is applied (all of a
// union or a sum). Lane moves are replay_lanes.h's. Not thread-safe (it writes `build`).
#pragma once

#include <cstddef>
#include <span>

#include "event/event.h"
#include "workflow/reducer.h"
#include "workflow/replay_build.h"
#include "workflow/resolution.h"

namespace kittylog::replay_internal {

// Applies one event that is not a lane move (others change nothing here).
void ApplyEvent(ReplayBuild& build, const Event& event, EventVerdict* verdict);

// Applies the same-clock events `indexes` (input indexes, in total order) of one ConcurrencyKey
// whose aspect is not "status": one by one when there is only one or the aspect never competes,
// else resolved as a group.
void ApplyAspectGroup(ReplayBuild& build, const ConcurrencyKey& key, std::span<const size_t> indexes);

}  // namespace kittylog::replay_internal
