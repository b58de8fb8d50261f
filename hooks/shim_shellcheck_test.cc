// shellcheck finds nothing in the hook shim: neither in the files under hooks/ nor in the shims
// `kittylog install` writes into a scratch repository (every hook name, so both endings are
// checked with the placeholders filled in). Skipped when shellcheck is not installed
// (install/install-deps.sh installs it).
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "git/hook_shim.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessResult;
using testing::TempDir;

bool HaveShellcheck() { return testing::Run({"sh", "-c", "command -v shellcheck"}).exit_code == 0; }

void ExpectShellcheckClean(const std::vector<std::string>& files) {
  ASSERT_FALSE(files.empty());
  std::vector<std::string> argv = {"shellcheck", "-s", "sh"};
  argv.insert(argv.end(), files.begin(), files.end());
  ProcessResult result = testing::Run(argv);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(HookShimShellcheckTest, FilesUnderHooksAreClean) {
  if (!HaveShellcheck()) GTEST_SKIP() << "shellcheck is not installed";
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(KITTYLOG_HOOKS_DIR)) {
    if (entry.path().extension() == ".sh") files.push_back(entry.path().string());
  }
  ExpectShellcheckClean(files);
}

TEST(HookShimShellcheckTest, InstalledShimsAreClean) {
  if (!HaveShellcheck()) GTEST_SKIP() << "shellcheck is not installed";
  TempDir dir;
  ASSERT_EQ(testing::Run({"git", "init", "-q", dir.path()}).exit_code, 0);
  ProcessResult installed = Kittylog(dir.path(), {"install"});
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  std::vector<std::string> shims;
  for (std::string_view name : git::kHookNames) shims.push_back(dir / (".git/hooks/" + std::string(name)));
  for (const std::string& shim : shims) ASSERT_TRUE(git::IsShim(shim)) << shim;
  ExpectShellcheckClean(shims);
}

}  // namespace
}  // namespace kittylog
