// Internal to the one reducer (reducer.h): the guards (guards.h) checked on replay. Each
// guarded, unforced WPStatusChanged of a created work package is checked against the board
// (replay_build.h) as it stood at its clock: every event up to that clock, the other events of
// the same clock included (they are concurrent with it). A move that fails is a lifecycle break
// with LifecycleBreak::guard set, replayed as written; its problem is appended to a lifecycle
// break the same move already had. Not thread-safe (it writes `build`).
#pragma once

#include <cstddef>
#include <span>

#include "workflow/replay_build.h"

namespace kittylog::replay_internal {

// Checks the moves among `run` (the input indexes of one clock), after all of them are applied.
void CheckGuards(ReplayBuild& build, std::span<const size_t> run);

}  // namespace kittylog::replay_internal
