#include "git/event_blobs.h"

#include <cstring>

#include <fmt/format.h>

#include "event/log_layout.h"
#include "git/libgit2_handles.h"

namespace kittylog::git {
namespace {

// What an entry that is not a regular file is, for "not checked" messages.
std::string KindOf(uint32_t mode) {
  switch (mode) {
    case GIT_FILEMODE_LINK: return "a symbolic link";
    case GIT_FILEMODE_COMMIT: return "a submodule";
    case GIT_FILEMODE_TREE: return "a directory";
    default: return fmt::format("an entry of mode {:o}", mode);
  }
}

bool IsRegular(uint32_t mode) { return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE; }

Result<CommitHandle> LookupCommit(const GitRepository& repo, const std::string& id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return Status::Io(fmt::format("{}: not a commit id", id));
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo.handle(), &oid) != 0) {
    return Status::Io(fmt::format("commit {}: {}", ShortId(id), LastGitError()));
  }
  return CommitHandle(commit);
}

}  // namespace

Result<std::optional<CommitInfo>> FindCommit(const GitRepository& repo, const std::string& id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return Status::Io(fmt::format("{}: not a commit id", id));
  git_commit* raw = nullptr;
  int rc = git_commit_lookup(&raw, repo.handle(), &oid);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<CommitInfo>();
  }
  if (rc != 0) return Status::Io(fmt::format("commit {}: {}", ShortId(id), LastGitError()));
  CommitHandle commit(raw);
  CommitInfo info;
  info.id = id;
  info.time = static_cast<int64_t>(git_commit_time(commit.get()));
  for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
    info.parents.push_back(OidHex(*git_commit_parent_id(commit.get(), i)));
  }
  return std::optional<CommitInfo>(std::move(info));
}

Result<std::string> ResolveCommit(const GitRepository& repo, const std::string& rev) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo.handle(), rev.c_str()) != 0) {
    git_error_clear();
    return Status::Refused(fmt::format("{}: not found in the repository", rev));
  }
  ObjectHandle object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    git_error_clear();
    return Status::Refused(fmt::format("{}: not a commit", rev));
  }
  ObjectHandle commit(peeled);
  return OidHex(*git_object_id(commit.get()));
}

Result<EventBlobs> CommitEventBlobs(const GitRepository& repo, const std::string& commit_id) {
  KL_ASSIGN_OR_RETURN(CommitHandle commit, LookupCommit(repo, commit_id));
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) {
    return Status::Io(fmt::format("commit {}: tree: {}", ShortId(commit_id), LastGitError()));
  }
  TreeHandle tree(raw_tree);
  EventBlobs blobs;
  blobs.label = ShortId(commit_id);
  // .kittify and .kittify/events must both be directories; anything else is not followed.
  git_tree* directory = tree.get();
  TreeHandle subtree;
  for (const char* path : {".kittify", kEventsDirectory}) {
    const char* part = std::strrchr(path, '/') != nullptr ? std::strrchr(path, '/') + 1 : path;
    const git_tree_entry* entry = git_tree_entry_byname(directory, part);
    if (entry == nullptr) return blobs;  // no log in this commit: an empty one
    if (git_tree_entry_filemode(entry) != GIT_FILEMODE_TREE) {
      blobs.unreadable = fmt::format("{}:{} is {}", blobs.label, path, KindOf(git_tree_entry_filemode(entry)));
      return blobs;
    }
    git_tree* next = nullptr;
    if (git_tree_lookup(&next, repo.handle(), git_tree_entry_id(entry)) != 0) {
      return Status::Io(fmt::format("{}:{}: {}", blobs.label, path, LastGitError()));
    }
    subtree.reset(next);
    directory = next;
  }
  for (size_t i = 0; i < git_tree_entrycount(directory); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(directory, i);
    std::string name = git_tree_entry_name(entry);
    if (!IsDailyFileName(name)) continue;
    uint32_t mode = git_tree_entry_filemode(entry);
    if (IsRegular(mode)) {
      blobs.files.emplace(name, OidHex(*git_tree_entry_id(entry)));
    } else {
      blobs.skipped.emplace(name, KindOf(mode));
    }
  }
  return blobs;
}

Result<EventBlobs> StagedEventBlobs(const GitRepository& repo) {
  KL_ASSIGN_OR_RETURN(GitIndexHandle index, repo.OpenStagedIndex());
  EventBlobs blobs;
  blobs.label = "the staged index";
  const std::string prefix = std::string(kEventsDirectory) + "/";
  for (size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry == nullptr || GIT_INDEX_ENTRY_STAGE(entry) != 0) continue;
    std::string_view path(entry->path);
    if (path == ".kittify" || path == kEventsDirectory) {
      blobs.unreadable = fmt::format("{}: {} is {}", blobs.label, path, KindOf(entry->mode));
      blobs.files.clear();
      blobs.skipped.clear();
      return blobs;
    }
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    size_t slash = rest.find('/');
    std::string name(rest.substr(0, slash));
    if (!IsDailyFileName(name)) continue;
    if (slash != std::string_view::npos) {
      blobs.skipped.emplace(name, KindOf(GIT_FILEMODE_TREE));
    } else if (IsRegular(entry->mode)) {
      blobs.files.emplace(name, OidHex(entry->id));
    } else {
      blobs.skipped.emplace(name, KindOf(entry->mode));
    }
  }
  return blobs;
}

std::string UnmergedEventFile::State() const {
  const bool base = stages[0].has_value(), ours = stages[1].has_value(), theirs = stages[2].has_value();
  if (!not_regular.empty()) return "unmerged";
  if (ours && theirs) return base ? "both modified" : "both added";
  if (ours) return base ? "deleted by them" : "added by us";
  if (theirs) return base ? "deleted by us" : "added by them";
  return "both deleted";
}

Result<std::vector<UnmergedEventFile>> UnmergedEventFiles(const GitRepository& repo) {
  KL_ASSIGN_OR_RETURN(GitIndexHandle index, repo.OpenStagedIndex());
  std::vector<UnmergedEventFile> files;
  if (!git_index_has_conflicts(index.get())) return files;
  git_index_conflict_iterator* raw = nullptr;
  if (git_index_conflict_iterator_new(&raw, index.get()) != 0) {
    return Status::Io(fmt::format("the git index's conflicts: {}", LastGitError()));
  }
  LibgitHandle<git_index_conflict_iterator, git_index_conflict_iterator_free> iterator(raw);
  const std::string prefix = std::string(kEventsDirectory) + "/";
  constexpr const char* kStageNames[3] = {"base", "ours", "theirs"};
  const git_index_entry* entries[3] = {nullptr, nullptr, nullptr};
  int rc = 0;
  while ((rc = git_index_conflict_next(&entries[0], &entries[1], &entries[2], iterator.get())) == 0) {
    const git_index_entry* any = entries[0] != nullptr ? entries[0] : entries[1] != nullptr ? entries[1] : entries[2];
    if (any == nullptr) continue;
    std::string_view path(any->path);
    if (!path.starts_with(prefix) || !IsDailyFileName(path.substr(prefix.size()))) continue;
    UnmergedEventFile file;
    file.name = std::string(path.substr(prefix.size()));
    for (int stage = 0; stage < 3; ++stage) {
      if (entries[stage] == nullptr) continue;
      if (!IsRegular(entries[stage]->mode)) {
        file.not_regular = fmt::format("its {} version is {}", kStageNames[stage], KindOf(entries[stage]->mode));
      } else {
        file.stages[stage] = OidHex(entries[stage]->id);
      }
    }
    if (!file.not_regular.empty()) file.stages[0] = file.stages[1] = file.stages[2] = std::nullopt;
    files.push_back(std::move(file));
  }
  if (rc != GIT_ITEROVER) return Status::Io(fmt::format("the git index's conflicts: {}", LastGitError()));
  git_error_clear();
  return files;
}

Result<std::string> ReadBlob(const GitRepository& repo, const std::string& blob_id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, blob_id.c_str()) != 0) return Status::Io(fmt::format("{}: not a blob id", blob_id));
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo.handle(), &oid) != 0) {
    return Status::Io(fmt::format("blob {}: {}", ShortId(blob_id), LastGitError()));
  }
  BlobHandle blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

}  // namespace kittylog::git
