// Where a post-* hook runs, found without libgit2 (DESIGN §9; docs/git-integration.md).
//
// A hook with nothing to do must cost a few milliseconds, and initialising libgit2 alone (its TLS
// backend parses the system's CA bundle) costs about as much again. A post-* hook needs only
// two facts, which git's own layout gives cheaply: the work tree (git runs hooks at its root
// and passes GIT_DIR for linked worktrees) and this worktree's git dir, whose rebase-merge/ or
// rebase-apply/ (without `applying`, which is `git am`) says a rebase is in progress - the same
// test libgit2's git_repository_state makes. ProbeHead reads the commit HEAD names the same
// way, so a hook whose HEAD was already checked for lost events never starts libgit2.
// pre-commit, install and doctor use GitRepository. The index finds where this checkout
// records its index's key with ProbeCheckoutOnDisk (index/index_identity.h).
// Pure reads of the file system; thread-safe.
#pragma once

#include <optional>
#include <string>

namespace kittylog::git {

struct Checkout {
  std::string work_tree;   // absolute, no trailing '/'
  std::string git_dir;     // this worktree's git dir
  std::string common_dir;  // shared by all worktrees (git_dir's `commondir` file), else git_dir
};

// $GIT_DIR (with $GIT_WORK_TREE, else `start`) when git set it, else the nearest directory
// from `start` upwards holding `.git` (a directory, or a file "gitdir: PATH" of a linked
// worktree). nullopt outside a work tree (a bare repository included). Reading config files
// git's way without libgit2 starts here too (config_reader.h).
std::optional<Checkout> ProbeCheckout(const std::string& start);

// The same by what is on disk alone, ignoring $GIT_DIR and $GIT_WORK_TREE: the nearest `.git`
// from `start` upwards. The answer does not depend on who asks (a hook git started, a user's
// shell), for a record that must be found again by every process of the checkout.
std::optional<Checkout> ProbeCheckoutOnDisk(const std::string& start);

bool RebaseInProgress(const Checkout& checkout);

// The full hex id of the commit HEAD names, read from the files git keeps (HEAD, a loose ref,
// packed-refs), so a hook can tell "nothing new here" without libgit2. nullopt when that is not
// enough (an unborn branch, a ref stored another way such as reftable, a symbolic ref chain):
// the caller then asks libgit2.
std::optional<std::string> ProbeHead(const Checkout& checkout);

}  // namespace kittylog::git
