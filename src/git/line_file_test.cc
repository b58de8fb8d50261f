#include "git/line_file.h"

#include <gtest/gtest.h>

#include "platform/file_io.h"
#include "tests/support/test_support.h"

namespace kittylog::git {
namespace {

using kittylog::testing::ReadFileOrEmpty;
using kittylog::testing::TempDir;
using kittylog::testing::WriteFile;

TEST(LineFileTest, AddsOnlyMissingLinesAndUndoesExactly) {
  TempDir dir;
  const std::string path = dir / "attrs";
  for (const std::string original : {"", "*.png binary", "*.png binary\n", "a\r\nb\r\n", "x merge=kittylog\n"}) {
    if (original.empty()) {
      std::remove(path.c_str());
    } else {
      WriteFile(path, original);
    }
    Result<LineEdit> edit = EnsureLines(path, std::vector<std::string>{"x merge=kittylog", "y"});
    ASSERT_TRUE(edit.ok());
    EXPECT_EQ(edit->created, original.empty());
    std::string now = ReadFileOrEmpty(path);
    EXPECT_TRUE(now.ends_with("y\n"));
    Result<LineEdit> again = EnsureLines(path, std::vector<std::string>{"x merge=kittylog", "y"});
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->added.empty());
    EXPECT_EQ(ReadFileOrEmpty(path), now);
    Result<std::vector<std::string>> missing = RemoveAddedLines(*edit);
    ASSERT_TRUE(missing.ok());
    EXPECT_TRUE(missing->empty());
    EXPECT_EQ(platform::Stat(path).exists, !original.empty()) << original;
    EXPECT_EQ(ReadFileOrEmpty(path), original);
  }
}

TEST(LineFileTest, KeepsWhatOthersAddedAfterInstall) {
  TempDir dir;
  const std::string path = dir / "ignore";
  WriteFile(path, "node_modules/");
  Result<LineEdit> edit = EnsureLines(path, std::vector<std::string>{".kittify/clock.json"});
  ASSERT_TRUE(edit.ok());
  WriteFile(path, ReadFileOrEmpty(path) + "dist/\n");
  ASSERT_TRUE(RemoveAddedLines(*edit).ok());
  EXPECT_EQ(ReadFileOrEmpty(path), "node_modules/\ndist/\n");  // the user's newline stays
}

}  // namespace
}  // namespace kittylog::git
