// CheckMerge: see fuzz_checks.h.
#include <vector>

#include <fmt/format.h>

#include "event/event_codec.h"
#include "fuzz/fuzz_checks.h"
#include "fuzz/log_lines.h"
#include "merge/merge.h"

namespace kittylog::fuzz {

std::string CheckMerge(std::string_view data) {
  std::string_view parts[3];
  for (int i = 0; i < 2; ++i) {
    size_t cut = data.find('\xff');
    if (cut == std::string_view::npos) {
      parts[i] = data;
      data = {};
      break;
    }
    parts[i] = data.substr(0, cut);
    data.remove_prefix(cut + 1);
  }
  parts[2] = data;  // empty unless two separators were found
  const std::string_view base = parts[0], ours = parts[1], theirs = parts[2];

  EventDecoder decoder;
  std::vector<std::vector<LineInfo>> inputs = {ClassifyLines(base, decoder), ClassifyLines(ours, decoder),
                                               ClassifyLines(theirs, decoder)};
  merge::MergeResult result = merge::MergeEventLogs(base, ours, theirs);
  if (std::string problem = CheckCanonicalOutput("merge", inputs, result, decoder); !problem.empty()) return problem;

  merge::MergeResult swapped = merge::MergeEventLogs(base, theirs, ours);
  if (swapped.output != result.output) return "merge: output changes when ours and theirs swap";
  if (swapped.status != result.status) return "merge: status changes when ours and theirs swap";

  merge::MergeOptions slow;
  slow.fast_path = false;
  merge::MergeResult full = merge::MergeEventLogs(base, ours, theirs, slow);
  if (full.output != result.output) return "merge: the fast path and the full parse give different bytes";
  if (full.status != result.status) return "merge: the fast path and the full parse give different statuses";

  std::string streamed;
  merge::MergeResult to_sink = merge::MergeEventLogsTo(base, ours, theirs, {}, [&](std::string_view piece) {
    streamed.append(piece);
  });
  if (streamed != result.output) return "merge: the streaming output differs from the returned output";

  merge::MergeResult again = merge::MergeEventLogs(result.output, result.output, result.output);
  if (again.output != result.output) return "merge: merging the output with itself changes it";
  if (again.conflict()) return "merge: merging the output with itself is a conflict";

  for (const merge::ReportEntry& entry : result.report) {
    std::string line = entry.Format();
    if (line.find('\n') != std::string::npos) return "merge: a report entry spans lines";
  }
  return "";
}

}  // namespace kittylog::fuzz
