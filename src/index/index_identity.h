// Whose index.db this is (DESIGN §7, §12; docs/index.md "Whose index").
//
// `.kittify/events/index.db` lives in the work tree, where a teammate can commit one (`git add
// -f`) whose rows say what the log does not: git checks it out on clone and replaces an
// ignored one in the way on pull or switch. Nothing inside the file can vouch for it, since
// whoever writes the file writes its rows and its key together. So every build of the index
// also records its content key (meta('content_key'), content_hash.h) where git never checks
// anything out: this checkout's git dir, `<git dir>/kittylog/index-key` (a linked worktree has
// a git dir of its own, so a record of its own). An index.db whose key is not the recorded one
// was not built in this checkout: the opener sets it aside and rebuilds it.
//
// The git dir is found from the work tree by what is on disk (ProbeCheckoutOnDisk), never from
// $GIT_DIR, so a hook and a user's shell agree. A `.kittify/` below the git work tree's root (a
// project in a subfolder) records under `index-key-<16 hex digits>`, a hash of its path
// relative to that root. Outside a git checkout nothing is committed, so there is no record
// and every index.db is this checkout's. Reads and writes of small files; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "base/status.h"
#include "event/log_layout.h"
#include "index/content_hash.h"

namespace kittylog::index_internal {

// The record's path for the checkout of `layout`; nullopt outside a git checkout.
std::optional<std::string> IndexKeyRecordPath(const LogLayout& layout);

// Ok when there is no record path, or the record holds `key`; otherwise (kIo) "not built in
// this checkout (...)", which the opener treats like damage.
Status CheckIndexKey(const std::optional<std::string>& record_path, const ContentKey& key);

// Writes `key` to the record (creating `<git dir>/kittylog/`; temp + rename, no fsync: a lost
// record only costs a rebuild). A no-op without a record path.
Status RecordIndexKey(const std::optional<std::string>& record_path, const ContentKey& key);

}  // namespace kittylog::index_internal
