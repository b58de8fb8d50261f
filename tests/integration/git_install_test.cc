// install / uninstall / doctor against real repositories (DESIGN §9; docs/git-integration.md):
// idempotence, byte-for-byte undo, chaining of existing hooks (plain, symlinked, husky-style
// core.hooksPath), extensions.worktreeConfig, and the bad inputs of issue 6.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::Snapshot;
using testing::WriteFile;

std::string ModeOf(mode_t mode) { return std::to_string(mode & 07777) + " "; }

// Every file of the repository's git dir that install may touch, plus the work tree's
// attributes and ignores, with bytes and mode (symlinks as "-> target").
std::map<std::string, std::string> InstallState(const std::string& repo) {
  std::map<std::string, std::string> state;
  auto add = [&](const std::filesystem::path& path) {
    struct stat info;
    if (::lstat(path.c_str(), &info) != 0) return;
    if (S_ISLNK(info.st_mode)) {
      state[path.string()] = "-> " + std::filesystem::read_symlink(path).string();
    } else if (S_ISREG(info.st_mode)) {
      state[path.string()] = ModeOf(info.st_mode) + testing::ReadFileOrEmpty(path.string());
    }
  };
  add(repo + "/.git/config");
  add(repo + "/.gitattributes");
  add(repo + "/.gitignore");
  add(repo + "/.git/kittylog-install.json");
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(repo + "/.git/hooks", error)) add(entry.path());
  return state;
}

class InstallTest : public GitTest {};

TEST_F(InstallTest, InstallTwiceEqualsInstallOnce) {
  std::string repo = NewRepo("repo");
  ProcessResult first = KlOk(repo, {"install"});
  EXPECT_TRUE(Contains(first.out, "hooks: wrote .git/hooks/post-merge"));
  EXPECT_TRUE(Contains(first.out, "merge.kittylog.driver = "));
  auto once = InstallState(repo);
  ProcessResult second = KlOk(repo, {"install"});
  EXPECT_TRUE(Contains(second.out, "nothing changed"));
  EXPECT_EQ(InstallState(repo), once);
  // init on an installed repository installs nothing new either.
  KlOk(repo, {"init"});
  EXPECT_EQ(InstallState(repo), once);
  EXPECT_EQ(ReadFile(repo + "/.gitattributes"), ".kittify/events/*.jsonl merge=kittylog\n");
  EXPECT_EQ(Git(repo, {"config", "merge.kittylog.recursive"}).out, "kittylog\n");
  EXPECT_EQ(Kl(repo, {"doctor"}).exit_code, 0);
}

TEST_F(InstallTest, UninstallRestoresEverythingByteForByte) {
  std::string repo = NewRepo("repo");
  // A user's hook, attributes without a final newline, an ignore file, a config value of ours.
  WriteFile(repo + "/.git/hooks/post-merge", "#!/bin/sh\necho user post-merge >> user-hook.log\n");
  ::chmod((repo + "/.git/hooks/post-merge").c_str(), 0750);
  WriteFile(repo + "/.gitattributes", "*.png binary");
  WriteFile(repo + "/.gitignore", "node_modules/\n.kittify/clock.json\n");
  GitOk(repo, {"config", "merge.kittylog.name", "an older name"});
  auto before = InstallState(repo);

  KlOk(repo, {"install"});
  EXPECT_EQ(ReadFile(repo + "/.gitattributes"), "*.png binary\n.kittify/events/*.jsonl merge=kittylog\n");
  EXPECT_EQ(ReadFile(repo + "/.git/hooks/post-merge.kittylog-chained"),
            "#!/bin/sh\necho user post-merge >> user-hook.log\n");
  ProcessResult removed = KlOk(repo, {"uninstall"});
  EXPECT_TRUE(Contains(removed.out, "restored the earlier .git/hooks/post-merge"));
  EXPECT_EQ(InstallState(repo), before);
  EXPECT_TRUE(Contains(KlOk(repo, {"uninstall"}).out, "nothing changed"));
}

TEST_F(InstallTest, ChainedHookRunsFirstAndKeepsItsExitCode) {
  std::string repo = NewRepo("repo");
  WriteFile(repo + "/.git/hooks/pre-commit", "#!/bin/sh\necho user-pre-commit >> \"$HOME/ran\"\nexit ${REFUSE:-0}\n");
  ::chmod((repo + "/.git/hooks/pre-commit").c_str(), 0755);
  KlOk(repo, {"init"});
  WriteFile(repo + "/a.txt", "a\n");
  GitOk(repo, {"add", "-A"});
  ProcessOptions refuse;
  refuse.env["REFUSE"] = "3";
  EXPECT_NE(Git(repo, {"commit", "-q", "-m", "refused"}, refuse).exit_code, 0);
  GitOk(repo, {"commit", "-q", "-m", "accepted"});
  EXPECT_EQ(ReadFile(home_ + "/ran"), "user-pre-commit\nuser-pre-commit\n");
}

TEST_F(InstallTest, SymlinkedHookStaysASymlinkAndRuns) {
  std::string repo = NewRepo("repo");
  std::filesystem::create_directories(repo + "/scripts");
  WriteFile(repo + "/scripts/post-checkout.sh", "#!/bin/sh\necho \"linked $3\" >> \"$HOME/linked\"\n");
  ::chmod((repo + "/scripts/post-checkout.sh").c_str(), 0755);
  std::filesystem::create_symlink("../../scripts/post-checkout.sh", repo + "/.git/hooks/post-checkout");
  auto before = InstallState(repo);
  KlOk(repo, {"init"});
  EXPECT_EQ(std::filesystem::read_symlink(repo + "/.git/hooks/post-checkout.kittylog-chained"),
            "../../scripts/post-checkout.sh");
  Commit(repo, "first");
  GitOk(repo, {"checkout", "-q", "-b", "other"});
  EXPECT_EQ(ReadFile(home_ + "/linked"), "linked 1\n");
  KlOk(repo, {"uninstall"});
  auto after = InstallState(repo);
  EXPECT_EQ(after[repo + "/.git/hooks/post-checkout"], "-> ../../scripts/post-checkout.sh");
  EXPECT_EQ(after, before);
}

// husky 4-8: core.hooksPath=.husky, hooks source .husky/_/husky.sh, which runs "$0" again.
TEST_F(InstallTest, HuskyStyleHooksPathKeepsBothHooksRunning) {
  std::string repo = NewRepo("repo");
  std::filesystem::create_directories(repo + "/.husky/_");
  WriteFile(repo + "/.husky/_/husky.sh",
            "#!/usr/bin/env sh\nif [ -z \"$husky_skip_init\" ]; then\n  hook_name=\"$(basename -- \"$0\")\"\n"
            "  readonly husky_skip_init=1\n  export husky_skip_init\n  sh -e \"$0\" \"$@\"\n  exitCode=\"$?\"\n"
            "  exit $exitCode\nfi\n");
  WriteFile(repo + "/.husky/pre-commit",
            "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\necho husky-pre-commit >> \"$HOME/husky\"\n");
  WriteFile(repo + "/.husky/post-commit",
            "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\necho husky-post-commit >> \"$HOME/husky\"\n");
  ::chmod((repo + "/.husky/pre-commit").c_str(), 0755);
  ::chmod((repo + "/.husky/post-commit").c_str(), 0755);
  GitOk(repo, {"config", "core.hooksPath", ".husky"});
  ProcessResult init = KlOk(repo, {"init"});
  EXPECT_TRUE(Contains(init.out, "hooks: wrote .husky/pre-commit; the existing hook moved to "
                                 ".husky/pre-commit.kittylog-chained"));
  EXPECT_FALSE(std::filesystem::exists(repo + "/.git/hooks/pre-commit"));
  KlOk(repo, {"spec", "create", kFeature, "--title", "Demo"});
  Commit(repo, "first");
  EXPECT_EQ(ReadFile(home_ + "/husky"), "husky-pre-commit\nhusky-post-commit\n");
  EXPECT_EQ(StoredClock(repo), 1);

  // kittylog's pre-commit runs too: a duplicated line is refused, after husky's hook ran.
  std::string file = repo + "/" + kDailyFile;
  std::string line = ReadFile(file);
  WriteFile(file, line + line);
  GitOk(repo, {"add", "-A"});
  ProcessResult refused = Git(repo, {"commit", "-q", "-m", "dup"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(Contains(refused.err, "duplicate event_id"));
  EXPECT_EQ(ReadFile(home_ + "/husky"), "husky-pre-commit\nhusky-post-commit\nhusky-pre-commit\n");
}

// husky 9: core.hooksPath=.husky/_, each hook sources "$(dirname "$0")/h", which finds the user's
// script by `basename "$0"`: the chained hook must still see its own name.
TEST_F(InstallTest, Husky9LayoutFindsTheUserScript) {
  std::string repo = NewRepo("repo");
  std::filesystem::create_directories(repo + "/.husky/_");
  WriteFile(repo + "/.husky/_/h",
            "#!/usr/bin/env sh\nn=$(basename \"$0\")\ns=$(dirname \"$(dirname \"$0\")\")/$n\n[ ! -f \"$s\" ] && exit 0\n"
            "sh -e \"$s\" \"$@\"\n");
  for (const char* name : {"pre-commit", "post-commit"}) {
    WriteFile(repo + "/.husky/_/" + name, "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n");
    ::chmod((repo + "/.husky/_/" + name).c_str(), 0755);
    WriteFile(repo + "/.husky/" + name, std::string("echo husky9-") + name + " >> \"$HOME/husky\"\n");
  }
  GitOk(repo, {"config", "core.hooksPath", ".husky/_"});
  KlOk(repo, {"init"});
  KlOk(repo, {"spec", "create", kFeature, "--title", "Demo"});
  Commit(repo, "first");
  EXPECT_EQ(ReadFile(home_ + "/husky"), "husky9-pre-commit\nhusky9-post-commit\n");
  EXPECT_EQ(StoredClock(repo), 1);
}

TEST_F(InstallTest, WorktreeConfigExtensionIsHandled) {
  std::string repo = NewRepo("repo");
  GitOk(repo, {"config", "core.repositoryformatversion", "1"});
  GitOk(repo, {"config", "extensions.worktreeConfig", "true"});
  GitOk(repo, {"config", "--worktree", "core.hooksPath", ".githooks"});
  std::filesystem::create_directories(repo + "/.githooks");
  KlOk(repo, {"init"});
  // Repository-level config (what every worktree reads), hooks where the worktree config says.
  EXPECT_EQ(Git(repo, {"config", "--local", "merge.kittylog.recursive"}).out, "kittylog\n");
  EXPECT_TRUE(std::filesystem::exists(repo + "/.githooks/post-merge"));
  EXPECT_EQ(Kl(repo, {"doctor"}).exit_code, 0);
}

TEST_F(InstallTest, PathsWithSpacesAndQuotesWork) {
  // The binaries live in a directory whose name needs quoting, and so does the repository.
  std::string bin = Path("bin dir's \"x\" %O");
  std::filesystem::create_directories(bin);
  std::filesystem::copy_file(KITTYLOG_BINARY, bin + "/kittylog");
  std::filesystem::copy_file(KITTYLOG_MERGE_BINARY, bin + "/kittylog-merge");
  std::string repo = Path("my repo's \"dir\"");
  std::filesystem::create_directories(repo);
  GitOk(repo, {"init", "-q", "-b", "main"});
  testing::ProcessOptions options = Env();
  options.cwd = repo;
  auto run = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {bin + "/kittylog"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult result = testing::Run(argv, options);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  };
  run({"init"});
  run({"spec", "create", kFeature, "--title", "Demo"});
  run({"wp", "create", "WP01", "--feature", kFeature, "--title", "First"});
  Commit(repo, "plan");
  GitOk(repo, {"checkout", "-q", "-b", "side"});
  run({"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  Commit(repo, "side");
  GitOk(repo, {"checkout", "-q", "main"});
  run({"wp", "create", "WP02", "--feature", kFeature, "--title", "Second"});
  Commit(repo, "main");
  ProcessResult merged = GitOk(repo, {"merge", "--no-edit", "side"});
  EXPECT_TRUE(Contains(merged.out + merged.err, "kittylog: "));  // the post-merge summary
  EXPECT_EQ(LogEvents(repo).size(), 4u);
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);  // the driver merged: no markers, in order
  EXPECT_EQ(StoredClock(repo), MaxClockInLog(repo));
  run({"doctor"});
}

TEST_F(InstallTest, KittylogMissingAtHookTimeNeverFailsGit) {
  std::string bin = Path("bin");
  std::filesystem::create_directories(bin);
  std::filesystem::copy_file(KITTYLOG_BINARY, bin + "/kittylog");
  std::filesystem::copy_file(KITTYLOG_MERGE_BINARY, bin + "/kittylog-merge");
  std::string repo = NewRepo("repo");
  testing::ProcessOptions options = Env();
  options.cwd = repo;
  EXPECT_EQ(testing::Run({bin + "/kittylog", "init"}, options).exit_code, 0);
  std::filesystem::remove(bin + "/kittylog");
  ProcessOptions minimal_path;
  minimal_path.env["PATH"] = "/usr/bin:/bin";
  WriteFile(repo + "/a.txt", "a\n");
  GitOk(repo, {"add", "-A"}, minimal_path);
  ProcessResult commit = GitOk(repo, {"commit", "-q", "-m", "no kittylog"}, minimal_path);
  EXPECT_TRUE(Contains(commit.err, "kittylog: hook pre-commit skipped: kittylog is not at"));
  GitOk(repo, {"checkout", "-q", "-b", "other"}, minimal_path);
  ProcessResult doctor = Kl(repo, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1);
  EXPECT_TRUE(Contains(doctor.out, "which does not exist"));
}

TEST_F(InstallTest, BadInputGetsAClearMessageAndExitCode) {
  // Outside a repository.
  std::filesystem::create_directories(Path("plain"));
  ProcessResult outside = Kl(Path("plain"), {"install"});
  EXPECT_EQ(outside.exit_code, 3);
  EXPECT_TRUE(Contains(outside.err, "not a git repository"));
  EXPECT_EQ(Kl(Path("plain"), {"hook", "post-merge", "0"}).exit_code, 0);
  EXPECT_EQ(Kl(Path("plain"), {"doctor"}).exit_code, 3);

  // A bare repository.
  GitOk(tmp_.path(), {"init", "-q", "--bare", "bare.git"});
  ProcessResult bare = Kl(Path("bare.git"), {"install"});
  EXPECT_EQ(bare.exit_code, 3);
  EXPECT_TRUE(Contains(bare.err, "bare repository"));
  EXPECT_EQ(Kl(Path("bare.git"), {"hook", "post-checkout", "a", "b", "1"}).exit_code, 0);

  // core.hooksPath pointing nowhere: refused before anything changes.
  std::string nowhere = NewRepo("nowhere");
  GitOk(nowhere, {"config", "core.hooksPath", "missing/hooks"});
  auto before = Snapshot(nowhere);
  ProcessResult missing = Kl(nowhere, {"install"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_TRUE(Contains(missing.err, "core.hooksPath = missing/hooks"));
  EXPECT_EQ(Snapshot(nowhere), before);

  // An unknown hook name is a usage error; a known one outside kittylog's repos is a no-op.
  EXPECT_EQ(Kl(nowhere, {"hook", "pre-push"}).exit_code, 2);

  // A hooks directory the user cannot write (root can write anywhere: skipped then).
  if (::geteuid() != 0) {
    std::string locked = NewRepo("locked");
    ::chmod((locked + "/.git/hooks").c_str(), 0555);
    ProcessResult denied = Kl(locked, {"install"});
    EXPECT_EQ(denied.exit_code, 3);
    EXPECT_TRUE(Contains(denied.err, "not writable"));
    ::chmod((locked + "/.git/hooks").c_str(), 0755);
  }
}

TEST_F(InstallTest, DoctorFindsAndFixesEachPiece) {
  std::string repo = NewKittylogRepo("repo");
  ProcessResult healthy = Kl(repo, {"doctor"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.out << healthy.err;

  std::filesystem::remove(repo + "/.git/hooks/post-rewrite");
  GitOk(repo, {"config", "merge.kittylog.driver", "/nonexistent/kittylog-merge %O %A %B %L %P"});
  std::string file = repo + "/" + kDailyFile;
  std::string bytes = ReadFile(file);
  WriteFile(file, bytes + bytes.substr(0, bytes.find('\n') + 1));  // a duplicate
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":1,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");

  ProcessResult sick = Kl(repo, {"--json", "doctor"});
  EXPECT_EQ(sick.exit_code, 1);
  for (const char* name : {"\"merge driver\",\"ok\":false", "\"hooks\",\"ok\":false", "\"event files\",\"ok\":false",
                           "\"clock\",\"ok\":false"}) {
    EXPECT_TRUE(Contains(sick.out, name));
  }
  ProcessResult fixed = Kl(repo, {"doctor", "--fix"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_TRUE(Contains(fixed.out, "fixed   hooks"));
  EXPECT_EQ(Kl(repo, {"doctor"}).exit_code, 0);
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
  EXPECT_EQ(StoredClock(repo), MaxClockInLog(repo));
}

}  // namespace
}  // namespace kittylog::gittest
