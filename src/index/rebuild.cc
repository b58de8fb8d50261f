#include "index/rebuild.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "event/event_types.h"
#include "event/timestamp.h"
#include "index/bulk_scan.h"
#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/progress.h"
#include "platform/file_io.h"
#include "platform/system.h"

namespace kittylog::index_internal {
namespace {

constexpr size_t kParsers = 2;         // parser threads; the loader is the third
constexpr size_t kQueueDepth = 3;      // files in flight per parser
constexpr int kRowsPerStatement = 32;  // multi-row INSERT: about half the cost of one row each
constexpr size_t kMaxWarnings = 20;

// Hands scanned files from one parser thread to the loader, in the parser's order; bounded so
// memory stays flat.
class FileQueue {
 public:
  bool Push(ScannedFile file) {  // false when the loader gave up
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kQueueDepth || cancelled_; });
    if (cancelled_) return false;
    queue_.push_back(std::move(file));
    not_empty_.notify_one();
    return true;
  }
  ScannedFile Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty(); });
    ScannedFile file = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return file;
  }
  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<ScannedFile> queue_;
  bool cancelled_ = false;
};

// The loader's side: rows into SQLite, local name ids of each parser mapped to global ones.
class BulkLoader {
 public:
  explicit BulkLoader(Database& db) : db_(db), local_to_global_(kParsers) {}

  Status Prepare() {
    std::string many = "INSERT INTO events(seq, clock, line_offset, type_id, entity_type_id, entity_id, actor_id, "
                       "feature_id) VALUES(?,?,?,?,?,?,?,?)";
    for (int i = 1; i < kRowsPerStatement; ++i) many += ",(?,?,?,?,?,?,?,?)";
    KL_ASSIGN_OR_RETURN(insert_many_, db_.Prepare(many));
    KL_ASSIGN_OR_RETURN(insert_one_, db_.Prepare(many.substr(0, many.find("),(") + 1)));
    std::string postings = "INSERT INTO entity_events VALUES(?,?,?,?,?,?)";
    for (int i = 1; i < kRowsPerStatement; ++i) postings += ",(?,?,?,?,?,?)";
    KL_ASSIGN_OR_RETURN(insert_postings_, db_.Prepare(postings));
    KL_ASSIGN_OR_RETURN(insert_posting_, db_.Prepare("INSERT INTO entity_events VALUES(?,?,?,?,?,?)"));
    KL_ASSIGN_OR_RETURN(insert_file_,
                        db_.Prepare("INSERT INTO files(file_id, name, indexed_size, lines, content_hash, torn_line, "
                                    "stat_size, mtime_ns, inode, events, min_clock, max_clock, ctime_ns) "
                                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)"));
    KL_ASSIGN_OR_RETURN(insert_mark_,
                        db_.Prepare("INSERT INTO line_marks(file_id, line, offset, hash) VALUES(?1, ?2, ?3, ?4)"));
    return Status::Ok();
  }

  Status Load(size_t parser, const ScannedFile& file) {
    std::vector<int64_t>& to_global = local_to_global_[parser];
    for (const auto& [local, text] : file.new_names) {
      if (to_global.size() <= static_cast<size_t>(local)) to_global.resize(local + 1);
      auto [it, inserted] = global_ids_.try_emplace(text, static_cast<int64_t>(names_.size()) + 1);
      if (inserted) names_.push_back(text);
      to_global[local] = it->second;
    }
    const std::vector<EventRow>& rows = file.rows;
    size_t i = 0;
    for (; i + kRowsPerStatement <= rows.size(); i += kRowsPerStatement) {
      for (int k = 0; k < kRowsPerStatement; ++k) Bind(insert_many_, k * 8, rows[i + k], to_global);
      KL_RETURN_IF_ERROR(insert_many_.Run());
    }
    for (; i < rows.size(); ++i) {
      Bind(insert_one_, 0, rows[i], to_global);
      KL_RETURN_IF_ERROR(insert_one_.Run());
    }
    KL_RETURN_IF_ERROR(LoadPostings(file.record.file_id, rows, to_global));
    const FileRecord& record = file.record;
    insert_file_.Bind(1, record.file_id).Bind(2, record.name).Bind(3, static_cast<int64_t>(record.indexed_size));
    insert_file_.Bind(4, record.lines).Bind(5, static_cast<int64_t>(record.content_hash)).Bind(6, record.torn_line);
    insert_file_.Bind(7, record.stat_size).Bind(8, record.mtime_ns).Bind(9, static_cast<int64_t>(record.inode));
    insert_file_.Bind(10, record.events).Bind(11, record.min_clock).Bind(12, record.max_clock).Bind(13, record.ctime_ns);
    KL_RETURN_IF_ERROR(insert_file_.Run());
    for (const LineMark& mark : file.marks) {
      insert_mark_.Bind(1, record.file_id).Bind(2, mark.line).Bind(3, static_cast<int64_t>(mark.offset));
      KL_RETURN_IF_ERROR(insert_mark_.Bind(4, static_cast<int64_t>(mark.hash)).Run());
    }
    return Status::Ok();
  }

  // The file's entity_events, sorted here: files come in file_id order, so every insert appends
  // to the b-tree, far cheaper than CREATE INDEX sorting a million random keys in SQLite.
  Status LoadPostings(int64_t file_id, const std::vector<EventRow>& rows, const std::vector<int64_t>& to_global) {
    postings_.clear();
    for (const EventRow& row : rows) {
      postings_.push_back({to_global[row.entity_id], to_global[row.feature_id], row.clock, row.seq, row.offset});
    }
    std::sort(postings_.begin(), postings_.end());
    auto bind = [&](Statement& statement, int base, const Posting& posting) {
      statement.Bind(base + 1, file_id).Bind(base + 2, posting[0]).Bind(base + 3, posting[1]);
      statement.Bind(base + 4, posting[2]).Bind(base + 5, posting[3]).Bind(base + 6, posting[4]);
    };
    size_t i = 0;
    for (; i + kRowsPerStatement <= postings_.size(); i += kRowsPerStatement) {
      for (int k = 0; k < kRowsPerStatement; ++k) bind(insert_postings_, k * 6, postings_[i + k]);
      KL_RETURN_IF_ERROR(insert_postings_.Run());
    }
    for (; i < postings_.size(); ++i) {
      bind(insert_posting_, 0, postings_[i]);
      KL_RETURN_IF_ERROR(insert_posting_.Run());
    }
    return Status::Ok();
  }

  Status SaveNames() {
    KL_ASSIGN_OR_RETURN(Statement insert, db_.Prepare("INSERT INTO names(name_id, text) VALUES(?1, ?2)"));
    for (size_t i = 0; i < names_.size(); ++i) {
      KL_RETURN_IF_ERROR(insert.Bind(1, static_cast<int64_t>(i + 1)).Bind(2, names_[i]).Run());
    }
    return Status::Ok();
  }

 private:
  static void Bind(Statement& statement, int base, const EventRow& row, const std::vector<int64_t>& to_global) {
    statement.Bind(base + 1, row.seq).Bind(base + 2, row.clock).Bind(base + 3, row.offset);
    statement.Bind(base + 4, to_global[row.type_id]).Bind(base + 5, to_global[row.entity_type_id]);
    statement.Bind(base + 6, to_global[row.entity_id]).Bind(base + 7, to_global[row.actor_id]);
    statement.Bind(base + 8, to_global[row.feature_id]);
  }

  Database& db_;
  Statement insert_many_, insert_one_, insert_postings_, insert_posting_, insert_file_, insert_mark_;
  std::vector<std::vector<int64_t>> local_to_global_;
  // Name id 1 is WPStatusChanged and 2-4 the creations whatever the log holds (index_schema.h).
  std::unordered_map<std::string, int64_t> global_ids_{{std::string(kWPStatusChanged), kStatusChangedNameId},
                                                       {std::string(kSpecCreated), kSpecCreatedNameId},
                                                       {std::string(kWPCreated), kWPCreatedNameId},
                                                       {std::string(kGateCreated), kGateCreatedNameId}};
  std::vector<std::string> names_{std::string(kWPStatusChanged), std::string(kSpecCreated), std::string(kWPCreated),
                                  std::string(kGateCreated)};
  using Posting = std::array<int64_t, 5>;  // entity_id, feature_id, clock, seq, line_offset
  std::vector<Posting> postings_;
};

Status Build(const std::string& events_dir, const std::string& path, bool show_progress, BuildResult& result) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, Database::Mode::kReadWriteCreate));
  // Nobody else sees this file until it is renamed into place: no journal, no syncs.
  KL_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                              "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; "
                              "PRAGMA cache_size = -131072; PRAGMA threads = 2"));
  KL_RETURN_IF_ERROR(db->Exec(kCreateTables));
  KL_RETURN_IF_ERROR(db->Exec("BEGIN"));
  std::vector<SkippedLogEntry> skipped;
  KL_ASSIGN_OR_RETURN(std::vector<DailyFile> files, ListDailyFiles(events_dir, &skipped));
  for (const SkippedLogEntry& entry : skipped) result.warnings.push_back(entry.Format());
  uint64_t total_bytes = 0;
  for (const DailyFile& file : files) total_bytes += file.identity.size;

  BulkLoader loader(*db);
  KL_RETURN_IF_ERROR(loader.Prepare());
  ProgressBar progress(show_progress);
  // Parser p scans files p, p + kParsers, ...; the loader takes them back in file order, so
  // rows arrive in seq order and every insert appends to the table.
  // Each index draws its own key: a committer cannot forge the hashes of a file (content_hash.h).
  const ContentKey key = NewContentKey();
  result.key = key;
  std::vector<std::unique_ptr<FileScanner>> scanners;
  for (size_t p = 0; p < kParsers; ++p) scanners.push_back(std::make_unique<FileScanner>(events_dir, key));
  std::vector<FileQueue> queues(kParsers);
  std::vector<std::thread> parsers;
  for (size_t p = 0; p < kParsers; ++p) {
    parsers.emplace_back([&, p] {
      for (size_t i = p; i < files.size(); i += kParsers) {
        ScannedFile scanned = scanners[p]->Scan(files[i], static_cast<int64_t>(i) + 1);
        bool failed = !scanned.status.ok();
        if (!queues[p].Push(std::move(scanned)) || failed) return;
      }
    });
  }
  Status loaded;
  uint64_t bytes_done = 0;
  int64_t more_problems = 0;
  for (size_t i = 0; i < files.size() && loaded.ok(); ++i) {
    ScannedFile file = queues[i % kParsers].Pop();
    loaded = file.status.ok() ? loader.Load(i % kParsers, file) : file.status;
    result.events += file.record.events;
    ++result.files;
    for (std::string& problem : file.problems) {
      if (result.warnings.size() < kMaxWarnings) {
        result.warnings.push_back(std::move(problem));
      } else {
        ++more_problems;
      }
    }
    more_problems += file.more_problems;
    bytes_done += file.bytes;
    progress.Update(bytes_done, total_bytes, "reading events");
  }
  for (FileQueue& queue : queues) queue.Cancel();
  for (std::thread& parser : parsers) parser.join();
  KL_RETURN_IF_ERROR(loaded);
  if (more_problems > 0) {
    result.warnings.push_back(
        fmt::format("... and {} more line problem(s); `kittylog verify` lists them all", more_problems));
  }

  KL_RETURN_IF_ERROR(loader.SaveNames());
  KL_RETURN_IF_ERROR(db->Exec(kCreateIndexes));  // after the rows (DESIGN §7)
  for (size_t p = 1; p < kParsers; ++p) scanners[0]->wp_state().Merge(std::move(scanners[p]->wp_state()));
  KL_ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer, IndexWriter::Create(*db, events_dir));
  for (const StoredWpState& state : scanners[0]->wp_state().Finish()) {
    KL_RETURN_IF_ERROR(writer->SaveWpState(state));
    if (!state.conflicts.empty()) {
      KL_RETURN_IF_ERROR(
          writer->SaveWpConflicts({state.row.feature_slug, state.row.work_package_id}, 0, state.conflicts));
    }
  }
  writer.reset();
  KL_ASSIGN_OR_RETURN(Statement meta, db->Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)"));
  KL_RETURN_IF_ERROR(meta.Bind(1, std::string_view("built_at")).Bind(2, FormatTimestamp(platform::NowMillis())).Run());
  KL_RETURN_IF_ERROR(WriteContentKey(*db, key));
  KL_RETURN_IF_ERROR(StampSchema(*db));
  KL_RETURN_IF_ERROR(db->Exec("COMMIT"));
  // The file is handed over in the mode every later connection uses.
  KL_ASSIGN_OR_RETURN(std::string mode, db->QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") return Status::Io(fmt::format("{}: cannot switch to WAL mode ({})", path, mode));
  return Status::Ok();
}

}  // namespace

Result<BuildResult> BuildIndexFile(const std::string& events_dir, const std::string& path, bool show_progress) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) platform::RemoveFile(path + suffix);
  BuildResult result;
  Status status = Build(events_dir, path, show_progress, result);
  // A clean close leaves no -wal behind; remove any that remain so the file starts clean.
  for (const char* suffix : {"-journal", "-wal", "-shm"}) platform::RemoveFile(path + suffix);
  if (!status.ok()) {
    platform::RemoveFile(path);
    return status;
  }
  return result;
}

}  // namespace kittylog::index_internal
