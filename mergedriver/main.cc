// kittylog-merge: git's merge driver for the daily event logs (DESIGN §8, docs/merge-driver.md).
//
//   kittylog-merge %O %A %B %L %P     (git: merge.kittylog.driver)
//   kittylog-merge BASE OURS THEIRS   (by hand)
//
// Merges base %O, ours %A and theirs %B into %A, reports on stderr, exits 0 (clean), 1 (conflict:
// the best result is in %A) or 2 (usage or I/O error: %A untouched). It writes nothing but %A,
// because git also runs it inside `git log --remerge-diff` and `git merge-tree`.
#include <sys/uio.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/version.h"
#include "merge/merge.h"
#include "merge/merge_report.h"
#include "mergedriver/driver_io.h"

namespace kittylog::merge {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitConflict = 1;
constexpr int kExitError = 2;
constexpr size_t kMaxReportLines = 200;

constexpr std::string_view kUsage =
    "usage: kittylog-merge BASE OURS THEIRS [MARKER_SIZE [PATHNAME]]\n"
    "\n"
    "git merge driver for kittylog's daily event logs (.kittify/events/*.jsonl).\n"
    "Writes the union of the events of BASE, OURS and THEIRS, once each by event_id and in\n"
    "(lamport_clock, event_id) order, into OURS; lines that are not events are kept after them.\n"
    "\n"
    "git config merge.kittylog.name \"kittylog event log\"\n"
    "git config merge.kittylog.driver \"kittylog-merge %O %A %B %L %P\"\n"
    "git config merge.kittylog.recursive kittylog\n"
    ".gitattributes: .kittify/events/*.jsonl merge=kittylog\n"
    "\n"
    "A missing BASE is an empty log. Exit status: 0 merged, 1 conflicting events (the best\n"
    "result is written), 2 usage or I/O error (OURS is left untouched).\n";

// CPU time of the process so far (user + system), in milliseconds.
double CpuMs() {
  struct timespec now {};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

void Say(std::string_view path, std::string_view message) {
  std::fputs(fmt::format("kittylog-merge: {}: {}\n", EscapeControls(path), EscapeControls(message)).c_str(), stderr);
}

int Run(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage.data(), stdout);
    return kExitClean;
  }
  if (args.size() == 1 && args[0] == "--version") {
    std::printf("%s\n", VersionLine("kittylog-merge").c_str());
    return kExitClean;
  }
  if (args.size() < 3 || args.size() > 5) {
    std::fputs(kUsage.data(), stderr);
    return kExitError;
  }
  const std::string& base_path = args[0];
  const std::string& ours_path = args[1];
  const std::string& theirs_path = args[2];
  const std::string& shown = args.size() == 5 && !args[4].empty() ? args[4] : ours_path;

  auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<InputFile>> base = InputFile::Open(base_path, /*missing_is_empty=*/true);
  Result<std::unique_ptr<InputFile>> ours = InputFile::Open(ours_path, false);
  Result<std::unique_ptr<InputFile>> theirs = InputFile::Open(theirs_path, false);
  for (const Status* status : {&base.status(), &ours.status(), &theirs.status()}) {
    if (!status->ok()) {
      Say(shown, fmt::format("{} (nothing written)", status->message()));
      return kExitError;
    }
  }
  auto merge_start = std::chrono::steady_clock::now();
  MergeOptions options;
  options.release = [&](size_t offset, size_t length) {
    (*base)->Release(offset, length);
    (*theirs)->Release(offset, length);
  };
  // %A is written from the merge's pieces (views of the inputs, never copied): unchanged, in
  // place from the first differing byte, or replaced (driver_io.h).
  OursOutput output(ours_path, **ours, {base->get(), theirs->get()});
  MergeResult result = MergeEventLogsTo((*base)->bytes(), (*ours)->bytes(), (*theirs)->bytes(), options,
                                        [&](std::string_view bytes) { output.Write(bytes); });
  auto merge_end = std::chrono::steady_clock::now();
  double write_cpu_start = CpuMs();
  Status status = output.Finish();
  double write_cpu_ms = CpuMs() - write_cpu_start;
  auto write_end = std::chrono::steady_clock::now();
  if (!status.ok()) {
    Say(shown, status.message());
    return kExitError;
  }
  const WriteReport& written = output.report();
  if (const char* debug = std::getenv("KITTYLOG_MERGE_STATS"); debug != nullptr && *debug != '\0') {
    const MergeStats& stats = result.stats;
    auto ms = [](auto from, auto to) { return std::chrono::duration<double, std::milli>(to - from).count(); };
    double cpu_ms = CpuMs();
    Say(shown, fmt::format("stats: fast_path={} prefix_bytes={} prefix_lines={} parsed_lines={} events_out={} "
                           "non_events_out={} write={} first_difference={} result_bytes={} written_bytes={}{}{}{} "
                           "wall: open_ms={:.1f} merge_ms={:.1f} write_ms={:.1f} "
                           "cpu: prefix_ms={:.1f} parse_ms={:.1f} resolve_ms={:.1f} emit_ms={:.1f} write_ms={:.1f} "
                           "total_ms={:.1f}",
                           stats.fast_path, stats.prefix_bytes, stats.prefix_lines, stats.parsed_lines,
                           stats.events_out, stats.non_events_out, StrategyName(written.strategy),
                           written.first_difference, written.result_size, written.bytes_written,
                           written.why_replaced.empty() ? "" : " because=\"", written.why_replaced,
                           written.why_replaced.empty() ? "" : "\"",
                           ms(start, merge_start), ms(merge_start, merge_end), ms(merge_end, write_end),
                           stats.prefix_ms, stats.parse_ms, stats.resolve_ms, stats.emit_ms, write_cpu_ms, cpu_ms));
  }
  size_t conflicts = 0;
  for (size_t i = 0; i < result.report.size(); ++i) {
    const ReportEntry& entry = result.report[i];
    if (entry.severity == ReportEntry::Severity::kConflict) ++conflicts;
    if (i < kMaxReportLines) {
      std::string_view label = entry.severity == ReportEntry::Severity::kConflict ? "CONFLICT: "
                               : entry.severity == ReportEntry::Severity::kWarning ? "warning: "
                                                                                   : "";
      Say(shown, fmt::format("{}{}", label, entry.Format()));
    }
  }
  if (result.report.size() > kMaxReportLines) {
    Say(shown, fmt::format("... and {} more findings", result.report.size() - kMaxReportLines));
  }
  if (conflicts > 0) {
    Say(shown, fmt::format("{} conflicting event{}: the best result is written; check it and commit", conflicts,
                           conflicts == 1 ? "" : "s"));
    return kExitConflict;
  }
  return kExitClean;
}

}  // namespace
}  // namespace kittylog::merge

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stderr must not kill the merge (never a signal)
  static char report_buffer[1 << 16];  // the report leaves in a few writes, not one per line
  std::setvbuf(stderr, report_buffer, _IOFBF, sizeof report_buffer);
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return kittylog::merge::Run(args);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kittylog-merge: %s (nothing written)\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "kittylog-merge: unexpected failure (nothing written)\n");
  }
  return 2;
}
