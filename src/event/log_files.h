// What is on disk under `.kittify/`, seen without following links (DESIGN §1, §8, §12;
// docs/layout.md).
//
// A teammate's branch can commit symlinks, directories and FIFOs under any name. Two rules live
// here, for every command and hook:
//  - CheckLogDirectories: `.kittify/` and its directories (events/, errors/, quarantine/) must be
//    real directories, and the fixed files (.lock, clock.json) must not be symlinks; otherwise
//    a Status::Io names the entry and what to do. Writers refuse (exit 3), hooks skip.
//  - ListLogFiles: the daily files of the events directory. An entry with a daily file name
//    that is not a regular file (a symlink, a directory, a FIFO, a device) is not a daily file:
//    it is returned in `skipped` with why, never opened, so no reader reads, prints or blocks on
//    it; readers warn, `verify` reports it and `repair` moves it aside.
// Reads metadata only (lstat, readdir); thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog {

Status CheckLogDirectories(const LogLayout& layout);

struct SkippedLogEntry {
  std::string name;    // "2026-01-27.jsonl"
  std::string shown;   // ".kittify/events/2026-01-27.jsonl"
  std::string reason;  // "a symbolic link, not a regular file: skipped, never read"
  std::string Format() const { return shown + ": " + reason; }
};

struct LogFiles {
  std::vector<std::string> daily;      // regular files with a daily name, sorted
  std::vector<SkippedLogEntry> skipped;  // daily names that are not regular files, sorted
};

// An absent directory is an empty log; a symlink in place of the directory is an error.
// `shown_dir` prefixes the names in messages (the errors directory uses the same daily names).
Result<LogFiles> ListLogFiles(const std::string& dir, std::string_view shown_dir = ".kittify/events");

}  // namespace kittylog
