// Shared fixture of the workflow integration tests (workflow_test.cc,
// workflow_concurrency_test.cc): a temporary checkout after `kittylog init`, the real binary run
// at a fixed time (2026-01-27 12:00 UTC, so the daily file is known), and a way to write event
// lines straight into the daily file, as another branch or tool would have.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "event/event.h"
#include "event/event_codec.h"
#include "event/line_reader.h"
#include "tests/support/test_support.h"

namespace kittylog::workflow_test {

inline constexpr int64_t kJan27Noon = 1769515200000;  // 2026-01-27T12:00:00.000Z
inline constexpr const char* kDay = "2026-01-27";
inline constexpr const char* kFeature = "001-login";

// A valid ULID whose order follows `n` (for events written by hand).
inline std::string Ulid(int n) {
  std::string id = "01KFZZZZZZ0000000000000000";
  const char* digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (int i = 25; i >= 16 && n > 0; --i, n /= 32) id[i] = digits[n % 32];
  return id;
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ProcessResult init = Run({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  testing::ProcessResult Run(const std::vector<std::string>& args, const std::string& actor = "") const {
    return RunIn(dir_.path(), args, actor);
  }
  static testing::ProcessResult RunIn(const std::string& cwd, const std::vector<std::string>& args,
                                      const std::string& actor = "", int64_t now_millis = kJan27Noon) {
    testing::ProcessOptions options;
    options.env["KITTYLOG_NOW"] = std::to_string(now_millis);
    if (!actor.empty()) options.env["KITTYLOG_ACTOR"] = actor;
    return testing::Kittylog(cwd, args, options);
  }
  // Runs and expects exit 0.
  std::string Ok(const std::vector<std::string>& args, const std::string& actor = "") const {
    testing::ProcessResult result = Run(args, actor);
    EXPECT_EQ(result.exit_code, 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << result.err;
    return result.out;
  }

  std::string DailyFile() const { return dir_.path() + "/.kittify/events/" + kDay + ".jsonl"; }
  std::vector<Event> Events() const {
    EventDecoder::Options options;
    options.keep_payload_json = true;
    Result<LogContents> contents = ReadLogFile(DailyFile(), options);
    EXPECT_TRUE(contents.ok());
    return contents.ok() ? contents->events : std::vector<Event>{};
  }

  // Appends an event line written by hand (another branch, an import) to the daily file.
  void AppendLine(const std::string& line) const {
    std::string bytes = testing::ReadFileOrEmpty(DailyFile()) + line + "\n";
    testing::WriteFile(DailyFile(), bytes);
  }
  Event MakeEvent(int id, int64_t clock, const std::string& type, const std::string& entity,
                  const std::string& entity_type, const std::string& payload_json,
                  const std::string& actor = "someone") const {
    Event event;
    event.event_id = Ulid(id);
    event.event_type = type;
    event.lamport_clock = clock;
    event.entity_id = entity;
    event.entity_type = entity_type;
    event.timestamp = "2026-01-27T12:00:00.000Z";
    event.actor = actor;
    event.payload_json = payload_json;
    return event;
  }
  void AppendMove(int id, int64_t clock, const std::string& wp, const std::string& from, const std::string& to,
                  const std::string& actor = "someone") const {
    AppendLine(EncodeEventLine(MakeEvent(
        id, clock, "WPStatusChanged", wp, "WorkPackage",
        R"({"feature_slug":")" + std::string(kFeature) + R"(","old_status":")" + from + R"(","new_status":")" + to +
            R"("})",
        actor)));
  }

  // spec create 001-login; wp create WP01..WPnn.
  void CreateFeature(int work_packages) const {
    Ok({"spec", "create", kFeature, "--title", "Login"});
    for (int i = 1; i <= work_packages; ++i) {
      std::string wp = "WP0" + std::to_string(i);
      Ok({"wp", "create", wp, "--feature", kFeature, "--title", "Work " + std::to_string(i)});
    }
  }
  void Move(const std::string& wp, const std::string& to, const std::string& actor = "") const {
    Ok({"wp", "move", wp, "--feature", kFeature, "--to", to}, actor);
  }

  // The log, clock and index-independent state: everything under .kittify/ except the error
  // log and the index (derived), for "nothing was written" checks.
  std::map<std::string, std::string> LogState() const {
    std::map<std::string, std::string> kept;
    for (auto& [path, bytes] : testing::Snapshot(dir_.path() + "/.kittify")) {
      if (path.find("/errors/") == std::string::npos && path.find("index.db") == std::string::npos) {
        kept[path] = bytes;
      }
    }
    return kept;
  }

  // Lines of stderr that are not warnings.
  static std::vector<std::string> ErrorLines(const std::string& err) {
    std::vector<std::string> lines;
    for (const std::string& line : testing::SplitLines(err)) {
      if (!line.starts_with("kittylog: warning:")) lines.push_back(line);
    }
    return lines;
  }

  testing::TempDir dir_;
};

}  // namespace kittylog::workflow_test
