#include "git/binaries.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kittylog::git {
namespace {

using kittylog::testing::TempDir;

// Sets PATH (and the working directory) for one test and puts the old ones back.
class PathTest : public ::testing::Test {
 protected:
  PathTest() : cwd_(std::filesystem::current_path()) {
    if (const char* path = std::getenv("PATH")) saved_ = path;
  }
  ~PathTest() override {
    ::setenv("PATH", saved_.c_str(), 1);
    std::filesystem::current_path(cwd_);
  }
  void SetPath(const std::string& path) { ::setenv("PATH", path.c_str(), 1); }

  std::string Executable(const std::string& path) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    kittylog::testing::WriteFile(path, "#!/bin/sh\n");
    ::chmod(path.c_str(), 0755);
    return path;
  }

  std::filesystem::path cwd_;
  TempDir dir_;
  std::string saved_;
};

TEST_F(PathTest, BareNameOnlyWhenPathFindsThatVeryFile) {
  std::string installed = Executable(dir_ / "prefix/bin/kittylog-merge");
  std::string other = Executable(dir_ / "other/kittylog-merge");
  SetPath(dir_ / "prefix/bin" + ":/usr/bin");
  EXPECT_EQ(NameForGit(installed, "kittylog-merge"), "kittylog-merge");
  // PATH finds another file of that name first: the absolute path, or git would run that one.
  SetPath(dir_ / "other" + ":" + dir_ / "prefix/bin");
  EXPECT_EQ(NameForGit(installed, "kittylog-merge"), installed);
  // Not on PATH at all.
  SetPath("/usr/bin:/bin");
  EXPECT_EQ(NameForGit(installed, "kittylog-merge"), installed);
}

TEST_F(PathTest, ALinkOnPathToTheFileCounts) {
  std::string installed = Executable(dir_ / "opt/kittylog/bin/kittylog");
  std::filesystem::create_directories(dir_ / "local/bin");
  std::filesystem::create_symlink(installed, dir_ / "local/bin/kittylog");
  SetPath(dir_ / "local/bin");
  EXPECT_EQ(NameForGit(installed, "kittylog"), "kittylog");
  EXPECT_EQ(ResolveCommand("kittylog"), dir_ / "local/bin/kittylog");
}

TEST_F(PathTest, RelativePathEntriesAreNeverSearched) {
  Executable(dir_ / "kittylog");
  std::filesystem::current_path(dir_.path());
  SetPath(":.:bin");
  EXPECT_EQ(FindOnPath("kittylog"), "");
  EXPECT_EQ(ResolveCommand("kittylog"), "");
  EXPECT_EQ(ResolveCommand("/usr/bin/env"), "/usr/bin/env");  // a path is taken as written
}

}  // namespace
}  // namespace kittylog::git
