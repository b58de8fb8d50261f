// The emit path (RecordAppend), the per-WP state and the index commands' library calls.
#include "index/event_index.h"

#include <algorithm>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "index/freshness.h"
#include "index/index_schema.h"
#include "index/index_test_util.h"
#include "index/line_marks.h"
#include "index/log_lines.h"
#include "index/sqlite_db.h"
#include "index/wp_state.h"
#include "platform/file_io.h"

namespace kittylog {
namespace {

using testing::ExpectMatchesLog;
using testing::OpenIndex;
using testing::ScratchRepo;

// What the store does: append the lines (with a leading "\n" after a torn tail), then tell
// the index about them.
Status StoreAppend(ScratchRepo& repo, EventIndex& index, int day, const std::vector<Event>& events) {
  std::string path = repo.day_path(day);
  platform::FileIdentity before = platform::Stat(path);
  int last = platform::LastByte(path);
  std::string appended = (last != -1 && last != '\n' ? "\n" : "") + ScratchRepo::Lines(events);
  KL_RETURN_IF_ERROR(platform::AppendDurably(path, appended));
  return index.RecordAppend(path, before, appended, events);
}

std::map<std::string, WorkPackageRow> ByWp(const std::vector<WorkPackageRow>& rows) {
  std::map<std::string, WorkPackageRow> map;
  for (const WorkPackageRow& row : rows) map[row.feature_slug + "/" + row.work_package_id] = row;
  return map;
}

TEST(RecordAppendTest, IndexesTheAppendedEventsAndStaysFresh) {
  ScratchRepo repo;
  IndexOptions options;
  options.lock_held = true;  // like the store
  auto lock = platform::FileLock::Acquire(repo.layout().lock_path());
  auto opened = EventIndex::Open(repo.layout(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EventIndex& index = **opened;
  ASSERT_TRUE(StoreAppend(repo, index, 0, {repo.Created(0, 1, "001-a", "WP01", "First")}).ok());
  ASSERT_TRUE(StoreAppend(repo, index, 0, {repo.Status(0, 2, "001-a", "WP01", "planned", "doing"),
                                           repo.Status(0, 3, "001-a", "WP01", "doing", "for_review")}).ok());
  EXPECT_EQ(index.MaxClock(), 3);
  ExpectMatchesLog(repo, index);
  auto wps = ByWp(*index.WorkPackages(std::nullopt));
  EXPECT_EQ(wps["001-a/WP01"].lane, "for_review");
  EXPECT_EQ(wps["001-a/WP01"].title, "First");
  EXPECT_EQ(wps["001-a/WP01"].deciding_clock, 3);
  opened->reset();
  lock->reset();
  RefreshReport report;
  auto reopened = OpenIndex(repo, &report);
  EXPECT_EQ(report.events_added, 0);
  EXPECT_EQ(report.files_reindexed, 0);
  EXPECT_FALSE(report.rebuilt);
}

// An answer made of several reads (the board: the WPs' rows, the snapshot, the events after it)
// must not be half before and half after another process's emit.
TEST(ReadScopeTest, EveryReadInAScopeSeesOneStateOfTheIndex) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "First")});
  repo.AgeAll();
  auto reader = OpenIndex(repo);
  ASSERT_TRUE(reader);
  auto lane_of_wp01 = [&] { return ByWp(*reader->WorkPackages(std::nullopt))["001-a/WP01"].lane; };
  auto emit = [&](const Event& event) {  // another process: its own connection, under the lock
    IndexOptions options;
    options.lock_held = true;
    auto lock = platform::FileLock::Acquire(repo.layout().lock_path());
    ASSERT_TRUE(lock.ok());
    auto writer = EventIndex::Open(repo.layout(), options);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    ASSERT_TRUE(StoreAppend(repo, **writer, 0, {event}).ok());
  };
  {
    EventIndex::ReadScope scope(*reader);
    EXPECT_EQ(reader->MaxClock(), 1);
    emit(repo.Status(0, 2, "001-a", "WP01", "planned", "doing"));
    EXPECT_EQ(reader->MaxClock(), 1);
    EXPECT_EQ(lane_of_wp01(), "planned");
    auto events = reader->Query(QueryFilter{});
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->size(), 1u);
  }
  EXPECT_EQ(reader->MaxClock(), 2);
  EXPECT_EQ(lane_of_wp01(), "doing");
  // Without a scope each read sees the latest commit.
  emit(repo.Status(0, 3, "001-a", "WP01", "doing", "for_review"));
  EXPECT_EQ(reader->MaxClock(), 3);
  EXPECT_EQ(lane_of_wp01(), "for_review");
}

// A daily file rewritten under a scope (a checkout meanwhile) makes a query refresh: the refresh
// ends the scope's read transaction instead of failing inside it.
TEST(ReadScopeTest, ARewriteUnderAScopeIsRefreshed) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "First"), repo.Created(0, 2, "001-a", "WP02", "Second")});
  repo.AgeAll();
  auto reader = OpenIndex(repo);
  ASSERT_TRUE(reader);
  EventIndex::ReadScope scope(*reader);
  ASSERT_EQ(reader->MaxClock(), 2);
  // The same events behind a new first line: every indexed offset now points mid-line.
  std::stringstream old_lines;
  old_lines << std::ifstream(repo.day_path(0)).rdbuf();
  std::ofstream(repo.day_path(0), std::ios::trunc) << ScratchRepo::Lines({repo.Created(0, 3, "001-a", "WP03", "Third")})
                                                   << old_lines.str();
  auto events = reader->Query(QueryFilter{});
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(events->size(), 3u);
}

TEST(RecordAppendTest, AfterTornTailFallsBackToReadingTheFile) {
  ScratchRepo repo;
  Event first = repo.Created(0, 1, "001-a", "WP01", "First");
  repo.AppendBytes(0, first.raw_line + "\n" + first.raw_line.substr(0, 20));  // torn fragment
  auto index = OpenIndex(repo);
  ASSERT_TRUE(StoreAppend(repo, *index, 0, {repo.Status(0, 2, "001-a", "WP01", "planned", "doing")}).ok());
  ExpectMatchesLog(repo, *index);
  EXPECT_EQ(index->MaxClock(), 2);
}

TEST(RecordAppendTest, AStaleRecordIsRefreshedNotTrusted) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "First")});
  auto index = OpenIndex(repo);
  repo.Append(0, {repo.Created(0, 2, "001-a", "WP02", "Behind the index's back")});
  ASSERT_TRUE(StoreAppend(repo, *index, 0, {repo.Status(0, 3, "001-a", "WP01", "planned", "doing")}).ok());
  ExpectMatchesLog(repo, *index);
}

TEST(WpStateTest, FollowsReplayIncludingConcurrentRollbackPrecedence) {
  ScratchRepo repo;
  auto index = OpenIndex(repo);
  ASSERT_TRUE(StoreAppend(repo, *index, 0, {repo.Created(0, 1, "001-a", "WP01", "One"),
                                            repo.Status(0, 2, "001-a", "WP01", "planned", "doing"),
                                            repo.Status(0, 3, "001-a", "WP01", "doing", "for_review")}).ok());
  // Two branches merged: at clock 4 one approved, the other asked for changes.
  // The rollback's id sorts first, so last-write-wins alone would pick the approval.
  Event rollback = repo.Status(0, 4, "001-a", "WP01", "for_review", "doing");
  Event approve = repo.Status(0, 4, "001-a", "WP01", "for_review", "done");
  ASSERT_TRUE(StoreAppend(repo, *index, 0, {approve}).ok());
  EXPECT_EQ(ByWp(*index->WorkPackages(std::nullopt))["001-a/WP01"].lane, "done");
  ASSERT_TRUE(StoreAppend(repo, *index, 0, {rollback}).ok());
  WorkPackageRow row = ByWp(*index->WorkPackages(std::nullopt))["001-a/WP01"];
  EXPECT_EQ(row.lane, "doing");
  EXPECT_EQ(row.deciding_event_id, rollback.event_id);
  EXPECT_EQ(row.rule, "rollback-precedence");
  // An older change arriving late (clock 2 < 4) changes nothing.
  ASSERT_TRUE(StoreAppend(repo, *index, 1, {repo.Status(1, 2, "001-a", "WP01", "doing", "rejected")}).ok());
  EXPECT_EQ(ByWp(*index->WorkPackages(std::nullopt))["001-a/WP01"].lane, "doing");
  ExpectMatchesLog(repo, *index);
}

TEST(WpStateTest, DroppingTheDecidingEventRecomputes) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "One"), repo.Status(0, 2, "001-a", "WP01", "planned", "doing")});
  repo.Append(1, {repo.Status(1, 3, "001-a", "WP01", "doing", "for_review"),
                  repo.Created(1, 4, "001-a", "WP01", "Renamed"), repo.Created(1, 5, "001-a", "WP02", "Two")});
  repo.AgeAll();
  auto index = OpenIndex(repo);
  auto wps = ByWp(*index->WorkPackages(std::nullopt));
  EXPECT_EQ(wps["001-a/WP01"].lane, "for_review");
  EXPECT_EQ(wps["001-a/WP01"].title, "Renamed");
  index.reset();
  std::filesystem::remove(repo.day_path(1));  // e.g. a checkout of an older branch
  index = OpenIndex(repo);
  wps = ByWp(*index->WorkPackages(std::nullopt));
  EXPECT_EQ(wps.size(), 1u);
  EXPECT_EQ(wps["001-a/WP01"].lane, "doing");
  EXPECT_EQ(wps["001-a/WP01"].title, "One");
  ExpectMatchesLog(repo, *index);
}

TEST(WpStateTest, GeneratedLogMatchesInMemoryReplay) {
  ScratchRepo repo;
  testing::GenerateLog(repo, 3000, 6, 7);
  auto index = OpenIndex(repo);
  index_internal::WpStateBuilder builder;
  for (const auto& ref : testing::ReferenceReplay(repo)) builder.Add(ref.event);
  std::vector<WorkPackageRow> expected;
  for (auto& state : builder.Finish()) expected.push_back(state.row);
  EXPECT_EQ(*index->WorkPackages(std::nullopt), expected);
  // The same after incremental appends with clocks at, below and above the deciding ones.
  for (int i = 0; i < 50; ++i) {
    repo.Append(i % 6, {repo.Status(i % 6, 100 + i * 37 % 2000, "001-feature-x", "WP01", "for_review",
                                    i % 2 ? "done" : "rejected")});
    auto reopened = OpenIndex(repo);
    index_internal::WpStateBuilder again;
    for (const auto& ref : testing::ReferenceReplay(repo)) again.Add(ref.event);
    std::vector<WorkPackageRow> rows;
    for (auto& state : again.Finish()) rows.push_back(state.row);
    ASSERT_EQ(*reopened->WorkPackages(std::nullopt), rows) << "after append " << i;
  }
}

// A work package with hundreds of moves: a rewrite of its last day (what a merge does) brings
// moves at older clocks, and the index resumes from its checkpoint (wp_state.h) instead of
// replaying every move. Its rows stay what a full replay gives (index check, a rebuild), and a
// change before the checkpoint is replayed in full.
TEST(WpStateTest, ARewriteAfterTheCheckpointResumesWithTheSameAnswer) {
  ScratchRepo repo;
  std::mt19937 random(77);
  static const char* kLanes[] = {"planned", "doing", "for_review", "done", "rejected"};
  std::vector<Event> day0 = {repo.Created(0, 1, "001-a", "WP01", "One")};
  int64_t clock = 2;
  for (int i = 0; i < 300; ++i, clock += 2) {
    day0.push_back(repo.Status(0, clock, "001-a", "WP01", kLanes[random() % 5], kLanes[random() % 5]));
  }
  repo.Append(0, day0);
  std::vector<Event> day1;
  for (int i = 0; i < 20; ++i, clock += 2) {
    day1.push_back(repo.Status(1, clock, "001-a", "WP01", kLanes[random() % 5], kLanes[random() % 5]));
  }
  repo.Append(1, day1);
  auto index = OpenIndex(repo);
  ASSERT_EQ(index->WorkPackages(std::nullopt)->size(), 1u);
  auto fresh_rows = [&] {
    ScratchRepo::AgeMtime(repo.day_path(0));
    ScratchRepo::AgeMtime(repo.day_path(1));
    auto reopened = OpenIndex(repo);
    Result<CheckReport> check = reopened->Check();
    EXPECT_TRUE(check.ok() && check->divergences.empty()) << (check.ok() && !check->divergences.empty()
                                                                   ? check->divergences.front() : "");
    return *reopened->WorkPackages(std::nullopt);
  };
  auto rebuilt_rows = [&] {
    std::filesystem::remove(repo.index_path());
    return *OpenIndex(repo)->WorkPackages(std::nullopt);
  };
  // The other branch's moves, at odd clocks between the last day's own: merged into day 1.
  for (int round = 0; round < 4; ++round) {
    std::vector<Event> merged = day1;
    for (int i = 0; i < 6; ++i) {
      const int64_t odd = day1.front().lamport_clock + 1 + 2 * static_cast<int64_t>(random() % 19);
      merged.push_back(repo.Status(1, odd, "001-a", "WP01", kLanes[random() % 5], kLanes[random() % 5]));
    }
    std::sort(merged.begin(), merged.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
    repo.Rewrite(1, ScratchRepo::Lines(merged));
    day1 = merged;
    std::vector<WorkPackageRow> incremental = fresh_rows();
    EXPECT_EQ(incremental, rebuilt_rows()) << "round " << round;
  }
  // A change far back (before the checkpoint): a full replay, the same answer.
  day0.push_back(repo.Status(0, 3, "001-a", "WP01", "for_review", "done"));
  repo.Rewrite(0, ScratchRepo::Lines(day0));
  std::vector<WorkPackageRow> incremental = fresh_rows();
  EXPECT_EQ(incremental, rebuilt_rows());
}

// Every move of this WP claims to leave a lane it held before, so each is concurrent with all
// the moves since (DESIGN §6 (c)) and grows the one group, which began before the checkpoint:
// an emit replaces that group's row (kept as the checkpoint's open group), and writes no other.
TEST(WpStateTest, AnEmitWritesOnlyTheConflictGroupsThatChanged) {
  ScratchRepo repo;
  std::vector<Event> moves = {repo.Created(0, 1, "001-a", "WP01", "One")};
  for (int64_t clock = 2; clock < 200; ++clock) moves.push_back(repo.Status(0, clock, "001-a", "WP01", "planned", "doing"));
  repo.Append(0, moves);
  ASSERT_TRUE(OpenIndex(repo)->Check().ok());
  const std::string wal = repo.index_path() + "-wal";
  {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  ASSERT_FALSE(std::filesystem::exists(wal)) << "checkpointed and deleted by the last connection";
  IndexOptions options;
  options.lock_held = true;
  auto lock = platform::FileLock::Acquire(repo.layout().lock_path());
  auto opened = EventIndex::Open(repo.layout(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  ASSERT_TRUE(StoreAppend(repo, **opened, 0, {repo.Status(0, 200, "001-a", "WP01", "planned", "doing")}).ok());
  constexpr uintmax_t kFrame = 24 + 4096;  // a WAL frame: header and one page
  const uintmax_t frames = (std::filesystem::file_size(wal) - 32) / kFrame;  // after its 32-byte header
  // The grown group, the WP's row, the event and its postings, the file record, meta: a few
  // pages. Rewriting 16 groups after the checkpoint (each 32 moves, ~6 KB) took over 100.
  EXPECT_LE(frames, 40u) << "WAL frames written by one emit";
  opened->reset();
  auto reopened = OpenIndex(repo);
  Result<CheckReport> check = reopened->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->divergences.empty()) << check->divergences.front();
  Result<std::vector<ResolvedConflict>> groups = reopened->StatusConflicts();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);  // one group, grown by every move
  EXPECT_EQ(groups->front().lamport_clock, 2);
  EXPECT_EQ(groups->front().last_clock, 200);
  EXPECT_EQ(groups->front().competing.size() + groups->front().omitted, 199u);
}

// Emit by emit, each move stale (an import): every emit resumes from the checkpoint the one
// before saved, itself resumed from an earlier one. The rows stay a full replay's after every
// emit: the clock where the growing group began (lost at the third checkpoint, after 51 moves),
// and an earlier group of the same work package (the grown group's row replaced it). Then a
// rewrite takes away the moves that grew the group after the checkpoint: the group is listed
// as it was at the checkpoint.
TEST(WpStateTest, CheckpointsOfCheckpointsKeepTheFullReplaysAnswer) {
  ScratchRepo repo;
  std::vector<Event> log = {repo.Created(0, 1, "001-a", "WP01", "One"),
                            repo.Status(0, 2, "001-a", "WP01", "planned", "doing"),
                            repo.Status(0, 2, "001-a", "WP01", "planned", "doing"),  // a group of its own
                            repo.Status(0, 3, "001-a", "WP01", "doing", "for_review")};
  repo.Append(0, log);
  IndexOptions options;
  options.lock_held = true;
  auto lock = platform::FileLock::Acquire(repo.layout().lock_path());
  auto opened = EventIndex::Open(repo.layout(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto expect_matches_log = [&](const std::string& when) {
    Result<CheckReport> check = (*opened)->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->divergences.empty()) << when << ": " << check->divergences.front();
  };
  for (int64_t clock = 4; clock < 90; ++clock) {
    log.push_back(repo.Status(0, clock, "001-a", "WP01", "planned", "doing"));
    ASSERT_TRUE(StoreAppend(repo, **opened, 0, {log.back()}).ok());
    expect_matches_log("after the emit at clock " + std::to_string(clock));
  }
  Result<std::vector<ResolvedConflict>> groups = (*opened)->StatusConflicts();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ(groups->front().last_clock, 2);
  EXPECT_EQ(groups->back().lamport_clock, 2);
  EXPECT_EQ(groups->back().last_clock, 89);
  opened->reset();
  // The last 8 stale moves replaced by a plain one: the group closes at clock 81.
  log.resize(log.size() - 8);
  log.push_back(repo.Status(0, 95, "001-a", "WP01", "doing", "for_review"));
  repo.Rewrite(0, ScratchRepo::Lines(log));
  ScratchRepo::AgeMtime(repo.day_path(0));
  opened = EventIndex::Open(repo.layout(), options);
  ASSERT_TRUE(opened.ok());
  expect_matches_log("after the rewrite");
  groups = (*opened)->StatusConflicts();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ(groups->back().last_clock, 81);
}

TEST(LineMarksTest, TheLastMarkANewContentStillMatches) {
  std::string content;
  for (int i = 0; i < 1000; ++i) content += "{\"line\":" + std::to_string(i) + ",\"pad\":\"abcdefghij\"}\n";
  const index_internal::ContentKey key{7, 11};
  index_internal::LineMarker marker(key, content, 0, index_internal::kContentHashStart, 0);
  uint64_t offset = 0;
  for (int64_t line = 1; line <= 1000; ++line) {
    marker.AddEvent(line, offset);
    offset = content.find('\n', offset) + 1;
  }
  std::vector<index_internal::LineMark> marks = marker.marks();
  ASSERT_EQ(marks.size(), 7u);  // every 128 events
  EXPECT_EQ(marks[0].line, 127);
  EXPECT_EQ(marker.HashTo(content.size()), index_internal::ContentHash(key, index_internal::kContentHashStart, content));
  // The same bytes: the last mark. A change after the third: the third. At the start: none.
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, content), marks.back());
  std::string changed = content;
  changed[marks[2].offset + 3] = '9';
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, changed), marks[2]);
  changed[2] = 'X';
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, changed).line, 0);
  // Shorter content (a checkout of an older day): the marks within it.
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, content.substr(0, marks[4].offset)), marks[4]);
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, content.substr(0, marks[4].offset - 1)), marks[3]);
  // A change built to keep the old, unkeyed hash (bit 63 of a line's first word, bits 63 and 34
  // of its second: the differences cancelled whatever the seed) is a change: the marks after it
  // no longer match.
  std::string forged = content;
  const size_t at = marks[2].offset;
  forged[at + 7] = static_cast<char>(forged[at + 7] ^ 0x80);
  forged[at + 15] = static_cast<char>(forged[at + 15] ^ 0x80);
  forged[at + 12] = static_cast<char>(forged[at + 12] ^ 0x04);
  EXPECT_EQ(index_internal::LastMatchingMark(key, marks, forged), marks[2]);
}

// Emit by emit, the marks are laid as a rebuild lays them: every 128th event of the file.
TEST(LineMarksTest, EmitsLayMarksLikeARebuild) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "One")});
  {
    IndexOptions options;
    options.lock_held = true;
    auto lock = platform::FileLock::Acquire(repo.layout().lock_path());
    auto opened = EventIndex::Open(repo.layout(), options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    for (int64_t clock = 2; clock <= 300; ++clock) {
      ASSERT_TRUE(StoreAppend(repo, **opened, 0, {repo.Created(0, clock, "001-a", "WP02", "Two")}).ok());
    }
  }
  // Where the marks fall (their hashes differ: each index draws its own key), and that each
  // hash is that of the file's bytes before it under the index's key.
  auto marks = [&] {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    EXPECT_TRUE(db.ok());
    auto key = index_internal::ReadContentKey(**db);
    EXPECT_TRUE(key.ok());
    auto statement = (*db)->Prepare("SELECT line, offset, hash FROM line_marks ORDER BY line");
    EXPECT_TRUE(statement.ok());
    std::vector<index_internal::LineMark> all;
    std::string where;
    while (*statement->Step()) {
      all.push_back({statement->Int(0), static_cast<uint64_t>(statement->Int(1)),
                     static_cast<uint64_t>(statement->Int(2))});
      where += fmt::format("{}:{},", all.back().line, all.back().offset);
    }
    const std::string content = ScratchRepo::ReadAll(repo.day_path(0));
    EXPECT_EQ(index_internal::LastMatchingMark(*key, all, content), all.back()) << where;
    return where;
  };
  const std::string emitted = marks();
  EXPECT_EQ(std::count(emitted.begin(), emitted.end(), ','), 2) << emitted;  // two marks
  std::filesystem::remove(repo.index_path());
  ASSERT_TRUE(OpenIndex(repo)->Check().ok());
  EXPECT_EQ(marks(), emitted);
}

// A merge rewrites the day's file with the other side's events after the merge base: the rows
// of the lines before the last line mark it still matches are kept (a row altered in the index
// by hand stays altered: it was not read again), the rest is indexed again, and the index is
// what a rebuild gives. A change at the top reads it all again.
TEST(LineMarksTest, ARewriteKeepsTheRowsBeforeTheLastMatchingMark) {
  ScratchRepo repo;
  std::vector<Event> day = {repo.Created(0, 1, "001-a", "WP01", "One")};
  static const char* kLanes[] = {"planned", "doing", "for_review", "done"};
  for (int64_t clock = 2; clock < 1000; ++clock) {
    day.push_back(repo.Status(0, clock, "001-a", clock % 3 ? "WP01" : "WP02", kLanes[clock % 4], kLanes[(clock + 1) % 4]));
  }
  repo.Append(0, day);
  repo.AgeAll();
  ASSERT_TRUE(OpenIndex(repo)->Check().ok());
  auto mark_line = [&](int line) {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    EXPECT_TRUE(db.ok());
    EXPECT_TRUE((*db)->Exec(fmt::format("UPDATE events SET actor_id = 1 WHERE seq = {}",
                                        index_internal::MakeSeq(1, line))).ok());
  };
  auto actor_of_line = [&](int line) {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    EXPECT_TRUE(db.ok());
    auto statement = (*db)->Prepare(fmt::format("SELECT actor_id FROM events WHERE seq = {}", index_internal::MakeSeq(1, line)));
    EXPECT_TRUE(statement.ok());
    EXPECT_TRUE(*statement->Step());
    return statement->Int(0);
  };
  const int64_t actor = actor_of_line(5);
  ASSERT_NE(actor, 1);
  mark_line(5);
  // The merge: 200 events of the other side, at clocks after 900, in total order.
  std::vector<Event> merged = day;
  for (int i = 0; i < 200; ++i) {
    merged.push_back(repo.Status(0, 900 + i / 2, "001-a", i % 2 ? "WP02" : "WP03", "planned", "doing"));
  }
  std::sort(merged.begin(), merged.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
  repo.Rewrite(0, ScratchRepo::Lines(merged));
  repo.AgeAll();
  {
    auto index = OpenIndex(repo);
    EXPECT_EQ(actor_of_line(5), 1) << "kept, not read again";
    EXPECT_EQ(index->Stats()->events, 1199);
  }
  mark_line(5);  // undo the hand edit the check would see
  {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    ASSERT_TRUE((*db)->Exec(fmt::format("UPDATE events SET actor_id = {} WHERE seq = {}", actor,
                                        index_internal::MakeSeq(1, 5))).ok());
  }
  Result<CheckReport> check = OpenIndex(repo)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->divergences.empty()) << check->divergences.front();
  std::vector<WorkPackageRow> incremental = *OpenIndex(repo)->WorkPackages(std::nullopt);
  // A change in the first line: all of it read again (the hand edit is gone).
  mark_line(5);
  merged[0] = repo.Created(0, 1, "001-a", "WP01", "Renamed");
  repo.Rewrite(0, ScratchRepo::Lines(merged));
  repo.AgeAll();
  EXPECT_EQ(OpenIndex(repo)->Stats()->events, 1199);
  EXPECT_EQ(actor_of_line(5), actor);
  check = OpenIndex(repo)->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->divergences.empty()) << check->divergences.front();
  std::filesystem::remove(repo.index_path());
  std::vector<WorkPackageRow> rebuilt = *OpenIndex(repo)->WorkPackages(std::nullopt);
  ASSERT_EQ(incremental.size(), rebuilt.size());
  EXPECT_EQ(rebuilt[0].title, "Renamed");
}

TEST(WpStateTest, AWorkPackageWithoutMovesIsPlanned) {
  index_internal::StoredWpState state = index_internal::ComputeWpState({}, "001-a", "WP01");
  EXPECT_EQ(state.row.lane, "planned");
  EXPECT_EQ(state.row.deciding_clock, 0);
  EXPECT_EQ(state.row.breaks, 0);
  EXPECT_FALSE(state.row.resolution.has_value());
}

TEST(IndexCommandsTest, RebuildStatsAndCheck) {
  ScratchRepo repo;
  testing::GenerateLog(repo, 1000, 3);
  auto index = OpenIndex(repo);
  auto rebuilt = index->Rebuild();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
  EXPECT_TRUE(rebuilt->rebuilt);
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, static_cast<int64_t>(testing::ReferenceReplay(repo).size()));
  EXPECT_EQ(stats->files, 3);
  EXPECT_EQ(stats->schema_version, index_internal::kIndexSchemaVersion);
  EXPECT_GT(stats->index_bytes, 0);
  EXPECT_GT(stats->jsonl_bytes, 0);
  EXPECT_FALSE(stats->built_at.empty());
  ExpectMatchesLog(repo, *index);
}

TEST(IndexCommandsTest, CheckReportsADivergence) {
  ScratchRepo repo;
  testing::GenerateLog(repo, 200, 2);
  auto index = OpenIndex(repo);
  index.reset();
  {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    ASSERT_TRUE((*db)->Exec("DELETE FROM events WHERE seq = (SELECT min(seq) FROM events)").ok());
    ASSERT_TRUE((*db)->Exec("UPDATE wp_state SET lane = 'bogus'").ok());
  }
  index = OpenIndex(repo);
  auto check = index->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->divergences.empty());
  EXPECT_GT(check->events_checked, 0);
}

}  // namespace
}  // namespace kittylog

namespace kittylog {
namespace {

// A query reads page after page outside one transaction, so a daily file another process indexes
// meanwhile may turn up in a later page: the fetcher's names are read again, and the line found.
TEST(LineFetcherTest, ADailyFileIndexedAfterTheNamesWereReadIsFound) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "One")});
  ASSERT_TRUE(OpenIndex(repo));
  auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
  ASSERT_TRUE(db.ok());
  index_internal::LineFetcher lines(**db, repo.events_dir());
  auto file_of = [&](int day) {
    auto id = (*db)->QueryInt("SELECT file_id FROM files WHERE name = '" + ScratchRepo::DayName(day) + ".jsonl'");
    EXPECT_TRUE(id.ok());
    return *id;
  };
  auto first = lines.Line(file_of(0), 0);
  ASSERT_TRUE(first.ok()) << first.status().message();
  repo.Append(1, {repo.Created(1, 2, "001-a", "WP02", "Two")});
  ASSERT_TRUE(OpenIndex(repo));  // another connection indexes the new day
  auto second = lines.Line(file_of(1), 0);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_NE(second->find("WP02"), std::string_view::npos);
  EXPECT_FALSE((*db)->damaged());
  // A file_id that no row names is still damage.
  EXPECT_FALSE(lines.Line(file_of(1) + 100, 0).ok());
}

}  // namespace
}  // namespace kittylog
