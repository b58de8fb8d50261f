// Claims of docs/error-log.md and docs/cli.md checked against the real binary (issue 16): every
// refused operation is recorded in the error log, a refused command warns when the entity
// already has refusals of the same kind, subcommand help lists the global flags and names the
// page to read, an unknown command or hook name is one usage line (exit 2).
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliClaimsTest : public WorkflowTest {
 protected:
  // Number of records `kittylog --json errors` lists.
  size_t ErrorCount() {
    ProcessResult errors = Run({"--json", "errors"});
    EXPECT_EQ(errors.exit_code, 0) << errors.err;
    size_t count = 0;
    for (size_t at = errors.out.find("\"error_id\""); at != std::string::npos; at = errors.out.find("\"error_id\"", at + 1)) {
      ++count;
    }
    return count;
  }
};

TEST_F(CliClaimsTest, EveryRefusedEmitIsRecordedInTheErrorLog) {
  ProcessResult bad = Run({"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload", "not json"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(ErrorLines(bad.err).size(), 1u) << bad.err;
  ASSERT_EQ(ErrorCount(), 1u);
  std::string json = Run({"--json", "errors", "--entity", "WP01"}).out;
  EXPECT_TRUE(Contains(json, R"("error_type":"ValidationError")")) << json;
  EXPECT_TRUE(Contains(json, R"("attempted_operation":"emit TagsAdded")")) << json;
  EXPECT_TRUE(Contains(json, R"("reason":"--payload: not valid JSON)")) << json;

  testing::ProcessOptions stdin_batch;
  stdin_batch.stdin_data = "{\"event_type\":\"TagsAdded\"\n";
  ProcessResult batch = testing::Kittylog(dir_.path(), {"emit", "--stdin"}, stdin_batch);
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_EQ(ErrorCount(), 2u);
  EXPECT_TRUE(Contains(Ok({"errors"}), "stdin:1: not valid JSON"));

  // A usage mistake is not a refused operation: exit 2, nothing recorded.
  EXPECT_EQ(Run({"emit", "TagsAdded"}).exit_code, 2);
  EXPECT_EQ(ErrorCount(), 2u);
}

TEST_F(CliClaimsTest, ARefusalWithoutKittifyCreatesNothing) {
  testing::TempDir empty;
  ProcessResult bad = RunIn(empty.path(), {"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage",
                                           "--payload", "not json"});
  EXPECT_EQ(bad.exit_code, 3);  // no .kittify/: checked before the payload (docs/cli.md)
  EXPECT_TRUE(testing::Snapshot(empty.path()).empty());
  EXPECT_FALSE(std::filesystem::exists(empty.path() + "/.kittify"));
}

TEST_F(CliClaimsTest, ARepeatedRefusalWarnsForEveryCommandNotOnlyWpMove) {
  CreateFeature(1);
  // wp create twice: the second is refused (AlreadyExists); a third refusal warns about it.
  EXPECT_EQ(Run({"wp", "create", "WP01", "--feature", kFeature, "--title", "Again"}).exit_code, 1);
  ProcessResult again = Run({"wp", "create", "WP01", "--feature", kFeature, "--title", "Again"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Contains(again.err, "kittylog: warning: WP01 already has 1 earlier AlreadyExists error in the error log "
                                  "(kittylog errors --entity WP01)"))
      << again.err;
  // emit's own refusals count too.
  std::vector<std::string> bad_emit = {"emit", "TagsAdded", "--entity", "G1", "--entity-type", "Gate", "--payload", "[1"};
  EXPECT_EQ(Run(bad_emit).exit_code, 1);
  ProcessResult second = Run(bad_emit);
  EXPECT_TRUE(Contains(second.err, "G1 already has 1 earlier ValidationError error")) << second.err;
  // wp move keeps naming the feature; another kind of refusal of the same WP does not count.
  EXPECT_EQ(Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}).exit_code, 1);
  ProcessResult move = Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"});
  EXPECT_TRUE(Contains(move.err, "001-login/WP01 already has 1 earlier InvalidTransition error")) << move.err;
  // The first refusal of a kind warns about nothing.
  ProcessResult first = Run({"wp", "subtask", "WP01", "--feature", kFeature, "--index", "-1"});
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_FALSE(Contains(first.err, "warning")) << first.err;
}

TEST_F(CliClaimsTest, SubcommandHelpListsTheGlobalFlagsAndItsPage) {
  struct Case {
    std::vector<std::string> args;
    std::string page;
  };
  const std::vector<Case> cases = {
      {{"status", "--help"}, "docs/workflow.md"},      {{"wp", "move", "--help"}, "docs/workflow.md"},
      {{"emit", "--help"}, "docs/event-store.md"},     {{"query", "--help"}, "docs/index.md"},
      {{"repair", "--help"}, "docs/repair.md"},        {{"hook", "--help"}, "docs/git-integration.md"},
      {{"clock", "show", "--help"}, "docs/clock.md"},  {{"verify", "--help"}, "docs/repair.md"},
  };
  for (const Case& c : cases) {
    ProcessResult help = Run(c.args);
    EXPECT_EQ(help.exit_code, 0) << c.args[0];
    for (const char* flag : {"-C DIR", "--json", "-q,--quiet", "--help"}) {
      EXPECT_TRUE(Contains(help.out, flag)) << c.args[0] << " --help lacks " << flag << ":\n" << help.out;
    }
    EXPECT_TRUE(Contains(help.out, "Read " + c.page)) << help.out;
  }
  EXPECT_TRUE(Contains(Run({"--help"}).out, "docs/cli.md"));
}

TEST_F(CliClaimsTest, AnUnknownCommandIsNamed) {
  ProcessResult result = Run({"stauts"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "kittylog: error: unknown command 'stauts' (see kittylog --help)\n");
  ProcessResult nested = Run({"wp", "mvoe", "WP01"});
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_EQ(nested.err, "kittylog: error: unknown command 'wp mvoe' (see kittylog wp --help)\n");
  ProcessResult json = Run({"--json", "stauts"});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(json.out, "{\"error\":{\"message\":\"unknown command 'stauts' (see kittylog --help)\",\"exit_code\":2}}\n");
  ProcessResult none = Run({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(Contains(none.err, "a command is required")) << none.err;
}

TEST_F(CliClaimsTest, AnUnknownHookNameIsOneUsageLine) {
  ProcessResult result = Run({"hook", "bogus"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "kittylog: error: hook: unknown hook name 'bogus' (post-merge, post-checkout, post-rewrite, post-commit, "
            "pre-commit)\n");
  // The hooks git runs still exit 0, even with nothing to do.
  EXPECT_EQ(Run({"hook", "post-commit"}).exit_code, 0);
}

// docs/adopting.md: every clone runs `kittylog init`, and then nothing is left for doctor: the
// clock is witnessed and the index built from the log the clone brought (no hook ran at clone).
TEST_F(CliClaimsTest, InitInAFreshCloneLeavesNothingForDoctorToFix) {
  testing::TempDir tmp;
  testing::ProcessOptions git_env;
  git_env.env = {{"HOME", tmp.path()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_AUTHOR_NAME", "a"},
                 {"GIT_AUTHOR_EMAIL", "a@example.invalid"}, {"GIT_COMMITTER_NAME", "a"},
                 {"GIT_COMMITTER_EMAIL", "a@example.invalid"}};
  auto git = [&](const std::string& cwd, std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    testing::ProcessOptions options = git_env;
    options.cwd = cwd;
    ProcessResult result = testing::Run(args, options);
    EXPECT_EQ(result.exit_code, 0) << args[1] << ": " << result.err;
  };
  const std::string origin = tmp.path() + "/origin", clone = tmp.path() + "/clone";
  git(tmp.path(), {"init", "-q", "-b", "main", origin});
  ASSERT_EQ(RunIn(origin, {"init"}).exit_code, 0);
  ASSERT_EQ(RunIn(origin, {"spec", "create", kFeature, "--title", "Login"}).exit_code, 0);
  git(origin, {"add", "-A"});
  git(origin, {"commit", "-q", "-m", "plan"});
  git(tmp.path(), {"clone", "-q", origin, clone});

  ProcessResult init = RunIn(clone, {"init"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(Contains(init.out, "kittylog: index rebuilt (1 events), clock 1")) << init.out;
  ProcessResult doctor = RunIn(clone, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
  EXPECT_FALSE(Contains(doctor.out, "problem")) << doctor.out;
}

}  // namespace
}  // namespace kittylog::workflow_test
