// Runs the bad-input catalogue (catalogue.h): one test per entry, named after it.
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/bad_input/catalogue.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

constexpr int kTimeoutSeconds = 120;

// Control bytes a terminal could act on: C0 except \n and \t, DEL, and C1 as UTF-8 (U+0080..U+009F);
// and the bidi and invisible format characters that reorder or hide text (U+200B..U+200F,
// U+202A..U+202E, U+2066..U+2069): the escaper shows them all escaped.
std::string FindControlByte(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    bool format = c == 0xe2 && i + 2 < text.size() &&
                  ((text[i + 1] == '\x80' && ((text[i + 2] >= '\x8b' && text[i + 2] <= '\x8f') ||
                                               (text[i + 2] >= '\xaa' && text[i + 2] <= '\xae'))) ||
                   (text[i + 1] == '\x81' && text[i + 2] >= '\xa6' && text[i + 2] <= '\xa9'));
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c1 || format) {
      size_t from = i > 40 ? i - 40 : 0;
      return fmt::format("byte {:#04x} at {}: ...{}", c, i, text.substr(from, 60));
    }
  }
  return "";
}

// The bytes of every event file and of `planted` paths, for the "nothing lost" checks.
std::map<std::string, std::string> EventFiles(const std::string& root) {
  std::map<std::string, std::string> files;
  for (auto& [path, bytes] : Snapshot(root + "/.kittify/events")) {
    // A planted link is not the user's data (what it points to is not the log's to keep).
    if (path.find("index.db") == std::string::npos && !std::filesystem::is_symlink(path)) files[path] = bytes;
  }
  return files;
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, RefusedOrToleratedAndNothingLost) {
  const BadInput& entry = GetParam();
  TempDir dir, scratch;
  Checkout checkout{dir.path(), dir.path() + "/.kittify/events/2026-01-27.jsonl", scratch.path(), {}};
  ProcessOptions at_noon;
  at_noon.env["KITTYLOG_NOW"] = "1769515200000";
  ASSERT_EQ(Kittylog(dir.path(), {"init"}).exit_code, 0);
  for (const char* wp : {"WP01", "WP02"}) {
    ProcessResult emit = Kittylog(dir.path(), {"emit", "TagsAdded", "--entity", wp, "--entity-type", "WorkPackage",
                                               "--payload", R"({"tags":["good"]})"},
                                  at_noon);
    ASSERT_EQ(emit.exit_code, 0) << emit.err;
  }
  checkout.lines = SplitLines(ReadFileOrEmpty(checkout.day));
  ASSERT_EQ(checkout.lines.size(), 2u);
  for (const std::string& word : entry.needs) {
    if (!HasCommand(dir.path(), {word})) GTEST_SKIP() << "`kittylog " << word << "` is not in this build";
  }

  if (entry.plant) entry.plant(checkout);
  const std::map<std::string, std::string> before = EventFiles(dir.path());

  // Run it, bounded: a hang is a failure too.
  std::vector<std::string> argv = {"timeout", "-k", "5", std::to_string(kTimeoutSeconds)};
  std::vector<std::string> args = entry.args;
  const bool by_git = !args.empty() && args.front() == "git";  // the real git, hooks and all
  if (!args.empty() && args.front() == "kittylog-merge") {
    argv.push_back(KITTYLOG_MERGE_BINARY);
    args.erase(args.begin());
  } else if (by_git) {
    argv.push_back("git");
    args.erase(args.begin());
  } else {
    argv.push_back(KITTYLOG_BINARY);
  }
  for (std::string& arg : args) {
    if (arg.starts_with("@")) arg = scratch.path() + "/" + arg.substr(1);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = at_noon;
  options.cwd = dir.path();
  options.stdin_data = entry.stdin_data;
  options.env["KITTYLOG_ACTOR"] = "bad-input";
  options.env["NO_COLOR"] = "1";
  for (const auto& [key, value] : entry.env) options.env[key] = value;
  if (by_git) {
    for (const char* key : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"}) options.env[key] = "t";
    for (const char* key : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"}) options.env[key] = "t@t.invalid";
    options.env["GIT_CONFIG_NOSYSTEM"] = "1";
    options.env["KITTYLOG_HOOK_SHIM"] = "";
  }
  ProcessResult result = kittylog::testing::Run(argv, options);

  std::vector<std::string> problems;
  auto check = [&](bool ok, std::string message) {
    if (!ok) problems.push_back(std::move(message));
  };
  check(result.exit_code != 124 && result.signal == 0,
        fmt::format("hung or was killed (exit {}, signal {})", result.exit_code, result.signal));
  check(result.exit_code == entry.exit_code, fmt::format("exit {}, expected {}", result.exit_code, entry.exit_code));
  const std::string& where = entry.in_stdout ? result.out : result.err;
  check(where.find(entry.expect) != std::string::npos,
        fmt::format("{} lacks {:?}", entry.in_stdout ? "stdout" : "stderr", entry.expect));
  if (entry.one_json_document) {
    ProcessOptions json;
    json.stdin_data = result.out;
    ProcessResult parsed = kittylog::testing::Run({"python3", "-c", "import json, sys; json.load(sys.stdin)"}, json);
    check(parsed.exit_code == 0, "stdout is not exactly one JSON document: " + parsed.err.substr(0, 200));
  }
  if (std::string control = FindControlByte(result.out); !control.empty()) problems.push_back("stdout: " + control);
  if (std::string control = FindControlByte(result.err); !control.empty()) problems.push_back("stderr: " + control);
  if (result.exit_code != 0 && argv[4] == KITTYLOG_BINARY && !entry.one_json_document) {  // --json: on stdout
    int errors = 0;
    for (const std::string& line : SplitLines(result.err)) errors += line.starts_with("kittylog: error: ");
    check(errors == 1, fmt::format("{} `kittylog: error:` lines, expected one", errors));
  }

  // Nothing lost.
  const std::map<std::string, std::string> after = EventFiles(dir.path());
  switch (entry.keep) {
    case Keep::kUnchanged:
      check(after == before, "the event files changed");
      break;
    case Keep::kAppended:
      for (const auto& [path, bytes] : before) {
        auto now = after.find(path);
        check(now != after.end() && now->second.starts_with(bytes), path + " lost bytes");
      }
      break;
    case Keep::kAccountedFor: {
      std::set<std::string> lines;
      for (const auto& [path, bytes] : after) {
        for (const std::string& line : SplitLines(bytes)) lines.insert(line);
      }
      for (const auto& [path, bytes] : Snapshot(dir.path() + "/.kittify/quarantine")) {
        for (const std::string& line : SplitLines(bytes)) lines.insert(line);
      }
      for (const auto& [path, bytes] : before) {
        if (!path.ends_with(".jsonl")) continue;
        for (std::string line : SplitLines(bytes)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.starts_with("\xef\xbb\xbf")) line.erase(0, 3);  // a BOM is a mark, not data
          if (line.find_first_not_of(" \t") == std::string::npos) continue;
          check(lines.count(line) || line.starts_with("<<<<<<<") || line.starts_with("=======") ||
                    line.starts_with(">>>>>>>") || line.starts_with("|||||||"),
                "a line is neither in the log nor in the quarantine: " + line.substr(0, 80));
        }
      }
      break;
    }
  }
  if (entry.extra_check) {
    if (std::string problem = entry.extra_check(checkout); !problem.empty()) problems.push_back(problem);
  }

  if (problems.empty()) {
    if (!entry.known_bug.empty()) {
      std::printf("bad input %s: behaves now although a bug was recorded (%s): update the catalogue\n",
                  entry.name.c_str(), entry.known_bug.c_str());
    }
    return;
  }
  std::string report = fmt::format("{}: {}\n  {}\n  stderr: {}\n  stdout: {}", entry.name, entry.input,
                                   fmt::join(problems, "\n  "), result.err.substr(0, 600), result.out.substr(0, 300));
  if (!entry.known_bug.empty()) GTEST_SKIP() << "known product bug, reported: " << entry.known_bug << "\n" << report;
  ADD_FAILURE() << report;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest, ::testing::ValuesIn(Catalogue()),
                         [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST(BadInputCatalogue, HasAtLeastThirtyEntriesWithUniqueNames) {
  std::set<std::string> names;
  for (const BadInput& entry : Catalogue()) EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
  EXPECT_GE(names.size(), 30u);
  std::printf("bad input catalogue: %zu entries\n", names.size());
}

}  // namespace
}  // namespace kittylog::testing
