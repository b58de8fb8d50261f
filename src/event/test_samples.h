// Test-only: one valid sample event per registered event type (DESIGN §5), shared by the codec
// and validation tests. Payloads are canonical (compact, keys in the order written here).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/event.h"

namespace kittylog::testing {

struct PayloadSample {
  std::string_view event_type;
  std::string_view entity_type;
  std::string_view entity_id;
  // (key, compact JSON value) in canonical order.
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  std::vector<std::string_view> required;
};

inline const std::vector<PayloadSample>& PayloadSamples() {
  static const std::vector<PayloadSample> kSamples = {
      {"SpecCreated", "FeatureSpec", "025-cli-event-log",
       {{"feature_slug", R"("025-cli-event-log")"}, {"title", R"("CLI event log")"},
        {"mission", R"("software-dev")"}, {"created_by", R"("claude")"}},
       {"feature_slug", "title"}},
      {"WPCreated", "WorkPackage", "WP01",
       {{"feature_slug", R"("025-cli-event-log")"}, {"work_package_id", R"("WP01")"},
        {"title", R"("Event codec")"}, {"dependencies", R"(["WP00","WP02"])"}},
       {"feature_slug", "work_package_id", "title"}},
      {"WPStatusChanged", "WorkPackage", "WP01",
       {{"feature_slug", R"("025-cli-event-log")"}, {"old_status", R"("for_review")"},
        {"new_status", R"("done")"}, {"reason", R"("LGTM")"},
        {"gate_results", R"([{"gate_type":"CI_CHECK","status":"passed","details":"all green"}])"},
        {"dependency_status", R"({"all_complete":false,"incomplete_dependencies":["WP00"]})"}},
       {"feature_slug", "old_status", "new_status"}},
      {"WorkspaceCreated", "Workspace", "WP01-workspace",
       {{"work_package_id", R"("WP01")"}, {"worktree_path", R"(".worktrees/025-cli-event-log-WP01")"},
        {"branch_name", R"("025-cli-event-log-WP01")"}, {"feature_slug", R"("025-cli-event-log")"}},
       {"work_package_id", "worktree_path", "branch_name"}},
      {"SubtaskCompleted", "Subtask", "WP01-T003",
       {{"work_package_id", R"("WP01")"}, {"subtask_index", "3"}, {"subtask_text", R"("write the tests")"},
        {"feature_slug", R"("025-cli-event-log")"}},
       {"work_package_id", "subtask_index"}},
      {"GateCreated", "Gate", "gate-ci-WP01",
       {{"work_package_id", R"("WP01")"}, {"gate_type", R"("CI_CHECK")"}, {"gate_id", R"("gate-ci-WP01")"},
        {"feature_slug", R"("025-cli-event-log")"}},
       {"work_package_id", "gate_type", "gate_id"}},
      {"GateResultChanged", "Gate", "gate-ci-WP01",
       {{"gate_id", R"("gate-ci-WP01")"}, {"old_status", R"("pending")"}, {"new_status", R"("failed")"},
        {"result_data", R"({"exit_code":1,"duration_s":12.5,"log":"line1\nline2"})"}},
       {"gate_id", "old_status", "new_status"}},
      {"TagsAdded", "WorkPackage", "WP01",
       {{"tags", R"(["urgent","backend"])"}, {"feature_slug", R"("025-cli-event-log")"}},
       {"tags"}},
      {"CounterIncremented", "WorkPackage", "WP01",
       {{"counter", R"("retries")"}, {"delta", "-2"}, {"feature_slug", R"("025-cli-event-log")"}},
       {"counter", "delta"}},
  };
  return kSamples;
}

// The payload object of `sample`, leaving out the field named `skip` (if any).
inline std::string SamplePayload(const PayloadSample& sample, std::string_view skip = {}) {
  std::string out = "{";
  for (const auto& [key, value] : sample.fields) {
    if (key == skip) continue;
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;
    out += "\":";
    out += value;
  }
  return out + "}";
}

// A complete, valid event for `sample`.
inline Event SampleEvent(const PayloadSample& sample) {
  Event event;
  event.event_id = "01HQ3K5M7N8P9QRSTVWXYZ0123";
  event.event_type = std::string(sample.event_type);
  event.event_version = 1;
  event.lamport_clock = 42;
  event.entity_id = std::string(sample.entity_id);
  event.entity_type = std::string(sample.entity_type);
  event.timestamp = "2026-01-27T10:30:00.123Z";
  event.actor = "claude-agent";
  event.causation_id = "cmd-7";
  event.correlation_id = std::nullopt;
  event.payload_json = SamplePayload(sample);
  return event;
}

}  // namespace kittylog::testing
