#include "index/index_query.h"

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/timestamp.h"
#include "index/index_schema.h"
#include "index/log_lines.h"

namespace kittylog::index_internal {

Status ValidateFilter(const QueryFilter& filter) {
  if (filter.from_date && !IsValidDate(*filter.from_date)) {
    return Status::Usage(fmt::format("from date '{}': expected YYYY-MM-DD", *filter.from_date));
  }
  if (filter.to_date && !IsValidDate(*filter.to_date)) {
    return Status::Usage(fmt::format("to date '{}': expected YYYY-MM-DD", *filter.to_date));
  }
  if (filter.since_clock && *filter.since_clock < 0) return Status::Usage("since clock must be >= 0");
  if (filter.until_clock && *filter.until_clock < 0) return Status::Usage("until clock must be >= 0");
  if (filter.limit && *filter.limit < 0) return Status::Usage("limit must be >= 0");
  return Status::Ok();
}

Result<Event> DecodeIndexedLine(EventDecoder& decoder, std::string& scratch, std::string_view raw) {
  scratch.assign(raw);
  scratch.append(simdjson::SIMDJSON_PADDING, '\0');
  EventDecoder::Options options;
  options.keep_payload_json = true;
  options.keep_raw_line = false;
  KL_ASSIGN_OR_RETURN(Event event, decoder.Decode(std::string_view(scratch.data(), raw.size()), options, nullptr));
  event.raw_line.assign(raw);
  return event;
}

namespace {

// A filter on a name column: resolved to its id first (an unknown name matches nothing).
struct NameCondition {
  const std::optional<std::string>* value;
  const char* column;
};

}  // namespace

Result<std::vector<Event>> RunQuery(Database& db, const std::string& events_dir, const QueryFilter& filter,
                                    bool* files_changed) {
  *files_changed = false;
  KL_RETURN_IF_ERROR(ValidateFilter(filter));
  std::vector<Event> events;
  if (filter.limit && *filter.limit == 0) return events;

  // With an entity, entity_events leads (one probe per daily file; the events row is read only
  // when another filter needs it); otherwise the narrow events table is scanned, or the clock
  // index walked for a clock range.
  const bool needs_row = filter.entity_type || filter.event_type || filter.actor;
  std::string sql = !filter.entity ? "SELECT e.clock, e.seq, e.line_offset FROM events e WHERE 1"
                    : needs_row    ? "SELECT x.clock, x.seq, x.line_offset FROM files f CROSS JOIN entity_events x "
                                     "ON x.file_id = f.file_id CROSS JOIN events e ON e.seq = x.seq WHERE 1"
                                   : "SELECT x.clock, x.seq, x.line_offset FROM files f CROSS JOIN entity_events x "
                                     "ON x.file_id = f.file_id WHERE 1";
  std::vector<int64_t> values;  // bound in order as ?1, ?2, ...
  auto bind = [&](int64_t value) {
    values.push_back(value);
    return fmt::format("?{}", values.size());
  };
  KL_ASSIGN_OR_RETURN(Statement find_name, db.Prepare("SELECT name_id FROM names WHERE text = ?1"));
  const bool by_entity = filter.entity.has_value();
  const NameCondition names[] = {{&filter.entity, "x.entity_id"},
                                 {&filter.entity_type, "e.entity_type_id"},
                                 {&filter.event_type, "e.type_id"},
                                 {&filter.feature, by_entity ? "x.feature_id" : "e.feature_id"},
                                 {&filter.actor, "e.actor_id"}};
  for (const NameCondition& condition : names) {
    if (!condition.value->has_value()) continue;
    find_name.Bind(1, **condition.value);
    KL_ASSIGN_OR_RETURN(bool found, find_name.Step());
    int64_t id = found ? find_name.Int(0) : 0;
    find_name.Reset();
    if (id == 0) return events;
    sql += fmt::format(" AND {} = {}", condition.column, bind(id));
  }
  const char* clock = by_entity ? "x.clock" : "e.clock";
  if (filter.since_clock) sql += fmt::format(" AND {} >= {}", clock, bind(*filter.since_clock));
  if (filter.until_clock) sql += fmt::format(" AND {} <= {}", clock, bind(*filter.until_clock));
  if (filter.from_date || filter.to_date) {
    // Daily file names are 'YYYY-MM-DD.jsonl': same length and suffix, so they compare as dates.
    KL_ASSIGN_OR_RETURN(Statement files, db.Prepare("SELECT file_id FROM files WHERE name >= ?1 AND name <= ?2"));
    files.Bind(1, filter.from_date.value_or("0000-00-00") + ".jsonl");
    files.Bind(2, filter.to_date.value_or("9999-99-99") + ".jsonl");
    std::string ranges;
    for (;;) {
      KL_ASSIGN_OR_RETURN(bool row, files.Step());
      if (!row) break;
      // A file's rows are one seq range.
      int64_t file_id = files.Int(0);
      ranges += fmt::format("{}{}.seq BETWEEN {} AND {}", ranges.empty() ? "" : " OR ", by_entity ? "x" : "e",
                            bind(MakeSeq(file_id, 0)),
                            bind(MakeSeq(file_id + 1, 0) - 1));
    }
    if (ranges.empty()) return events;
    sql += " AND (" + ranges + ")";
  }
  sql += fmt::format(" ORDER BY {}", clock);
  KL_ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  for (size_t i = 0; i < values.size(); ++i) query.Bind(static_cast<int>(i + 1), values[i]);

  LineFetcher lines(db, events_dir);
  EventDecoder decoder;
  std::string scratch;
  const size_t limit = filter.limit ? static_cast<size_t>(*filter.limit) : SIZE_MAX;
  int64_t boundary_clock = -1;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    int64_t clock = query.Int(0);
    // Past the limit, only the rest of the boundary's tie group can still make the cut.
    if (events.size() >= limit) {
      if (boundary_clock < 0) boundary_clock = events.back().lamport_clock;
      if (clock != boundary_clock) break;
    }
    Result<std::string_view> line = lines.Line(FileOfSeq(query.Int(1)), static_cast<uint64_t>(query.Int(2)));
    Result<Event> event = line.ok() ? DecodeIndexedLine(decoder, scratch, *line) : line.status();
    if (!event.ok() || event->lamport_clock != clock) {
      if (db.damaged()) return event.status();
      *files_changed = true;  // the file changed after the freshness check: refresh and ask again
      return Status::Io(fmt::format("a daily file {}", kChangedSinceIndexed));
    }
    events.push_back(std::move(event).value());
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
  if (events.size() > limit) events.resize(limit);
  return events;
}

Result<std::vector<WorkPackageRow>> LoadWorkPackages(Database& db, const std::optional<std::string>& feature) {
  std::string sql = "SELECT feature, wp, lane, deciding_event, deciding_clock, rule, title FROM wp_state";
  if (feature) sql += " WHERE feature = ?1";
  sql += " ORDER BY feature, wp";
  KL_ASSIGN_OR_RETURN(Statement statement, db.Prepare(sql));
  if (feature) statement.Bind(1, *feature);
  std::vector<WorkPackageRow> rows;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    WorkPackageRow wp;
    wp.feature_slug = statement.Text(0);
    wp.work_package_id = statement.Text(1);
    wp.lane = statement.Text(2);
    wp.deciding_event_id = statement.Text(3);
    wp.deciding_clock = statement.Int(4);
    wp.rule = statement.Text(5);
    wp.title = statement.Text(6);
    rows.push_back(std::move(wp));
  }
  return rows;
}

}  // namespace kittylog::index_internal
