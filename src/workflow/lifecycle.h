// The work-package lifecycle (DESIGN §5; docs/workflow.md): which lane a work package may move
// to from the lane it is in. `wp move` enforces it; the reducer only flags history that breaks
// it (an import, two merged branches), it never refuses to replay.
//
//   planned    -> doing
//   doing      -> for_review | planned
//   for_review -> done | doing | rejected
//   rejected   -> doing
//   done       -> doing          (reopen)
//
// Pure functions over constant tables; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kittylog {

// The lane of a work package that has been created and never moved.
inline constexpr std::string_view kInitialLane = "planned";

// The lanes reachable in one move from `lane`, in the order above; empty for an unknown lane.
std::span<const std::string_view> ValidTargets(std::string_view lane);

// Whether `from -> to` is one of the moves above.
bool IsValidTransition(std::string_view from, std::string_view to);

// "for_review, planned": the targets of `lane` joined for messages ("none" when empty).
std::string JoinValidTargets(std::string_view lane);

}  // namespace kittylog
