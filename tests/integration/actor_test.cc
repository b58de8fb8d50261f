// The actor of an event is the commit author git would record (docs/cli.md, "Actor"): the same
// config files in the same order, the same environment variables, whatever the setup. Each case
// builds a real repository and asks the real `git var GIT_AUTHOR_IDENT` what it would write,
// then checks that `kittylog emit` (without --actor or KITTYLOG_ACTOR) wrote that name.
#include <pwd.h>
#include <unistd.h>

#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

class ActorTest : public GitTest {
 protected:
  // No KITTYLOG_ACTOR: the actor comes from git's config.
  ProcessOptions Plain(ProcessOptions extra = {}) const {
    extra.env["KITTYLOG_ACTOR"] = "";
    return extra;
  }

  // The name part of `git var GIT_AUTHOR_IDENT` ("Name <email> 1769515200 +0000"), or "" when
  // git has no identity there.
  std::string GitAuthor(const std::string& dir, const ProcessOptions& extra) {
    ProcessResult ident = Git(dir, {"var", "GIT_AUTHOR_IDENT"}, Plain(extra));
    if (ident.exit_code != 0) return "";
    return ident.out.substr(0, ident.out.find(" <"));
  }

  // The actor of a fresh emit in `dir`.
  std::string EmittedActor(const std::string& dir, const ProcessOptions& extra) {
    KlOk(dir, {"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload",
               R"({"tags":["x"]})"},
         Plain(extra));
    std::vector<Event> events = LogEvents(dir);
    return events.empty() ? "<no event>" : events.back().actor;
  }

  // The actor must be git's author, and that author must be `expected` (so the case tests what
  // it means to).
  void ExpectActor(const std::string& dir, const ProcessOptions& extra, const std::string& expected) {
    EXPECT_EQ(GitAuthor(dir, extra), expected) << "the case does not set up what it means to";
    EXPECT_EQ(EmittedActor(dir, extra), expected);
  }

  std::string InitRepo(const std::string& name) {
    std::string repo = NewRepo(name);
    KlOk(repo, {"init"});
    return repo;
  }
};

std::string OsUser() {
  const struct passwd* user = ::getpwuid(::geteuid());
  return user != nullptr ? user->pw_name : "unknown";
}

TEST_F(ActorTest, GlobalConfigFromGitConfigGlobal) {
  std::string repo = InitRepo("repo");
  WriteFile(Path("global.cfg"), "[user]\n\tname = Global Gale\n\temail = g@example.invalid\n");
  ProcessOptions env;
  env.env["GIT_CONFIG_GLOBAL"] = Path("global.cfg");
  ExpectActor(repo, env, "Global Gale");
}

TEST_F(ActorTest, SystemConfigUnlessGitConfigNosystem) {
  std::string repo = InitRepo("repo");
  WriteFile(Path("system.cfg"), "[user]\n\tname = System Sam\n\temail = s@example.invalid\n");
  WriteFile(Path("empty.cfg"), "");
  ProcessOptions env;
  env.env["GIT_CONFIG_SYSTEM"] = Path("system.cfg");
  env.env["GIT_CONFIG_GLOBAL"] = Path("empty.cfg");
  env.env["GIT_CONFIG_NOSYSTEM"] = "0";
  ExpectActor(repo, env, "System Sam");
  // With the system file skipped, git has no user.name: kittylog falls back to the OS user.
  env.env["GIT_CONFIG_NOSYSTEM"] = "1";
  EXPECT_NE(GitAuthor(repo, env), "System Sam");
  EXPECT_EQ(EmittedActor(repo, env), OsUser());
}

TEST_F(ActorTest, XdgConfigIsReadBeforeHomeGitconfig) {
  std::string repo = InitRepo("repo");
  std::filesystem::create_directories(Path("xdg/git"));
  WriteFile(Path("xdg/git/config"), "[user]\n\tname = Xdg Xena\n\temail = x@example.invalid\n");
  ProcessOptions env;
  env.env["XDG_CONFIG_HOME"] = Path("xdg");
  ExpectActor(repo, env, "Test User");  // ~/.gitconfig comes later and wins
  WriteFile(home_ + "/.gitconfig", "[init]\n\tdefaultBranch = main\n");
  ExpectActor(repo, env, "Xdg Xena");
}

TEST_F(ActorTest, LocalThenWorktreeConfigThenEnvironmentWin) {
  std::string repo = InitRepo("repo");
  GitOk(repo, {"config", "user.name", "Local Lou"});
  ExpectActor(repo, {}, "Local Lou");
  GitOk(repo, {"config", "extensions.worktreeConfig", "true"});
  GitOk(repo, {"config", "--worktree", "user.name", "Worktree Wes"});
  ExpectActor(repo, {}, "Worktree Wes");
  ProcessOptions command_line;
  command_line.env["GIT_CONFIG_PARAMETERS"] = "'user.name'='Param Pat' 'core.x'=";
  ExpectActor(repo, command_line, "Param Pat");
}

TEST_F(ActorTest, AuthorNameOutranksUserName) {
  std::string repo = InitRepo("repo");
  GitOk(repo, {"config", "author.name", "Author Ann"});
  ExpectActor(repo, {}, "Author Ann");
  ProcessOptions env;
  env.env["GIT_AUTHOR_NAME"] = "Env Eve";
  ExpectActor(repo, env, "Env Eve");
  ProcessOptions command_line;
  command_line.env["GIT_CONFIG_COUNT"] = "1";
  command_line.env["GIT_CONFIG_KEY_0"] = "author.name";
  command_line.env["GIT_CONFIG_VALUE_0"] = "Count Carl";
  ExpectActor(repo, command_line, "Count Carl");
}

TEST_F(ActorTest, QuotingEscapesAndComments) {
  std::string repo = InitRepo("repo");
  WriteFile(repo + "/.git/config", ReadFile(repo + "/.git/config") +
                                       "[User]\n  NAME = \"Quinn \\\"Q\\\"  O'Neil\"  ; a comment\n"
                                       "[user \"sub\"]\n\tname = Not Me\n");
  ExpectActor(repo, {}, "Quinn \"Q\"  O'Neil");
}

TEST_F(ActorTest, IncludesAndConditionalIncludes) {
  std::string repo = InitRepo("repo");
  WriteFile(home_ + "/inc.cfg", "[user]\n\tname = Included Ida\n");
  WriteFile(home_ + "/.gitconfig", ReadFile(home_ + "/.gitconfig") + "[include]\n\tpath = ~/inc.cfg\n");
  ExpectActor(repo, {}, "Included Ida");
  WriteFile(home_ + "/work.cfg", "[user]\n\tname = Work Wanda\n");
  WriteFile(home_ + "/.gitconfig", ReadFile(home_ + "/.gitconfig") + "[includeIf \"gitdir:" + tmp_.path() +
                                        "/\"]\n\tpath = work.cfg\n[includeIf \"gitdir:/nowhere/\"]\n\tpath = inc.cfg\n");
  ExpectActor(repo, {}, "Work Wanda");
  WriteFile(home_ + "/branch.cfg", "[user]\n\tname = Branch Bo\n");
  WriteFile(home_ + "/.gitconfig",
            ReadFile(home_ + "/.gitconfig") + "[includeIf \"onbranch:ma*\"]\n\tpath = branch.cfg\n");
  ExpectActor(repo, {}, "Branch Bo");
}

TEST_F(ActorTest, LinkedWorktreeReadsTheCommonConfig) {
  std::string repo = InitRepo("repo");
  GitOk(repo, {"config", "user.name", "Common Cal"});
  KlOk(repo, {"spec", "create", kFeature, "--title", "Demo"});
  Commit(repo, "init");
  GitOk(repo, {"worktree", "add", "-q", Path("linked"), "-b", "side"});
  ExpectActor(Path("linked"), {}, "Common Cal");
}

}  // namespace
}  // namespace kittylog::gittest
