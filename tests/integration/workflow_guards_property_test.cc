// Property (fixed seed, bounded count): on random histories of one feature (dependencies, gates,
// moves that do and do not follow the lifecycle, forced moves, same-clock groups, subtasks, tags
// and counters, of created work packages and of one never created), the board
// `kittylog status --json` reads from the index agrees with a full replay in this process on
// what the guards decide: the guard breaks that decide a lane, each planned WP's `blocked_by`
// and each WP's gates. The index path fetches only each WP's deciding group plus the groups a
// guard needs (workflow/source/indexed_source.h); the replay sees everything.
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/integration/workflow_fixture.h"
#include "workflow/board_summary.h"
#include "workflow/dependencies.h"
#include "workflow/guards.h"
#include "workflow/lifecycle.h"
#include "workflow/reducer.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

constexpr int kWorkPackages = 6;
constexpr int kRounds = 25;

struct Facts {
  std::set<std::string> guard_breaks;         // "WP/event_id: problem"
  std::map<std::string, std::string> blocked;  // WP -> "WP01 (doing), ..."
  std::map<std::string, std::string> gates;    // WP -> "gate:status, ..."
};

Facts FromReplay(const std::vector<Event>& events) {
  BoardState board = Replay(events).board;
  KeepDecidingResolutions(board);
  Facts facts;
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    if (!lifecycle_break.guard) continue;
    facts.guard_breaks.insert(lifecycle_break.entity + "/" + lifecycle_break.event.event_id + ": " +
                              lifecycle_break.problem);
  }
  for (const FeatureState& feature : board.features) {
    for (const WorkPackageState& wp : feature.work_packages) {
      std::string blocked, gates;
      if (wp.lane == "planned") {
        for (const DependencyState& dependency : CheckDependencies(board, wp).incomplete) {
          blocked += dependency.id + " (" + (dependency.created ? dependency.lane : "null") + "), ";
        }
      }
      for (const GateState& gate : GatesOf(board, wp)) gates += gate.gate_id + ":" + gate.status + ", ";
      facts.blocked[wp.id] = blocked;
      facts.gates[wp.id] = gates;
    }
  }
  return facts;
}

Facts FromStatusJson(const std::string& json) {
  Facts facts;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  if (root.is_null()) return facts;
  auto text = [](simdjson::dom::element element) {
    std::string_view value;
    return element.get_string().get(value) == simdjson::SUCCESS ? std::string(value) : std::string("null");
  };
  for (simdjson::dom::element lifecycle_break : root["lifecycle_breaks"].get_array()) {
    std::string problem = text(lifecycle_break["problem"]);
    if (problem.find("(the guard needs") == std::string::npos) continue;
    facts.guard_breaks.insert(text(lifecycle_break["entity"]) + "/" + text(lifecycle_break["event"]["event_id"]) + ": " +
                              problem);
  }
  for (simdjson::dom::element feature : root["features"].get_array()) {
    for (simdjson::dom::element wp : feature["work_packages"].get_array()) {
      std::string id = text(wp["work_package_id"]), blocked, gates;
      for (simdjson::dom::element dependency : wp["blocked_by"].get_array()) {
        blocked += text(dependency["work_package_id"]) + " (" + text(dependency["lane"]) + "), ";
      }
      for (simdjson::dom::element gate : wp["gates"].get_array()) {
        gates += text(gate["gate_id"]) + ":" + text(gate["status"]) + ", ";
      }
      facts.blocked[id] = blocked;
      facts.gates[id] = gates;
    }
  }
  return facts;
}

std::string Wp(int i) { return fmt::format("WP0{}", i + 1); }

// One random history: the spec, the WPs with dependencies on earlier ones, two gates, then moves
// and gate results, a quarter of them sharing the clock of the event before (another branch).
std::vector<std::string> RandomHistory(std::mt19937& random) {
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  std::vector<std::string> lines;
  int id = 1;
  int64_t clock = 1;
  auto line = [&](const std::string& type, const std::string& entity, const std::string& entity_type,
                  const std::string& payload) {
    Event event;
    event.event_id = Ulid(id++);
    event.event_type = type;
    event.lamport_clock = clock;
    event.entity_id = entity;
    event.entity_type = entity_type;
    event.timestamp = "2026-01-27T12:00:00.000Z";
    event.actor = "prop";
    event.payload_json = payload;
    lines.push_back(EncodeEventLine(event));
  };
  line("SpecCreated", kFeature, "FeatureSpec", R"({"feature_slug":"001-login","title":"Login"})");
  for (int i = 0; i < kWorkPackages; ++i) {
    ++clock;
    std::string dependencies;
    for (int j = 0; j < i; ++j) {
      if (chance(0.4)) dependencies += (dependencies.empty() ? "\"" : ",\"") + Wp(j) + "\"";
    }
    line("WPCreated", Wp(i), "WorkPackage",
         R"({"feature_slug":"001-login","work_package_id":")" + Wp(i) + R"(","title":"T","dependencies":[)" +
             dependencies + "]}");
  }
  std::vector<std::string> gate_status = {"pending", "pending"};
  for (int g = 0; g < 2; ++g) {
    ++clock;
    line("GateCreated", fmt::format("gate-{}", g), "Gate",
         fmt::format(R"({{"work_package_id":"{}","gate_type":"CI_CHECK","gate_id":"gate-{}","feature_slug":"001-login"}})",
                     Wp(pick(kWorkPackages)), g));
  }
  std::vector<std::string> lane(kWorkPackages, "planned");
  for (int n = 0; n < 40; ++n) {
    if (!chance(0.25)) ++clock;
    if (chance(0.2)) {
      int g = pick(2);
      std::string to = std::vector<std::string>{"pending", "passed", "failed"}[pick(3)];
      line("GateResultChanged", fmt::format("gate-{}", g), "Gate",
           fmt::format(R"({{"gate_id":"gate-{}","old_status":"{}","new_status":"{}"}})", g, gate_status[g], to));
      gate_status[g] = to;
      continue;
    }
    if (chance(0.2)) {  // events no guard reads (the index path leaves them out of its guard replay)
      const std::string entity = chance(0.8) ? Wp(pick(kWorkPackages)) : "WP09";  // WP09: never created
      const int kind = pick(3);
      line(kind == 0 ? "SubtaskCompleted" : kind == 1 ? "TagsAdded" : "CounterIncremented", entity, "WorkPackage",
           kind == 0   ? R"({"work_package_id":")" + entity + R"(","subtask_index":1,"feature_slug":"001-login"})"
           : kind == 1 ? R"({"tags":["t"],"feature_slug":"001-login"})"
                       : R"({"counter":"c","delta":1,"feature_slug":"001-login"})");
      continue;
    }
    int wp = pick(kWorkPackages);
    std::string from = chance(0.85) ? lane[wp] : std::string(kLanes[pick(5)]);
    std::span<const std::string_view> targets = ValidTargets(from);
    std::string to = targets.empty() || chance(0.05) ? std::string(kLanes[pick(5)]) : std::string(targets[pick(static_cast<int>(targets.size()))]);
    line("WPStatusChanged", Wp(wp), "WorkPackage",
         R"({"feature_slug":"001-login","old_status":")" + from + R"(","new_status":")" + to + "\"" +
             (chance(0.15) ? R"(,"forced":true)" : "") + "}");
    lane[wp] = to;
  }
  return lines;
}

TEST_F(WorkflowTest, TheIndexedBoardAgreesWithAFullReplayOnTheGuards) {
  std::mt19937 random(15);
  size_t breaks_seen = 0, blocked_seen = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::string bytes;
    for (const std::string& line : RandomHistory(random)) bytes += line + "\n";
    testing::WriteFile(DailyFile(), bytes);
    ProcessResult status = Run({"--json", "status"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    Facts indexed = FromStatusJson(status.out);
    Facts replayed = FromReplay(Events());
    EXPECT_EQ(indexed.guard_breaks, replayed.guard_breaks) << "round " << round << "\n" << bytes;
    EXPECT_EQ(indexed.blocked, replayed.blocked) << "round " << round;
    EXPECT_EQ(indexed.gates, replayed.gates) << "round " << round;
    breaks_seen += replayed.guard_breaks.size();
    for (const auto& [wp, blocked] : replayed.blocked) blocked_seen += !blocked.empty();
  }
  // The generator exercises what it tests.
  EXPECT_GT(breaks_seen, 5u);
  EXPECT_GT(blocked_seen, 5u);
}

}  // namespace
}  // namespace kittylog::workflow_test
