#include "git/repository.h"

#include <git2.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::git {
namespace {

// libgit2 is initialised once per process and never shut down: the process exits soon after.
void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Repositories with `extensions.worktreeConfig` (sparse-checkout, per-worktree config) must
    // open: libgit2 1.5 knows the extension's meaning but does not list it as supported.
    const char* extensions[] = {"worktreeconfig"};
    git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, extensions, size_t{1});
  });
}

std::string WithoutTrailingSlash(const char* path) {
  std::string result = path == nullptr ? "" : path;
  while (result.size() > 1 && result.back() == '/') result.pop_back();
  return result;
}

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr != nullptr) Free(ptr);
  }
};

}  // namespace

std::string LastGitError() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

GitRepository::GitRepository(git_repository* repo) : repo_(repo) {
  work_tree_ = WithoutTrailingSlash(git_repository_workdir(repo));
  git_dir_ = WithoutTrailingSlash(git_repository_path(repo));
  common_dir_ = WithoutTrailingSlash(git_repository_commondir(repo));
}

GitRepository::~GitRepository() { git_repository_free(repo_); }

Result<std::unique_ptr<GitRepository>> GitRepository::Open(const std::string& start) {
  InitLibgit2();
  git_repository* repo = nullptr;
  int rc = git_repository_open_ext(&repo, start.c_str(), 0, nullptr);
  if (rc != 0) {
    if (rc == GIT_ENOTFOUND) return Status::Io(fmt::format("{}: not a git repository (run `git init` first)", start));
    return Status::Io(fmt::format("{}: cannot open the git repository: {}", start, LastGitError()));
  }
  std::unique_ptr<GitRepository> result(new GitRepository(repo));
  // git reads $GIT_DIR/config.worktree on top of the local config when the extension is on;
  // libgit2 1.5 does not, so it is added here at the highest level, as git ranks it.
  git_config* config = nullptr;
  if (git_repository_config(&config, repo) == 0) {
    int enabled = 0;
    std::string worktree_config = result->git_dir_ + "/config.worktree";
    if (git_config_get_bool(&enabled, config, "extensions.worktreeconfig") == 0 && enabled &&
        platform::Stat(worktree_config).exists) {
      git_config_add_file_ondisk(config, worktree_config.c_str(), GIT_CONFIG_LEVEL_APP, repo, 0);
    }
    git_config_free(config);
  }
  git_error_clear();
  return result;
}

bool GitRepository::is_bare() const { return git_repository_is_bare(repo_) != 0; }

bool GitRepository::RebaseInProgress() const {
  switch (git_repository_state(repo_)) {
    case GIT_REPOSITORY_STATE_REBASE:
    case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
    case GIT_REPOSITORY_STATE_REBASE_MERGE:
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
      return true;
    default:
      return false;
  }
}

std::string GitRepository::ContinueCommand() const {
  switch (git_repository_state(repo_)) {
    case GIT_REPOSITORY_STATE_MERGE: return "git commit";
    case GIT_REPOSITORY_STATE_REVERT:
    case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "git revert --continue";
    case GIT_REPOSITORY_STATE_CHERRYPICK:
    case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "git cherry-pick --continue";
    case GIT_REPOSITORY_STATE_REBASE:
    case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
    case GIT_REPOSITORY_STATE_REBASE_MERGE:
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "git rebase --continue";
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX: return "git am --continue";
    default: return "";
  }
}

std::optional<std::string> GitRepository::ConfigString(const std::string& key) const {
  Owned<git_config, git_config_free> config;
  if (git_repository_config_snapshot(&config.ptr, repo_) != 0) return std::nullopt;
  git_buf value = GIT_BUF_INIT;
  if (git_config_get_string_buf(&value, config.ptr, key.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  std::string result(value.ptr, value.size);
  git_buf_dispose(&value);
  return result;
}

std::optional<std::string> GitRepository::Attribute(const std::string& path, const std::string& attribute) const {
  const char* value = nullptr;
  if (git_attr_get(&value, repo_, GIT_ATTR_CHECK_FILE_THEN_INDEX, path.c_str(), attribute.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  switch (git_attr_value(value)) {
    case GIT_ATTR_VALUE_STRING: return std::string(value);
    case GIT_ATTR_VALUE_TRUE: return std::string("true");
    case GIT_ATTR_VALUE_FALSE: return std::string("false");
    default: return std::nullopt;
  }
}

bool GitRepository::IsIgnored(const std::string& path) const {
  int ignored = 0;
  if (git_ignore_path_is_ignored(&ignored, repo_, path.c_str()) != 0) {
    git_error_clear();
    return false;
  }
  return ignored != 0;
}

Result<HooksLocation> GitRepository::Hooks() const {
  HooksLocation location;
  Owned<git_config, git_config_free> config;
  if (git_repository_config_snapshot(&config.ptr, repo_) != 0) {
    return Status::Io(fmt::format("{}: cannot read the git config: {}", common_dir_, LastGitError()));
  }
  git_buf value = GIT_BUF_INIT;
  // A path-typed key: "~/" expands to $HOME, as git does.
  if (git_config_get_path(&value, config.ptr, "core.hooksPath") == 0) {
    location.from_config = true;
    std::string configured(value.ptr, value.size);
    git_buf_dispose(&value);
    if (std::optional<std::string> raw = ConfigString("core.hooksPath")) location.configured = *raw;
    if (configured.empty()) {
      return Status::Io("core.hooksPath is set but empty: git runs no hooks; unset it or point it at a directory");
    }
    // git runs hooks from the work tree root, so a relative hooksPath is relative to it
    // (to the git dir in a bare repository).
    std::string base = is_bare() ? git_dir_ : work_tree_;
    location.directory = WithoutTrailingSlash(
        (configured.front() == '/' ? configured : platform::JoinPath(base, configured)).c_str());
    return location;
  }
  git_error_clear();
  location.directory = common_dir_ + "/hooks";
  return location;
}

void GitIndexFree::operator()(git_index* index) const { git_index_free(index); }

Result<GitIndexHandle> GitRepository::OpenStagedIndex() const {
  git_index* index = nullptr;
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  if (index_file != nullptr && *index_file != '\0') {
    std::string path = index_file[0] == '/' ? index_file : platform::JoinPath(work_tree_, index_file);
    if (git_index_open(&index, path.c_str()) != 0) {
      return Status::Io(fmt::format("{}: cannot read the git index: {}", path, LastGitError()));
    }
  } else if (git_repository_index(&index, repo_) != 0) {
    return Status::Io(fmt::format("{}: cannot read the git index: {}", git_dir_, LastGitError()));
  }
  return GitIndexHandle(index);
}

Result<std::vector<std::string>> GitRepository::TrackedPaths(const std::string& prefix) const {
  KL_ASSIGN_OR_RETURN(GitIndexHandle staged, OpenStagedIndex());
  std::vector<std::string> paths;
  const size_t count = git_index_entrycount(staged.get());
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(staged.get(), i);
    if (entry != nullptr && std::string_view(entry->path).starts_with(prefix)) paths.emplace_back(entry->path);
  }
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());  // the stages of one path are adjacent
  return paths;
}

Result<std::vector<StagedFile>> GitRepository::StagedFiles(const std::string& prefix) const {
  KL_ASSIGN_OR_RETURN(GitIndexHandle staged, OpenStagedIndex());
  Owned<git_index, git_index_free> index;
  index.ptr = staged.release();
  Owned<git_object, git_object_free> head_tree;
  if (git_revparse_single(&head_tree.ptr, repo_, "HEAD^{tree}") != 0) git_error_clear();  // unborn

  std::vector<StagedFile> files;
  const size_t count = git_index_entrycount(index.ptr);
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.ptr, i);
    if (entry == nullptr || GIT_INDEX_ENTRY_STAGE(entry) != 0) continue;
    std::string_view path(entry->path);
    if (!path.starts_with(prefix)) continue;
    StagedFile file;
    file.path = std::string(path);
    file.is_symlink = (entry->mode & 0170000) == GIT_FILEMODE_LINK;
    if (head_tree.ptr != nullptr) {
      Owned<git_tree_entry, git_tree_entry_free> in_head;
      if (git_tree_entry_bypath(&in_head.ptr, reinterpret_cast<git_tree*>(head_tree.ptr), entry->path) == 0) {
        file.same_as_head = git_oid_equal(git_tree_entry_id(in_head.ptr), &entry->id) != 0;
      } else {
        git_error_clear();
      }
    }
    if (!file.same_as_head) {
      Owned<git_blob, git_blob_free> blob;
      if (git_blob_lookup(&blob.ptr, repo_, &entry->id) != 0) {
        return Status::Io(fmt::format("{}: cannot read the staged blob: {}", file.path, LastGitError()));
      }
      file.bytes.assign(static_cast<const char*>(git_blob_rawcontent(blob.ptr)),
                        static_cast<size_t>(git_blob_rawsize(blob.ptr)));
    }
    files.push_back(std::move(file));
  }
  return files;
}

Result<std::vector<StagedFile>> GitRepository::HeadFiles(const std::string& dir,
                                                         const std::function<bool(std::string_view name)>& want) const {
  std::vector<StagedFile> files;
  Owned<git_object, git_object_free> head_tree;
  if (git_revparse_single(&head_tree.ptr, repo_, "HEAD^{tree}") != 0) {
    git_error_clear();
    return files;  // unborn: nothing committed yet
  }
  Owned<git_tree_entry, git_tree_entry_free> dir_entry;
  if (git_tree_entry_bypath(&dir_entry.ptr, reinterpret_cast<git_tree*>(head_tree.ptr), dir.c_str()) != 0 ||
      git_tree_entry_type(dir_entry.ptr) != GIT_OBJECT_TREE) {
    git_error_clear();
    return files;
  }
  Owned<git_tree, git_tree_free> tree;
  if (git_tree_lookup(&tree.ptr, repo_, git_tree_entry_id(dir_entry.ptr)) != 0) {
    return Status::Io(fmt::format("HEAD:{}: cannot read the tree: {}", dir, LastGitError()));
  }
  for (size_t i = 0; i < git_tree_entrycount(tree.ptr); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.ptr, i);
    std::string_view name = git_tree_entry_name(entry);
    // Only blobs: a committed symlink is a blob too, with mode 120000; it holds no events.
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB || git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK ||
        !want(name)) {
      continue;
    }
    Owned<git_blob, git_blob_free> blob;
    if (git_blob_lookup(&blob.ptr, repo_, git_tree_entry_id(entry)) != 0) {
      return Status::Io(fmt::format("HEAD:{}/{}: cannot read the blob: {}", dir, name, LastGitError()));
    }
    StagedFile file;
    file.path = dir + "/" + std::string(name);
    file.bytes.assign(static_cast<const char*>(git_blob_rawcontent(blob.ptr)),
                      static_cast<size_t>(git_blob_rawsize(blob.ptr)));
    file.same_as_head = true;
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace kittylog::git
