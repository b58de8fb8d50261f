// IndexWriter::InsertEvents: the rows of many appended events with few statements (the emit
// path; docs/index.md, "Emit"). One SQLite statement per row costs more than the b-tree work
// of the row itself; like the rebuild (rebuild.cc), rows go kRowsPerInsert to a statement.
#include <algorithm>
#include <array>
#include <string>

#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/wp_state.h"

namespace kittylog::index_internal {
namespace {

constexpr size_t kRowsPerInsert = 32;

// "INSERT INTO <table> VALUES(?,..),(?,..)..." with `rows` groups of `columns` parameters.
std::string MultiRowInsert(std::string_view head, int columns, size_t rows) {
  std::string group = "(?";
  for (int i = 1; i < columns; ++i) group += ",?";
  group += ")";
  std::string sql(head);
  for (size_t i = 0; i < rows; ++i) sql += (i == 0 ? " VALUES" : ",") + group;
  return sql;
}

constexpr std::string_view kInsertEvents =
    "INSERT INTO events(seq, clock, line_offset, type_id, entity_type_id, entity_id, actor_id, feature_id)";
constexpr std::string_view kInsertPostings = "INSERT INTO entity_events";

}  // namespace

Status IndexWriter::InsertEvents(const std::vector<ScannedEvent>& events, int64_t file_id) {
  std::vector<EventRow> rows;
  rows.reserve(events.size());
  for (const ScannedEvent& event : events) {
    KL_ASSIGN_OR_RETURN(EventRow row, RowOf(event, file_id));
    rows.push_back(row);
  }
  if (rows.size() >= kRowsPerInsert && !insert_events_many_.prepared()) {
    KL_ASSIGN_OR_RETURN(insert_events_many_, db_.Prepare(MultiRowInsert(kInsertEvents, 8, kRowsPerInsert)));
    KL_ASSIGN_OR_RETURN(insert_postings_many_, db_.Prepare(MultiRowInsert(kInsertPostings, 6, kRowsPerInsert)));
  }
  // events: in seq order, so every row appends to the table's b-tree.
  size_t i = 0;
  for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
    for (size_t k = 0; k < kRowsPerInsert; ++k) {
      const EventRow& row = rows[i + k];
      const int base = static_cast<int>(k) * 8;
      insert_events_many_.Bind(base + 1, row.seq).Bind(base + 2, row.clock).Bind(base + 3, row.offset);
      insert_events_many_.Bind(base + 4, row.type_id).Bind(base + 5, row.entity_type_id);
      insert_events_many_.Bind(base + 6, row.entity_id).Bind(base + 7, row.actor_id).Bind(base + 8, row.feature_id);
    }
    KL_RETURN_IF_ERROR(insert_events_many_.Run());
  }
  for (; i < rows.size(); ++i) {
    const EventRow& row = rows[i];
    insert_event_.Bind(1, row.seq).Bind(2, row.clock).Bind(3, row.offset).Bind(4, row.type_id);
    insert_event_.Bind(5, row.entity_type_id).Bind(6, row.entity_id).Bind(7, row.actor_id).Bind(8, row.feature_id);
    KL_RETURN_IF_ERROR(insert_event_.Run());
  }
  // entity_events: in key order (entity, feature, clock, seq), so neighbouring inserts share pages.
  std::sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) {
    return std::tie(a.entity_id, a.feature_id, a.clock, a.seq) < std::tie(b.entity_id, b.feature_id, b.clock, b.seq);
  });
  auto bind_posting = [file_id](Statement& statement, int base, const EventRow& row) {
    statement.Bind(base + 1, file_id).Bind(base + 2, row.entity_id).Bind(base + 3, row.feature_id);
    statement.Bind(base + 4, row.clock).Bind(base + 5, row.seq).Bind(base + 6, row.offset);
  };
  i = 0;
  for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
    for (size_t k = 0; k < kRowsPerInsert; ++k) bind_posting(insert_postings_many_, static_cast<int>(k) * 6, rows[i + k]);
    KL_RETURN_IF_ERROR(insert_postings_many_.Run());
  }
  for (; i < rows.size(); ++i) {
    bind_posting(insert_posting_, 0, rows[i]);
    KL_RETURN_IF_ERROR(insert_posting_.Run());
  }
  for (const ScannedEvent& event : events) {
    if (IsWpStateEvent(event)) KL_RETURN_IF_ERROR(ApplyWpEvent(event));
  }
  return Status::Ok();
}

}  // namespace kittylog::index_internal
