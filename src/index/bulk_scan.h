// The parser side of a full rebuild (index/rebuild.h): one daily file in, index rows out.
//
// A FileScanner reads a file, runs LineScanner over it and turns each event into an EventRow
// whose names are ids local to this scanner (the loader maps them to the database's ids, so
// several scanners can run on several threads without sharing a dictionary). It also feeds a
// WpStateBuilder and keeps the line problems of the file. One FileScanner per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "index/freshness.h"
#include "index/index_writer.h"
#include "index/line_marks.h"
#include "index/log_scanner.h"
#include "index/wp_state.h"

namespace kittylog::index_internal {

struct ScannedFile {
  Status status;                // a read failure; nothing else is set then
  FileRecord record;
  std::vector<EventRow> rows;   // names are local ids of the scanner
  std::vector<std::pair<int64_t, std::string>> new_names;  // local ids first used in this file
  std::vector<LineMark> marks;  // line_marks.h
  std::vector<std::string> problems;  // "file:line: reason", at most kMaxProblemsPerFile
  int64_t more_problems = 0;    // beyond those
  uint64_t bytes = 0;
};

inline constexpr size_t kMaxProblemsPerFile = 20;

class FileScanner {
 public:
  FileScanner(std::string events_dir, const ContentKey& key) : events_dir_(std::move(events_dir)), key_(key) {}

  ScannedFile Scan(const DailyFile& file, int64_t file_id);
  WpStateBuilder& wp_state() { return wp_state_; }

 private:
  int64_t Intern(std::string_view text, ScannedFile& out);

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  std::string events_dir_;
  ContentKey key_;
  LineScanner scanner_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> local_ids_;
  WpStateBuilder wp_state_;
};

}  // namespace kittylog::index_internal
