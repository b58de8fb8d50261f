// Where kittylog's files live inside a checkout (DESIGN §1; docs/layout.md).
//
// LogLayout is a value computed from the work tree root; it only builds paths and recognises
// daily file names, it touches nothing on disk.
#pragma once

#include <string>
#include <string_view>

#include "event/timestamp.h"

namespace kittylog {

struct LogLayout {
  std::string root;  // the work tree (the directory that holds .kittify/)

  explicit LogLayout(std::string work_tree) : root(std::move(work_tree)) {}

  std::string kittify_dir() const { return root + "/.kittify"; }
  std::string events_dir() const { return root + "/.kittify/events"; }
  std::string index_path() const { return root + "/.kittify/events/index.db"; }
  std::string clock_path() const { return root + "/.kittify/clock.json"; }
  std::string errors_dir() const { return root + "/.kittify/errors"; }
  std::string lock_path() const { return root + "/.kittify/.lock"; }
  std::string quarantine_dir() const { return root + "/.kittify/quarantine"; }
  std::string daily_file(std::string_view date) const { return events_dir() + "/" + std::string(date) + ".jsonl"; }
};

// Whether `name` is a daily log file name: YYYY-MM-DD.jsonl with a real date.
inline bool IsDailyFileName(std::string_view name) {
  return name.size() == 16 && name.substr(10) == ".jsonl" && IsValidDate(name.substr(0, 10));
}

// Path of a file relative to the work tree, as the user sees it in messages.
inline std::string RelativeEventFile(std::string_view name) { return ".kittify/events/" + std::string(name); }

}  // namespace kittylog
