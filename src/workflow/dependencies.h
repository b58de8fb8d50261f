// Dependencies between work packages (DESIGN §5; docs/workflow.md "Dependencies and guards").
//
// A work package's dependencies are WP ids of its own feature, written once in its WPCreated
// (`dependencies`; when two branches created the same WP, the last WPCreated in total order
// decides, as it decides the title). They are ids, resolved whenever they are read: a dependency whose WPCreated arrives later (another
// branch, merged) counts from then on, and until then it is "not created" and not done.
// A dependency is complete when its work package is created and in `done`.
//
// The rules every reader calls: which dependencies are not done (the `planned -> doing` guard,
// `ready`, the board's `blocked_by`), which work packages can start now, the cycles in the
// dependency graph (refused at creation, flagged after a merge), and what `wp create --depends`
// accepts. Cycle detection is iterative and linear in the graph: a hostile log can make it
// neither hang nor overflow the stack. Pure functions; results own their data; thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "workflow/reducer.h"

namespace kittylog {

// Whether `event` declares dependencies (a WPCreated naming some): from then on the moves it
// guards must be checked, even if a later creation drops them from the board.
bool DeclaresDependencies(const Event& event);

// One dependency as it stands now.
struct DependencyState {
  std::string id;
  bool created = false;  // a WPCreated names it
  std::string lane;      // its lane when created
  bool complete() const { return created && lane == "done"; }
  // "WP01 (doing)", "WP05 (not created)"
  std::string Describe() const;
};

struct DependencyStatus {
  bool all_complete = true;
  std::vector<DependencyState> incomplete;  // in the order of WorkPackageState::dependencies
};

// Looks a work package of the same feature up by id (nullptr: no such work package).
using FindWorkPackageById = std::function<const WorkPackageState*(std::string_view id)>;

// The dependencies in `dependencies` that are not complete, as `find` sees them.
DependencyStatus CheckDependencies(std::span<const std::string> dependencies, const FindWorkPackageById& find);
// The same for `wp` on `board`.
DependencyStatus CheckDependencies(const BoardState& board, const WorkPackageState& wp);

// A work package an agent can pick up now: created, planned, every dependency complete. With
// `include_blocked`, the created planned ones whose dependencies are not all complete too.
struct ReadyEntry {
  const FeatureState* feature = nullptr;
  const WorkPackageState* work_package = nullptr;
  std::vector<DependencyState> blocked_by;  // empty: ready
};
// In a stable order: feature slug, then WP id (the board's order); ready and blocked mixed.
std::vector<ReadyEntry> ReadyWorkPackages(const BoardState& board, bool include_blocked);

// A cycle of dependencies, e.g. {"WP03", "WP05", "WP03"}: WP03 depends on WP05, which depends
// on WP03. It starts (and ends) at its smallest id, so one cycle has one name.
struct DependencyCycle {
  std::string feature_slug;
  std::vector<std::string> path;
};
// "WP03 -> WP05 -> WP03"; past ten ids, the first six, "... (N more)" and the last three.
std::string FormatCycle(std::span<const std::string> path);

// The dependency cycles of every feature of `board` (created work packages only), by feature,
// then by name. Every work package on a cycle is in at least one reported cycle; a graph with
// many overlapping cycles reports one per edge that closes one, not every cycle.
std::vector<DependencyCycle> FindDependencyCycles(const BoardState& board);

// What `wp create WP --depends ...` may record in `feature` (the feature as it is now): each id
// a valid name (non-empty, no control characters), not WP itself, listed once, a created work
// package of the feature, and no cycle through WP (an existing work package may already name WP
// as a dependency, e.g. written through `emit`). Refused with a one-line message naming the id
// or the cycle; `error_type` (when given) is set to the error-log type of the refusal.
Status ValidateNewDependencies(const FeatureState& feature, std::string_view wp,
                               std::span<const std::string> dependencies, std::string* error_type = nullptr);

}  // namespace kittylog
