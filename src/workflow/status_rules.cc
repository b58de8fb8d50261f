#include "workflow/status_rules.h"

namespace kittylog {

bool IsReviewRollback(const Event& event) {
  return event.event_type == "WPStatusChanged" && event.payload.old_status == "for_review" &&
         (event.payload.new_status == "doing" || event.payload.new_status == "rejected");
}

bool IsReviewApproval(const Event& event) {
  return event.event_type == "WPStatusChanged" && event.payload.old_status == "for_review" &&
         event.payload.new_status == "done";
}

std::string WorkPackageKey(const Event& event) {
  if (event.entity_type != "WorkPackage" || event.payload.feature_slug.empty()) return "";
  return event.payload.feature_slug + "/" + event.entity_id;
}

Resolution ResolveConcurrentStatus(std::span<const Event* const> events) {
  Resolution result;
  const Event* last = nullptr;
  const Event* last_rollback = nullptr;
  for (const Event* event : events) {
    if (last == nullptr || TotalOrderLess(*last, *event)) last = event;
    if (IsReviewRollback(*event) && (last_rollback == nullptr || TotalOrderLess(*last_rollback, *event))) {
      last_rollback = event;
    }
  }
  result.winner = last;
  result.rule = "last-write-wins";
  if (last != nullptr && IsReviewApproval(*last) && last_rollback != nullptr) {
    result.winner = last_rollback;
    result.rule = "rollback-precedence";
  }
  return result;
}

}  // namespace kittylog
