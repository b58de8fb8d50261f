// `kittylog demo` (DESIGN §10; docs/git-integration.md "The demo"): in a scratch directory,
// a repository with the git integration installed, a feature planned on `main`, two worktrees
// (alice, bob) moving the same work package at the same clock, both merged back with plain
// `git merge` (through the driver; the hooks refresh index and clock), and the board with its
// conflict warning. Every step is printed as the command it runs, and its output follows.
// It runs this very binary (/proc/self/exe), so kittylog need not be on PATH. The scratch
// directory is kept for exploring; git's system and global config are not read (a config
// of its own gives git a name and email), so the demo is the same on every machine.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/git/git_commands.h"
#include "git/binaries.h"
#include "git/install.h"
#include "platform/file_io.h"

namespace kittylog::cli {
namespace {

constexpr const char* kFeature = "001-checkout";

class Demo {
 public:
  Demo(std::string root, std::string kittylog, bool colour)
      : root_(std::move(root)), kittylog_(std::move(kittylog)), colour_(colour) {}

  // Runs `argv` in `dir` (relative to the scratch root) as `actor`, echoing it first.
  Status Step(const std::string& dir, const std::vector<std::string>& argv, const std::string& actor = "lead") {
    std::string shown = argv[0] == kittylog_ ? "kittylog" : argv[0];
    for (size_t i = 1; i < argv.size(); ++i) shown += " " + git::ShellQuote(argv[i]);
    fmt::print("\n{} {}\n", Colour(fmt::format("[{}] {} $", actor, dir), "36", colour_), Colour(shown, "1", colour_));
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = ::fork();
    if (pid < 0) return Status::Io(fmt::format("fork: {}", std::strerror(errno)));
    if (pid == 0) {
      std::string cwd = root_ + "/" + dir;
      if (::chdir(cwd.c_str()) != 0) _exit(127);
      // The demo's outcome relies on real time (a later event has a larger ULID): no injected clock.
      for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "KITTYLOG_NOW"}) {
        ::unsetenv(name);
      }
      ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
      ::setenv("GIT_CONFIG_GLOBAL", (root_ + "/gitconfig").c_str(), 1);
      ::setenv("KITTYLOG_ACTOR", actor.c_str(), 1);
      std::vector<char*> args;
      for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      std::fprintf(stderr, "kittylog demo: cannot run %s: %s\n", args[0], std::strerror(errno));
      _exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && argv[0] == "git") {
      return Status::Io("git is not installed (or not on PATH): the demo needs it");
    }
    return Status::Io(fmt::format("demo step failed ({}): {}", WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                                                                   : "killed by a signal",
                                  shown));
  }

  Status Kittylog(const std::string& dir, std::vector<std::string> args, const std::string& actor = "lead") {
    args.insert(args.begin(), kittylog_);
    return Step(dir, args, actor);
  }

  Status Git(const std::string& dir, std::vector<std::string> args, const std::string& actor = "lead") {
    args.insert(args.begin(), "git");
    return Step(dir, args, actor);
  }

  void Say(const std::string& text) { fmt::print("\n{}\n", Colour("# " + text, "33", colour_)); }

  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::string kittylog_;
  bool colour_;
};

Result<std::string> MakeScratchDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/kittylog-demo-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return Status::Io(fmt::format("{}: cannot create the scratch directory: {}", pattern, std::strerror(errno)));
  }
  return std::string(buffer.data());
}

Status RunTranscript(CliContext& context, std::string& root);

// With --json the transcript (this process's and the steps' output) goes to stderr and stdout
// carries one document: {"scratch":DIR,"repository":DIR/repo}.
Status RunDemo(CliContext& context) {
  if (!context.json()) {
    std::string root;
    return RunTranscript(context, root);
  }
  std::fflush(stdout);
  int saved = ::dup(STDOUT_FILENO);
  if (saved < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) return Status::Io("demo: cannot redirect the transcript");
  std::string root;
  Status status = RunTranscript(context, root);
  std::fflush(stdout);
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  if (!root.empty()) {
    context.SetJsonResult(fmt::format("{{\"scratch\":{},\"repository\":{}}}", JsonQuote(root), JsonQuote(root + "/repo")));
  }
  return status;
}

Status RunTranscript(CliContext& context, std::string& scratch) {
  KL_ASSIGN_OR_RETURN(std::string kittylog, git::SelfExecutable());
  KL_ASSIGN_OR_RETURN(std::string driver, git::FindMergeDriver());
  KL_ASSIGN_OR_RETURN(std::string root, MakeScratchDirectory());
  scratch = root;
  KL_RETURN_IF_ERROR(platform::AtomicReplace(
      root + "/gitconfig",
      "[user]\n\tname = kittylog demo\n\temail = demo@kittylog.invalid\n[init]\n\tdefaultBranch = main\n"
      "[advice]\n\tdetachedHead = false\n[merge]\n\tlog = false\n"));
  Demo demo(root, kittylog, context.UseColour());
  fmt::print("kittylog demo: scratch directory {}\n", EscapeForTerminal(root));
  fmt::print("kittylog: {}\nkittylog-merge: {}\n", EscapeForTerminal(kittylog), EscapeForTerminal(driver));

  demo.Say("A repository with kittylog: .kittify/, the merge driver, attributes and hooks.");
  KL_RETURN_IF_ERROR(demo.Git(".", {"init", "-q", "-b", "main", "repo"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"init"}));

  demo.Say("Plan a feature on main and take WP01 to review.");
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"spec", "create", kFeature, "--title", "Checkout flow"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"wp", "create", "WP01", "--feature", kFeature, "--title", "Payment form"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"wp", "create", "WP02", "--feature", kFeature, "--title", "Receipt email"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"wp", "move", "WP01", "--feature", kFeature, "--to", "for_review"}));
  KL_RETURN_IF_ERROR(demo.Git("repo", {"add", "-A"}));
  KL_RETURN_IF_ERROR(demo.Git("repo", {"commit", "-q", "-m", "Plan 001-checkout"}));

  demo.Say("Two branches in two worktrees (each worktree has its own clock; the hooks set it up).");
  KL_RETURN_IF_ERROR(demo.Git("repo", {"worktree", "add", "-q", "-b", "alice", "../alice"}));
  KL_RETURN_IF_ERROR(demo.Git("repo", {"worktree", "add", "-q", "-b", "bob", "../bob"}));

  // Same clock on both sides; alice's event comes a moment later, so its ULID is larger and plain
  // last-write-wins would pick `done`: the rollback precedence rule is what keeps `doing`.
  demo.Say("Concurrently, at the same clock: bob requests changes on WP01, alice approves it.");
  KL_RETURN_IF_ERROR(demo.Kittylog("bob", {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing",
                                           "--reason", "changes requested: card errors are not shown"}, "bob"));
  KL_RETURN_IF_ERROR(demo.Git("bob", {"commit", "-q", "-am", "bob: WP01 back to doing"}, "bob"));
  KL_RETURN_IF_ERROR(demo.Kittylog("alice", {"wp", "move", "WP01", "--feature", kFeature, "--to", "done",
                                             "--reason", "looks good"}, "alice"));
  KL_RETURN_IF_ERROR(demo.Kittylog("alice", {"wp", "move", "WP02", "--feature", kFeature, "--to", "doing"}, "alice"));
  KL_RETURN_IF_ERROR(demo.Git("alice", {"commit", "-q", "-am", "alice: WP01 done"}, "alice"));

  demo.Say("Merge both with plain git: the driver merges the daily file, the post-merge hook refreshes.");
  KL_RETURN_IF_ERROR(demo.Git("repo", {"merge", "--no-edit", "alice"}));
  KL_RETURN_IF_ERROR(demo.Git("repo", {"merge", "--no-edit", "-m", "Merge bob", "bob"}));

  demo.Say("The board: bob's rollback outranks alice's concurrent `done` (DESIGN §6), and says so.");
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"status"}));
  KL_RETURN_IF_ERROR(demo.Kittylog("repo", {"verify"}));

  fmt::print("\nkittylog demo: done. Explore: cd {}/repo && kittylog history WP01 --feature {}\n",
             EscapeForTerminal(root), kFeature);
  return Status::Ok();
}

}  // namespace

void RegisterDemoCommand(CLI::App& app) {
  CLI::App* demo = app.add_subcommand("demo", "Two branches move one work package concurrently; git merges them");
  SetHandler(demo, [](CliContext& context) { return RunDemo(context); });
}

}  // namespace kittylog::cli
