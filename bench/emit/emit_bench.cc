// Emit benchmark (issues 2 and 13; docs/benchmarks.md): whole-process cost of the writing
// commands and of start-up, each against a baseline measured in the same run on the same disk:
//   - `kittylog emit` (fsync included) against `dd conv=fsync oflag=append` appending a line of
//     the same size (a process that appends one line durably and does nothing else), also in a
//     git checkout (the open checks the checkout's record of its index);
//   - `kittylog wp move` (the lifecycle check, the guards, then an emit) against the same dd;
//   - `kittylog --version` (exec, the dynamic loader, static initialisers) against /bin/true;
//   - `kittylog emit --stdin` of N events into a fresh log, against a Python script that parses
//     each request with json.loads, writes it with json.dumps, appends all and fsyncs once.
// Every figure is a median over the runs, wall time and CPU time (user + system of the child,
// from wait4), with the load average at the start: the machine may be shared.
// Usage: kittylog_emit_bench [KITTYLOG_BINARY]   env: EMIT_RUNS (default 200), STDIN_EVENTS
//        (100000), STDIN_RUNS (5)
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/support/bench_support.h"

namespace {

using kittylog::bench::Median;
using kittylog::bench::Percentile90;
using kittylog::bench::ProcessRun;

// Runs argv in `cwd` with optional stdin file; exits the benchmark when the command fails.
ProcessRun TimeProcess(const std::vector<std::string>& argv, const std::string& cwd, const std::string& stdin_path = "") {
  kittylog::bench::ProcessOptions options;
  options.cwd = cwd;
  options.stdin_path = stdin_path;
  return kittylog::bench::RunOrExit(argv, options);
}

// Median wall and median CPU of a series.
struct Series {
  std::vector<double> wall, cpu;
  void Add(const ProcessRun& run) {
    wall.push_back(run.wall_ms);
    cpu.push_back(run.cpu_ms);
  }
  double MedianWall() const { return Median(wall); }
  double MedianCpu() const { return Median(cpu); }
};

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && std::atoi(value) > 0 ? std::atoi(value) : fallback;
}

std::string Verdict(bool met) { return met ? "met" : "MISSED"; }

}  // namespace

int main(int argc, char** argv) {
  std::string kittylog = argc > 1 ? argv[1] : KITTYLOG_BINARY;
  const int runs = EnvInt("EMIT_RUNS", 200);
  const int stdin_events = EnvInt("STDIN_EVENTS", 100000);
  const int stdin_runs = EnvInt("STDIN_RUNS", 5);
  std::string base = std::filesystem::temp_directory_path() / fmt::format("kittylog-emit-bench-{}", ::getpid());
  std::filesystem::create_directories(base);
  ::setenv("KITTYLOG_ACTOR", "bench", 1);
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) < 0) load[0] = -1;
  fmt::print("load average at start: {:.2f} {:.2f} {:.2f} ({} CPUs)\n\n", load[0], load[1], load[2],
             ::sysconf(_SC_NPROCESSORS_ONLN));

  TimeProcess({kittylog, "init", "-q"}, base);
  TimeProcess({kittylog, "spec", "create", "001-bench", "--title", "Bench", "-q"}, base);
  TimeProcess({kittylog, "wp", "create", "WP01", "--feature", "001-bench", "--title", "Moved", "-q"}, base);
  // The same in a git checkout, where every open also checks the checkout's record of its index
  // (<git dir>/kittylog/index-key, docs/index.md "Whose index").
  const std::string checkout = base + "/checkout";
  std::filesystem::create_directories(checkout);
  TimeProcess({"git", "init", "-q", checkout}, base);
  TimeProcess({kittylog, "init", "-q"}, checkout);
  TimeProcess({kittylog, "spec", "create", "001-bench", "--title", "Bench", "-q"}, checkout);
  const std::string payload = R"({"feature_slug":"001-bench","old_status":"planned","new_status":"doing","reason":"benchmark"})";
  const std::string line_path = base + "/line.json";
  std::ofstream(line_path) << std::string(300, 'x') << "\n";
  Series emit, emit_git, move, dd, version, spawn;
  for (int i = 0; i < runs; ++i) {
    emit.Add(TimeProcess({kittylog, "emit", "-q", "WPStatusChanged", "--entity", "WP02", "--entity-type",
                          "WorkPackage", "--payload", payload},
                         base));
    emit_git.Add(TimeProcess({kittylog, "emit", "-q", "WPStatusChanged", "--entity", "WP02", "--entity-type",
                              "WorkPackage", "--payload", payload},
                             checkout));
    move.Add(TimeProcess({kittylog, "wp", "move", "WP01", "--feature", "001-bench", "--to",
                          i % 2 == 0 ? "doing" : "planned", "-q"},
                         base));
    dd.Add(TimeProcess({"dd", "of=" + base + "/dd.jsonl", "oflag=append", "conv=notrunc,fsync", "status=none"}, base,
                       line_path));
    version.Add(TimeProcess({kittylog, "--version"}, base));
    spawn.Add(TimeProcess({"true"}, base));
  }
  const double emit_ms = emit.MedianWall(), move_ms = move.MedianWall(), dd_ms = dd.MedianWall();
  fmt::print("whole process, {} runs each, interleaved: median wall (p90) / median CPU\n", runs);
  fmt::print("  kittylog emit                 {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", emit_ms,
             Percentile90(emit.wall), emit.MedianCpu());
  fmt::print("  kittylog emit, git checkout   {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", emit_git.MedianWall(),
             Percentile90(emit_git.wall), emit_git.MedianCpu());
  fmt::print("  kittylog wp move              {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", move_ms,
             Percentile90(move.wall), move.MedianCpu());
  fmt::print("  baseline dd append + fsync    {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", dd_ms, Percentile90(dd.wall),
             dd.MedianCpu());
  fmt::print("  kittylog --version            {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", version.MedianWall(),
             Percentile90(version.wall), version.MedianCpu());
  fmt::print("  baseline /bin/true            {:7.3f} ms ({:7.3f}) / {:6.3f} ms CPU\n", spawn.MedianWall(),
             Percentile90(spawn.wall), spawn.MedianCpu());
  fmt::print("  emit / dd        {:5.2f}x wall   target: emit <= 3 ms and <= 2x dd: {}\n", emit_ms / dd_ms,
             Verdict(emit_ms <= 3 && emit_ms <= 2 * dd_ms));
  fmt::print("  wp move / dd     {:5.2f}x wall   target: wp move <= 5 ms: {}\n", move_ms / dd_ms, Verdict(move_ms <= 5));
  fmt::print("  --version - true {:+6.3f} ms wall, {:+6.3f} ms CPU\n\n", version.MedianWall() - spawn.MedianWall(),
             version.MedianCpu() - spawn.MedianCpu());

  // Throughput of emit --stdin, each run into a fresh log.
  const std::string requests_path = base + "/requests.jsonl";
  {
    std::ofstream out(requests_path);
    for (int i = 0; i < stdin_events; ++i) {
      out << R"({"event_type":"WPStatusChanged","entity_id":"WP)" << (i % 12 + 1)
          << R"(","entity_type":"WorkPackage","payload":{"feature_slug":"0)" << (10 + i % 20)
          << R"(-bench","old_status":"planned","new_status":"doing","reason":"imported from the tracker, batch )" << i
          << "\"}}\n";
    }
  }
  const std::string script = base + "/baseline.py";
  std::ofstream(script) << R"PY(import json, os, sys, time, uuid
out = open(sys.argv[1], "a")
clock = 0
lines = []
for raw in sys.stdin:
    request = json.loads(raw)
    clock += 1
    event = {"event_id": uuid.uuid4().hex, "event_type": request["event_type"], "event_version": 1,
             "lamport_clock": clock, "entity_id": request["entity_id"], "entity_type": request["entity_type"],
             "timestamp": "2026-01-27T12:00:00.000Z", "actor": "bench", "causation_id": None,
             "correlation_id": None, "payload": request["payload"]}
    lines.append(json.dumps(event, separators=(",", ":"), ensure_ascii=False))
out.write("\n".join(lines) + "\n")
out.flush()
os.fsync(out.fileno())
)PY";
  Series batch, python;
  for (int run = 0; run < stdin_runs; ++run) {
    std::string fresh = base + fmt::format("/stdin-repo-{}", run);
    std::filesystem::create_directories(fresh);
    TimeProcess({kittylog, "init", "-q"}, fresh);
    batch.Add(TimeProcess({kittylog, "emit", "-q", "--stdin"}, fresh, requests_path));
    std::filesystem::remove_all(fresh);
    python.Add(TimeProcess({"python3", script, base + fmt::format("/python-{}.jsonl", run)}, base, requests_path));
  }
  const double rate = stdin_events / (batch.MedianWall() / 1000.0);
  const double python_rate = stdin_events / (python.MedianWall() / 1000.0);
  fmt::print("emit --stdin, {} events in one batch into a fresh log (validation, one fsync, index), {} runs:\n",
             stdin_events, stdin_runs);
  fmt::print("  kittylog emit --stdin     {:9.1f} ms / {:9.1f} ms CPU   {:10.0f} events/s\n", batch.MedianWall(),
             batch.MedianCpu(), rate);
  fmt::print("  baseline python json      {:9.1f} ms / {:9.1f} ms CPU   {:10.0f} events/s\n", python.MedianWall(),
             python.MedianCpu(), python_rate);
  fmt::print("  ratio {:.2f}x   target: >= 300000 events/s: {}\n", rate / python_rate, Verdict(rate >= 300000));
  std::filesystem::remove_all(base);
  return 0;
}
