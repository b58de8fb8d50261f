#include "git/hook_shim.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "git/binaries.h"
#include "tests/support/test_support.h"

namespace kittylog::git {
namespace {

using kittylog::testing::ReadFileOrEmpty;

using kittylog::testing::TempDir;
using kittylog::testing::WriteFile;

// A fake kittylog that records its arguments.
std::string FakeKittylog(const TempDir& dir, const std::string& name) {
  std::string path = dir / name;
  WriteFile(path, "#!/bin/sh\necho \"kittylog $*\" >> \"$LOG\"\nexit 0\n");
  ::chmod(path.c_str(), 0755);
  return path;
}

TEST(HookShimTest, ShellQuotingRoundTrips) {
  for (std::string text : {"/usr/bin/kittylog", "/a b/c", "/it's \"q\" $x `y` %O", ""}) {
    EXPECT_EQ(FirstShellWord(ShellQuote(text) + " %O %A"), text);
  }
  EXPECT_EQ(ShellQuote("/usr/local/bin/kittylog-merge"), "/usr/local/bin/kittylog-merge");
}

TEST(HookShimTest, ChainsAnExistingHookAndRunsItFirst) {
  TempDir dir;
  std::string hooks = dir / "hooks";
  std::filesystem::create_directories(hooks);
  WriteFile(hooks + "/post-checkout", "#!/bin/sh\necho \"user $0 $*\" >> \"$LOG\"\nexit 5\n");
  ::chmod((hooks + "/post-checkout").c_str(), 0755);
  std::string kittylog = FakeKittylog(dir, "kitty log's");
  Result<ShimResult> shim = InstallShim(hooks, "post-checkout", kittylog);
  ASSERT_TRUE(shim.ok());
  EXPECT_EQ(shim->action, ShimAction::kChained);
  EXPECT_TRUE(IsShim(hooks + "/post-checkout"));
  EXPECT_EQ(ShimKittylogPath(hooks + "/post-checkout"), kittylog);

  kittylog::testing::ProcessOptions options;
  options.env["LOG"] = dir / "log";
  auto result = kittylog::testing::Run({hooks + "/post-checkout", "a", "b", "1"}, options);
  EXPECT_EQ(result.exit_code, 5);  // post-checkout's status is git's: the user's hook keeps it
  // The chained sh script ran with $0 = the hook's own path.
  EXPECT_EQ(ReadFileOrEmpty(dir / "log"), "user " + hooks + "/post-checkout a b 1\nkittylog hook post-checkout a b 1\n");

  EXPECT_EQ(InstallShim(hooks, "post-checkout", kittylog)->action, ShimAction::kUnchanged);
  EXPECT_EQ(*RemoveShim(hooks, "post-checkout"), UnshimAction::kRestored);
  EXPECT_EQ(ReadFileOrEmpty(hooks + "/post-checkout"), "#!/bin/sh\necho \"user $0 $*\" >> \"$LOG\"\nexit 5\n");
}

TEST(HookShimTest, PreCommitStopsWhenTheChainedHookRefuses) {
  TempDir dir;
  std::string hooks = dir / "hooks";
  std::filesystem::create_directories(hooks);
  WriteFile(hooks + "/pre-commit", "#!/bin/bash\nexit 1\n");  // not sh: executed directly
  ::chmod((hooks + "/pre-commit").c_str(), 0755);
  ASSERT_TRUE(InstallShim(hooks, "pre-commit", FakeKittylog(dir, "kittylog")).ok());
  kittylog::testing::ProcessOptions options;
  options.env["LOG"] = dir / "log";
  EXPECT_EQ(kittylog::testing::Run({hooks + "/pre-commit"}, options).exit_code, 1);
  EXPECT_EQ(ReadFileOrEmpty(dir / "log"), "");  // kittylog did not run after the refusal
}

TEST(HookShimTest, MissingKittylogIsANoteNotAFailure) {
  TempDir dir;
  std::string hooks = dir / "hooks";
  std::filesystem::create_directories(hooks);
  ASSERT_TRUE(InstallShim(hooks, "post-merge", dir / "gone/kittylog").ok());
  kittylog::testing::ProcessOptions options;
  options.env["PATH"] = "/usr/bin:/bin";
  auto result = kittylog::testing::Run({hooks + "/post-merge", "0"}, options);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.err.find("kittylog: hook post-merge skipped"), std::string::npos) << result.err;
}

// A shim naming kittylog by its bare name (binaries.h: PATH found it at install time) looks it
// up on PATH only: an executable `kittylog` in the directory git runs the hook in never runs.
TEST(HookShimTest, BareNameIsLookedUpOnPathOnly) {
  TempDir dir;
  std::string hooks = dir / "hooks";
  std::filesystem::create_directories(hooks);
  std::filesystem::create_directories(dir / "bin");
  std::filesystem::create_directories(dir / "worktree");
  FakeKittylog(dir, "bin/kittylog");
  WriteFile(dir / "worktree/kittylog", "#!/bin/sh\necho planted >> \"$LOG\"\n");
  ::chmod((dir / "worktree/kittylog").c_str(), 0755);
  ASSERT_TRUE(InstallShim(hooks, "post-merge", "kittylog").ok());
  EXPECT_EQ(ShimKittylogPath(hooks + "/post-merge"), "kittylog");

  kittylog::testing::ProcessOptions options;
  options.cwd = dir / "worktree";
  options.env["LOG"] = dir / "log";
  options.env["PATH"] = dir / "bin" + ":/usr/bin:/bin";
  auto found = kittylog::testing::Run({hooks + "/post-merge", "0"}, options);
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(ReadFileOrEmpty(dir / "log"), "kittylog hook post-merge 0\n");

  options.env["PATH"] = "/usr/bin:/bin";
  auto missing = kittylog::testing::Run({hooks + "/post-merge", "0"}, options);
  EXPECT_EQ(missing.exit_code, 0);
  EXPECT_EQ(missing.err, "kittylog: hook post-merge skipped: kittylog is not on PATH (run `kittylog doctor --fix`)\n");
  EXPECT_EQ(ReadFileOrEmpty(dir / "log"), "kittylog hook post-merge 0\n");  // ./kittylog never ran
}

// The shim is filled in one pass: a path holding a template key is copied as is.
TEST(HookShimTest, PathWithATemplateKeyIsCopiedVerbatim) {
  std::string text = ShimText("post-merge", "/opt/@NAME@/@WHERE@/kittylog");
  EXPECT_NE(text.find("\nkittylog=/opt/@NAME@/@WHERE@/kittylog\n"), std::string::npos) << text;
  EXPECT_NE(text.find("kittylog is not at /opt/@NAME@/@WHERE@/kittylog nor on PATH"), std::string::npos) << text;
}

TEST(HookShimTest, RefusesWhenTheChainedNameIsTaken) {
  TempDir dir;
  std::string hooks = dir / "hooks";
  std::filesystem::create_directories(hooks);
  WriteFile(hooks + "/post-merge", "#!/bin/sh\n");
  WriteFile(hooks + "/post-merge.kittylog-chained", "#!/bin/sh\n");
  Result<ShimResult> shim = InstallShim(hooks, "post-merge", "/bin/true");
  EXPECT_FALSE(shim.ok());
  EXPECT_EQ(ReadFileOrEmpty(hooks + "/post-merge"), "#!/bin/sh\n");
}

}  // namespace
}  // namespace kittylog::git
