#include "index/bulk_scan.h"

#include <algorithm>

#include <simdjson.h>

#include "event/log_layout.h"
#include "index/index_schema.h"
#include "platform/file_io.h"

namespace kittylog::index_internal {

int64_t FileScanner::Intern(std::string_view text, ScannedFile& out) {
  auto it = local_ids_.find(text);
  if (it != local_ids_.end()) return it->second;
  int64_t id = static_cast<int64_t>(local_ids_.size()) + 1;
  local_ids_.emplace(std::string(text), id);
  out.new_names.emplace_back(id, std::string(text));
  return id;
}

ScannedFile FileScanner::Scan(const DailyFile& file, int64_t file_id) {
  ScannedFile out;
  const std::string path = events_dir_ + "/" + file.name;
  // The stat is taken before the read: if the file changes meanwhile, the recorded stat is
  // older than the bytes read, so the next refresh notices and verifies them by hash.
  platform::FileIdentity identity = platform::Stat(path);
  Result<platform::PaddedBuffer> buffer = platform::ReadFilePadded(path, simdjson::SIMDJSON_PADDING);
  if (!buffer.ok()) {
    out.status = buffer.status();
    return out;
  }
  FileRecord& record = out.record;
  record.file_id = file_id;
  record.name = file.name;
  out.rows.reserve(buffer->size / 256);
  const std::string label = RelativeEventFile(file.name);
  LineMarker marker(key_, buffer->view(), 0, kContentHashStart, 0);
  LineLayout layout = scanner_.Scan(
      buffer->view(), 0, 1,
      [&](const ScannedEvent& event) {
        if (event.torn) record.torn_line = event.line_number;
        if (!event.torn) marker.AddEvent(event.line_number, event.offset);
        EventRow row;
        row.seq = MakeSeq(file_id, event.line_number);
        row.clock = event.clock;
        row.offset = static_cast<int64_t>(event.offset);
        row.type_id = Intern(event.event_type, out);
        row.entity_type_id = Intern(event.entity_type, out);
        row.entity_id = Intern(event.entity_id, out);
        row.actor_id = Intern(event.actor, out);
        row.feature_id = Intern(event.feature_slug, out);
        wp_state_.Add(event);
        record.AddClock(event.clock);
        out.rows.push_back(row);
      },
      [&](LineProblem&& problem) {
        if (out.problems.size() < kMaxProblemsPerFile) {
          out.problems.push_back(problem.Format(label));
        } else {
          ++out.more_problems;
        }
      });
  record.events = static_cast<int64_t>(out.rows.size());
  record.indexed_size = layout.complete_size;
  record.lines = layout.complete_lines;
  record.content_hash = marker.HashTo(layout.complete_size);
  out.marks = std::move(marker.marks());
  record.stat_size = IsRacy(identity) || !identity.exists ? -1 : static_cast<int64_t>(identity.size);
  record.mtime_ns = identity.mtime_ns;
  record.ctime_ns = identity.ctime_ns;
  record.inode = identity.inode;
  out.bytes = file.identity.size;
  return out;
}

}  // namespace kittylog::index_internal
