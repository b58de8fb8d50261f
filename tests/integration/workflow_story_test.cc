// The user stories of issue 15 through the real binaries, real git and two worktrees (DESIGN §5,
// §6, §10; docs/workflow.md "Dependencies and guards"): two agents work a three-WP chain with a
// CI gate; `ready` hands the work packages out in order, the guards refuse the early moves,
// `--force` is recorded, and after the merges both checkouts show the same board. Then what
// only a merge can produce: a WP started on one branch while its dependency was reopened on the
// other (a lifecycle break, shown), a dependency created on another branch (resolved when read),
// and a dependency cycle (flagged by `status`, `ready` and `verify`, never a hang).
#include <simdjson.h>

#include <gtest/gtest.h>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class StoryTest : public GitTest {
 protected:
  // tmp/app on main: 001-demo with WP01 "Schema" (gate gate-ci-WP01), WP02 "API" (depends on
  // WP01), WP03 "UI" (depends on WP02), committed; tmp/agent-b a worktree on branch agent-b.
  void SetUp() override {
    app_ = NewRepo("app");
    KlOk(app_, {"init"});
    KlOk(app_, {"spec", "create", kFeature, "--title", "Demo feature"});
    KlOk(app_, {"wp", "create", "WP01", "--feature", kFeature, "--title", "Schema"});
    KlOk(app_, {"wp", "create", "WP02", "--feature", kFeature, "--title", "API", "--depends", "WP01"});
    KlOk(app_, {"wp", "create", "WP03", "--feature", kFeature, "--title", "UI", "--depends", "WP02"});
    KlOk(app_, {"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", kFeature});
    Commit(app_, "plan");
    agent_b_ = Path("agent-b");
    GitOk(app_, {"worktree", "add", "-q", "-b", "agent-b", agent_b_});
  }

  ProcessResult As(const std::string& agent, const std::string& dir, const std::vector<std::string>& args) {
    ProcessOptions options;
    options.env["KITTYLOG_ACTOR"] = agent;
    return Kl(dir, args, options);
  }
  std::string AsOk(const std::string& agent, const std::string& dir, const std::vector<std::string>& args) {
    ProcessResult result = As(agent, dir, args);
    EXPECT_EQ(result.exit_code, 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << result.err;
    return result.out;
  }
  void Move(const std::string& agent, const std::string& dir, const std::string& wp, const std::string& to) {
    AsOk(agent, dir, {"wp", "move", wp, "--feature", kFeature, "--to", to});
  }
  // Completes WP01 on main (through its gate) and brings agent-b up to date.
  void FinishWp01OnBothSides() {
    Move("agent-a", app_, "WP01", "doing");
    Move("agent-a", app_, "WP01", "for_review");
    AsOk("ci", app_, {"gate", "result", "gate-ci-WP01", "--status", "passed"});
    Move("agent-a", app_, "WP01", "done");
    Commit(app_, "WP01 done");
    GitOk(agent_b_, {"merge", "-q", "--no-edit", "main"});
  }

  // The board as --json shows it, without the read warnings (which name the checkout's files).
  std::string Board(const std::string& dir) {
    ProcessResult status = KlOk(dir, {"--json", "status"});
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(status.out).get(root) != simdjson::SUCCESS) return "<bad json: " + status.out + ">";
    std::string board;
    for (const char* key : {"features", "gates", "conflicts", "lifecycle_breaks", "dependency_cycles", "max_clock"}) {
      board += std::string(key) + "=" + simdjson::minify(root[key]) + "\n";
    }
    return board;
  }

  std::string app_;
  std::string agent_b_;
};

TEST_F(StoryTest, TwoAgentsWorkAChainWithACiGate) {
  // Both agents ask what to pick up: the head of the chain only.
  const std::string first = "001-demo/WP01  Schema\n1 ready, 2 blocked (kittylog ready --all shows by what).\n";
  EXPECT_EQ(AsOk("agent-a", app_, {"ready"}), first);
  EXPECT_EQ(AsOk("agent-b", agent_b_, {"ready"}), first);

  // Agent A takes WP01. Agent B, not seeing that, tries WP02: refused, WP01 is not done.
  Move("agent-a", app_, "WP01", "doing");
  Commit(app_, "WP01 started");
  ProcessResult early = As("agent-b", agent_b_, {"wp", "move", "WP02", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_TRUE(Contains(early.err, "guard refused 001-demo/WP02: planned -> doing needs every dependency done: "
                                  "dependency WP01 is planned (--force --reason R overrides)"));
  EXPECT_TRUE(Contains(AsOk("agent-b", agent_b_, {"errors", "--entity", "WP02"}), "GuardRefused"));
  // B decides to prototype anyway, on the record.
  EXPECT_TRUE(Contains(AsOk("agent-b", agent_b_, {"wp", "move", "WP02", "--feature", kFeature, "--to", "doing",
                                                 "--force", "--reason", "prototype against the agreed schema"}),
                       "001-demo/WP02: planned -> doing, forced while dependency WP01 is planned"));
  Commit(agent_b_, "WP02 started (forced)");

  // A cannot finish WP01 until CI passes.
  Move("agent-a", app_, "WP01", "for_review");
  ProcessResult pending = As("agent-a", app_, {"wp", "move", "WP01", "--feature", kFeature, "--to", "done"});
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_TRUE(Contains(pending.err, "gate gate-ci-WP01 (CI_CHECK) is pending"));
  AsOk("ci", app_, {"gate", "result", "gate-ci-WP01", "--status", "failed"});
  EXPECT_TRUE(Contains(As("agent-a", app_, {"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}).err,
                       "gate gate-ci-WP01 (CI_CHECK) is failed"));
  EXPECT_TRUE(Contains(KlOk(app_, {"status"}).out, "gate gate-ci-WP01 failed"));
  AsOk("ci", app_, {"gate", "result", "gate-ci-WP01", "--status", "passed"});
  Move("agent-a", app_, "WP01", "done");
  EXPECT_EQ(AsOk("agent-a", app_, {"ready"}), "001-demo/WP02  API\n1 ready, 1 blocked (kittylog ready --all shows by what).\n");
  Commit(app_, "WP01 done");

  // Merge: WP02 is taken (by B, forced: no lifecycle break), WP03 waits for it.
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  EXPECT_EQ(AsOk("agent-a", app_, {"ready", "--all"}), "001-demo/WP03  UI  blocked by WP02 (doing)\n0 ready, 1 blocked.\n");
  std::string merged = Board(app_);
  EXPECT_TRUE(Contains(merged, "lifecycle_breaks=[]\n"));
  EXPECT_TRUE(Contains(merged, "dependency_cycles=[]\n"));
  std::vector<Event> events = LogEvents(app_);
  size_t forced = 0;
  for (const Event& event : events) forced += event.payload.forced;
  EXPECT_EQ(forced, 1u);
  GitOk(agent_b_, {"merge", "-q", "--no-edit", "main"});
  EXPECT_EQ(Board(agent_b_), merged);

  // B finishes WP02 (no gates); the last WP becomes ready on both sides.
  Move("agent-b", agent_b_, "WP02", "for_review");
  Move("agent-b", agent_b_, "WP02", "done");
  Commit(agent_b_, "WP02 done");
  const std::string last = "001-demo/WP03  UI\n1 ready, 0 blocked.\n";
  EXPECT_EQ(AsOk("agent-b", agent_b_, {"ready"}), last);
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  EXPECT_EQ(AsOk("agent-a", app_, {"ready"}), last);
  EXPECT_EQ(Board(app_), Board(agent_b_));
}

TEST_F(StoryTest, AStartWhileTheDependencyWasReopenedElsewhereIsABreakOnBothSides) {
  FinishWp01OnBothSides();
  // A reopens WP01 while B, who still sees it done, starts WP02 (the guard passes there). Both
  // moves get the same clock: neither saw the other.
  Move("agent-a", app_, "WP01", "doing");
  Commit(app_, "WP01 reopened");
  Move("agent-b", agent_b_, "WP02", "doing");
  Commit(agent_b_, "WP02 started");
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  GitOk(agent_b_, {"merge", "-q", "--no-edit", "main"});
  const std::string problem =
      "planned -> doing while dependency WP01 was doing (the guard needs every dependency done; not forced); "
      "replayed as written";
  for (const std::string& dir : {app_, agent_b_}) {
    std::string board = KlOk(dir, {"status"}).out;
    EXPECT_TRUE(Contains(board, "warning: lifecycle break in 001-demo/WP02 at clock ")) << dir;
    EXPECT_TRUE(Contains(board, problem)) << dir;
    EXPECT_EQ(LaneOf(dir, "WP02"), "doing");  // replayed as written, never hidden
  }
  EXPECT_EQ(Board(app_), Board(agent_b_));
}

TEST_F(StoryTest, AReopenAtALowerClockThanTheStartIsABreakToo) {
  FinishWp01OnBothSides();
  Move("agent-a", app_, "WP01", "doing");  // clock n+1
  Commit(app_, "WP01 reopened");
  AsOk("agent-b", agent_b_, {"wp", "tag", "WP02", "--feature", kFeature, "api"});  // n+1
  Move("agent-b", agent_b_, "WP02", "doing");                                      // n+2
  Commit(agent_b_, "WP02 started");
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  EXPECT_TRUE(Contains(KlOk(app_, {"status"}).out, "lifecycle break in 001-demo/WP02"));
  ProcessResult json = KlOk(app_, {"--json", "status"});
  EXPECT_TRUE(Contains(json.out, "while dependency WP01 was doing"));
}

TEST_F(StoryTest, ADependencyCreatedOnAnotherBranchIsResolvedAfterTheMerge) {
  // B records WP04 depending on WP05 through the raw door (another tool), before WP05 exists on B.
  AsOk("importer", agent_b_,
       {"emit", "WPCreated", "--entity", "WP04", "--entity-type", "WorkPackage", "--payload",
        R"({"feature_slug":"001-demo","work_package_id":"WP04","title":"Docs","dependencies":["WP05"]})"});
  EXPECT_TRUE(Contains(AsOk("agent-b", agent_b_, {"ready", "--all"}), "001-demo/WP04  Docs  blocked by WP05 (not created)"));
  Commit(agent_b_, "WP04 imported");
  AsOk("agent-a", app_, {"wp", "create", "WP05", "--feature", kFeature, "--title", "Style guide"});
  Move("agent-a", app_, "WP05", "doing");
  Move("agent-a", app_, "WP05", "for_review");
  Move("agent-a", app_, "WP05", "done");
  Commit(app_, "WP05 done");
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  EXPECT_TRUE(Contains(AsOk("agent-a", app_, {"ready"}), "001-demo/WP04  Docs\n"));
  Move("agent-a", app_, "WP04", "doing");
}

TEST_F(StoryTest, ACycleThatOnlyAMergeMakesIsFlaggedNeverAHang) {
  // Each branch creates WP05 and WP06, one depending on the other, the other way round.
  AsOk("agent-a", app_, {"wp", "create", "WP05", "--feature", kFeature, "--title", "Five"});
  AsOk("agent-a", app_, {"wp", "create", "WP06", "--feature", kFeature, "--title", "Six", "--depends", "WP05"});
  Commit(app_, "WP05, WP06");
  AsOk("agent-b", agent_b_, {"wp", "create", "WP06", "--feature", kFeature, "--title", "Six"});
  AsOk("agent-b", agent_b_, {"wp", "create", "WP05", "--feature", kFeature, "--title", "Five", "--depends", "WP06"});
  Commit(agent_b_, "WP06, WP05");
  GitOk(app_, {"merge", "-q", "--no-edit", "agent-b"});
  GitOk(agent_b_, {"merge", "-q", "--no-edit", "main"});
  const std::string warning =
      "dependency cycle in 001-demo: WP05 -> WP06 -> WP05; none of these work packages can start without --force";
  for (const std::string& dir : {app_, agent_b_}) {
    EXPECT_TRUE(Contains(KlOk(dir, {"status"}).out, "warning: " + warning)) << dir;
    ProcessResult verify = Kl(dir, {"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    EXPECT_TRUE(Contains(verify.err, "kittylog: warning: " + warning)) << dir;
    EXPECT_TRUE(Contains(KlOk(dir, {"ready", "--all"}).out, "001-demo/WP05  Five  blocked by WP06 (planned)")) << dir;
  }
  EXPECT_EQ(Board(app_), Board(agent_b_));
}

}  // namespace
}  // namespace kittylog::gittest
