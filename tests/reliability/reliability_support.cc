#include "tests/reliability/reliability_support.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "event/log_layout.h"
#include "platform/file_io.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {

bool UnderSanitizers() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

int ScaledCount(const char* name, int normal, int sanitized) {
  if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return std::atoi(value);
  return UnderSanitizers() ? sanitized : normal;
}

pid_t SpawnKittylog(const std::vector<std::string>& args, const SpawnOptions& options) {
  std::vector<std::string> argv = {KITTYLOG_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = ::open(options.stdin_path.empty() ? "/dev/null" : options.stdin_path.c_str(), O_RDONLY);
    int out = ::open("/dev/null", O_WRONLY);
    int err = options.stderr_path.empty() ? ::open("/dev/null", O_WRONLY)
                                          : ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(127);
    ::setenv("KITTYLOG_ACTOR", "reliability", 1);
    for (const auto& [key, value] : options.env) ::setenv(key.c_str(), value.c_str(), 1);
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    ::execv(raw[0], raw.data());
    _exit(127);
  }
  return pid;
}

LogScan ScanLog(const std::string& checkout) {
  LogScan scan;
  LogLayout layout(checkout);
  Result<std::vector<std::string>> names = platform::ListDirectory(layout.events_dir());
  if (!names.ok()) return scan;
  for (const std::string& name : *names) {
    if (!IsDailyFileName(name)) continue;
    ++scan.files;
    Result<LogContents> contents = ReadLogFile(layout.events_dir() + "/" + name);
    if (!contents.ok()) throw std::runtime_error(contents.status().message());
    for (Event& event : contents->events) {
      if (event.lamport_clock > scan.max_clock) scan.max_clock = event.lamport_clock;
      scan.events.push_back(std::move(event));
    }
    for (LineProblem& problem : contents->problems) {
      (problem.is_event ? scan.notes : scan.problems).push_back({name, std::move(problem)});
    }
  }
  return scan;
}

bool IsWriteFragment(const std::string& line) {
  static const std::string kHead = R"({"event_id":")";
  if (line.empty()) return false;
  if (!(line.starts_with(kHead) || kHead.starts_with(line))) return false;
  EventDecoder decoder;
  return !decoder.DecodeUnpadded(line).ok();
}

int64_t StoredClock(const std::string& checkout) {
  std::string text = ReadFileOrEmpty(checkout + "/.kittify/clock.json");
  static const std::string kKey = "\"value\":";
  size_t at = text.find(kKey);
  if (at == std::string::npos) return -1;
  return std::strtoll(text.c_str() + at + kKey.size(), nullptr, 10);
}

std::map<std::string, std::string> LogState(const std::string& checkout) {
  std::map<std::string, std::string> kept;
  for (auto& [path, bytes] : Snapshot(checkout + "/.kittify")) {
    if (path.find("/errors/") != std::string::npos || path.find("/quarantine/") != std::string::npos ||
        path.find("index.db") != std::string::npos || path.ends_with("/.lock")) {
      continue;
    }
    kept[path] = bytes;
  }
  return kept;
}

bool HasCommand(const std::string& cwd, const std::vector<std::string>& command) {
  // CLI11 answers `kittylog unknown --help` with the top-level help: look at the usage line.
  std::vector<std::string> args = command;
  args.push_back("--help");
  std::string usage = "Usage: kittylog";
  for (const std::string& word : command) usage += " " + word;
  testing::ProcessResult help = Kittylog(cwd, args);
  return help.exit_code == 0 && (help.out.find(usage + " ") != std::string::npos ||
                                 help.out.find(usage + "\n") != std::string::npos);
}

int64_t MonotonicMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace kittylog::testing
