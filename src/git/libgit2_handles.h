// Owning handles for libgit2 objects, for the .cc files of src/git/ only: headers other modules
// include keep git2.h out (repository.h forward-declares what it names). Each handle frees its
// object with libgit2's own free function; move-only, like the unique_ptr it is.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace kittylog::git {

template <typename T, void (*Free)(T*)>
struct LibgitFree {
  void operator()(T* object) const {
    if (object != nullptr) Free(object);
  }
};

template <typename T, void (*Free)(T*)>
using LibgitHandle = std::unique_ptr<T, LibgitFree<T, Free>>;

using BlobHandle = LibgitHandle<git_blob, git_blob_free>;
using CommitHandle = LibgitHandle<git_commit, git_commit_free>;
using ObjectHandle = LibgitHandle<git_object, git_object_free>;
using RepositoryHandle = LibgitHandle<git_repository, git_repository_free>;
using TreeHandle = LibgitHandle<git_tree, git_tree_free>;
using TreeEntryHandle = LibgitHandle<git_tree_entry, git_tree_entry_free>;

inline std::string OidHex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &oid);
  return buffer;
}

}  // namespace kittylog::git
