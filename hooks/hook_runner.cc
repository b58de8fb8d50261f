#include "hooks/hook_runner.h"

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "event/log_files.h"
#include "event/log_fsck.h"
#include "event/log_layout.h"
#include "git/append_only_check.h"
#include "git/checkout_probe.h"
#include "git/history_check.h"
#include "git/hook_shim.h"
#include "git/repository.h"
#include "git/staged_merge_check.h"
#include "platform/file_io.h"
#include "store/store_lock.h"
#include "store/store_refresh.h"

namespace kittylog::git {
namespace {

constexpr int kDefaultTimeoutMs = 5000;
constexpr size_t kMaxWarnings = 3;
constexpr size_t kMaxProblemLines = 10;

char deadline_message[256];
size_t deadline_message_size = 0;

void OnDeadline(int) {
  ssize_t ignored = ::write(STDERR_FILENO, deadline_message, deadline_message_size);
  (void)ignored;
  _exit(0);
}

bool IsKnownHook(std::string_view name) {
  return std::find(kHookNames.begin(), kHookNames.end(), name) != kHookNames.end();
}

// The append-only rule (append_only_check.h): refuses, naming the events, when the commit would
// drop or change an event HEAD holds.
void RefuseLostEvents(const GitRepository& repo, const std::vector<StagedFile>& staged, HookOutcome& outcome) {
  Result<std::vector<LostEvent>> lost = FindLostEvents(repo, staged);
  if (!lost.ok()) {
    outcome.messages.push_back("kittylog: pre-commit: " + lost.status().message() + " (append-only rule not checked)");
    return;
  }
  if (lost->empty()) return;
  outcome.refused = true;
  outcome.messages.push_back(fmt::format("kittylog: pre-commit: the commit would lose {} event{} committed in HEAD (the "
                                         "log is append-only):",
                                         lost->size(), lost->size() == 1 ? "" : "s"));
  for (size_t i = 0; i < lost->size() && i < kMaxProblemLines; ++i) {
    const LostEvent& event = (*lost)[i];
    outcome.messages.push_back(fmt::format("  {}: event {} (clock {}) {}", event.file, event.event_id, event.clock,
                                           event.changed ? "has other bytes" : "is missing"));
  }
  if (lost->size() > kMaxProblemLines) {
    outcome.messages.push_back(fmt::format("  ... and {} more", lost->size() - kMaxProblemLines));
  }
  outcome.messages.push_back(
      "kittylog: commit refused: put the lines back (`git checkout HEAD -- FILE`, then `kittylog repair`), or drop them "
      "deliberately with `git commit --no-verify`");
}

HookOutcome RunPreCommit(const GitRepository& repo) {
  HookOutcome outcome;
  Result<std::vector<StagedFile>> staged = repo.StagedFiles(".kittify/events/");
  if (!staged.ok()) {
    outcome.messages.push_back("kittylog: pre-commit: " + staged.status().message() + " (event files not checked)");
    return outcome;
  }
  std::vector<std::string> refused_files;
  for (const StagedFile& file : *staged) {
    std::string_view name = std::string_view(file.path).substr(file.path.rfind('/') + 1);
    if (file.same_as_head || file.path.find('/', 16) != std::string::npos || !IsDailyFileName(name)) continue;
    if (file.is_symlink) {
      // Every clone would get a link that kittylog refuses to follow (DESIGN §1).
      refused_files.push_back(file.path);
      outcome.messages.push_back(fmt::format("kittylog: pre-commit: staged {} is a symbolic link: kittylog never follows "
                                             "one; commit a regular file (`git rm --cached {}`)",
                                             file.path, file.path));
      continue;
    }
    std::vector<LogProblem> problems = CheckEventLog(file.bytes);
    if (problems.empty()) continue;
    refused_files.push_back(file.path);
    outcome.messages.push_back(
        fmt::format("kittylog: pre-commit: staged {} has {}:", file.path, SummarizeProblems(problems)));
    for (size_t i = 0; i < problems.size() && i < kMaxProblemLines; ++i) {
      outcome.messages.push_back(fmt::format("  {}:{}: {}", file.path, problems[i].line, problems[i].brief));
    }
    if (problems.size() > kMaxProblemLines) {
      outcome.messages.push_back(fmt::format("  ... and {} more", problems.size() - kMaxProblemLines));
    }
  }
  if (!refused_files.empty()) {
    std::string files;
    for (const std::string& file : refused_files) files += " " + file;
    outcome.refused = true;
    outcome.messages.push_back(fmt::format(
        "kittylog: commit refused: run `kittylog repair{}`, then `git add{}` and commit again", files, files));
  }
  // Ordinary commits only: while a merge is concluded, the merge's own check applies.
  if (!platform::Stat(repo.git_dir() + "/MERGE_HEAD").exists) RefuseLostEvents(repo, *staged, outcome);
  return outcome;
}

// The commits new to this checkout that lost events of a parent (DESIGN §9): loud on stderr,
// never a failure. Bounded: at most kHookCommitLimit commits and a quarter of the hook's time.
void ReportLostEvents(const Checkout& checkout, int timeout_ms, HookOutcome& outcome) {
  // Nothing new (a file checkout, a hook run again): decided without starting libgit2.
  if (std::optional<std::string> head = ProbeHead(checkout); head && HeadAlreadyChecked(checkout.git_dir, *head)) return;
  Result<std::unique_ptr<GitRepository>> repo = GitRepository::Open(checkout.work_tree);
  if (!repo.ok()) {
    outcome.messages.push_back("kittylog: lost-event check skipped: " + repo.status().message());
    return;
  }
  HistoryLimits limits;
  limits.max_commits = kHookCommitLimit;
  limits.deadline_ms = std::max(1, timeout_ms / 4);
  Result<HistoryCheck> check = CheckNewCommits(**repo, LogLayout(checkout.work_tree), limits);
  if (!check.ok()) {
    outcome.messages.push_back(fmt::format("kittylog: lost-event check: {} (run `kittylog verify --history`)",
                                           check.status().message()));
    return;
  }
  for (const CommitCheck& loss : check->losses) outcome.messages.push_back("kittylog: WARNING: " + DescribeLoss(loss));
  for (size_t i = 0; i < check->not_checked.size() && i < kMaxWarnings; ++i) {
    outcome.messages.push_back("kittylog: warning: " + check->not_checked[i]);
  }
  if (check->not_checked.size() > kMaxWarnings) {
    outcome.messages.push_back(fmt::format("kittylog: warning: ... and {} more (`kittylog verify --history`)",
                                           check->not_checked.size() - kMaxWarnings));
  }
  if (check->unchecked > 0) {
    outcome.messages.push_back(
        "kittylog: warning: not every commit new to this checkout was checked for lost events (the hook's "
        "limit); `kittylog verify --history` checks them all");
  }
}

HookOutcome RunPostHook(const Checkout& checkout, std::string_view name, const std::vector<std::string>& args,
                        int timeout_ms) {
  HookOutcome outcome;
  // The sequencer runs post-checkout and post-commit for each step of a rebase and post-rewrite
  // ("rebase") once at the end, while the rebase state directory still exists.
  bool final_rewrite = name == "post-rewrite" && !args.empty() && args[0] == "rebase";
  if (RebaseInProgress(checkout) && !final_rewrite) return outcome;

  LogLayout layout(platform::RealPath(checkout.work_tree));
  // A branch can commit .kittify (or a piece of it) as a symlink: the hook then touches nothing.
  if (Status pieces = CheckLogDirectories(layout); !pieces.ok()) {
    outcome.messages.push_back(fmt::format("kittylog: hook {} skipped: {} (git is not affected)", name, pieces.message()));
    return outcome;
  }
  if (!platform::IsDirectory(layout.kittify_dir())) return outcome;  // this checkout has no log

  bool busy = false;
  Result<std::unique_ptr<StoreLock>> lock = StoreLock::Acquire(layout.lock_path(), timeout_ms / 2, &busy);
  if (!lock.ok()) {
    outcome.messages.push_back(fmt::format("kittylog: hook {} skipped: {}{}", name, lock.status().message(),
                                           busy ? " (the next kittylog command catches up)" : ""));
    return outcome;
  }
  // A fresh worktree or clone has no index yet: building it is the hook's job, not news.
  const bool first_index = !platform::Stat(layout.index_path()).exists;
  Result<StoreRefresh> refresh = RefreshDerivedState(layout);
  if (!refresh.ok()) {
    outcome.messages.push_back(fmt::format("kittylog: hook {}: {} (git is not affected; run `kittylog doctor`)", name,
                                           refresh.status().message()));
    return outcome;
  }
  if (first_index) {
    std::erase_if(refresh->warnings, [](const std::string& warning) {
      return warning.starts_with(RelativeEventFile("index.db") + ": missing");
    });
  }
  for (size_t i = 0; i < refresh->warnings.size() && i < kMaxWarnings; ++i) {
    outcome.messages.push_back("kittylog: warning: " + refresh->warnings[i]);
  }
  if (refresh->warnings.size() > kMaxWarnings) {
    outcome.messages.push_back(fmt::format("kittylog: warning: ... and {} more (run `kittylog verify`)",
                                           refresh->warnings.size() - kMaxWarnings));
  }
  outcome.summary = SummaryLine(*refresh);
  ReportLostEvents(checkout, timeout_ms, outcome);
  return outcome;
}

}  // namespace

int HookTimeoutMs() {
  const char* value = std::getenv("KITTYLOG_HOOK_TIMEOUT_MS");
  if (value == nullptr) return kDefaultTimeoutMs;
  char* end = nullptr;
  long parsed = std::strtol(value, &end, 10);
  return (end != value && *end == '\0' && parsed > 0 && parsed < 3600000) ? static_cast<int>(parsed) : kDefaultTimeoutMs;
}

HookOutcome RunHook(const std::string& start_directory, std::string_view name, const std::vector<std::string>& args,
                    int timeout_ms) {
  HookOutcome outcome;
  if (!IsKnownHook(name)) {
    outcome.usage_error = fmt::format("hook: unknown hook name '{}' ({})", name, fmt::join(kHookNames, ", "));
    return outcome;
  }
  if (name != "pre-commit") {
    std::optional<Checkout> checkout = ProbeCheckout(start_directory);
    if (!checkout) {
      outcome.messages.push_back(fmt::format("kittylog: hook {} skipped: {}: not in a git work tree", name,
                                             start_directory));
      return outcome;
    }
    return RunPostHook(*checkout, name, args, timeout_ms);
  }
  Result<std::unique_ptr<GitRepository>> repo = GitRepository::Open(start_directory);
  if (!repo.ok()) {
    outcome.messages.push_back(fmt::format("kittylog: hook {} skipped: {}", name, repo.status().message()));
    return outcome;
  }
  if ((*repo)->is_bare()) return outcome;  // no work tree, no log
  outcome = RunPreCommit(**repo);
  // Concluding a merge: every event of both parents must be staged (staged_merge_check.h).
  StagedMergeCheck merge = CheckStagedMerge(**repo);
  outcome.messages.insert(outcome.messages.end(), merge.messages.begin(), merge.messages.end());
  outcome.refused = outcome.refused || merge.refused;
  return outcome;
}

void ArmDeadline(int timeout_ms, std::string_view name) {
  std::string message = fmt::format(
      "kittylog: hook {} gave up after {} ms (git is not affected; the next kittylog command catches up; "
      "KITTYLOG_HOOK_TIMEOUT_MS sets the limit)\n",
      name.substr(0, 32), timeout_ms);
  deadline_message_size = std::min(message.size(), sizeof deadline_message);
  std::memcpy(deadline_message, message.data(), deadline_message_size);
  struct sigaction action {};
  action.sa_handler = OnDeadline;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGALRM, &action, nullptr);
  struct itimerval timer {};
  timer.it_value.tv_sec = timeout_ms / 1000;
  timer.it_value.tv_usec = (timeout_ms % 1000) * 1000;
  ::setitimer(ITIMER_REAL, &timer, nullptr);
}

}  // namespace kittylog::git
