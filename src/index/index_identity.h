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
//                            writes a new file) gives another inode or ctime, which only the
//                            kernel sets
//   wal <inode> <mtime ns> <64 hex digits>|-   index.db-wal the same way, with its mtime (SQLite
//                            running as root fchowns the WAL at every open, which moves its
//                            ctime; only writes move its mtime, and a file git writes gets the
//                            time of the checkout), and its header ("-": shorter than a header);
//                            "wal absent" when there is none
//
// A writer records under `.kittify/.lock` before it releases it, and only the files it holds
// open (RecordIndex compares their inodes with the ones it opened: a file replaced while a
// writer ran is never recorded as ours). An opener finds index.db, its WAL and its key as
// recorded, or sets the index aside and rebuilds it. Anything else that changes index.db's ctime
// or its WAL's mtime (chmod, touch, a copy with `cp -a`) costs one rebuild.
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
// record only costs a rebuild). A no-op without a record path. Call under the lock, while the
// connection that built or checked the index is open, with the inodes of index.db and its WAL
// that connection opened: when the files at the paths are others, nothing is recorded (kIo).
Status RecordIndex(const std::optional<std::string>& record_path, const std::string& index_path,
                   const ContentKey& key, uint64_t index_inode, uint64_t wal_inode);

}  // namespace kittylog::index_internal
