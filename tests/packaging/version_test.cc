// --version (docs/install.md "Version"): both binaries print the project version and the source
// revision the build was made from; cmake/WriteVersionSource.cmake says "unknown" for a source
// tree that is not a git work tree of its own (a tarball, or one unpacked inside another
// repository) and `git describe --dirty` otherwise.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

// The revision cmake/WriteVersionSource.cmake writes for `source_dir`.
std::string RevisionFor(const TempDir& tmp, const std::string& source_dir) {
  std::string output = tmp / "version.cc";
  std::filesystem::remove(output);
  ProcessResult run = kittylog::testing::Run({KITTYLOG_CMAKE, "-DSOURCE_DIR=" + source_dir, "-DOUTPUT=" + output, "-DVERSION=9.8.7",
                           "-DGIT_EXECUTABLE=git", "-P", std::string(KITTYLOG_SOURCE_DIR) + "/cmake/WriteVersionSource.cmake"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  std::string text = ReadFileOrEmpty(output);
  EXPECT_NE(text.find("Version() { return \"9.8.7\"; }"), std::string::npos) << text;
  const std::string key = "SourceRevision() { return \"";
  size_t at = text.find(key);
  if (at == std::string::npos) return "?";
  at += key.size();
  return text.substr(at, text.find('"', at) - at);
}

ProcessResult Git(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.env["GIT_CONFIG_NOSYSTEM"] = "1";
  options.env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  ProcessResult result = kittylog::testing::Run(argv, options);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result;
}

TEST(VersionTest, BothBinariesPrintTheVersionAndTheRevision) {
  ProcessResult kittylog = kittylog::testing::Run({KITTYLOG_BINARY, "--version"});
  ProcessResult driver = kittylog::testing::Run({KITTYLOG_MERGE_BINARY, "--version"});
  EXPECT_EQ(kittylog.exit_code, 0);
  EXPECT_EQ(driver.exit_code, 0);
  // "<program> <version> (source revision <revision>)\n"
  const std::string middle = std::string(" ") + KITTYLOG_PROJECT_VERSION + " (source revision ";
  ASSERT_TRUE(kittylog.out.starts_with("kittylog" + middle) && kittylog.out.ends_with(")\n")) << kittylog.out;
  ASSERT_TRUE(driver.out.starts_with("kittylog-merge" + middle) && driver.out.ends_with(")\n")) << driver.out;
  std::string revision = kittylog.out.substr(8 + middle.size());
  revision.resize(revision.size() - 2);
  EXPECT_EQ(driver.out.substr(14 + middle.size()), revision + ")\n");
  EXPECT_FALSE(revision.empty());
  EXPECT_EQ(revision.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-"),
            std::string::npos) << revision;
}

TEST(VersionTest, RevisionIsUnknownOutsideAWorkTreeOfItsOwn) {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "tarball");
  EXPECT_EQ(RevisionFor(tmp, tmp / "tarball"), "unknown");
  // Unpacked inside another repository: that repository's commit is not ours.
  Git(tmp.path(), {"init", "-q", "outer"});
  WriteFile(tmp / "outer/README", "x\n");
  Git(tmp / "outer", {"add", "README"});
  Git(tmp / "outer", {"commit", "-q", "-m", "outer"});
  std::filesystem::create_directories(tmp / "outer/kittylog-0.1.0");
  EXPECT_EQ(RevisionFor(tmp, tmp / "outer/kittylog-0.1.0"), "unknown");
}

TEST(VersionTest, RevisionIsGitDescribeOfTheSourceTree) {
  TempDir tmp;
  Git(tmp.path(), {"init", "-q", "src"});
  WriteFile(tmp / "src/a.txt", "a\n");
  Git(tmp / "src", {"add", "a.txt"});
  Git(tmp / "src", {"commit", "-q", "-m", "first"});
  std::string head = Git(tmp / "src", {"rev-parse", "HEAD"}).out.substr(0, 12);
  EXPECT_EQ(RevisionFor(tmp, tmp / "src"), head);
  WriteFile(tmp / "src/a.txt", "b\n");
  EXPECT_EQ(RevisionFor(tmp, tmp / "src"), head + "-dirty");
  Git(tmp / "src", {"tag", "-a", "-m", "release", "v1.2.3"});
  WriteFile(tmp / "src/a.txt", "a\n");
  EXPECT_EQ(RevisionFor(tmp, tmp / "src"), "v1.2.3");
}

}  // namespace
}  // namespace kittylog::testing
