#include "index/index_query.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event_types.h"
#include "event/timestamp.h"
#include "index/index_schema.h"
#include "index/log_lines.h"
#include "index/wp_state_codec.h"

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

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "a fetched line is parsed in place");

Result<Event> DecodeIndexedLine(EventDecoder& decoder, std::string_view line) {
  EventDecoder::Options options;
  options.keep_payload_json = false;  // no reader of indexed events needs it re-serialised: 4% of `history`
  options.keep_raw_line = false;      // kept byte for byte below (a byte order mark too)
  KL_ASSIGN_OR_RETURN(Event event, decoder.Decode(line, options, nullptr));
  event.raw_line.assign(line);
  return event;
}

namespace {

// A filter on a name column: resolved to its id first (an unknown name matches nothing).
struct NameCondition {
  const std::optional<std::string>* value;
  const char* column;
};

// Where a matching event is: its clock and its line.
struct Hit {
  int64_t clock;
  int64_t seq;
  int64_t offset;
};

Result<std::vector<Hit>> FindHits(Database& db, const QueryFilter& filter) {
  std::vector<Hit> hits;
  if (filter.limit && *filter.limit == 0) return hits;
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
    if (id == 0) return hits;
    sql += fmt::format(" AND {} = {}", condition.column, bind(id));
  }
  if (!by_entity && filter.event_type && *filter.event_type != kWPStatusChanged) {
    // Implies a partial index's WHERE clause, so SQLite walks that small index in clock order:
    // creation_events for a creation type, else board_events.
    const bool creation =
        *filter.event_type == kSpecCreated || *filter.event_type == kWPCreated || *filter.event_type == kGateCreated;
    sql += creation ? fmt::format(" AND e.type_id BETWEEN {} AND {}", kSpecCreatedNameId, kGateCreatedNameId)
                    : fmt::format(" AND e.type_id != {}", kStatusChangedNameId);
  }
  const char* clock = by_entity ? "x.clock" : "e.clock";
  if (filter.since_clock) sql += fmt::format(" AND {} >= {}", clock, bind(*filter.since_clock));
  if (filter.until_clock) sql += fmt::format(" AND {} <= {}", clock, bind(*filter.until_clock));
  if (filter.from_date || filter.to_date || filter.since_clock || filter.until_clock) {
    // Prune whole daily files by date (their name) and by their clock range; a file's rows
    // are one seq range. Names are 'YYYY-MM-DD.jsonl': they compare as dates.
    const std::string from = filter.from_date.value_or("0000-00-00") + ".jsonl";
    const std::string to = filter.to_date.value_or("9999-99-99") + ".jsonl";
    KL_ASSIGN_OR_RETURN(Statement files, db.Prepare("SELECT file_id, name, min_clock, max_clock FROM files "
                                                    "WHERE events > 0 ORDER BY file_id"));
    std::vector<int64_t> kept;
    size_t total = 0;
    for (;;) {
      KL_ASSIGN_OR_RETURN(bool row, files.Step());
      if (!row) break;
      ++total;
      std::string_view name = files.Text(1);
      if (name < from || name > to) continue;
      if (filter.since_clock && files.Int(3) < *filter.since_clock) continue;
      if (filter.until_clock && files.Int(2) > *filter.until_clock) continue;
      kept.push_back(files.Int(0));
    }
    if (kept.empty()) return hits;
    if (kept.size() < total) {
      std::string ranges;
      for (int64_t file_id : kept) {
        ranges += fmt::format("{}{}.seq BETWEEN {} AND {}", ranges.empty() ? "" : " OR ", by_entity ? "x" : "e",
                              bind(MakeSeq(file_id, 0)), bind(MakeSeq(file_id + 1, 0) - 1));
      }
      sql += " AND (" + ranges + ")";
    }
  }
  sql += fmt::format(" ORDER BY {}", clock);
  KL_ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  for (size_t i = 0; i < values.size(); ++i) query.Bind(static_cast<int>(i + 1), values[i]);

  // The rows (small), cut at the limit without splitting the boundary's tie group.
  const size_t limit = filter.limit ? static_cast<size_t>(*filter.limit) : SIZE_MAX;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    Hit hit{query.Int(0), query.Int(1), query.Int(2)};
    if (hits.size() >= limit && hit.clock != hits.back().clock) break;
    hits.push_back(hit);
  }
  return hits;
}

// The ids already sent. A ULID (every id kittylog writes) is kept as its 128 bits; anything else
// as text. A dump of a million events holds a million of them.
class EventIdSet {
 public:
  bool Insert(std::string_view id) {
    std::pair<uint64_t, uint64_t> bits;
    if (UlidBits(id, bits)) return ulids_.insert(bits).second;
    return others_.emplace(id).second;
  }

 private:
  static bool UlidBits(std::string_view id, std::pair<uint64_t, uint64_t>& bits) {
    if (id.size() != 26) return false;
    bits = {0, 0};
    for (char c : id) {
      const char* at = std::strchr(kCrockford, c);
      if (c == '\0' || at == nullptr) return false;
      const auto digit = static_cast<uint64_t>(at - kCrockford);
      bits.first = (bits.first << 5) | (bits.second >> 59);
      bits.second = (bits.second << 5) | digit;
    }
    return id[0] <= '7';  // 130 bits of text: the first digit holds 3 of them
  }
  struct Hash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& bits) const {
      return std::hash<uint64_t>{}(bits.first * 0x9E3779B97F4A7C15ull ^ bits.second);
    }
  };
  static constexpr const char* kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::unordered_set<std::pair<uint64_t, uint64_t>, Hash> ulids_;
  std::unordered_set<std::string> others_;
};

}  // namespace

Status StreamQuery(Database& db, const std::string& events_dir, const QueryFilter& filter, const EventSink& sink,
                   QueryProgress* progress) {
  *progress = QueryProgress{};
  KL_RETURN_IF_ERROR(ValidateFilter(filter));
  const size_t limit = filter.limit ? static_cast<size_t>(*filter.limit) : SIZE_MAX;
  LineFetcher lines(db, events_dir);
  EventDecoder decoder;
  EventIdSet sent_ids;       // one event_id counts once (DESIGN §6): its first copy in total order
  std::vector<Event> group;  // one clock's events: ordered by event_id before they go out
  size_t sent = 0;
  QueryFilter page = filter;
  for (;;) {
    // With a limit, rows are fetched a page at a time: duplicated lines are dropped here, so a
    // page of `limit` rows may hold fewer events.
    if (filter.limit) page.limit = static_cast<int64_t>(limit - sent);
    KL_ASSIGN_OR_RETURN(std::vector<Hit> hits, FindHits(db, page));
    progress->rows += hits.size();
    for (size_t begin = 0; begin < hits.size() && sent < limit;) {
      size_t end = begin;
      while (end < hits.size() && hits[end].clock == hits[begin].clock) ++end;
      std::sort(hits.begin() + static_cast<std::ptrdiff_t>(begin), hits.begin() + static_cast<std::ptrdiff_t>(end),
                [](const Hit& a, const Hit& b) { return a.seq < b.seq; });  // file order within a clock
      group.clear();
      for (end = begin; end < hits.size() && hits[end].clock == hits[begin].clock; ++end) {
        Result<std::string_view> line = lines.Line(FileOfSeq(hits[end].seq), static_cast<uint64_t>(hits[end].offset));
        Result<Event> event = line.ok() ? DecodeIndexedLine(decoder, *line) : line.status();
        if (!event.ok() || event->lamport_clock != hits[end].clock) {
          if (db.damaged()) return event.status();
          progress->files_changed = true;  // a file changed after the freshness check
          return Status::Io(fmt::format("a daily file {}; run the command again", kChangedSinceIndexed));
        }
        group.push_back(std::move(event).value());
      }
      // Copies of one id at one clock: the first in file order stays (stable), like replay's.
      std::stable_sort(group.begin(), group.end(), [](const Event& a, const Event& b) { return a.event_id < b.event_id; });
      for (Event& event : group) {
        if (sent >= limit) break;
        if (!sent_ids.Insert(event.event_id)) continue;
        ++sent;
        progress->emitted = true;
        KL_RETURN_IF_ERROR(sink(std::move(event)));
      }
      begin = end;
    }
    const bool cut = filter.limit && hits.size() >= static_cast<size_t>(*page.limit) && !hits.empty();
    if (sent >= limit || !cut) break;
    page.since_clock = hits.back().clock + 1;  // a page never splits a clock's rows
  }
  return Status::Ok();
}

Result<std::vector<Event>> RunQuery(Database& db, const std::string& events_dir, const QueryFilter& filter,
                                    bool* files_changed) {
  std::vector<Event> events;
  QueryProgress progress;
  Status status = StreamQuery(
      db, events_dir, filter,
      [&](Event&& event) {
        // Room for all the rows at once: a busy WP's thousands of Events are not moved (and
        // their new pages not faulted in) at every doubling.
        if (events.empty()) events.reserve(progress.rows);
        events.push_back(std::move(event));
        return Status::Ok();
      },
      &progress);
  *files_changed = progress.files_changed;
  KL_RETURN_IF_ERROR(status);
  return events;
}

Result<std::vector<WorkPackageRow>> LoadWorkPackages(Database& db, const std::optional<std::string>& feature) {
  std::string sql =
      "SELECT feature, wp, lane, deciding_event, deciding_clock, rule, title, resolution, breaks, last_break "
      "FROM wp_state";
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
    wp.resolution = DecodeResolution(statement.Text(7));
    wp.breaks = statement.Int(8);
    wp.last_break = DecodeBreak(statement.Text(9));
    rows.push_back(std::move(wp));
  }
  return rows;
}

Result<std::map<std::pair<std::string, std::string>, std::vector<ResolvedConflict>>> LoadWpConflicts(Database& db) {
  KL_ASSIGN_OR_RETURN(Statement statement,
                      db.Prepare("SELECT feature, wp, conflict FROM wp_conflicts ORDER BY feature, wp, last_clock, n"));
  std::map<std::pair<std::string, std::string>, std::vector<ResolvedConflict>> conflicts;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    std::optional<ResolvedConflict> conflict = DecodeResolution(statement.Text(2));
    if (!conflict) return Status::Io("index.db: a wp_conflicts row cannot be read");
    conflicts[{std::string(statement.Text(0)), std::string(statement.Text(1))}].push_back(std::move(*conflict));
  }
  return conflicts;
}

}  // namespace kittylog::index_internal
