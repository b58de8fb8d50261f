// `kittylog hook NAME ARGS`: the logic behind the hook shims (DESIGN §9;
// docs/git-integration.md).
//
// post-merge, post-checkout (branch and file checkouts), post-rewrite (amend, rebase) and
// post-commit (which also covers a conflicted merge resolved and committed, where post-merge
// does not run) bring the checkout's derived state up to date: index refreshed incrementally,
// clock witnessed (store/store_refresh.h). They never fail the git command: every failure becomes a
// message and the outcome is still "ok"; the lock is waited for with a deadline, and the whole
// process has one (ArmDeadline). While a rebase is in progress they do nothing; the rebase's own
// final post-rewrite does the work once. They find their checkout without libgit2
// (checkout_probe.h: its start-up alone would eat the budget of a hook with nothing to do).
// Then they check the commits new to this checkout for events lost by a merge made without
// the driver (history_check.h; bounded, libgit2 only when HEAD is new) and report each loss
// loudly on stderr, naming the commit, the events and `kittylog repair --rev`.
// pre-commit reads the staged event files from the git index (not the work tree) and refuses
// the commit when one has conflict markers, duplicate ids, malformed lines, events out of order
// or a torn tail, or is a symbolic link, naming `kittylog repair`; for ordinary commits (no
// MERGE_HEAD) it also refuses one that drops or changes an event HEAD holds
// (append_only_check.h); while a merge is concluded (MERGE_HEAD), it refuses when the staged
// files lack an event of a parent (staged_merge_check.h). The post-* hooks do nothing but say
// so when a piece of .kittify/ is a symbolic link (event/log_files.h).
// RunHook prints nothing itself; the caller prints the outcome (escaped).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kittylog::git {

struct HookOutcome {
  bool refused = false;               // pre-commit only: exit 1
  std::string usage_error;            // an unknown hook name: the one-line message (exit 2)
  std::string summary;                // one line for stdout, "" when quiet
  std::vector<std::string> messages;  // lines for stderr
};

// Milliseconds a hook may wait for the store lock / run in total: $KITTYLOG_HOOK_TIMEOUT_MS, else
// 5000 (a merge of a huge log may need a full rebuild; nobody waits longer than that on git).
int HookTimeoutMs();

HookOutcome RunHook(const std::string& start_directory, std::string_view name, const std::vector<std::string>& args,
                    int timeout_ms);

// After `timeout_ms`, prints "kittylog: hook NAME gave up after N ms ..." and ends the process
// with exit 0 (SIGALRM; async-signal-safe). Interrupting is safe: every write kittylog makes is
// atomic or journaled, and the next kittylog command catches up.
void ArmDeadline(int timeout_ms, std::string_view name);

}  // namespace kittylog::git
