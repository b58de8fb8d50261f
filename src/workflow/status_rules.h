// The resolution rules of DESIGN §6, written once (docs/merge-rules.md).
//
// Every reader that decides a work package's lane from competing events calls these: the
// reducer (status, history, query, conflicts), the index's per-WP state and the merge driver's
// report. Pure functions over events; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "event/event.h"

namespace kittylog {

// A WPStatusChanged out of for_review back to doing or rejected: a reviewer's rollback.
bool IsReviewRollback(const Event& event);
// A WPStatusChanged from for_review to done.
bool IsReviewApproval(const Event& event);

// The key of the work package an event is about: "feature_slug/WP", or "" when the event does
// not name a work package (no feature_slug or not a WorkPackage entity).
std::string WorkPackageKey(const Event& event);

struct Resolution {
  const Event* winner = nullptr;
  std::string rule;  // "last-write-wins" or "rollback-precedence"
};

// Winner among concurrent WPStatusChanged events of one work package: the last in total order,
// except that when that is an approval out of for_review and a rollback out of for_review
// competes, the last such rollback wins. The result does not depend on the order of `events`.
Resolution ResolveConcurrentStatus(std::span<const Event* const> events);

}  // namespace kittylog
