// The guards of `wp move` (DESIGN §5; docs/workflow.md "Dependencies and guards"): the
// conditions a lifecycle move must meet besides being a lifecycle move.
//
//   planned    -> doing   every dependency done            (dependencies.h)
//   for_review -> done    every gate of the work package passed (none pending, none failed)
//
// `wp move` checks them against the checkout's current board and refuses a move that fails one
// (naming each missing dependency or gate with its state) unless forced (`--force --reason`,
// recorded as `forced: true`); whatever it checked goes into the event (`dependency_status`,
// `gate_results`) for every move. The reducer checks them again on replay, against the board as
// it stood at the move's clock (every event up to that clock, the other events of the same clock
// included: those are concurrent with the move): a move that failed its guard there and was not
// forced (two branches merged: one started a WP while the other reopened its dependency; or an
// import) is a lifecycle break, replayed as written and flagged, never hidden. One checkout
// never writes such a history (each emit takes a clock above every clock it has seen); a
// concurrent change that lands at a higher clock reads like a later one and is not flagged.
// A gate belongs to the work package it names (GateCreated `work_package_id`) in the feature it
// names; a gate that names no feature belongs to the work packages of that id in every feature.
// Pure functions; results own their data; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "event/json_writer.h"
#include "workflow/dependencies.h"
#include "workflow/reducer.h"

namespace kittylog {

// Whether `gate` is a gate of work package `wp_id` of feature `feature_slug`.
bool GateBelongsTo(const GateState& gate, std::string_view feature_slug, std::string_view wp_id);

// The gates of `wp` on `board`, by gate id.
std::vector<GateState> GatesOf(const BoardState& board, const WorkPackageState& wp);

// The gates of `board` by the work package id they name, for looking many work packages up
// (points into `board`, which must outlive it), and the gates of `wp` from it, by gate id.
using GatesByWorkPackage = std::multimap<std::string_view, const GateState*>;
GatesByWorkPackage IndexGates(const BoardState& board);
std::vector<GateState> GatesOf(const GatesByWorkPackage& gates, const WorkPackageState& wp);

// What the guards of one move checked.
struct GuardCheck {
  std::string from;
  std::string to;
  DependencyStatus dependencies;  // of the work package, whatever the move
  std::vector<GateState> gates;   // of the work package, whatever the move
  // What blocks this move, e.g. {"dependency WP01", "doing"}, {"dependency WP05", "not
  // created"}, {"gate gate-ci (CI_CHECK)", "failed"}; empty when the move's guard is met or the
  // move has no guard.
  struct Unmet {
    std::string what;
    std::string state;
  };
  std::vector<Unmet> unmet;
  bool passed() const { return unmet.empty(); }
  // "dependency WP01 is doing, gate gate-ci (CI_CHECK) is failed" ("was" with `past`).
  std::string UnmetText(bool past = false) const;
  // "every dependency done" / "every gate passed"; "" for a move without a guard.
  std::string Requirement() const;
};

// Whether `from -> to` has a guard.
bool IsGuardedMove(std::string_view from, std::string_view to);

// Checks the guard of `from -> to` given the work package's dependencies and gates as they stand.
GuardCheck CheckGuard(std::string_view from, std::string_view to, DependencyStatus dependencies,
                      std::vector<GateState> gates);
// The same for `wp` on `board`, from its current lane.
GuardCheck CheckGuard(const BoardState& board, const WorkPackageState& wp, std::string_view to);

// The fields a move records of what it checked, written into the WPStatusChanged payload:
//   "gate_results":[{"gate_type":"CI_CHECK","status":"passed","details":{"gate_id":"gate-ci"}}],
//   "dependency_status":{"all_complete":false,"incomplete_dependencies":["WP01"]}
void WriteGuardRecord(JsonWriter& writer, const GuardCheck& check);

// The lifecycle-break text of a move that failed its guard and was not forced, e.g.
// "planned -> doing while dependency WP01 was doing (the guard needs every dependency done;
// not forced)".
std::string GuardBreakProblem(const GuardCheck& check);

}  // namespace kittylog
