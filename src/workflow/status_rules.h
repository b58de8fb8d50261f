// The resolution rules of DESIGN §6 for lanes, written once (docs/merge-rules.md).
//
// Every reader that decides a work package's lane from competing moves calls these through the
// one reducer: LaneReplay (lane_replay.h) applies them to each group of concurrent moves, and
// `status`, `history`, `conflicts`, the index's per-WP state and the merge driver's report all
// take their answer from it. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "event/event.h"

namespace kittylog {

// What the status rules read of one status change (a WPStatusChanged, a stored move of the
// index, a line of the merge driver): its place in the total order and its lanes. A view: the
// strings it points to must outlive it. LaneReplay's moves are these (LaneMove, lane_replay.h).
struct StatusChange {
  int64_t clock = 0;  // lamport_clock
  std::string_view event_id;
  std::string_view old_status;
  std::string_view new_status;
};

// A move out of for_review back to doing or rejected: a reviewer's rollback.
bool IsReviewRollback(std::string_view old_status, std::string_view new_status);
bool IsReviewRollback(const Event& event);  // a WPStatusChanged that is one
// A move from for_review to done.
bool IsReviewApproval(std::string_view old_status, std::string_view new_status);
bool IsReviewApproval(const Event& event);

// The key of the work package an event is about: "feature_slug/WP", or "" when the event does
// not name a work package (no feature_slug or not a WorkPackage entity).
std::string WorkPackageKey(const Event& event);

// The rule among concurrent moves of one work package. It reads only the last of them in total
// order and whether a review rollback competes: the last move wins (last-write-wins), except
// that an approval out of for_review loses to the last competing rollback (rollback-precedence).
struct StatusRule {
  bool rollback_wins = false;
  const char* rule = "last-write-wins";  // or "rollback-precedence"
};
StatusRule ResolveStatusRule(std::string_view last_old_status, std::string_view last_new_status,
                             bool rollback_competes);

struct Resolution {
  const StatusChange* winner = nullptr;  // into the input; null when it is empty
  std::string rule;                      // "last-write-wins" or "rollback-precedence"
};

// ResolveStatusRule over a set of concurrent status changes of one work package, in any order
// (total order: clock, then event_id).
Resolution ResolveConcurrentStatus(std::span<const StatusChange> changes);

}  // namespace kittylog
