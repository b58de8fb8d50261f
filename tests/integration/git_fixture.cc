#include "tests/integration/git_fixture.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include <simdjson.h>

#include "event/line_reader.h"
#include "event/log_layout.h"

namespace kittylog::gittest {

constexpr const char* kNow = "1769515200000";  // 2026-01-27T12:00:00.000Z

GitTest::GitTest() {
  home_ = Path("home");
  std::filesystem::create_directories(home_);
  testing::WriteFile(home_ + "/.gitconfig",
                     "[user]\n\tname = Test User\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n"
                     "[advice]\n\tdetachedHead = false\n[protocol \"file\"]\n\tallow = always\n");
}

ProcessOptions GitTest::Env(const ProcessOptions& extra) const {
  ProcessOptions options = extra;
  options.env.emplace("HOME", home_);
  options.env.emplace("GIT_CONFIG_NOSYSTEM", "1");
  options.env.emplace("KITTYLOG_NOW", kNow);
  options.env.emplace("KITTYLOG_ACTOR", "tester");
  options.env.emplace("NO_COLOR", "1");
  options.env.emplace("GIT_EDITOR", "true");
  options.env.emplace("KITTYLOG_HOOK_SHIM", "");  // as if no shim is running
  return options;
}

ProcessResult GitTest::Git(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra) {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = Env(extra);
  options.cwd = dir;
  return testing::Run(argv, options);
}

ProcessResult GitTest::Kl(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra) {
  return testing::Kittylog(dir, args, Env(extra));
}

ProcessResult GitTest::GitOk(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra) {
  ProcessResult result = Git(dir, args, extra);
  if (result.exit_code != 0) {
    std::string command;
    for (const std::string& arg : args) command += " " + arg;
    ADD_FAILURE() << "git" << command << " in " << dir << " exited " << result.exit_code << "\n" << result.out << result.err;
  }
  return result;
}

ProcessResult GitTest::KlOk(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra) {
  ProcessResult result = Kl(dir, args, extra);
  if (result.exit_code != 0) {
    std::string command;
    for (const std::string& arg : args) command += " " + arg;
    ADD_FAILURE() << "kittylog" << command << " in " << dir << " exited " << result.exit_code << "\n"
                  << result.out << result.err;
  }
  return result;
}

std::string GitTest::NewRepo(const std::string& name) {
  std::string path = Path(name);
  std::filesystem::create_directories(path);
  GitOk(path, {"init", "-q", "-b", "main"});
  return path;
}

std::string GitTest::NewKittylogRepo(const std::string& name) {
  std::string path = NewRepo(name);
  KlOk(path, {"init"});
  KlOk(path, {"spec", "create", kFeature, "--title", "Demo feature"});
  KlOk(path, {"wp", "create", "WP01", "--feature", kFeature, "--title", "First"});
  KlOk(path, {"wp", "create", "WP02", "--feature", kFeature, "--title", "Second"});
  Commit(path, "plan");
  return path;
}

void GitTest::MoveWp(const std::string& dir, const std::string& wp, const std::string& to, const std::string& actor) {
  ProcessOptions options;
  options.env["KITTYLOG_ACTOR"] = actor;
  KlOk(dir, {"wp", "move", wp, "--feature", kFeature, "--to", to}, options);
}

void GitTest::Commit(const std::string& dir, const std::string& message) {
  GitOk(dir, {"add", "-A"});
  GitOk(dir, {"commit", "-q", "-m", message});
}

std::vector<Event> GitTest::LogEvents(const std::string& dir) const {
  std::vector<Event> events;
  LogLayout layout(dir);
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(layout.events_dir(), error)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!IsDailyFileName(name)) continue;
    Result<LogContents> contents = ReadLogFile(layout.events_dir() + "/" + name);
    EXPECT_TRUE(contents.ok());
    if (!contents.ok()) continue;
    for (Event& event : contents->events) events.push_back(std::move(event));
  }
  return events;
}

int64_t GitTest::MaxClockInLog(const std::string& dir) const {
  int64_t max = 0;
  for (const Event& event : LogEvents(dir)) max = std::max(max, event.lamport_clock);
  return max;
}

int64_t GitTest::StoredClock(const std::string& dir) const {
  std::string text = ReadFile(dir + "/.kittify/clock.json");
  simdjson::dom::parser parser;
  int64_t value = -1;
  simdjson::dom::element root;
  if (text.empty() || parser.parse(text).get(root) != simdjson::SUCCESS) return -1;
  if (root["value"].get(value) != simdjson::SUCCESS) return -1;
  return value;
}

std::string GitTest::LaneOf(const std::string& dir, const std::string& wp) {
  ProcessResult status = KlOk(dir, {"--json", "status"});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(status.out).get(root) != simdjson::SUCCESS) return "<bad json>";
  for (simdjson::dom::element feature : root["features"].get_array()) {
    for (simdjson::dom::element row : feature["work_packages"].get_array()) {
      std::string_view id, lane;
      if (row["work_package_id"].get(id) == simdjson::SUCCESS && id == wp &&
          row["lane"].get(lane) == simdjson::SUCCESS) {
        return std::string(lane);
      }
    }
  }
  return "<absent>";
}

::testing::AssertionResult Contains(const std::string& text, const std::string& needle) {
  if (text.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << needle << "\" not found in:\n" << text;
}

std::string DriverResult(const std::string& scratch_dir, const std::string& base, const std::string& ours,
                         const std::string& theirs) {
  std::filesystem::create_directories(scratch_dir);
  testing::WriteFile(scratch_dir + "/base", base);
  testing::WriteFile(scratch_dir + "/ours", ours);
  testing::WriteFile(scratch_dir + "/theirs", theirs);
  ProcessResult result = testing::Run({KITTYLOG_MERGE_BINARY, scratch_dir + "/base", scratch_dir + "/ours",
                                       scratch_dir + "/theirs", "7", kDailyFile});
  EXPECT_LE(result.exit_code, 1) << result.err;
  return testing::ReadFileOrEmpty(scratch_dir + "/ours");
}

}  // namespace kittylog::gittest
