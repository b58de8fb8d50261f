// `cmake --install` (docs/install.md): the build installed into an empty prefix, then the
// installed binaries in new repositories, as a user runs them. `kittylog init` finds the
// installed driver and names it for git: by its bare name when PATH finds it (DESIGN §1), so
// moving or upgrading the install keeps the repository working, else by its absolute path; a
// two-branch `git merge` resolves through it; `doctor --fix` repairs paths that broke or that
// PATH could name instead.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

constexpr const char* kSystemPath = "/usr/bin:/bin";
constexpr const char* kBareDriver = "kittylog-merge %O %A %B %L %P";

class InstallTreeTest : public GitTest {
 protected:
  // `cmake --install` of this build into tmp/<name>; returns the prefix.
  std::string InstallInto(const std::string& name) {
    std::string prefix = Path(name);
    ProcessResult installed = testing::Run({KITTYLOG_CMAKE, "--install", KITTYLOG_BUILD_DIR, "--prefix", prefix});
    EXPECT_EQ(installed.exit_code, 0) << installed.out << installed.err;
    return prefix;
  }

  // The environment of a user whose PATH holds `prefix`/bin (or only the system when "").
  ProcessOptions User(const std::string& prefix) const {
    ProcessOptions options;
    options.env["PATH"] = prefix.empty() ? kSystemPath : prefix + "/bin:" + kSystemPath;
    options.env["KITTYLOG_MERGE_BINARY"] = "";  // unset: the installed kittylog finds its own
    return Env(options);
  }

  // `prefix`/bin/kittylog ARGS in `dir`, PATH as User(path_prefix) says.
  ProcessResult Installed(const std::string& prefix, const std::string& dir, const std::vector<std::string>& args,
                          const std::string& path_prefix) {
    std::vector<std::string> argv = {prefix + "/bin/kittylog"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options = User(path_prefix);
    options.cwd = dir;
    ProcessResult result = testing::Run(argv, options);
    EXPECT_EQ(result.exit_code, 0) << "kittylog " << args[0] << ": " << result.out << result.err;
    return result;
  }

  std::string Config(const std::string& repo, const std::string& key) {
    ProcessResult value = Git(repo, {"config", "--local", key});
    return value.out.empty() ? "" : value.out.substr(0, value.out.size() - 1);
  }

  // Plans WP01 to for_review on main, then moves it concurrently on two branches (side: back to
  // doing, main: done) and merges side into main with plain `git merge`. Returns the merge.
  ProcessResult ConcurrentMerge(const std::string& prefix, const std::string& repo, const std::string& path_prefix) {
    auto kl = [&](std::vector<std::string> args) { return Installed(prefix, repo, args, path_prefix); };
    kl({"spec", "create", kFeature, "--title", "Demo"});
    kl({"wp", "create", "WP01", "--feature", kFeature, "--title", "First"});
    kl({"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
    kl({"wp", "move", "WP01", "--feature", kFeature, "--to", "for_review"});
    GitOk(repo, {"add", "-A"}, User(path_prefix));
    GitOk(repo, {"commit", "-q", "-m", "plan"}, User(path_prefix));
    GitOk(repo, {"checkout", "-q", "-b", "side"}, User(path_prefix));
    kl({"wp", "move", "WP01", "--feature", kFeature, "--to", "doing", "--reason", "changes requested"});
    GitOk(repo, {"commit", "-q", "-am", "side"}, User(path_prefix));
    GitOk(repo, {"checkout", "-q", "main"}, User(path_prefix));
    kl({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"});
    GitOk(repo, {"commit", "-q", "-am", "main"}, User(path_prefix));
    return GitOk(repo, {"merge", "--no-edit", "side"}, User(path_prefix));
  }

  // The merge went through the driver: git's own text merge would have stopped on the two lines
  // appended at the same place; the driver kept every event once, in order, and reported the
  // work package both sides changed.
  void ExpectMergedByTheDriver(const std::string& prefix, const std::string& repo, const ProcessResult& merge) {
    EXPECT_TRUE(Contains(merge.out + merge.err, "WP01"));  // the driver's concurrency report
    EXPECT_EQ(LogEvents(repo).size(), 6u);
    EXPECT_EQ(ReadFile(repo + "/" + kDailyFile).find("<<<<<<<"), std::string::npos);
    Installed(prefix, repo, {"verify"}, prefix);
  }
};

TEST_F(InstallTreeTest, InstallsBinariesManPagesCompletionsAndDocs) {
  std::string prefix = InstallInto("prefix");
  for (const char* file : {"bin/kittylog", "bin/kittylog-merge", "share/man/man1/kittylog.1.gz",
                           "share/man/man1/kittylog-merge.1.gz", "share/bash-completion/completions/kittylog",
                           "share/zsh/vendor-completions/_kittylog", "share/fish/vendor_completions.d/kittylog.fish",
                           "share/doc/kittylog/README.md", "share/doc/kittylog/copyright",
                           "share/doc/kittylog/changelog.gz", "share/doc/kittylog/docs/git-integration.md",
                           "share/doc/kittylog/docs/contracts.md", "share/doc/kittylog/docs/install.md",
                           "share/doc/kittylog/docs/contracts/EventV1.schema.json",
                           "share/doc/kittylog/docs/contracts/WPStatusChanged.schema.json"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(prefix + "/" + file)) << file;
  }
  EXPECT_EQ(Installed(prefix, tmp_.path(), {"--version"}, "").out, testing::Run({KITTYLOG_BINARY, "--version"}).out);
}

TEST_F(InstallTreeTest, OnPathInitNamesTheBinariesByNameAndMergesThroughTheDriver) {
  std::string prefix = InstallInto("prefix");
  std::string repo = NewRepo("repo");
  Installed(prefix, repo, {"init"}, prefix);
  EXPECT_EQ(Config(repo, "merge.kittylog.driver"), kBareDriver);  // DESIGN §1, as written there
  EXPECT_TRUE(Contains(ReadFile(repo + "/.git/hooks/post-merge"), "\nkittylog=kittylog\n"));
  Installed(prefix, repo, {"doctor"}, prefix);

  ProcessResult merge = ConcurrentMerge(prefix, repo, prefix);
  ExpectMergedByTheDriver(prefix, repo, merge);

  // Moving the install (or upgrading it elsewhere) keeps the repository working.
  std::filesystem::rename(prefix, Path("moved"));
  std::string moved = Path("moved");
  Installed(moved, repo, {"doctor"}, moved);
  GitOk(repo, {"checkout", "-q", "-b", "after-move"}, User(moved));
  Installed(moved, repo, {"wp", "create", "WP02", "--feature", kFeature, "--title", "Second"}, moved);
  GitOk(repo, {"commit", "-q", "-am", "after the move"}, User(moved));
  GitOk(repo, {"checkout", "-q", "main"}, User(moved));
  Installed(moved, repo, {"wp", "tag", "WP01", "--feature", kFeature, "merged"}, moved);
  GitOk(repo, {"commit", "-q", "-am", "main again"}, User(moved));
  GitOk(repo, {"merge", "--no-edit", "after-move"}, User(moved));
  EXPECT_EQ(LogEvents(repo).size(), 8u);
  Installed(moved, repo, {"verify"}, moved);
}

TEST_F(InstallTreeTest, OffPathInitNamesAbsolutePathsAndDoctorRepairsAMovedInstall) {
  std::string prefix = InstallInto("old");
  std::string repo = NewRepo("repo");
  Installed(prefix, repo, {"init"}, "");
  EXPECT_EQ(Config(repo, "merge.kittylog.driver"), prefix + "/bin/kittylog-merge %O %A %B %L %P");
  EXPECT_TRUE(Contains(ReadFile(repo + "/.git/hooks/post-commit"), "\nkittylog=" + prefix + "/bin/kittylog\n"));
  ExpectMergedByTheDriver(prefix, repo, ConcurrentMerge(prefix, repo, ""));

  std::string moved = Path("new");
  std::filesystem::rename(prefix, moved);
  ProcessOptions user = User("");
  user.cwd = repo;
  ProcessResult broken = testing::Run({moved + "/bin/kittylog", "doctor"}, user);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_TRUE(Contains(broken.out, "which is not an executable file"));
  EXPECT_TRUE(Contains(broken.out, "which does not exist"));

  // doctor --fix from the moved install, now on PATH: the bare names.
  ProcessResult fixed = Installed(moved, repo, {"doctor", "--fix"}, moved);
  EXPECT_TRUE(Contains(fixed.out, "fixed"));
  EXPECT_EQ(Config(repo, "merge.kittylog.driver"), kBareDriver);
  EXPECT_TRUE(Contains(ReadFile(repo + "/.git/hooks/post-commit"), "\nkittylog=kittylog\n"));
  Installed(moved, repo, {"doctor"}, moved);
}

TEST_F(InstallTreeTest, DoctorFlagsAndFixesAnAbsolutePathThatPathAlsoFinds) {
  std::string prefix = InstallInto("prefix");
  std::string repo = NewRepo("repo");
  Installed(prefix, repo, {"init"}, "");  // an older kittylog wrote absolute paths
  ProcessOptions user = User(prefix);
  user.cwd = repo;
  ProcessResult doctor = testing::Run({prefix + "/bin/kittylog", "doctor"}, user);
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  EXPECT_TRUE(Contains(doctor.out, "by its absolute path, but PATH finds it as kittylog-merge"));
  EXPECT_TRUE(Contains(doctor.out, "by its absolute path, but PATH finds it as kittylog "));
  Installed(prefix, repo, {"doctor", "--fix"}, prefix);
  EXPECT_EQ(Config(repo, "merge.kittylog.driver"), kBareDriver);
  Installed(prefix, repo, {"doctor"}, prefix);
  // Uninstall recognises the bare driver as kittylog's and restores the repository.
  Installed(prefix, repo, {"uninstall"}, prefix);
  EXPECT_EQ(Config(repo, "merge.kittylog.driver"), "");
  EXPECT_FALSE(std::filesystem::exists(repo + "/.git/hooks/post-merge"));
}

}  // namespace
}  // namespace kittylog::gittest
