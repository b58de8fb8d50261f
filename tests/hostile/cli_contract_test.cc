// The CLI contract holds everywhere (issue 11 item 5; DESIGN §10): with --json, exactly one
// JSON document on stdout for every command and every exit code (checked with a real JSON
// parser); without .kittify/ the reading commands exit 3; `init` refuses a bare repository.
#include <filesystem>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

struct Case {
  std::vector<std::string> args;
  int exit_code;
  std::string stdin_data;
};

class CliContractTest : public GitTest {
 protected:
  void ExpectOneDocument(const std::string& repo, const Case& c) {
    std::vector<std::string> args = {"--json"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    ProcessOptions options;
    options.stdin_data = c.stdin_data;
    ProcessResult result = Kl(repo, args, options);
    std::string shown;
    for (const std::string& arg : c.args) shown += " " + arg;
    EXPECT_EQ(result.exit_code, c.exit_code) << "kittylog --json" << shown << "\n" << result.err;
    EXPECT_TRUE(IsOneJsonDocument(result.out)) << "kittylog --json" << shown << " (exit " << result.exit_code << ")";
    if (c.exit_code != 0) {
      EXPECT_TRUE(Contains(result.out, "\"exit_code\":" + std::to_string(c.exit_code))) << shown;
    }
  }
};

TEST_F(CliContractTest, EveryCommandPrintsOneJsonDocumentWhenItSucceeds) {
  std::string fresh = NewRepo("fresh");
  ExpectOneDocument(fresh, {{"init"}, 0, ""});
  std::string repo = NewKittylogRepo("repo");
  const std::string stdin_events =
      R"({"event_type":"TagsAdded","entity_id":"WP01","entity_type":"WorkPackage","payload":{"tags":["a"]}})" "\n"
      R"({"event_type":"TagsAdded","entity_id":"WP02","entity_type":"WorkPackage","payload":{"tags":["b"]}})" "\n";
  const std::vector<Case> cases = {
      {{"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload", R"({"tags":["x"]})"}, 0, ""},
      {{"emit", "--stdin"}, 0, stdin_events},
      {{"spec", "create", "002-other", "--title", "Other"}, 0, ""},
      {{"wp", "create", "WP03", "--feature", kFeature, "--title", "Third"}, 0, ""},
      {{"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"}, 0, ""},
      {{"wp", "workspace", "WP01", "--feature", kFeature, "--path", "/tmp/w", "--branch", "wp01"}, 0, ""},
      {{"wp", "subtask", "WP01", "--feature", kFeature, "--index", "1"}, 0, ""},
      {{"wp", "tag", "WP01", "--feature", kFeature, "backend"}, 0, ""},
      {{"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", kFeature}, 0, ""},
      {{"gate", "result", "gate-ci-WP01", "--status", "passed"}, 0, ""},
      {{"status"}, 0, ""},
      {{"history", "WP01", "--feature", kFeature}, 0, ""},
      {{"query"}, 0, ""},
      {{"query", "--format", "json", "--entity", "nothing"}, 0, ""},
      {{"conflicts"}, 0, ""},
      {{"errors"}, 0, ""},
      {{"index", "rebuild"}, 0, ""},
      {{"index", "check"}, 0, ""},
      {{"index", "stats"}, 0, ""},
      {{"clock", "show"}, 0, ""},
      {{"clock", "witness"}, 0, ""},
      {{"verify"}, 0, ""},
      {{"verify", "--strict"}, 0, ""},
      {{"verify", "--history"}, 0, ""},
      {{"ready"}, 0, ""},
      {{"ready", "--all"}, 0, ""},
      {{"repair", "--check"}, 0, ""},
      {{"repair"}, 0, ""},
      {{"repair", "--check", "--rev", "HEAD"}, 0, ""},
      {{"repair", "--rev", "HEAD"}, 0, ""},
      {{"schema"}, 0, ""},
      {{"schema", "EventV1"}, 0, ""},
      {{"completion", "bash"}, 0, ""},
      {{"install"}, 0, ""},
      {{"doctor"}, 0, ""},
      {{"hook", "post-commit"}, 0, ""},
      {{"hook", "pre-commit"}, 0, ""},
      {{"--version"}, 0, ""},
      {{"--help"}, 0, ""},
      {{"uninstall"}, 0, ""},
  };
  for (const Case& c : cases) ExpectOneDocument(repo, c);
}

TEST_F(CliContractTest, EveryCommandPrintsOneJsonDocumentWhenItFails) {
  std::string repo = NewKittylogRepo("repo");
  std::string file = repo + "/" + kDailyFile;
  std::string good = ReadFile(file);
  const std::vector<Case> refused = {
      {{"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}, 1, ""},  // invalid transition
      {{"history", "WP99", "--feature", kFeature}, 1, ""},
      {{"nonsense"}, 2, ""},
      {{"status", "--no-such-flag"}, 2, ""},
      {{"wp"}, 2, ""},
      {{"hook", "no-such-hook"}, 2, ""},
      {{"query", "--format", "jsonl"}, 2, ""},
      {{"query", "--from", "2026-02-30"}, 2, ""},
      {{"emit", "--stdin"}, 1, "{not json\n"},
      {{"schema", "NoSuchType"}, 1, ""},
  };
  for (const Case& c : refused) ExpectOneDocument(repo, c);

  // Damage: the command's report and the refusal are one document.
  WriteFile(file, good + good.substr(0, good.find('\n') + 1) + "not json\n");
  for (const Case& c : std::vector<Case>{{{"verify"}, 1, ""}, {{"repair", "--check"}, 1, ""}}) {
    ExpectOneDocument(repo, c);
  }
  WriteFile(repo + "/.gitattributes", "");
  ExpectOneDocument(repo, {{"doctor"}, 1, ""});

  // No .kittify/: a repository problem.
  std::string bare_tree = NewRepo("plain");
  for (const Case& c : std::vector<Case>{{{"status"}, 3, ""}, {{"verify"}, 3, ""}, {{"clock", "show"}, 3, ""}}) {
    ExpectOneDocument(bare_tree, c);
  }
}

// Without .kittify/ nothing reports "0 problems": the reading commands exit 3, naming init.
TEST_F(CliContractTest, WithoutKittifyReadersExitThree) {
  std::string repo = NewRepo("repo");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"verify"}, {"status"}, {"conflicts"}, {"errors"}, {"history", "WP01"}, {"query"}, {"clock", "show"},
           {"index", "stats"}, {"repair"}, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"}}) {
    ProcessResult result = Kl(repo, args);
    EXPECT_EQ(result.exit_code, 3) << args.front() << ": " << result.out << result.err;
    EXPECT_TRUE(Contains(result.err, "no .kittify/ directory here; run `kittylog init` first")) << args.front();
    EXPECT_FALSE(Contains(result.out, "0 problems")) << args.front();
  }
  EXPECT_FALSE(std::filesystem::exists(repo + "/.kittify"));
}

TEST_F(CliContractTest, InitRefusesABareRepository) {
  std::string bare = Path("bare.git");
  GitOk(tmp_.path(), {"init", "-q", "--bare", bare});
  ProcessResult init = Kl(bare, {"init"});
  EXPECT_EQ(init.exit_code, 3) << init.out << init.err;
  EXPECT_TRUE(Contains(init.err, "bare repository"));
  EXPECT_FALSE(std::filesystem::exists(bare + "/.kittify"));
  ProcessResult json = Kl(bare, {"--json", "init"});
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_TRUE(IsOneJsonDocument(json.out));
  // Inside it (hooks/), too; and the readers say what it is.
  ProcessResult inside = Kl(bare + "/hooks", {"init"});
  EXPECT_EQ(inside.exit_code, 3);
  EXPECT_FALSE(std::filesystem::exists(bare + "/hooks/.kittify"));
  ProcessResult status = Kl(bare, {"status"});
  EXPECT_EQ(status.exit_code, 3);
  EXPECT_TRUE(Contains(status.err, "bare repository"));
}

}  // namespace
}  // namespace kittylog::gittest
