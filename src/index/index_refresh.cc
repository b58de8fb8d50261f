#include "index/index_refresh.h"

#include <algorithm>
#include <cstring>

#include <simdjson.h>

#include "event/log_layout.h"
#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/line_marks.h"
#include "index/log_scanner.h"

namespace kittylog::index_internal {
namespace {

void RecordStat(FileRecord& record, const platform::FileIdentity& identity) {
  record.stat_size = IsRacy(identity) ? -1 : static_cast<int64_t>(identity.size);
  record.mtime_ns = identity.mtime_ns;
  record.ctime_ns = identity.ctime_ns;
  record.inode = identity.inode;
}

// Indexes the lines of `data`, which starts at byte `base` of the file, a line boundary, and at
// line record.lines + 1, and extends the record's content hash over the complete lines.
Status IndexBytes(const ContentKey& key, IndexWriter& writer, FileRecord& record, std::string_view data,
                  uint64_t base) {
  LineScanner scanner;
  LineMarker marker(key, data, base, record.content_hash, record.events);
  Status failure;
  record.torn_line = 0;
  LineLayout layout = scanner.Scan(
      data, base, record.lines + 1,
      [&](const ScannedEvent& event) {
        if (!failure.ok()) return;
        failure = writer.InsertEvent(event, record.file_id);
        if (event.torn) record.torn_line = event.line_number;
        if (!event.torn) marker.AddEvent(event.line_number, event.offset);
        record.AddClock(event.clock);
        ++record.events;
      },
      [](LineProblem&&) {});  // bad lines are reported by readers and on rebuild, not on every refresh
  KL_RETURN_IF_ERROR(failure);
  KL_RETURN_IF_ERROR(writer.SaveMarks(record.file_id, marker.marks()));
  record.indexed_size = base + layout.complete_size;
  record.lines += layout.complete_lines;
  record.content_hash = marker.HashTo(base + layout.complete_size);
  return Status::Ok();
}

Status Rewrite(const ContentKey& key, IndexWriter& writer, const std::string& events_dir, const FileChange& change,
               RefreshReport& report) {
  FileRecord record = change.record;
  record.name = change.file.name;
  const std::string path = events_dir + "/" + record.name;
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer buffer,
                      ReadRange(path, 0, change.file.identity.size, simdjson::SIMDJSON_PADDING));
  // The rows before the last line mark the new content still matches stay (a merge adds after
  // the merge base); the rest is dropped and read again (line_marks.h).
  LineMark kept{0, 0, kContentHashStart};
  if (record.file_id != 0) {
    KL_ASSIGN_OR_RETURN(std::vector<LineMark> marks, writer.LoadMarks(record.file_id));
    kept = LastMatchingMark(key, marks, buffer.view());
    KL_ASSIGN_OR_RETURN(int64_t dropped, writer.DropEvents(record.file_id, kept.line + 1));
    report.events_added -= dropped;  // the report counts the net change, not the lines re-read
    record.events -= dropped;
    if (kept.line == 0) record.events = 0;
    record.min_clock = record.max_clock = 0;
    if (kept.line > 0) KL_RETURN_IF_ERROR(writer.ClockRange(record));
  } else {
    KL_RETURN_IF_ERROR(writer.SaveFile(record));  // assigns the file_id the rows refer to
    record.events = 0;
    record.min_clock = record.max_clock = 0;
  }
  record.lines = kept.line;
  record.content_hash = kept.hash;
  const int64_t kept_events = record.events;
  KL_RETURN_IF_ERROR(IndexBytes(key, writer, record, buffer.view().substr(kept.offset), kept.offset));
  RecordStat(record, change.file.identity);
  report.events_added += record.events - kept_events;
  ++report.files_reindexed;
  return writer.SaveFile(record);
}

Status Append(const ContentKey& key, IndexWriter& writer, const std::string& events_dir, const FileChange& change,
              RefreshReport& report) {
  FileRecord record = change.record;
  if (record.torn_line != 0) {
    // The torn last line may have been completed: index it again from its start.
    KL_ASSIGN_OR_RETURN(int64_t dropped, writer.DropEvents(record.file_id, record.torn_line));
    record.events -= dropped;
    report.events_added -= dropped;
    KL_RETURN_IF_ERROR(writer.ClockRange(record));
  }
  const std::string path = events_dir + "/" + record.name;
  // The prefix was verified by hash when the change was planned; only the tail is read.
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer buffer,
                      ReadRange(path, record.indexed_size, change.file.identity.size - record.indexed_size,
                                simdjson::SIMDJSON_PADDING));
  int64_t before = record.events;
  KL_RETURN_IF_ERROR(IndexBytes(key, writer, record, buffer.view(), record.indexed_size));
  RecordStat(record, change.file.identity);
  report.events_added += record.events - before;
  return writer.SaveFile(record);
}

}  // namespace

Status ApplyChanges(Database& db, const std::string& events_dir, const std::vector<FileChange>& changes,
                    RefreshReport& report) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> transaction, Transaction::Begin(db));
  KL_ASSIGN_OR_RETURN(const ContentKey key, ReadContentKey(db));
  KL_ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer, IndexWriter::Create(db, events_dir));
  for (const FileChange& change : changes) {
    switch (change.kind) {
      case FileChange::Kind::kFresh:
        break;
      case FileChange::Kind::kTouched: {
        FileRecord record = change.record;
        RecordStat(record, change.file.identity);
        KL_RETURN_IF_ERROR(writer->SaveFile(record));
        break;
      }
      case FileChange::Kind::kVanished: {
        KL_ASSIGN_OR_RETURN(int64_t dropped, writer->DropEvents(change.record.file_id, 0));
        report.events_added -= dropped;
        KL_RETURN_IF_ERROR(writer->DeleteFile(change.record.file_id));
        ++report.files_dropped;
        break;
      }
      case FileChange::Kind::kRewrite:
        KL_RETURN_IF_ERROR(Rewrite(key, *writer, events_dir, change, report));
        break;
      case FileChange::Kind::kAppend:
        KL_RETURN_IF_ERROR(Append(key, *writer, events_dir, change, report));
        break;
    }
  }
  KL_RETURN_IF_ERROR(writer->FinishWpState());
  return transaction->Commit();
}

Result<bool> AppendIndexed(Database& db, const std::string& path, const platform::FileIdentity& before,
                           std::string_view appended, const std::vector<Event>& events) {
  const uint64_t old_size = before.exists ? before.size : 0;
  const std::string name = platform::BaseName(path);
  if (!IsDailyFileName(name) || appended.empty() || appended.back() != '\n') return false;
  // The appended bytes must be exactly the events' lines (blank lines aside), in order; each
  // event's line number and offset follow from them.
  std::vector<ScannedEvent> views;
  views.reserve(events.size());
  int64_t lines = 0;
  for (size_t pos = 0; pos < appended.size();) {
    size_t end = appended.find('\n', pos);
    std::string_view line = appended.substr(pos, end - pos);
    const size_t start = pos;
    pos = end + 1;
    ++lines;
    if (line.empty()) continue;
    const size_t next = views.size();
    if (next >= events.size() || events[next].raw_line != line || events[next].lamport_clock < 1) return false;
    ScannedEvent view = ViewOf(events[next]);
    view.line_number = lines;  // relative for now
    view.offset = old_size + start;
    views.push_back(view);
  }
  if (views.size() != events.size()) return false;

  KL_ASSIGN_OR_RETURN(std::vector<FileRecord> records, IndexWriter::LoadFiles(db));
  auto it = std::find_if(records.begin(), records.end(), [&](const FileRecord& r) { return r.name == name; });
  FileRecord record;
  if (it != records.end()) {
    record = *it;
    // The file must be exactly what the index last saw (a checkout may have rewritten it since
    // the store's refresh): then the stored hash covers its prefix and extends over the append.
    if (record.indexed_size != old_size || record.torn_line != 0 || !SameStat(record, before, /*allow_racy=*/true)) {
      return false;
    }
  } else if (old_size != 0) {
    return false;
  } else {
    record.name = name;
  }

  const uint64_t new_size = old_size + appended.size();
  if (record.file_id == 0) record.content_hash = kContentHashStart;

  KL_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> transaction, Transaction::Begin(db));
  KL_ASSIGN_OR_RETURN(const ContentKey key, ReadContentKey(db));
  KL_ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer, IndexWriter::Create(db, platform::DirName(path)));
  if (record.file_id == 0) KL_RETURN_IF_ERROR(writer->SaveFile(record));
  for (ScannedEvent& view : views) {
    view.line_number += record.lines;
    record.AddClock(view.clock);
  }
  KL_RETURN_IF_ERROR(writer->InsertEvents(views, record.file_id));
  LineMarker marker(key, appended, old_size, record.content_hash, record.events);
  for (const ScannedEvent& view : views) marker.AddEvent(view.line_number, view.offset);
  KL_RETURN_IF_ERROR(writer->SaveMarks(record.file_id, marker.marks()));
  record.indexed_size = new_size;
  record.lines += lines;
  record.events += static_cast<int64_t>(events.size());
  record.content_hash = marker.HashTo(new_size);
  platform::FileIdentity identity = platform::Stat(path);
  RecordStat(record, identity);
  // Bytes beyond ours (another writer ignoring the lock): make the next read verify by hash.
  if (identity.size != new_size) record.stat_size = -1;
  KL_RETURN_IF_ERROR(writer->SaveFile(record));
  // After the file's record: recomputing a lane probes the files by their clock range.
  KL_RETURN_IF_ERROR(writer->FinishWpState());
  KL_RETURN_IF_ERROR(transaction->Commit());
  return true;
}

}  // namespace kittylog::index_internal
