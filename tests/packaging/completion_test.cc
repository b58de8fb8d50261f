// The shell completions (docs/install.md "Shell completion"): the scripts the build installs are
// what `kittylog completion SHELL` prints, and each one, loaded into the real shell, completes
// commands, subcommands, options and the values with a fixed set (lanes after `wp move --to`).
// bash: the script is sourced and _kittylog called with COMP_WORDS as bash would set them.
// zsh: the same walk, with zsh's completion builtins replaced by printers (zsh -f).
// fish: fish's own `complete -C`.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

const std::string kCompletionDir = std::string(KITTYLOG_BUILD_DIR) + "/completions";

std::string ShellQuoted(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::set<std::string> LinesOf(const std::string& text) {
  std::vector<std::string> lines = SplitLines(text);
  return {lines.begin(), lines.end()};
}

class CompletionTest : public ::testing::Test {
 protected:
  CompletionTest() {
    std::filesystem::create_directories(dir_ / "cwd/kdir");
    WriteFile(dir_ / "cwd/kfile", "");
  }

  // What bash completes for `words` (the last one is the word at the cursor).
  std::set<std::string> Bash(const std::vector<std::string>& words) {
    std::string array;
    for (const std::string& word : words) array += " " + ShellQuoted(word);
    std::string script = "source " + ShellQuoted(kCompletionDir + "/kittylog") + "\nCOMP_WORDS=(" + array +
                         ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\nCOMPREPLY=()\n_kittylog\n"
                         "if (( ${#COMPREPLY[@]} )); then printf '%s\\n' \"${COMPREPLY[@]}\"; fi\n";
    return Shell({"bash", "--norc", "--noprofile", "-c", script});
  }

  // What the zsh script offers for `words`: _describe, compadd and _files print their candidates.
  std::set<std::string> Zsh(const std::vector<std::string>& words) {
    std::string array;
    for (const std::string& word : words) array += " " + ShellQuoted(word);
    std::string script =
        "_describe() { local name=${@[-1]}; print -rl -- ${${(@P)name}%%:*} }\n"
        "compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- \"$@\" }\n"
        "_files() { print -r -- \"<files $*>\" }\n"
        "compset() { : }\n"
        "words=(kittylog) CURRENT=1\n"
        "source " + ShellQuoted(kCompletionDir + "/_kittylog") + " >/dev/null\n"
        "words=(" + array + ") CURRENT=${#words}\n_kittylog\n";
    std::set<std::string> offered = Shell({"zsh", "-f", "-c", script});
    // zsh itself filters candidates by the word typed; the printers show them all.
    std::set<std::string> matching;
    for (const std::string& candidate : offered) {
      if (candidate.starts_with("<") || candidate.starts_with(words.back())) matching.insert(candidate);
    }
    return matching;
  }

  // What fish completes for the command line `line` (its first field of each line).
  std::set<std::string> Fish(const std::string& line) {
    std::string script = "source " + ShellQuoted(kCompletionDir + "/kittylog.fish") + "; complete -C " + ShellQuoted(line);
    std::set<std::string> names;
    for (const std::string& entry : Shell({"fish", "--no-config", "-c", script})) names.insert(entry.substr(0, entry.find('\t')));
    return names;
  }

  std::set<std::string> Shell(const std::vector<std::string>& argv) {
    ProcessOptions options;
    options.cwd = dir_ / "cwd";
    ProcessResult result = kittylog::testing::Run(argv, options);
    EXPECT_EQ(result.exit_code, 0) << argv[0] << ": " << result.err;
    EXPECT_EQ(result.err, "") << argv[0];
    return LinesOf(result.out);
  }

  TempDir dir_;
};

using Words = std::set<std::string>;
const Words kLanes = {"planned", "doing", "for_review", "done", "rejected"};

TEST_F(CompletionTest, InstalledScriptsAreWhatTheBinaryPrints) {
  for (auto [shell, file] : {std::pair{"bash", "kittylog"}, {"zsh", "_kittylog"}, {"fish", "kittylog.fish"}}) {
    ProcessResult printed = kittylog::testing::Run({KITTYLOG_BINARY, "completion", shell});
    ASSERT_EQ(printed.exit_code, 0) << printed.err;
    EXPECT_EQ(printed.out, ReadFileOrEmpty(kCompletionDir + "/" + file)) << shell;
  }
}

TEST_F(CompletionTest, UnknownShellIsAUsageError) {
  ProcessResult result = kittylog::testing::Run({KITTYLOG_BINARY, "completion", "fish2"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find("fish2"), std::string::npos) << result.err;
}

TEST_F(CompletionTest, BashCompletesCommandsSubcommandsAndLanes) {
  EXPECT_EQ(Bash({"kittylog", "w"}), Words({"wp"}));
  EXPECT_EQ(Bash({"kittylog", "wp", "m"}), Words({"move"}));
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "WP01", "--to", ""}), kLanes);
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "WP01", "--to", "d"}), Words({"doing", "done"}));
  // Global options and their values are skipped on the way to the command path.
  EXPECT_EQ(Bash({"kittylog", "-C", "/tmp", "--json", "wp", "move", "--feature", "001-x", "--to", "f"}),
            Words({"for_review"}));
  // --to=VALUE, split by COMP_WORDBREAKS as bash does.
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "--to", "=", "r"}), Words({"rejected"}));
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "--to=p"}), Words({"--to=planned"}));
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "--fe"}), Words({"--feature"}));
  EXPECT_EQ(Bash({"kittylog", "--js"}), Words({"--json"}));
  EXPECT_EQ(Bash({"kittylog", "wp", "move", "--reason", ""}), Words({}));  // free text
}

// One case per value list the completions know (src/cli/completion/command_tree.cc), so a renamed option
// or command shows up here.
TEST_F(CompletionTest, BashCompletesEveryKnownValueList) {
  EXPECT_EQ(Bash({"kittylog", "index", ""}), Words({"rebuild", "check", "stats"}));
  EXPECT_EQ(Bash({"kittylog", "emit", "W"}), Words({"WPCreated", "WPStatusChanged", "WorkspaceCreated"}));
  EXPECT_EQ(Bash({"kittylog", "emit", "TagsAdded", "--entity-type", "F"}), Words({"FeatureSpec"}));
  EXPECT_EQ(Bash({"kittylog", "query", "--entity-type", "W"}), Words({"WorkPackage", "Workspace"}));
  EXPECT_EQ(Bash({"kittylog", "query", "--type", "Gate"}), Words({"GateCreated", "GateResultChanged"}));
  EXPECT_EQ(Bash({"kittylog", "query", "--format", ""}), Words({"table", "json", "jsonl"}));
  EXPECT_EQ(Bash({"kittylog", "gate", "create", "G", "--type", "S"}), Words({"SECURITY_SCAN"}));
  EXPECT_EQ(Bash({"kittylog", "gate", "result", "G", "--status", "p"}), Words({"pending", "passed"}));
  EXPECT_EQ(Bash({"kittylog", "hook", "pre"}), Words({"pre-commit"}));
  EXPECT_EQ(Bash({"kittylog", "completion", ""}), Words({"bash", "zsh", "fish"}));
  EXPECT_EQ(Bash({"kittylog", "schema", "Ev"}), Words({"EventV1"}));
  EXPECT_EQ(Bash({"kittylog", "-C", "k"}), Words({"kdir"}));
  EXPECT_EQ(Bash({"kittylog", "repair", "k"}), Words({"kdir", "kfile"}));
}

TEST_F(CompletionTest, ZshCompletesCommandsSubcommandsAndLanes) {
  EXPECT_EQ(Zsh({"kittylog", "w"}), Words({"wp"}));
  EXPECT_EQ(Zsh({"kittylog", "wp", "m"}), Words({"move"}));
  EXPECT_EQ(Zsh({"kittylog", "wp", "move", "WP01", "--to", ""}), kLanes);
  EXPECT_EQ(Zsh({"kittylog", "-C", "/tmp", "wp", "move", "--feature", "x", "--to", "d"}), Words({"doing", "done"}));
  EXPECT_EQ(Zsh({"kittylog", "wp", "move", "--fe"}), Words({"--feature"}));
  EXPECT_EQ(Zsh({"kittylog", "-C", ""}), Words({"<files -/>"}));
}

TEST_F(CompletionTest, FishCompletesCommandsSubcommandsAndLanes) {
  EXPECT_EQ(Fish("kittylog w"), Words({"wp"}));
  EXPECT_EQ(Fish("kittylog wp m"), Words({"move"}));
  EXPECT_EQ(Fish("kittylog wp move WP01 --to "), kLanes);
  EXPECT_EQ(Fish("kittylog -C /tmp --json wp move --feature x --to d"), Words({"doing", "done"}));
  EXPECT_EQ(Fish("kittylog wp move --fe"), Words({"--feature"}));
  EXPECT_EQ(Fish("kittylog gate create G --type C"), Words({"CI_CHECK"}));
  EXPECT_EQ(Fish("kittylog wp move --reason "), Words({}));
}

}  // namespace
}  // namespace kittylog::testing
