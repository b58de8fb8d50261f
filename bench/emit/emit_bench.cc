// Emit benchmark (issue 2): whole-process latency of `kittylog emit` (fsync included) and the
// throughput of `kittylog emit --stdin` for 100k events, each against a baseline measured in the
// same run on the same disk:
//   - latency baseline: `dd conv=fsync oflag=append` appending the same line (a process that
//     appends one line durably and does nothing else), and /bin/true (process spawn floor);
//   - throughput baseline: a Python script that parses each request with json.loads, writes it
//     with json.dumps, appends all lines and fsyncs once (what a typical script would do).
// Usage: kittylog_emit_bench [KITTYLOG_BINARY]   env: EMIT_RUNS (default 200), STDIN_EVENTS (100000)
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

using Clock = std::chrono::steady_clock;

// Runs argv with optional stdin file and returns the wall time in milliseconds.
double TimeProcess(const std::vector<std::string>& argv, const std::string& cwd, const std::string& stdin_path = "") {
  auto start = Clock::now();
  std::fflush(stdout);  // else the child's freopen flushes our buffer a second time
  std::fflush(stderr);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) _exit(127);
    if (!stdin_path.empty()) {
      if (!std::freopen(stdin_path.c_str(), "r", stdin)) _exit(127);
    }
    if (!std::freopen("/dev/null", "w", stdout)) _exit(127);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fmt::print(stderr, "command failed: {}\n", argv[0]);
    std::exit(1);
  }
  return ms;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kittylog = argc > 1 ? argv[1] : KITTYLOG_BINARY;
  const int runs = EnvInt("EMIT_RUNS", 200);
  const int stdin_events = EnvInt("STDIN_EVENTS", 100000);
  std::string base = std::filesystem::temp_directory_path() / fmt::format("kittylog-emit-bench-{}", ::getpid());
  std::filesystem::create_directories(base);
  ::setenv("KITTYLOG_ACTOR", "bench", 1);

  TimeProcess({kittylog, "init", "-q"}, base);
  const std::string payload = R"({"feature_slug":"001-bench","old_status":"planned","new_status":"doing","reason":"benchmark"})";
  std::vector<double> emit_ms, dd_ms, true_ms;
  const std::string line_path = base + "/line.json";
  {
    std::ofstream(line_path) << std::string(300, 'x') << "\n";
  }
  for (int i = 0; i < runs; ++i) {
    emit_ms.push_back(TimeProcess({kittylog, "emit", "-q", "WPStatusChanged", "--entity", "WP01", "--entity-type",
                                   "WorkPackage", "--payload", payload},
                                  base));
    dd_ms.push_back(TimeProcess({"dd", "of=" + base + "/dd.jsonl", "oflag=append", "conv=notrunc,fsync", "status=none"},
                                base, line_path));
    true_ms.push_back(TimeProcess({"true"}, base));
  }
  double emit_median = Median(emit_ms), dd_median = Median(dd_ms), true_median = Median(true_ms);
  fmt::print("emit latency, whole process incl. fsync ({} runs, index updated inline):\n", runs);
  fmt::print("  kittylog emit              median {:7.3f} ms   p90 {:7.3f} ms\n", emit_median,
             (std::sort(emit_ms.begin(), emit_ms.end()), emit_ms[emit_ms.size() * 9 / 10]));
  fmt::print("  baseline dd append+fsync   median {:7.3f} ms\n", dd_median);
  fmt::print("  floor /bin/true            median {:7.3f} ms\n", true_median);
  fmt::print("  ratio emit / dd            {:.2f}x   (target: emit median <= 3 ms)\n", emit_median / dd_median);

  // Throughput of emit --stdin.
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
  std::string fresh = base + "/stdin-repo";
  std::filesystem::create_directories(fresh);
  TimeProcess({kittylog, "init", "-q"}, fresh);
  double stdin_ms = TimeProcess({kittylog, "emit", "-q", "--stdin"}, fresh, requests_path);

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
  double python_ms = TimeProcess({"python3", script, base + "/python.jsonl"}, base, requests_path);
  double rate = stdin_events / (stdin_ms / 1000.0);
  double python_rate = stdin_events / (python_ms / 1000.0);
  fmt::print("emit --stdin, {} events in one batch (validation, one fsync, index updated):\n", stdin_events);
  fmt::print("  kittylog emit --stdin      {:9.1f} ms   {:10.0f} events/s\n", stdin_ms, rate);
  fmt::print("  baseline python json       {:9.1f} ms   {:10.0f} events/s\n", python_ms, python_rate);
  fmt::print("  ratio                      {:.2f}x   (target: >= 200000 events/s)\n", rate / python_rate);
  std::filesystem::remove_all(base);
  return 0;
}
