// Whose index.db this is (DESIGN §7, §12; docs/index.md "Whose index").
//
// `.kittify/events/index.db` and its `-wal` and `-walid` live in the work tree, where a teammate
// can commit them (`git add -f`): git checks them out on clone and replaces ignored files in the
// way on pull or switch. Nothing in the work tree can vouch for them, since whoever writes a
// file there writes all of it: rows and key, a WAL and the record of its header. And they can be
// mixed: a pulled index.db under this checkout's own WAL (whose frames hold this checkout's key)
// is half one database and half another. So the checkout records what it last left there where
// git never checks anything out: its git dir, `<git dir>/kittylog/index-key` (a linked worktree
// has a git dir of its own, so a record of its own). Three lines:
//
//   key <32 hex digits>      meta('content_key') of the index built here (content_hash.h)
//   file <inode> <ctime ns>  index.db as this checkout last wrote it: a rebuild renames a new
//                            file in, a checkpoint copies the WAL into it; any other writer (git
//                            writes a new file) gives another ctime, which only the kernel sets
//   wal <64 hex digits>|-    the header of index.db-wal as last written ("-": empty or absent)
//
// A writer records under `.kittify/.lock` before it releases it; an opener finds index.db, its
// WAL and its key as recorded, or sets the index aside and rebuilds it. Anything else that
// changes index.db's ctime (chmod, touch, a copy with `cp -a`) costs one rebuild.
//
// The git dir is found from the work tree by what is on disk (ProbeCheckoutOnDisk), never from
// $GIT_DIR, so a hook and a user's shell agree. A `.kittify/` below the git work tree's root (a
// project in a subfolder) records under `index-key-<16 hex digits>`, a hash of its path
// relative to that root. Outside a git checkout there is no record, and the index is trusted as
// it is (the WAL check of wal_identity.h still applies). Reads and writes of small files;
// thread-safe.
#pragma once

#include <optional>
#include <string>

#include "base/status.h"
#include "event/log_layout.h"
#include "index/content_hash.h"

namespace kittylog::index_internal {

// The record's path for the checkout of `layout`; nullopt outside a git checkout.
std::optional<std::string> IndexKeyRecordPath(const LogLayout& layout);

// Ok when there is no record path, or index.db at `index_path`, its WAL and `key` (read from the
// open index) are what the record says; otherwise kIo, "not built in this checkout (...)" or
// "changed outside kittylog (...)", which the opener treats like damage.
Status CheckIndexRecord(const std::optional<std::string>& record_path, const std::string& index_path,
                        const ContentKey& key);

// Records `key` and index.db's and its WAL's current state, when they differ from the record
// (creating `<git dir>/kittylog/`, never the git dir itself; temp + rename, no fsync: a lost
// record only costs a rebuild). A no-op without a record path. Call under the lock, and only for
// an index this process built or checked.
Status RecordIndex(const std::optional<std::string>& record_path, const std::string& index_path,
                   const ContentKey& key);

}  // namespace kittylog::index_internal
