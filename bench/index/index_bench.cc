// Index benchmark (issue 3): on a generated log of 1,000,000 events over 300 daily files
// (~400 MB, 20 features x 12 WPs, realistic payloads) it measures, in one run and each against
// a plain baseline measured in the same run on the same files:
//   - full rebuild (library call)                 vs baseline_index.py build (json + sqlite3,
//                                                    one transaction, indexes at the end)
//   - incremental refresh after 10,000 appended   vs baseline_index.py append (the same 10k lines
//     events (whole process: kittylog_index_probe)   parsed and inserted by a script)
//   - every WP's state (whole process)            vs baseline_index.py wp (fold status events)
//   - query --entity (whole process)              vs baseline_index.py query (indexed SQL)
// and prints medians, ratios and the index size against the JSONL size.
// Usage: kittylog_index_bench   env: INDEX_BENCH_EVENTS (1000000), INDEX_BENCH_DAYS (300),
//   INDEX_BENCH_RUNS (5: runs per measurement; rebuilds use max(1, runs/2)), INDEX_BENCH_DIR
//   (scratch directory; default: a new one under $TMPDIR, removed at the end).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/support/bench_support.h"
#include "event/event_codec.h"
#include "event/json_writer.h"
#include "event/log_layout.h"
#include "event/timestamp.h"
#include "event/ulid.h"
#include "index/event_index.h"

namespace {

using Clock = std::chrono::steady_clock;
using kittylog::Event;

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoll(value) : fallback;
}


// Wall and CPU (user + system, all threads) milliseconds of one measurement. CPU is printed
// too because a shared machine stretches wall time but hardly CPU time.
struct Timing {
  double wall = 0;
  double cpu = 0;
};

double CpuMs(const struct rusage& usage) {
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

double SelfCpuMs() {
  struct rusage usage;
  ::getrusage(RUSAGE_SELF, &usage);
  return CpuMs(usage);
}

// The median run (by wall time), with its own CPU time.
Timing Median(std::vector<Timing> values) {
  return kittylog::bench::MedianBy(std::move(values), [](const Timing& timing) { return timing.wall; });
}

// Runs argv to completion with stdout to /dev/null; exits the benchmark when it fails.
Timing TimeProcess(const std::vector<std::string>& argv) {
  kittylog::bench::ProcessRun run = kittylog::bench::RunOrExit(argv);
  return {run.wall_ms, run.cpu_ms};
}

// Realistic events: the shapes of DESIGN §5 with the sizes seen in practice.
class Generator {
 public:
  explicit Generator(int64_t first_millis) : now_(first_millis) {}

  std::string Line(int64_t clock, int64_t millis) {
    now_ = millis;
    int feature_index = static_cast<int>(random_() % 20);
    int wp_index = static_cast<int>(random_() % 12);
    std::string feature = fmt::format("{:03d}-{}", feature_index + 1, kFeatureNames[feature_index % 10]);
    std::string wp = fmt::format("WP{:02d}", wp_index + 1);
    Event event;
    event.lamport_clock = clock;
    event.entity_id = wp;
    event.entity_type = "WorkPackage";
    unsigned kind = random_() % 100;
    kittylog::JsonWriter p;
    p.BeginObject();
    if (kind < 38) {
      std::string& lane = lanes_[feature_index * 12 + wp_index];
      if (lane.empty()) lane = "planned";
      static const char* kNext[] = {"doing", "for_review", "done", "doing", "rejected"};
      std::string next = kNext[random_() % 5];
      event.event_type = "WPStatusChanged";
      p.Key("feature_slug"); p.String(feature);
      p.Key("old_status"); p.String(lane);
      p.Key("new_status"); p.String(next);
      p.Key("reason"); p.String(kReasons[random_() % 6]);
      p.Key("gate_results"); p.Raw(R"([{"gate_type":"CI_CHECK","status":"passed"}])");
      lane = next;
    } else if (kind < 60) {
      event.event_type = "SubtaskCompleted";
      event.entity_id = fmt::format("{}-T{:03d}", wp, random_() % 40);
      event.entity_type = "Subtask";
      p.Key("work_package_id"); p.String(wp);
      p.Key("subtask_index"); p.Int(random_() % 40);
      p.Key("subtask_text"); p.String(kSubtasks[random_() % 5]);
      p.Key("feature_slug"); p.String(feature);
    } else if (kind < 72) {
      event.event_type = "GateResultChanged";
      event.entity_id = fmt::format("gate-ci-{}-{}", feature.substr(0, 3), wp);
      event.entity_type = "Gate";
      p.Key("gate_id"); p.String(event.entity_id);
      p.Key("old_status"); p.String("pending");
      p.Key("new_status"); p.String(random_() % 4 ? "passed" : "failed");
      p.Key("result_data"); p.Raw(R"({"exit_code":0,"duration_s":84.2})");
    } else if (kind < 78) {
      event.event_type = "GateCreated";
      event.entity_id = fmt::format("gate-ci-{}-{}", feature.substr(0, 3), wp);
      event.entity_type = "Gate";
      p.Key("work_package_id"); p.String(wp);
      p.Key("gate_type"); p.String("CI_CHECK");
      p.Key("gate_id"); p.String(event.entity_id);
      p.Key("feature_slug"); p.String(feature);
    } else if (kind < 88) {
      event.event_type = "TagsAdded";
      p.Key("tags"); p.Raw(R"(["backend","needs-review","sprint-42"])");
      p.Key("feature_slug"); p.String(feature);
    } else if (kind < 97) {
      event.event_type = "CounterIncremented";
      p.Key("counter"); p.String("review_rounds");
      p.Key("delta"); p.Int(1);
      p.Key("feature_slug"); p.String(feature);
    } else {
      event.event_type = "WorkspaceCreated";
      p.Key("work_package_id"); p.String(wp);
      p.Key("worktree_path"); p.String(fmt::format(".worktrees/{}-{}", feature, wp));
      p.Key("branch_name"); p.String(fmt::format("{}-{}", feature, wp));
      p.Key("feature_slug"); p.String(feature);
    }
    p.EndObject();
    event.payload_json = p.Take();
    return Finish(event, millis);
  }

  std::string Created(int64_t clock, int64_t millis, int feature_index, int wp_index) {
    Event event;
    event.event_type = "WPCreated";
    event.lamport_clock = clock;
    event.entity_id = fmt::format("WP{:02d}", wp_index + 1);
    event.entity_type = "WorkPackage";
    event.payload_json = fmt::format(
        R"({{"feature_slug":"{:03d}-{}","work_package_id":"{}","title":"Implement part {} of the feature","dependencies":[]}})",
        feature_index + 1, kFeatureNames[feature_index % 10], event.entity_id, wp_index + 1);
    return Finish(event, millis);
  }

 private:
  std::string Finish(Event& event, int64_t millis) {
    static const char* kActors[] = {"claude-sonnet", "claude-opus", "alice@example.com", "bob@example.com",
                                    "ci-bot", "gpt-agent-7", "carol@example.com", "reviewer-bot"};
    event.event_id = ulids_.Next(millis);
    event.timestamp = kittylog::FormatTimestamp(millis);
    event.actor = kActors[random_() % 8];
    if (random_() % 2) event.causation_id = "cmd-" + ulids_.Next(millis);
    event.correlation_id = fmt::format("s-{:04x}", random_() % 5000);
    return kittylog::EncodeEventLine(event);
  }

  static constexpr const char* kFeatureNames[10] = {"cli-event-log", "merge-driver", "sqlite-index", "git-hooks",
                                                   "status-board", "error-log", "sync-server", "auth", "docs", "demo"};
  static constexpr const char* kReasons[6] = {"ready for review", "changes requested: add tests for the torn tail case",
                                             "LGTM, merged after CI", "picked up by agent", "blocked on WP03",
                                             "reopened: regression in nightly"};
  static constexpr const char* kSubtasks[5] = {"write the failing test first", "implement the reducer",
                                              "document the schema in docs/index.md", "handle CRLF input",
                                              "benchmark against the baseline"};
  std::mt19937 random_{20260127};
  kittylog::UlidGenerator ulids_;
  int64_t now_;
  std::vector<std::string> lanes_ = std::vector<std::string>(240);
};

constexpr int64_t kFirstDay = 1'735'689'600'000;  // 2025-01-01T00:00:00Z
constexpr int64_t kDay = 86'400'000;

// Writes `events` events over `days` daily files; returns the next clock.
int64_t GenerateLog(const std::string& events_dir, int64_t events, int64_t days) {
  Generator generator(kFirstDay);
  int64_t clock = 0;
  int64_t written = 0;
  for (int64_t day = 0; day < days; ++day) {
    int64_t target = events * (day + 1) / days;
    std::string out;
    int64_t count = target - written;
    for (int64_t i = 0; i < count; ++i) {
      int64_t millis = kFirstDay + day * kDay + (i * (kDay - 1000)) / std::max<int64_t>(count, 1);
      if (written + i < 240) {
        out += generator.Created(++clock, millis, static_cast<int>((written + i) / 12), static_cast<int>((written + i) % 12));
      } else {
        // One event in 500 is concurrent with the previous one (same clock, two branches).
        if ((written + i) % 500 != 0) ++clock;
        out += generator.Line(clock, millis);
      }
      out += '\n';
    }
    written = target;
    std::ofstream(fmt::format("{}/{}.jsonl", events_dir, kittylog::UtcDate(kFirstDay + day * kDay)), std::ios::binary)
        << out;
  }
  return clock + 1;
}

uint64_t DirectoryBytes(const std::string& dir, std::string_view suffix) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().string().ends_with(suffix)) total += entry.file_size();
  }
  return total;
}

void Row(const std::string& what, const Timing& ours, const Timing& baseline, const char* target) {
  fmt::print("{:<36} {:>8.1f} ms ({:>7.1f}) {:>9.1f} ms ({:>7.1f}) {:>7.1f}x   {}\n", what, ours.wall, ours.cpu,
             baseline.wall, baseline.cpu, baseline.wall / ours.wall, target);
}

}  // namespace

int main() {
  const int64_t events = EnvInt("INDEX_BENCH_EVENTS", 1'000'000);
  const int64_t days = EnvInt("INDEX_BENCH_DAYS", 300);
  const int runs = static_cast<int>(std::max<int64_t>(1, EnvInt("INDEX_BENCH_RUNS", 5)));
  const char* dir_env = std::getenv("INDEX_BENCH_DIR");
  const std::string base = dir_env ? dir_env
                                   : (std::filesystem::temp_directory_path() /
                                      fmt::format("kittylog-index-bench-{}", ::getpid())).string();
  const std::string probe = KITTYLOG_INDEX_PROBE;
  const std::string python = "python3";
  const std::string script = KITTYLOG_INDEX_BASELINE;
  kittylog::LogLayout layout(base);
  std::filesystem::remove_all(base + "/.kittify");
  std::filesystem::create_directories(layout.events_dir());

  fmt::print("generating {} events over {} daily files in {} ...\n", events, days, base);
  int64_t next_clock = GenerateLog(layout.events_dir(), events, days);
  const uint64_t jsonl_bytes = DirectoryBytes(layout.events_dir(), ".jsonl");
  fmt::print("log: {:.1f} MB ({:.0f} bytes/event)\n\n", jsonl_bytes / 1e6, double(jsonl_bytes) / events);
  const std::string baseline_db = base + "/baseline.db";

  // 1. Full rebuild: the library call, vs the script.
  std::vector<Timing> rebuild_ms, baseline_build_ms;
  auto index = kittylog::EventIndex::Open(layout, kittylog::IndexOptions{});
  if (!index.ok()) {
    fmt::print(stderr, "open: {}\n", index.status().message());
    return 1;
  }
  for (int i = 0; i < std::max(1, runs / 2); ++i) {
    auto start = Clock::now();
    double cpu_start = SelfCpuMs();
    auto rebuilt = (*index)->Rebuild();
    rebuild_ms.push_back({std::chrono::duration<double, std::milli>(Clock::now() - start).count(), SelfCpuMs() - cpu_start});
    if (!rebuilt.ok()) return 1;
    baseline_build_ms.push_back(TimeProcess({python, script, "build", layout.events_dir(), baseline_db}));
  }
  index->reset();
  const uint64_t index_bytes = DirectoryBytes(layout.events_dir(), "index.db");

  // 2. Incremental refresh after 10,000 appended events (whole process), vs the script.
  const int64_t appended = std::min<int64_t>(10'000, std::max<int64_t>(events / 100, 100));
  std::vector<Timing> refresh_ms, baseline_append_ms;
  Generator more(kFirstDay + days * kDay);
  const std::string last_file = fmt::format("{}/{}.jsonl", layout.events_dir(), kittylog::UtcDate(kFirstDay + (days - 1) * kDay));
  for (int i = 0; i < runs; ++i) {
    std::string out;
    for (int64_t k = 0; k < appended; ++k) out += more.Line(next_clock++, kFirstDay + (days - 1) * kDay + 86'000'000 + k) + "\n";
    std::ofstream(last_file, std::ios::app | std::ios::binary) << out;
    refresh_ms.push_back(TimeProcess({probe, base, "open"}));
    baseline_append_ms.push_back(TimeProcess({python, script, "append", layout.events_dir(), baseline_db,
                                              std::to_string(appended)}));
  }

  // 3 and 4. Lookups on a warm, fresh index (whole process), vs the script on its database.
  TimeProcess({probe, base, "open"});
  std::vector<Timing> wp_ms, baseline_wp_ms, entity_ms, baseline_entity_ms, wide_ms, baseline_wide_ms;
  for (int i = 0; i < runs; ++i) {
    wp_ms.push_back(TimeProcess({probe, base, "wp"}));
    baseline_wp_ms.push_back(TimeProcess({python, script, "wp", baseline_db}));
    entity_ms.push_back(TimeProcess({probe, base, "query", "WP07", "005-status-board"}));
    baseline_entity_ms.push_back(TimeProcess({python, script, "query", baseline_db, "WP07", "005-status-board"}));
    wide_ms.push_back(TimeProcess({probe, base, "query", "WP07"}));
    baseline_wide_ms.push_back(TimeProcess({python, script, "query", baseline_db, "WP07"}));
  }

  fmt::print("{:<36} {:>22} {:>23} {:>8}   {}\n", "measurement (median of runs)", "kittylog wall (cpu)",
             "baseline wall (cpu)", "ratio", "target");
  Row("full rebuild", Median(rebuild_ms), Median(baseline_build_ms), "<= 2000 ms and >= 5x");
  Row(fmt::format("refresh after {} appended", appended), Median(refresh_ms), Median(baseline_append_ms),
      "<= 100 ms whole process");
  Row("every WP's state (240 WPs)", Median(wp_ms), Median(baseline_wp_ms), "<= 50 ms whole process");
  Row("query --entity WP07 --feature 005", Median(entity_ms), Median(baseline_entity_ms), "<= 50 ms whole process");
  Row("query --entity WP07 (20 features)", Median(wide_ms), Median(baseline_wide_ms), "(informative)");
  fmt::print("\nindex size: {:.1f} MB = {:.2f}x the JSONL ({:.1f} MB); target <= 1.5x\n", index_bytes / 1e6,
             double(index_bytes) / jsonl_bytes, jsonl_bytes / 1e6);
  fmt::print("baseline database: {:.1f} MB = {:.2f}x the JSONL\n", DirectoryBytes(base, "baseline.db") / 1e6,
             double(DirectoryBytes(base, "baseline.db")) / jsonl_bytes);
  if (!dir_env) std::filesystem::remove_all(base);
  return 0;
}
