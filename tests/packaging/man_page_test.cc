// The man pages (docs/install.md "Man pages"): kittylog.1 is what `kittylog manpage` prints from
// the command tree, and both pages render under `man --warnings -l` without a warning.
#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

const std::string kManDir = std::string(KITTYLOG_BUILD_DIR) + "/man";

// `man --warnings -l PAGE` at 80 columns, as plain text.
ProcessResult Render(const std::string& page) {
  ProcessOptions options;
  options.env["MANWIDTH"] = "80";
  options.env["MAN_KEEP_FORMATTING"] = "";
  options.env["LC_ALL"] = "C.UTF-8";
  options.env["MANPAGER"] = "cat";
  options.env["PAGER"] = "cat";
  return kittylog::testing::Run({"man", "--warnings", "-l", page}, options);
}

TEST(ManPageTest, KittylogPageIsGeneratedFromTheCommandTree) {
  ProcessResult printed = kittylog::testing::Run({KITTYLOG_BINARY, "manpage"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_EQ(printed.out, ReadFileOrEmpty(kManDir + "/kittylog.1"));
  // Every command of the help appears with its own section.
  ProcessResult help = kittylog::testing::Run({KITTYLOG_BINARY, "--help"});
  bool in_commands = false;
  size_t commands = 0;
  for (const std::string& line : SplitLines(help.out)) {
    if (line == "Subcommands:") in_commands = true;
    if (!in_commands || line.size() < 3 || line[0] != ' ') continue;
    std::string name = line.substr(2, line.find(' ', 2) - 2);
    EXPECT_NE(printed.out.find(".SS \"kittylog " + name), std::string::npos) << name;
    ++commands;
  }
  EXPECT_GT(commands, 15u);
}

// An option whose value may be left out shows it in brackets, in the help and on the page:
// `verify --history` alone checks all of HEAD's history.
TEST(ManPageTest, AnOptionalValueIsShownAsOptional) {
  ProcessResult help = kittylog::testing::Run({KITTYLOG_BINARY, "verify", "--help"});
  EXPECT_NE(help.out.find("--history [RANGE]"), std::string::npos) << help.out;
  std::string page = Render(kManDir + "/kittylog.1").out;
  EXPECT_NE(page.find("kittylog verify [--strict] [--history [RANGE]]"), std::string::npos) << page;
  EXPECT_NE(page.find("--history [RANGE]\n"), std::string::npos);
  EXPECT_EQ(page.find("HISTORY"), std::string::npos);
}

TEST(ManPageTest, PagesRenderWithoutWarnings) {
  for (const char* page : {"kittylog.1", "kittylog.1.gz", "kittylog-merge.1", "kittylog-merge.1.gz"}) {
    ProcessResult rendered = Render(kManDir + "/" + page);
    EXPECT_EQ(rendered.exit_code, 0) << page << ": " << rendered.err;
    EXPECT_EQ(rendered.err, "") << page;
    EXPECT_NE(rendered.out.find("SYNOPSIS"), std::string::npos) << page;
  }
  std::string kittylog = Render(kManDir + "/kittylog.1").out;
  for (const char* text : {"kittylog wp move", "--to planned|doing|for_review|done|rejected", "kittylog completion",
                           "kittylog schema", "EXIT STATUS", "KITTYLOG_ACTOR", "kittylog-merge(1)"}) {
    EXPECT_NE(kittylog.find(text), std::string::npos) << text;
  }
  std::string merge = Render(kManDir + "/kittylog-merge.1").out;
  EXPECT_NE(merge.find("kittylog-merge %O %A %B %L %P"), std::string::npos) << merge;
}

}  // namespace
}  // namespace kittylog::testing
