#include "workflow/status_rules.h"

#include "event/event_types.h"

namespace kittylog {

bool IsReviewRollback(std::string_view old_status, std::string_view new_status) {
  return old_status == "for_review" && (new_status == "doing" || new_status == "rejected");
}

bool IsReviewRollback(const Event& event) {
  return event.event_type == kWPStatusChanged && IsReviewRollback(event.payload.old_status, event.payload.new_status);
}

bool IsReviewApproval(std::string_view old_status, std::string_view new_status) {
  return old_status == "for_review" && new_status == "done";
}

bool IsReviewApproval(const Event& event) {
  return event.event_type == kWPStatusChanged && IsReviewApproval(event.payload.old_status, event.payload.new_status);
}

std::string WorkPackageKey(const Event& event) {
  if (event.entity_type != "WorkPackage" || event.payload.feature_slug.empty()) return "";
  return event.payload.feature_slug + "/" + event.entity_id;
}

StatusRule ResolveStatusRule(std::string_view last_old_status, std::string_view last_new_status,
                             bool rollback_competes) {
  StatusRule result;
  if (rollback_competes && IsReviewApproval(last_old_status, last_new_status)) {
    result.rollback_wins = true;
    result.rule = "rollback-precedence";
  }
  return result;
}

Resolution ResolveConcurrentStatus(std::span<const StatusChange> changes) {
  auto before = [](const StatusChange& a, const StatusChange& b) {
    return TotalOrderLess(a.clock, a.event_id, b.clock, b.event_id);
  };
  const StatusChange* last = nullptr;
  const StatusChange* last_rollback = nullptr;
  for (const StatusChange& change : changes) {
    if (last == nullptr || before(*last, change)) last = &change;
    if (IsReviewRollback(change.old_status, change.new_status) &&
        (last_rollback == nullptr || before(*last_rollback, change))) {
      last_rollback = &change;
    }
  }
  Resolution result;
  if (last == nullptr) return result;
  StatusRule rule = ResolveStatusRule(last->old_status, last->new_status, last_rollback != nullptr);
  result.winner = rule.rollback_wins ? last_rollback : last;
  result.rule = rule.rule;
  return result;
}

}  // namespace kittylog
