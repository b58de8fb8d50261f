#include "index/index_check.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event_types.h"
#include "event/line_reader.h"
#include "index/board_snapshots.h"
#include "event/log_layout.h"
#include "index/freshness.h"
#include "index/index_query.h"
#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/wp_state.h"
#include "workflow/board_summary.h"
#include "workflow/dependencies.h"

namespace kittylog::index_internal {
namespace {

constexpr int kMaxDivergencesPerFile = 5;

struct IndexedRow {
  int64_t line;
  int64_t clock;
  int64_t offset;
  int64_t names[5];  // type, entity_type, entity, actor, feature
};

Result<std::vector<IndexedRow>> RowsOfFile(Statement& statement, int64_t file_id) {
  std::vector<IndexedRow> rows;
  statement.Bind(1, MakeSeq(file_id, 0)).Bind(2, MakeSeq(file_id + 1, 0) - 1);
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row.ok()) {
      statement.Reset();
      return row.status();
    }
    if (!*row) break;
    IndexedRow indexed;
    indexed.line = LineOfSeq(statement.Int(0));
    indexed.clock = statement.Int(1);
    indexed.offset = statement.Int(2);
    for (int i = 0; i < 5; ++i) indexed.names[i] = statement.Int(3 + i);
    rows.push_back(indexed);
  }
  statement.Reset();
  return rows;
}

std::string Describe(const WorkPackageRow& row) {
  return fmt::format("lane {} (event {}, clock {}{}{}), {} lifecycle break(s){}, title \"{}\"", row.lane,
                     row.deciding_event_id.empty() ? "none" : row.deciding_event_id, row.deciding_clock,
                     row.rule.empty() ? "" : ", " + row.rule,
                     row.resolution ? fmt::format(", {} competing", row.resolution->competing.size()) : "",
                     row.breaks, row.last_break ? " latest " + row.last_break->event.event_id : "", row.title);
}

// Whether `event` is one a board snapshot holds: every event but the status changes that the
// board replays (workflow/board_summary.h).
bool IsBoardEvent(const Event& event) {
  return std::find(kBoardEventTypes.begin(), kBoardEventTypes.end(), event.event_type) != kBoardEventTypes.end();
}

// Which part of two boards differs first, for a divergence message.
std::string FirstDifference(const BoardState& indexed, const BoardState& replayed) {
  if (indexed.features != replayed.features) return "features and work packages";
  if (indexed.gates != replayed.gates) return "gates";
  if (indexed.conflicts != replayed.conflicts) return "conflicts";
  if (indexed.breaks != replayed.breaks) return "lifecycle breaks";
  if (indexed.saturated != replayed.saturated) return "saturated counters";
  return "event counts";
}

// Each board snapshot against a replay of the log's events through its clock (each event id once,
// as the index's queries answer), and its guard checks against what it says it checked.
void CheckBoardSnapshots(const std::vector<StoredBoardSnapshot>& stored, std::vector<Event>& events,
                         CheckReport& report) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
  std::unordered_set<std::string> seen;
  std::erase_if(events, [&](const Event& event) { return !seen.insert(event.event_id).second; });
  for (const StoredBoardSnapshot& entry : stored) {
    const std::string label = fmt::format("board snapshot through clock {}", entry.through);
    if (!entry.snapshot || entry.snapshot->through != entry.through) {
      report.divergences.push_back(label + ": unreadable");
      continue;
    }
    const BoardSnapshot& snapshot = *entry.snapshot;
    auto end = std::upper_bound(events.begin(), events.end(), snapshot.through,
                                [](int64_t clock, const Event& event) { return clock < event.lamport_clock; });
    const BoardState replayed = Replay(std::span<const Event>(events.begin(), end)).board;
    const bool dependencies_seen = std::any_of(events.begin(), end, DeclaresDependencies);
    if (snapshot.dependencies_seen != dependencies_seen) {
      report.divergences.push_back(fmt::format("{}: says a dependency was {}seen; the log says otherwise", label,
                                               snapshot.dependencies_seen ? "" : "not "));
    }
    if (!(snapshot.board == replayed)) {
      report.divergences.push_back(
          fmt::format("{}: its {} differ from a replay of the log", label, FirstDifference(snapshot.board, replayed)));
    }
    if (!std::is_sorted(snapshot.checked.begin(), snapshot.checked.end())) {
      report.divergences.push_back(label + ": its list of checked guards is out of order");
    }
    for (const LifecycleBreak& lifecycle_break : snapshot.guard_breaks) {
      if (!lifecycle_break.guard || !std::binary_search(snapshot.checked.begin(), snapshot.checked.end(),
                                                        lifecycle_break.event.event_id) ||
          lifecycle_break.event.lamport_clock > snapshot.through) {
        report.divergences.push_back(
            fmt::format("{}: guard break of {} is not one it checked", label, lifecycle_break.event.event_id));
      }
    }
  }
}

}  // namespace

Result<CheckReport> CheckIndex(Database& db, const std::string& events_dir) {
  CheckReport report;
  KL_ASSIGN_OR_RETURN(std::string quick_check, db.QueryText("PRAGMA quick_check(1)"));
  if (quick_check != "ok") report.divergences.push_back("index.db: quick_check: " + quick_check);

  std::unordered_map<std::string, int64_t> name_ids;
  {
    KL_ASSIGN_OR_RETURN(Statement names, db.Prepare("SELECT name_id, text FROM names"));
    for (;;) {
      KL_ASSIGN_OR_RETURN(bool row, names.Step());
      if (!row) break;
      name_ids.emplace(std::string(names.Text(1)), names.Int(0));
    }
  }
  auto id_of = [&](const std::string& text) -> int64_t {
    auto it = name_ids.find(text);
    return it == name_ids.end() ? -1 : it->second;
  };

  KL_ASSIGN_OR_RETURN(std::vector<FileRecord> records, IndexWriter::LoadFiles(db));
  KL_ASSIGN_OR_RETURN(std::vector<DailyFile> files, ListDailyFiles(events_dir));
  std::map<std::string, const FileRecord*> by_name;
  for (const FileRecord& record : records) by_name[record.name] = &record;
  KL_ASSIGN_OR_RETURN(Statement rows_of_file,
                      db.Prepare("SELECT seq, clock, line_offset, type_id, entity_type_id, entity_id, actor_id, "
                                 "feature_id FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq"));
  WpStateBuilder replay;
  KL_ASSIGN_OR_RETURN(std::vector<StoredBoardSnapshot> snapshots, LoadBoardSnapshots(db));
  const int64_t snapshot_through = snapshots.empty() ? 0 : snapshots.back().through;
  std::vector<Event> board_events;  // what the snapshots hold, when there are any
  for (const DailyFile& file : files) {
    ++report.files_checked;
    const std::string label = RelativeEventFile(file.name);
    auto it = by_name.find(file.name);
    if (it == by_name.end()) {
      report.divergences.push_back(label + ": not in the index");
      continue;
    }
    const FileRecord& record = *it->second;
    by_name.erase(it);
    // The reader's view of the file, and where each of its lines starts.
    KL_ASSIGN_OR_RETURN(platform::PaddedBuffer buffer, platform::ReadFilePadded(events_dir + "/" + file.name,
                                                                                simdjson::SIMDJSON_PADDING));
    LogContents contents;
    EventDecoder decoder;
    ReadEventLines(
        buffer.view(), decoder, EventDecoder::Options{},
        [&](Event&& event, size_t line) {
          contents.events.push_back(std::move(event));
          contents.line_numbers.push_back(line);
        },
        [](LineProblem&&) {});
    std::vector<uint64_t> line_starts = {0};
    for (const char* at = buffer.data.get(); (at = static_cast<const char*>(std::memchr(
             at, '\n', buffer.size - static_cast<size_t>(at - buffer.data.get())))) != nullptr;) {
      ++at;
      line_starts.push_back(static_cast<uint64_t>(at - buffer.data.get()));
    }
    KL_ASSIGN_OR_RETURN(std::vector<IndexedRow> rows, RowsOfFile(rows_of_file, record.file_id));
    size_t row_index = 0;
    int reported = 0;
    auto add = [&](std::string message) {
      if (reported++ < kMaxDivergencesPerFile) report.divergences.push_back(std::move(message));
    };
    for (size_t i = 0; i < contents.events.size(); ++i) {
      const Event& event = contents.events[i];
      replay.Add(event);
      if (event.lamport_clock >= 1 && event.lamport_clock <= snapshot_through && IsBoardEvent(event)) {
        board_events.push_back(event);
      }
      ++report.events_checked;
      const size_t line = contents.line_numbers[i];
      if (row_index >= rows.size()) {
        add(fmt::format("{}:{}: event {} is missing from the index", label, line, event.event_id));
        continue;
      }
      const IndexedRow& row = rows[row_index++];
      const int64_t expected[5] = {id_of(event.event_type), id_of(event.entity_type), id_of(event.entity_id),
                                   id_of(event.actor), id_of(event.payload.feature_slug)};
      if (row.line != static_cast<int64_t>(line) || row.offset != static_cast<int64_t>(line_starts[line - 1])) {
        add(fmt::format("{}:{}: the index places event {} at line {} (byte {})", label, line, event.event_id, row.line,
                        row.offset));
      } else if (row.clock != event.lamport_clock || !std::equal(expected, expected + 5, row.names)) {
        add(fmt::format("{}:{}: the index's columns for event {} do not match its line", label, line, event.event_id));
      }
    }
    if (row_index < rows.size()) {
      add(fmt::format("{}: the index holds {} event(s) that are not in the file", label, rows.size() - row_index));
    }
    int64_t min_clock = 0, max_clock = 0;
    for (const IndexedRow& row : rows) {
      min_clock = min_clock == 0 ? row.clock : std::min(min_clock, row.clock);
      max_clock = std::max(max_clock, row.clock);
    }
    if (record.min_clock != min_clock || record.max_clock != max_clock) {
      add(fmt::format("{}: bookkeeping says clocks {}..{}, the index holds {}..{}", label, record.min_clock,
                      record.max_clock, min_clock, max_clock));
    }
    if (record.events != static_cast<int64_t>(rows.size())) {
      add(fmt::format("{}: bookkeeping says {} events, the index holds {}", label, record.events, rows.size()));
    }
    if (reported > kMaxDivergencesPerFile) {
      report.divergences.push_back(fmt::format("{}: ... and {} more", label, reported - kMaxDivergencesPerFile));
    }
  }
  for (const auto& [name, record] : by_name) {
    report.divergences.push_back(fmt::format("{}: indexed ({} events) but not in the log", RelativeEventFile(name),
                                             record->events));
  }
  KL_ASSIGN_OR_RETURN(int64_t orphans,
                      db.QueryInt("SELECT count(*) FROM events WHERE (seq >> 32) NOT IN (SELECT file_id FROM files)"));
  if (orphans > 0) report.divergences.push_back(fmt::format("index.db: {} event(s) of no known file", orphans));
  KL_ASSIGN_OR_RETURN(int64_t unlisted,
                      db.QueryInt("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM entity_events x "
                                  "WHERE x.file_id = (e.seq >> 32) AND x.entity_id = e.entity_id "
                                  "AND x.feature_id = e.feature_id AND x.clock = e.clock AND x.seq = e.seq "
                                  "AND x.line_offset = e.line_offset)"));
  KL_ASSIGN_OR_RETURN(int64_t postings, db.QueryInt("SELECT count(*) FROM entity_events"));
  KL_ASSIGN_OR_RETURN(int64_t rows, db.QueryInt("SELECT count(*) FROM events"));
  if (unlisted > 0 || postings != rows) {
    report.divergences.push_back(fmt::format("index.db: entity_events lists {} entries for {} events ({} missing)",
                                             postings, rows, unlisted));
  }

  std::map<std::pair<std::string, std::string>, WorkPackageRow> expected;
  std::map<std::pair<std::string, std::string>, std::vector<ResolvedConflict>> expected_conflicts;
  for (StoredWpState& state : replay.Finish()) {
    const std::pair<std::string, std::string> key(state.row.feature_slug, state.row.work_package_id);
    if (!state.conflicts.empty()) expected_conflicts[key] = std::move(state.conflicts);
    expected[key] = std::move(state.row);
  }
  KL_ASSIGN_OR_RETURN(auto indexed_conflicts, LoadWpConflicts(db));
  for (const auto& [key, conflicts] : indexed_conflicts) {
    auto it = expected_conflicts.find(key);
    if (it == expected_conflicts.end() || it->second != conflicts) {
      report.divergences.push_back(fmt::format("wp_conflicts {}/{}: the index lists {} group(s) of concurrent moves; "
                                               "the log has {}{}",
                                               key.first, key.second, conflicts.size(),
                                               it == expected_conflicts.end() ? 0 : it->second.size(),
                                               it == expected_conflicts.end() || it->second.size() != conflicts.size()
                                                   ? ""
                                                   : " (they differ)"));
    }
    if (it != expected_conflicts.end()) expected_conflicts.erase(it);
  }
  for (const auto& [key, conflicts] : expected_conflicts) {
    report.divergences.push_back(fmt::format("wp_conflicts {}/{}: {} group(s) of concurrent moves missing from the index",
                                             key.first, key.second, conflicts.size()));
  }
  KL_ASSIGN_OR_RETURN(std::vector<WorkPackageRow> indexed, LoadWorkPackages(db, std::nullopt));
  for (const WorkPackageRow& row : indexed) {
    auto it = expected.find({row.feature_slug, row.work_package_id});
    if (it == expected.end()) {
      report.divergences.push_back(
          fmt::format("wp_state {}/{}: indexed but not in the log", row.feature_slug, row.work_package_id));
      continue;
    }
    if (!(it->second == row)) {
      report.divergences.push_back(fmt::format("wp_state {}/{}: the index says {}; the log says {}", row.feature_slug,
                                               row.work_package_id, Describe(row), Describe(it->second)));
    }
    expected.erase(it);
  }
  for (const auto& [key, row] : expected) {
    report.divergences.push_back(fmt::format("wp_state {}/{}: missing from the index", key.first, key.second));
  }
  CheckBoardSnapshots(snapshots, board_events, report);
  return report;
}

Result<IndexStats> CollectStats(Database& db, const std::string& events_dir, const std::string& index_path) {
  IndexStats stats;
  stats.path = index_path;
  KL_ASSIGN_OR_RETURN(stats.schema_version, db.QueryInt("PRAGMA user_version"));
  KL_ASSIGN_OR_RETURN(stats.events, db.QueryInt("SELECT count(*) FROM events"));
  KL_ASSIGN_OR_RETURN(stats.files, db.QueryInt("SELECT count(*) FROM files"));
  KL_ASSIGN_OR_RETURN(stats.work_packages, db.QueryInt("SELECT count(*) FROM wp_state"));
  KL_ASSIGN_OR_RETURN(stats.names, db.QueryInt("SELECT count(*) FROM names"));
  KL_ASSIGN_OR_RETURN(stats.max_clock, db.QueryInt("SELECT coalesce(max(max_clock), 0) FROM files"));
  KL_ASSIGN_OR_RETURN(stats.built_at, db.QueryText("SELECT value FROM meta WHERE key = 'built_at'"));
  stats.index_bytes = static_cast<int64_t>(platform::Stat(index_path).size + platform::Stat(index_path + "-wal").size);
  KL_ASSIGN_OR_RETURN(std::vector<DailyFile> files, ListDailyFiles(events_dir));
  for (const DailyFile& file : files) stats.jsonl_bytes += static_cast<int64_t>(file.identity.size);
  return stats;
}

}  // namespace kittylog::index_internal
