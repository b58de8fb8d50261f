// Workflow benchmark (issue 4): on a generated log of 1,000,000 events (20 features x 12 work
// packages moving through their lifecycle, with tags; 10,000 events per daily file) it warms the
// index with one `kittylog status`, then times whole processes:
//   - `kittylog status`                            target <= 50 ms
//   - `kittylog history WP05 --feature 005-...`    target <= 50 ms
//   - `kittylog wp move` (validate + emit + index)  target median <= 5 ms
//   - `kittylog ready` (what can start now)         target <= 30 ms (issue 15)
// against, measured in the same run on the same files:
//   - baseline: the same board computed without the index, by a full replay of the JSONL
//     (ReadLogFile over every daily file + the one reducer, in this process: no process start,
//     so the ratio understates the index's advantage);
//   - floor: `/bin/true` (process start).
// It also checks that the indexed board equals the full replay's (lanes of every WP).
// Usage: kittylog_workflow_bench [KITTYLOG_BINARY]
//   env: WORKFLOW_BENCH_EVENTS (1000000; e.g. 20000 for a CI smoke run), WORKFLOW_BENCH_RUNS (21),
//        WORKFLOW_BENCH_DIR (scratch directory; default a new one under $TMPDIR, removed after).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "bench/support/bench_support.h"
#include "event/event_codec.h"
#include "event/line_reader.h"
#include "event/log_layout.h"
#include "event/timestamp.h"
#include "event/ulid.h"
#include "workflow/board_summary.h"
#include "workflow/reducer.h"

namespace {

using kittylog::bench::Median;

using Clock = std::chrono::steady_clock;
using kittylog::Event;

constexpr int kFeatures = 20;
constexpr int kWorkPackages = 12;
constexpr int64_t kEventsPerDay = 10000;
constexpr int64_t kStartMillis = 1735689600000;  // 2025-01-01T00:00:00Z

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoll(value) : fallback;
}

std::string FeatureSlug(int feature) { return fmt::format("{:03}-feature-{}", feature + 1, feature + 1); }
std::string WpId(int wp) { return fmt::format("WP{:02}", wp + 1); }

// CPU time (user + system) of the last process TimeProcess ran, in milliseconds: on a shared,
// loaded machine the wall clock also measures the neighbours, the CPU time does not.
double g_last_cpu_ms = 0;

// Runs argv in `cwd` (stdout to /dev/null or `out`), exits on failure; returns milliseconds.
double TimeProcess(const std::vector<std::string>& argv, const std::string& cwd, std::string* out = nullptr) {
  kittylog::bench::ProcessOptions options;
  options.cwd = cwd;
  options.capture_stdout = out;
  options.environment = {{"KITTYLOG_ACTOR", "bench"}};
  kittylog::bench::ProcessRun run = kittylog::bench::RunOrExit(argv, options);
  g_last_cpu_ms = run.cpu_ms;
  return run.wall_ms;
}

// The generated log: per WP planned -> doing, then for_review -> done -> doing (reopen) over and
// over; every 2,000th event is a TagsAdded instead. Returns the lane each WP ends in.
std::map<std::string, std::string> WriteLog(const kittylog::LogLayout& layout, int64_t total_events) {
  std::map<std::string, std::string> lanes;
  kittylog::UlidGenerator ulids;
  std::vector<int> step(kFeatures * kWorkPackages, 0);
  const std::vector<std::string> cycle = {"for_review", "done", "doing"};
  std::string buffer;
  std::string current_day;
  auto flush = [&] {
    if (current_day.empty()) return;
    std::ofstream out(layout.daily_file(current_day), std::ios::binary | std::ios::app);
    out << buffer;
    buffer.clear();
  };
  for (int64_t i = 0; i < total_events; ++i) {
    const int64_t clock = i + 1;
    const int64_t millis = kStartMillis + (i / kEventsPerDay) * 86400000 + (i % kEventsPerDay) * 8000;
    Event event;
    event.event_id = ulids.Next(millis);
    event.lamport_clock = clock;
    event.timestamp = kittylog::FormatTimestamp(millis);
    event.actor = (i % 3 == 0) ? "codex-reviewer" : "claude";
    const int64_t setup = kFeatures * (1 + kWorkPackages);
    if (i < setup) {
      int feature = static_cast<int>(i / (1 + kWorkPackages)), k = static_cast<int>(i % (1 + kWorkPackages));
      if (k == 0) {
        event.event_type = "SpecCreated";
        event.entity_id = FeatureSlug(feature);
        event.entity_type = "FeatureSpec";
        event.payload_json = fmt::format(R"({{"feature_slug":"{}","title":"Feature number {}"}})", FeatureSlug(feature),
                                         feature + 1);
      } else {
        event.event_type = "WPCreated";
        event.entity_id = WpId(k - 1);
        event.entity_type = "WorkPackage";
        event.payload_json = fmt::format(R"({{"feature_slug":"{}","work_package_id":"{}","title":"Work package {}"}})",
                                         FeatureSlug(feature), WpId(k - 1), k);
        lanes[FeatureSlug(feature) + "/" + WpId(k - 1)] = "planned";
      }
    } else {
      int target = static_cast<int>((i * 7) % (kFeatures * kWorkPackages));
      int feature = target / kWorkPackages, wp = target % kWorkPackages;
      std::string key = FeatureSlug(feature) + "/" + WpId(wp);
      event.entity_id = WpId(wp);
      event.entity_type = "WorkPackage";
      if (i % 2000 == 0) {
        event.event_type = "TagsAdded";
        event.payload_json =
            fmt::format(R"({{"tags":["sprint-{}"],"feature_slug":"{}"}})", (i / 2000) % 50, FeatureSlug(feature));
      } else {
        std::string from = lanes[key];
        std::string to = from == "planned" ? "doing" : cycle[step[target]++ % cycle.size()];
        event.event_type = "WPStatusChanged";
        event.payload_json = fmt::format(R"({{"feature_slug":"{}","old_status":"{}","new_status":"{}","reason":"step {}"}})",
                                         FeatureSlug(feature), from, to, i);
        lanes[key] = to;
      }
    }
    std::string day = kittylog::UtcDate(millis);
    if (day != current_day) {
      flush();
      current_day = day;
    }
    buffer += kittylog::EncodeEventLine(event);
    buffer += '\n';
  }
  flush();
  return lanes;
}

// The baseline: the board by a full replay of the JSONL, no index.
kittylog::BoardState FullReplay(const kittylog::LogLayout& layout) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(layout.events_dir())) {
    std::string name = entry.path().filename().string();
    if (kittylog::IsDailyFileName(name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::vector<Event> events;
  kittylog::EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const std::string& name : names) {
    auto contents = kittylog::ReadLogFile(layout.events_dir() + "/" + name, options);
    if (!contents.ok()) std::exit(1);
    for (Event& event : contents->events) events.push_back(std::move(event));
  }
  kittylog::BoardState board = kittylog::Replay(events).board;
  kittylog::KeepDecidingResolutions(board);
  return board;
}

// Lanes by "feature/WP" from `kittylog --json status`.
std::map<std::string, std::string> LanesFromJson(const std::string& json) {
  std::map<std::string, std::string> lanes;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return lanes;
  auto text = [](simdjson::dom::element element, const char* key) {
    std::string_view value;
    return element[key].get_string().get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
  };
  simdjson::dom::array features;
  if (root["features"].get_array().get(features) != simdjson::SUCCESS) return lanes;
  for (simdjson::dom::element feature : features) {
    simdjson::dom::array work_packages;
    if (feature["work_packages"].get_array().get(work_packages) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element wp : work_packages) {
      lanes[text(feature, "feature_slug") + "/" + text(wp, "work_package_id")] = text(wp, "lane");
    }
  }
  return lanes;
}

std::string Verdict(double ms, double target) { return ms <= target ? "ok" : "MISSED"; }

}  // namespace

int main(int argc, char** argv) {
  const std::string binary = argc > 1 ? argv[1] : KITTYLOG_BINARY;
  const int64_t total_events = std::max<int64_t>(EnvInt("WORKFLOW_BENCH_EVENTS", 1000000), 1000);
  const int runs = static_cast<int>(std::max<int64_t>(EnvInt("WORKFLOW_BENCH_RUNS", 21), 1));
  std::string dir;
  bool remove_dir = false;
  if (const char* given = std::getenv("WORKFLOW_BENCH_DIR"); given != nullptr && *given != '\0') {
    dir = given;
    std::filesystem::create_directories(dir);
  } else {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/kittylog-workflow-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return 2;
    dir = pattern;
    remove_dir = true;
  }
  kittylog::LogLayout layout(dir);

  fmt::print("workflow benchmark: {} events, {} features x {} WPs, {} runs per measurement, in {}\n", total_events,
             kFeatures, kWorkPackages, runs, dir);
  TimeProcess({binary, "init"}, dir);
  auto start = Clock::now();
  std::map<std::string, std::string> expected = WriteLog(layout, total_events);
  fmt::print("  generated the log in {:.0f} ms\n", std::chrono::duration<double, std::milli>(Clock::now() - start).count());

  double warm = TimeProcess({binary, "--quiet", "status"}, dir);
  fmt::print("  first status (builds the index): {:.0f} ms\n", warm);

  // Correctness first: the indexed board equals the full replay's and the generator's.
  std::string json;
  TimeProcess({binary, "--json", "--quiet", "status"}, dir, &json);
  std::map<std::string, std::string> indexed = LanesFromJson(json);
  kittylog::BoardState replayed = FullReplay(layout);
  std::map<std::string, std::string> from_replay;
  for (const auto& feature : replayed.features) {
    for (const auto& wp : feature.work_packages) from_replay[wp.key()] = wp.lane;
  }
  if (indexed != expected || from_replay != expected) {
    fmt::print(stderr, "MISMATCH: indexed board ({} WPs) / full replay ({} WPs) / generator ({} WPs) differ\n",
               indexed.size(), from_replay.size(), expected.size());
    return 1;
  }
  fmt::print("  boards agree: {} work packages, indexed == full replay == generated\n", expected.size());

  std::vector<double> floor_ms, status_ms, history_ms, move_ms, ready_ms, baseline_ms;
  std::vector<double> floor_cpu, status_cpu, history_cpu, move_cpu, ready_cpu;
  for (int i = 0; i < runs; ++i) {
    floor_ms.push_back(TimeProcess({"/bin/true"}, dir));
    floor_cpu.push_back(g_last_cpu_ms);
  }
  for (int i = 0; i < runs; ++i) {
    status_ms.push_back(TimeProcess({binary, "--quiet", "status"}, dir));
    status_cpu.push_back(g_last_cpu_ms);
  }
  for (int i = 0; i < runs; ++i) {
    ready_ms.push_back(TimeProcess({binary, "--quiet", "ready"}, dir));
    ready_cpu.push_back(g_last_cpu_ms);
  }
  const std::string feature = FeatureSlug(4);
  for (int i = 0; i < runs; ++i) {
    history_ms.push_back(TimeProcess({binary, "--quiet", "history", "WP05", "--feature", feature}, dir));
    history_cpu.push_back(g_last_cpu_ms);
  }
  // wp move: a WP that is in doing or for_review alternates between the two (both valid moves).
  std::string moving_key;
  for (const auto& [key, lane] : expected) {
    if (lane == "doing" || lane == "for_review") {
      moving_key = key;
      break;
    }
  }
  if (moving_key.empty()) {
    fmt::print(stderr, "no WP in doing or for_review to move\n");
    return 1;
  }
  std::string lane = expected[moving_key];
  const std::string move_feature = moving_key.substr(0, moving_key.find('/'));
  const std::string move_wp = moving_key.substr(moving_key.find('/') + 1);
  for (int i = 0; i < runs; ++i) {
    lane = lane == "doing" ? "for_review" : "doing";
    move_ms.push_back(TimeProcess({binary, "--quiet", "wp", "move", move_wp, "--feature", move_feature, "--to", lane}, dir));
    move_cpu.push_back(g_last_cpu_ms);
  }
  const int baseline_runs = std::max(1, std::min(runs, 3));
  for (int i = 0; i < baseline_runs; ++i) {
    auto begin = Clock::now();
    kittylog::BoardState board = FullReplay(layout);
    baseline_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
    if (board.features.size() != static_cast<size_t>(kFeatures)) return 1;
  }

  const double floor = Median(floor_ms), status = Median(status_ms), history = Median(history_ms),
               move = Median(move_ms), ready = Median(ready_ms), baseline = Median(baseline_ms);
  fmt::print("\n  {:<44} {:>9} {:>9}\n", "measurement (median)", "wall ms", "cpu ms");
  fmt::print("  {:<44} {:>9.2f} {:>9.2f}\n", "floor: /bin/true", floor, Median(floor_cpu));
  fmt::print("  {:<44} {:>9.2f} {:>9.2f}  target <= 50 ms: {}\n", "kittylog status (warm index)", status,
             Median(status_cpu), Verdict(status, 50));
  fmt::print("  {:<44} {:>9.2f} {:>9.2f}  target <= 50 ms: {}\n", "kittylog history WP05 --feature 005-...", history,
             Median(history_cpu), Verdict(history, 50));
  fmt::print("  {:<44} {:>9.2f} {:>9.2f}  target <= 5 ms: {}\n", "kittylog wp move (validate+emit+index)", move,
             Median(move_cpu), Verdict(move, 5));
  fmt::print("  {:<44} {:>9.2f} {:>9.2f}  target <= 30 ms: {}\n", "kittylog ready (warm index)", ready,
             Median(ready_cpu), Verdict(ready, 30));
  fmt::print("  {:<44} {:>9.2f}\n", "baseline: full replay of the JSONL, in-process", baseline);
  if (floor > 5) fmt::print("  note: process start alone took {:.1f} ms: the machine is loaded, compare cpu ms\n", floor);
  fmt::print("\n  ratio baseline / status:  {:.1f}x\n", baseline / status);
  fmt::print("  ratio baseline / history: {:.1f}x\n", baseline / history);
  fmt::print("  ratio baseline / ready:   {:.1f}x\n", baseline / ready);
  fmt::print("  ratio status / floor:     {:.1f}x\n", status / floor);

  if (remove_dir) std::filesystem::remove_all(dir);
  return 0;
}
