// Property (issue 10, item 2; DESIGN §6): whatever the clocks and whatever the merge order, every
// view of a merged log names the same winner for a work package's lane. Random histories on two
// or three branches (the lifecycle moves an agent would make, each branch with its own clock),
// merged through the driver's library in every order; the views are the driver's report, the
// board of a full replay, `history` (a replay of the WP's own events), `conflicts` (every group)
// and the index (a real SQLite index over the merged file, refreshed as a checkout would be).
// Fixed seed, bounded count; the real-binary version is rollback_agreement_test.cc.
#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "event/event_codec.h"
#include "event/line_reader.h"
#include "event/log_layout.h"
#include "index/event_index.h"
#include "merge/merge.h"
#include "tests/support/test_support.h"
#include "workflow/board_summary.h"
#include "workflow/reducer.h"

namespace kittylog {
namespace {

constexpr const char* kFeature = "001-demo";
const std::vector<std::string> kWps = {"WP01", "WP02"};

const std::map<std::string, std::vector<std::string>>& Targets() {
  static const std::map<std::string, std::vector<std::string>> kTargets = {
      {"planned", {"doing"}},
      {"doing", {"for_review", "planned"}},
      {"for_review", {"done", "doing", "rejected"}},
      {"rejected", {"doing"}},
      {"done", {"doing"}}};
  return kTargets;
}

class History {
 public:
  explicit History(uint32_t seed) : random_(seed) {}

  // A ULID-shaped id: random, so equal clocks order either way.
  std::string NewId() {
    static const char* kDigits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string id = "01KFZN6BG0";
    for (int i = 0; i < 16; ++i) id += kDigits[random_() % 32];
    return id;
  }

  std::string Line(const std::string& type, int64_t clock, const std::string& wp, const std::string& payload,
                   const std::string& actor) {
    Event event;
    event.event_id = NewId();
    event.event_type = type;
    event.lamport_clock = clock;
    event.entity_id = wp.empty() ? kFeature : wp;
    event.entity_type = wp.empty() ? "FeatureSpec" : "WorkPackage";
    event.timestamp = "2026-01-27T12:00:00.000Z";
    event.actor = actor;
    event.payload_json = payload;
    return EncodeEventLine(event);
  }

  static std::vector<Event> EventsOf(const std::string& log) {
    std::vector<Event> events;
    simdjson::padded_string padded(log);
    EventDecoder decoder;
    ReadEventLines(
        std::string_view(padded.data(), log.size()), decoder, EventDecoder::Options{},
        [&](Event&& event, size_t) { events.push_back(std::move(event)); }, [](LineProblem&&) {});
    return events;
  }

  // Appends 1-4 moves (and sometimes a tag) that an agent on this branch would make.
  std::string Work(std::string log, const std::string& actor) {
    int moves = 1 + static_cast<int>(random_() % 4);
    for (int m = 0; m < moves; ++m) {
      std::vector<Event> events = EventsOf(log);
      BoardState board = Replay(events).board;
      int64_t clock = board.max_clock + 1 + static_cast<int64_t>(random_() % 2);
      const std::string& wp = kWps[random_() % kWps.size()];
      if (random_() % 4 == 0) {
        log += Line("TagsAdded", clock++, wp, fmt::format(R"({{"tags":["t{}"],"feature_slug":"{}"}})", m, kFeature),
                    actor) + "\n";
      }
      const WorkPackageState* state = board.FindWorkPackage(kFeature, wp);
      const std::string lane = state != nullptr ? state->lane : "planned";
      const std::vector<std::string>& targets = Targets().at(lane);
      const std::string& to = targets[random_() % targets.size()];
      log += Line("WPStatusChanged", clock, wp,
                  fmt::format(R"({{"feature_slug":"{}","old_status":"{}","new_status":"{}"}})", kFeature, lane, to),
                  actor) + "\n";
    }
    return log;
  }

  std::string Base() {
    std::string log = Line("SpecCreated", 1, "", fmt::format(R"({{"feature_slug":"{}","title":"Demo"}})", kFeature),
                           "planner") + "\n";
    int64_t clock = 2;
    for (const std::string& wp : kWps) {
      log += Line("WPCreated", clock++, wp,
                  fmt::format(R"({{"feature_slug":"{}","work_package_id":"{}","title":"{}"}})", kFeature, wp, wp),
                  "planner") + "\n";
    }
    return Work(log, "base");
  }

  std::mt19937 random_;
};

// The winner the driver's report names for feature/WP, "" when it names none.
std::string DriverWinner(const merge::MergeResult& result, const std::string& wp) {
  for (const merge::ReportEntry& entry : result.report) {
    if (entry.kind != merge::ReportEntry::Kind::kConcurrentChange) continue;
    if (entry.entity != std::string("WorkPackage ") + kFeature + "/" + wp) continue;
    size_t at = entry.message.find("; status -> ");
    if (at == std::string::npos) return "";
    size_t open = entry.message.find('(', at);
    size_t space = entry.message.find(' ', open);
    size_t comma = entry.message.find(',', space);
    return entry.message.substr(space + 1, comma - space - 1);
  }
  return "";
}

// What the board shows, from a full replay and from the index's per-WP state.
struct Boards {
  BoardState full;
  BoardState indexed;
};

Boards BoardsOf(const std::vector<Event>& events, EventIndex& index) {
  Boards boards;
  boards.full = Replay(events).board;
  KeepDecidingResolutions(boards.full);
  std::vector<Event> others;
  for (const Event& event : events) {
    if (event.event_type != "WPStatusChanged") others.push_back(event);
  }
  std::vector<DecidedLane> lanes;
  Result<std::vector<WorkPackageRow>> rows = index.WorkPackages(std::nullopt);
  EXPECT_TRUE(rows.ok()) << rows.status().message();
  for (const WorkPackageRow& row : rows.ok() ? *rows : std::vector<WorkPackageRow>{}) {
    lanes.push_back({row.feature_slug, row.work_package_id, row.lane, row.deciding_event_id, row.deciding_clock,
                     row.rule, row.resolution, row.breaks, row.last_break});
  }
  boards.indexed = ReplayWithDecidedLanes(others, lanes);
  KeepDecidingResolutions(boards.indexed);
  return boards;
}

TEST(AgreementPropertyTest, EveryViewNamesTheSameWinnerInEveryMergeOrder) {
  const int histories = 40;
  int concurrent_groups = 0, spanning_clocks = 0, driver_reports = 0;
  for (int h = 0; h < histories; ++h) {
    SCOPED_TRACE("history " + std::to_string(h));
    History history(static_cast<uint32_t>(7919 * h + 17));
    const std::string base = history.Base();
    const int branch_count = 2 + static_cast<int>(history.random_() % 2);
    std::vector<std::string> branches;
    for (int b = 0; b < branch_count; ++b) branches.push_back(history.Work(base, "agent" + std::to_string(b)));

    std::vector<int> order(branch_count);
    for (int b = 0; b < branch_count; ++b) order[b] = b;
    std::string final_log;
    bool first_order = true;  // the index is checked on one order (its fsyncs are the slow part)
    do {
      testing::TempDir dir;
      const LogLayout layout(dir.path());
      std::filesystem::create_directories(layout.events_dir());
      const std::string file = layout.daily_file("2026-01-27");
      std::string main = base;
      if (first_order) testing::WriteFile(file, main);
      for (int b : order) {
        merge::MergeResult merged = merge::MergeEventLogs(base, main, branches[b]);
        ASSERT_FALSE(merged.conflict());
        main = merged.output;
        std::vector<Event> events = History::EventsOf(main);
        Boards boards;
        if (first_order) {
          testing::WriteFile(file, main);  // the checkout after `git merge`; the index refreshes on open
          Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, IndexOptions{});
          ASSERT_TRUE(index.ok()) << index.status().message();
          boards = BoardsOf(events, **index);
          EXPECT_EQ(boards.indexed.conflicts, boards.full.conflicts);
          EXPECT_EQ(boards.indexed.breaks, boards.full.breaks);
          Result<CheckReport> check = (*index)->Check();
          ASSERT_TRUE(check.ok());
          EXPECT_TRUE(check->divergences.empty()) << check->divergences.front();
        } else {
          boards.full = Replay(events).board;
          KeepDecidingResolutions(boards.full);
          boards.indexed = boards.full;
        }

        ReplayResult all = Replay(events, {.verdicts = false});
        for (const std::string& wp : kWps) {
          SCOPED_TRACE(wp);
          const WorkPackageState* full = boards.full.FindWorkPackage(kFeature, wp);
          const WorkPackageState* indexed = boards.indexed.FindWorkPackage(kFeature, wp);
          ASSERT_NE(full, nullptr);
          ASSERT_NE(indexed, nullptr);
          EXPECT_EQ(indexed->lane, full->lane);
          EXPECT_EQ(indexed->deciding_event_id, full->deciding_event_id);
          const std::string winner = full->deciding_event_id;

          // history: a replay of the WP's own events; the last move it applied.
          std::vector<Event> own;
          for (const Event& event : events) {
            if (event.entity_id == wp) own.push_back(event);
          }
          ReplayResult replay = Replay(own, {.verdicts = true});
          std::string history_winner;
          for (const EventVerdict& verdict : replay.verdicts) {
            if (own[verdict.index].event_type == "WPStatusChanged" && verdict.applied) {
              history_winner = own[verdict.index].event_id;
            }
          }
          if (full->moved) {
            EXPECT_EQ(history_winner, winner);
          }

          // conflicts: the last status group of the WP decided the lane when status warns of one.
          std::string last_group;
          for (const ResolvedConflict& conflict : all.board.conflicts) {
            if (conflict.entity == std::string(kFeature) + "/" + wp && conflict.aspect == "status") {
              last_group = conflict.winner_id;
              spanning_clocks += conflict.last_clock > conflict.lamport_clock;
            }
          }
          if (full->resolution) {
            ++concurrent_groups;
            EXPECT_EQ(full->resolution->winner_id, winner);
            EXPECT_EQ(last_group, winner);
          }

          // the driver's report, when both sides changed the WP's lane.
          std::string driver = DriverWinner(merged, wp);
          if (!driver.empty()) {
            ++driver_reports;
            EXPECT_EQ(driver, winner) << merged.report.size();
          }
        }
      }
      // The merge order changes nothing: same bytes, same board.
      if (final_log.empty()) final_log = main;
      EXPECT_EQ(main, final_log);
      first_order = false;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  // The generator reaches the cases that matter.
  EXPECT_GT(concurrent_groups, 40);
  EXPECT_GT(spanning_clocks, 40);
  EXPECT_GT(driver_reports, 40);
}

}  // namespace
}  // namespace kittylog
