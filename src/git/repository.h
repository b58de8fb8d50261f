// The git repository around a kittylog work tree, seen through libgit2 (DESIGN §9;
// docs/git-integration.md).
//
// GitRepository answers the questions the git integration asks: where the work tree, this
// worktree's git dir and the common git dir are, where git runs hooks from (core.hooksPath,
// relative to the work tree, else <common dir>/hooks so that linked worktrees share them),
// whether a rebase is in progress (its state directories live in the worktree's own git dir),
// the effective value of a config key, and the staged bytes of a path (the git index, or
// $GIT_INDEX_FILE when git hands a hook a temporary index).
//
// libgit2 1.5 refuses repositories that declare `extensions.worktreeConfig` (as `git
// sparse-checkout` does); Open() registers the extension so they open, and reads
// `config.worktree` itself on top of the local config, as git does.
// Not thread-safe; one object per thread. Failures are Status::Io naming the path.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

struct git_index;
struct git_repository;

namespace kittylog::git {

// Where hooks go and why.
struct HooksLocation {
  std::string directory;        // absolute, without trailing '/'
  bool from_config = false;     // core.hooksPath is set
  std::string configured;       // its value as written in the config (for messages)
};

// Owns a git_index (frees it with git_index_free).
struct GitIndexFree {
  void operator()(git_index* index) const;
};
using GitIndexHandle = std::unique_ptr<git_index, GitIndexFree>;

// One file staged in the index.
struct StagedFile {
  std::string path;  // relative to the work tree, '/'-separated
  std::string bytes;
  bool same_as_head = false;  // the blob equals HEAD's (the commit does not change it)
  bool is_symlink = false;    // mode 120000: `bytes` is the link's target, not content
};

class GitRepository {
 public:
  // Discovers the repository containing `start` (a directory). Fails with kIo "not a git
  // repository" when there is none; a bare repository opens (is_bare() tells).
  static Result<std::unique_ptr<GitRepository>> Open(const std::string& start);
  ~GitRepository();
  GitRepository(const GitRepository&) = delete;
  GitRepository& operator=(const GitRepository&) = delete;

  bool is_bare() const;
  const std::string& work_tree() const { return work_tree_; }    // no trailing '/'; empty when bare
  const std::string& git_dir() const { return git_dir_; }        // this worktree's, no trailing '/'
  const std::string& common_dir() const { return common_dir_; }  // shared by all worktrees
  // The repository-level config file every worktree reads (`git config --local` writes it).
  std::string local_config_path() const { return common_dir_ + "/config"; }

  // A rebase (merge or apply backend) or `git am` is in progress in this worktree.
  bool RebaseInProgress() const;

  // The command that goes on with the git command stopped on a conflict in this worktree
  // ("git cherry-pick --continue", "git revert --continue", "git rebase --continue", "git am
  // --continue", "git commit" for a merge); "" when git records none (`git stash pop` or
  // `apply`, `git checkout --merge`).
  std::string ContinueCommand() const;

  // The effective value of `key` (system, global, local, worktree levels), if set.
  std::optional<std::string> ConfigString(const std::string& key) const;

  // The value of gitattribute `attribute` for `path` (relative to the work tree), as git
  // resolves it (.gitattributes files, info/attributes); nullopt when unspecified.
  std::optional<std::string> Attribute(const std::string& path, const std::string& attribute) const;

  // Whether git ignores `path` (relative to the work tree).
  bool IsIgnored(const std::string& path) const;

  // Where git runs hooks from. Does not check that the directory exists.
  Result<HooksLocation> Hooks() const;

  // The staged files whose paths start with `prefix`, read from $GIT_INDEX_FILE when set
  // (relative to the work tree), else from the repository's index.
  Result<std::vector<StagedFile>> StagedFiles(const std::string& prefix) const;

  // The paths in the repository's git index that start with `prefix` (any stage), without
  // reading their blobs.
  Result<std::vector<std::string>> TrackedPaths(const std::string& prefix) const;

  // The git index a commit is made from: $GIT_INDEX_FILE when set, else the repository's.
  Result<GitIndexHandle> OpenStagedIndex() const;

  // The libgit2 handle, for the modules of src/git/ that read objects (event_blobs.h).
  git_repository* handle() const { return repo_; }

  // The blobs of HEAD's tree directly inside directory `dir` (e.g. ".kittify/events") for which
  // `want(name)` holds, as StagedFile values (path, bytes). Empty on an unborn branch.
  Result<std::vector<StagedFile>> HeadFiles(const std::string& dir,
                                            const std::function<bool(std::string_view name)>& want) const;

 private:
  explicit GitRepository(git_repository* repo);
  git_repository* repo_;
  std::string work_tree_;
  std::string git_dir_;
  std::string common_dir_;
};

// The message of libgit2's last error, or "unknown libgit2 error".
std::string LastGitError();

}  // namespace kittylog::git
