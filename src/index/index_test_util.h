// Test-only helpers for the index tests: a scratch checkout in a temp directory, canonical event
// lines (EncodeEventLine + real ULIDs), a generated log with realistic variety, and the
// reference replay every query result is compared with (ReadLogFile + a filter in C++).
#pragma once

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "event/event_codec.h"
#include "event/json_writer.h"
#include "event/line_reader.h"
#include "event/log_layout.h"
#include "event/timestamp.h"
#include "event/ulid.h"
#include "index/event_index.h"

namespace kittylog::testing {

inline constexpr int64_t kDayMillis = 86'400'000;
inline constexpr int64_t kFirstDayMillis = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class ScratchRepo {
 public:
  ScratchRepo() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kl-index-test-XXXXXX").string();
    EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    std::filesystem::create_directories(root_ + "/.kittify/events");
  }
  ~ScratchRepo() {
    std::error_code ignored;
    std::filesystem::permissions(root_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(root_, ignored);
  }
  ScratchRepo(const ScratchRepo&) = delete;
  ScratchRepo& operator=(const ScratchRepo&) = delete;

  LogLayout layout() const { return LogLayout(root_); }
  const std::string& root() const { return root_; }
  std::string events_dir() const { return root_ + "/.kittify/events"; }
  std::string index_path() const { return events_dir() + "/index.db"; }
  std::string day_path(int day) const { return events_dir() + "/" + DayName(day) + ".jsonl"; }
  static std::string DayName(int day) { return UtcDate(kFirstDayMillis + day * kDayMillis); }

  // An event on `day` (timestamp inside that UTC day) with a fresh ULID.
  Event Make(int day, int64_t clock, std::string type, std::string entity, std::string entity_type,
             std::string payload_json, std::string actor = "agent-1") {
    Event event;
    int64_t millis = kFirstDayMillis + day * kDayMillis + (clock % 86'000) * 1000 + 7;
    event.event_id = ulids_.Next(millis);
    event.event_type = std::move(type);
    event.lamport_clock = clock;
    event.entity_id = std::move(entity);
    event.entity_type = std::move(entity_type);
    event.timestamp = FormatTimestamp(millis);
    event.actor = std::move(actor);
    event.payload_json = std::move(payload_json);
    event.raw_line = EncodeEventLine(event);
    // As validation does for the store: the well-known payload fields filled in.
    EventDecoder decoder;
    Result<Event> decoded = decoder.DecodeUnpadded(event.raw_line);
    EXPECT_TRUE(decoded.ok()) << event.raw_line;
    if (decoded.ok()) event.payload = decoded->payload;
    return event;
  }
  Event Status(int day, int64_t clock, const std::string& feature, const std::string& wp, const std::string& from,
               const std::string& to) {
    return Make(day, clock, std::string(kWPStatusChanged), wp, "WorkPackage",
                fmt::format(R"({{"feature_slug":"{}","old_status":"{}","new_status":"{}"}})", feature, from, to));
  }
  Event Created(int day, int64_t clock, const std::string& feature, const std::string& wp, const std::string& title) {
    std::string payload = "{\"feature_slug\":";
    AppendJsonString(payload, feature);
    payload += ",\"work_package_id\":";
    AppendJsonString(payload, wp);
    payload += ",\"title\":";
    AppendJsonString(payload, title);
    return Make(day, clock, std::string(kWPCreated), wp, "WorkPackage", payload + "}");
  }

  static std::string Lines(const std::vector<Event>& events) {
    std::string text;
    for (const Event& event : events) text += event.raw_line + "\n";
    return text;
  }
  void AppendBytes(int day, const std::string& bytes) { std::ofstream(day_path(day), std::ios::app) << bytes; }
  void Append(int day, const std::vector<Event>& events) { AppendBytes(day, Lines(events)); }
  // Writes a new file (new inode) and renames it over the old, as git does.
  void Rewrite(int day, const std::string& bytes) {
    std::string temp = day_path(day) + ".tmp";
    std::ofstream(temp, std::ios::trunc) << bytes;
    std::filesystem::rename(temp, day_path(day));
  }
  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
  // Sets the mtime of `path` to an hour ago (out of the racy window).
  static void AgeMtime(const std::string& path) {
    auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
    std::filesystem::last_write_time(path, old);
  }
  void AgeAll() {
    for (const auto& entry : std::filesystem::directory_iterator(events_dir())) {
      if (entry.path().extension() == ".jsonl") AgeMtime(entry.path().string());
    }
  }

 private:
  std::string root_;
  UlidGenerator ulids_;
};

// A log of `count` events over `days` days: features x WPs, every event type, same-clock
// concurrent status changes, quotes and unicode in values, clocks not monotonic across days.
inline void GenerateLog(ScratchRepo& repo, int count, int days, uint32_t seed = 42) {
  std::mt19937 random(seed);
  static const char* kLanes[] = {"planned", "doing", "for_review", "done", "rejected"};
  static const char* kActors[] = {"claude", "alice", "bob \"the builder\"", "ci-bot", "zoë"};
  std::map<int, std::vector<Event>> by_day;
  for (int i = 0; i < count; ++i) {
    int day = static_cast<int>(random() % days);
    int64_t clock = 1 + static_cast<int64_t>(random() % static_cast<uint32_t>(count * 3 / 4 + 1));
    std::string feature = fmt::format("{:03d}-feature-{}", random() % 3 + 1, "x");
    std::string wp = fmt::format("WP{:02d}", random() % 4 + 1);
    std::string actor = kActors[random() % 5];
    int kind = static_cast<int>(random() % 10);
    Event event;
    if (kind < 4) {
      event = repo.Status(day, clock, feature, wp, kLanes[random() % 5], kLanes[random() % 5]);
    } else if (kind == 4) {
      event = repo.Created(day, clock, feature, wp, fmt::format("Title {} \"quoted\"", i));
    } else if (kind == 5) {
      event = repo.Make(day, clock, std::string(kGateCreated), "gate-ci-" + wp, "Gate",
                        fmt::format(R"({{"work_package_id":"{}","gate_type":"CI_CHECK","gate_id":"gate-ci-{}","feature_slug":"{}"}})",
                                    wp, wp, feature));
    } else if (kind == 6) {
      event = repo.Make(day, clock, std::string(kTagsAdded), wp, "WorkPackage",
                        fmt::format(R"({{"tags":["t{}"],"feature_slug":"{}"}})", i % 7, feature));
    } else if (kind == 7) {
      event = repo.Make(day, clock, std::string(kSpecCreated), feature, "FeatureSpec",
                        fmt::format(R"({{"feature_slug":"{}","title":"Spec"}})", feature));
    } else if (kind == 8) {
      event = repo.Make(day, clock, std::string(kCounterIncremented), wp, "WorkPackage",
                        R"({"counter":"retries","delta":1})");  // no feature_slug
    } else {
      event = repo.Make(day, clock, std::string(kSubtaskCompleted), wp + "-T01", "Subtask",
                        fmt::format(R"({{"work_package_id":"{}","subtask_index":1,"feature_slug":"{}"}})", wp, feature));
    }
    event.actor = actor;
    event.raw_line = EncodeEventLine(event);
    by_day[day].push_back(event);
    if (random() % 20 == 0 && kind < 4) {  // a concurrent change: same clock, same WP
      Event twin = repo.Status(day, clock, feature, wp, "for_review", random() % 2 ? "done" : "doing");
      twin.actor = actor;
      twin.raw_line = EncodeEventLine(twin);
      by_day[day].push_back(twin);
    }
  }
  for (auto& [day, events] : by_day) {
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return TotalOrderLess(a, b); });
    repo.Append(day, events);
  }
}

struct ReferenceEvent {
  Event event;
  std::string date;  // of the daily file
};

// Every indexable event of the log (clock >= 1), as ReadLogFile sees it, in total order.
inline std::vector<ReferenceEvent> ReferenceReplay(const ScratchRepo& repo) {
  std::vector<ReferenceEvent> all;
  for (const auto& entry : std::filesystem::directory_iterator(repo.events_dir())) {
    std::string name = entry.path().filename().string();
    if (!IsDailyFileName(name)) continue;
    Result<LogContents> contents = ReadLogFile(entry.path().string());
    EXPECT_TRUE(contents.ok());
    for (Event& event : contents->events) {
      if (event.lamport_clock >= 1) all.push_back({std::move(event), name.substr(0, 10)});
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const ReferenceEvent& a, const ReferenceEvent& b) { return TotalOrderLess(a.event, b.event); });
  return all;
}

inline std::vector<std::string> ReferenceQuery(const std::vector<ReferenceEvent>& all, const QueryFilter& filter) {
  std::vector<std::string> lines;
  for (const ReferenceEvent& ref : all) {
    const Event& e = ref.event;
    if (filter.entity && e.entity_id != *filter.entity) continue;
    if (filter.entity_type && e.entity_type != *filter.entity_type) continue;
    if (filter.event_type && e.event_type != *filter.event_type) continue;
    if (filter.feature && e.payload.feature_slug != *filter.feature) continue;
    if (filter.actor && e.actor != *filter.actor) continue;
    if (filter.since_clock && e.lamport_clock < *filter.since_clock) continue;
    if (filter.until_clock && e.lamport_clock > *filter.until_clock) continue;
    if (filter.from_date && ref.date < *filter.from_date) continue;
    if (filter.to_date && ref.date > *filter.to_date) continue;
    if (filter.limit && static_cast<int64_t>(lines.size()) >= *filter.limit) break;
    lines.push_back(e.raw_line);
  }
  return lines;
}

inline std::vector<std::string> RawLines(const std::vector<Event>& events) {
  std::vector<std::string> lines;
  for (const Event& event : events) lines.push_back(event.raw_line);
  return lines;
}

inline std::unique_ptr<EventIndex> OpenIndex(const ScratchRepo& repo, RefreshReport* report = nullptr) {
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(repo.layout(), IndexOptions{}, report);
  EXPECT_TRUE(index.ok()) << index.status().message();
  return index.ok() ? std::move(index).value() : nullptr;
}

// The whole log through the index equals the reference replay, and `index check` agrees.
inline void ExpectMatchesLog(const ScratchRepo& repo, EventIndex& index) {
  Result<std::vector<Event>> events = index.Query(QueryFilter{});
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(RawLines(*events), ReferenceQuery(ReferenceReplay(repo), QueryFilter{}));
  Result<CheckReport> check = index.Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->divergences.empty()) << fmt::format("{}", fmt::join(check->divergences, "\n"));
}

}  // namespace kittylog::testing
