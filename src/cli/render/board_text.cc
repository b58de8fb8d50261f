// `status`'s kanban board on a terminal (cli/render/workflow_text.h).
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"

namespace kittylog::cli {
namespace {

constexpr size_t kMinColumn = 12;
constexpr size_t kMaxColumn = 34;
constexpr size_t kBarWidth = 20;
constexpr std::string_view kGap = "  ";

// At most `width` columns of `text` (display width: a CJK character takes two), cut between
// characters, "..." when cut; a wide character that does not fit leaves a space instead.
std::string Fit(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  size_t keep = width > 3 ? width - 3 : 0;
  TextPrefix prefix = PrefixWithin(text, keep);
  return std::string(text.substr(0, prefix.bytes)) + std::string(keep - prefix.columns, ' ') +
         std::string("...").substr(0, width - keep);
}

std::string Pad(std::string_view text, size_t width) {
  size_t shown = DisplayWidth(text);
  return std::string(text) + std::string(width > shown ? width - shown : 0, ' ');
}

std::string JoinEscaped(const std::vector<std::string>& values, std::string_view separator) {
  std::string joined;
  for (const std::string& value : values) {
    if (!joined.empty()) joined += separator;
    joined += EscapeForTerminal(value);
  }
  return joined;
}

// One card line: text plus the colour to show it in.
struct CardLine {
  std::string text;
  std::string colour;
};

std::string ProgressLine(size_t done, size_t total, bool colour) {
  size_t filled = total == 0 ? 0 : done * kBarWidth / total;
  size_t percent = total == 0 ? 0 : done * 100 / total;
  std::string bar;
  for (size_t i = 0; i < kBarWidth; ++i) bar += i < filled ? (colour ? "█" : "#") : (colour ? "░" : "-");
  return fmt::format("  progress: {}/{} done  [{}]  {}%", done, total, Colour(bar, "32", colour), percent);
}

void RenderFeature(const FeatureState& feature, const BoardGuards& guards, const BoardStyle& style, std::string& out) {
  std::string title = feature.created ? EscapeForTerminal(feature.title) : "(no SpecCreated in the log)";
  out += Colour(EscapeForTerminal(feature.slug), "1", style.colour) + "  " + title;
  if (!feature.tags.empty()) out += "  [" + JoinEscaped(feature.tags, ", ") + "]";
  out += "\n";

  const size_t done = DoneCount(feature);
  const std::vector<const BoardColumn*> shown = ShownColumns(feature);
  // Lanes the lifecycle does not know (written through `emit` by another tool) get a column too.
  std::vector<std::string> extra_lanes;
  for (const WorkPackageState& wp : feature.work_packages) {
    bool known = std::any_of(kBoardColumns.begin(), kBoardColumns.end(),
                             [&](const BoardColumn& c) { return c.lane == wp.lane; });
    if (!known && std::find(extra_lanes.begin(), extra_lanes.end(), wp.lane) == extra_lanes.end()) {
      extra_lanes.push_back(wp.lane);
    }
  }

  struct Lane {
    std::string heading;
    std::string colour;
    std::vector<CardLine> lines;
    size_t width = kMinColumn;
  };
  std::vector<Lane> lanes;
  auto fill = [&](std::string_view lane_name, std::string heading, std::string colour) {
    Lane lane;
    lane.colour = std::move(colour);
    size_t count = 0;
    for (const WorkPackageState& wp : feature.work_packages) {
      if (wp.lane != lane_name) continue;
      ++count;
      std::string card = EscapeForTerminal(wp.id);
      if (!wp.title.empty()) card += " " + EscapeForTerminal(wp.title);
      lane.lines.push_back({card, lane.colour});
      if (!wp.tags.empty()) lane.lines.push_back({"  [" + JoinEscaped(wp.tags, ", ") + "]", "2"});
      for (std::string& mark : CardMarks(guards, wp)) lane.lines.push_back({"  " + std::move(mark), "31"});
    }
    lane.heading = fmt::format("{} ({})", heading, count);
    lane.width = std::max(kMinColumn, DisplayWidth(lane.heading));
    for (const CardLine& line : lane.lines) lane.width = std::max(lane.width, std::min(kMaxColumn, DisplayWidth(line.text)));
    lanes.push_back(std::move(lane));
  };
  for (const BoardColumn* column : shown) fill(column->lane, std::string(column->heading), std::string(column->colour));
  for (const std::string& lane : extra_lanes) fill(lane, EscapeForTerminal(lane), "35");

  // Narrow the widest columns until the board fits the terminal.
  if (style.width > 0) {
    auto total = [&] {
      size_t sum = kGap.size();
      for (const Lane& lane : lanes) sum += lane.width + kGap.size();
      return sum;
    };
    while (total() > static_cast<size_t>(style.width)) {
      auto widest = std::max_element(lanes.begin(), lanes.end(),
                                     [](const Lane& a, const Lane& b) { return a.width < b.width; });
      if (widest->width <= kMinColumn) break;
      --widest->width;
    }
  }

  std::string heading_row = std::string(kGap), rule_row = std::string(kGap);
  for (const Lane& lane : lanes) {
    heading_row += Colour(Pad(Fit(lane.heading, lane.width), lane.width), "1", style.colour) + std::string(kGap);
    rule_row += std::string(lane.width, '-') + std::string(kGap);
  }
  auto trim = [](std::string row) {
    while (!row.empty() && row.back() == ' ') row.pop_back();
    return row;
  };
  out += trim(heading_row) + "\n" + trim(rule_row) + "\n";
  size_t rows = 0;
  for (const Lane& lane : lanes) rows = std::max(rows, lane.lines.size());
  for (size_t row = 0; row < rows; ++row) {
    std::string line = std::string(kGap);
    for (const Lane& lane : lanes) {
      if (row < lane.lines.size()) {
        const CardLine& card = lane.lines[row];
        line += Colour(Pad(Fit(card.text, lane.width), lane.width), card.colour, style.colour && !card.colour.empty());
      } else {
        line += std::string(lane.width, ' ');
      }
      line += kGap;
    }
    out += trim(line) + "\n";
  }
  out += ProgressLine(done, feature.work_packages.size(), style.colour) + "\n";
}

}  // namespace

std::vector<std::string> CardMarks(const BoardGuards& guards, const WorkPackageState& wp) {
  std::vector<std::string> marks;
  if (wp.lane == "planned") {
    // The ids only: the card is narrow, and each dependency's lane is on the board.
    std::string blocked;
    for (const DependencyState& dependency : CheckDependencies(guards.board, wp).incomplete) {
      blocked += (blocked.empty() ? "" : ", ") + EscapeForTerminal(dependency.id);
    }
    if (!blocked.empty()) marks.push_back("blocked by " + blocked);
  }
  for (const GateState& gate : GatesOf(guards.gates, wp)) {
    if (gate.status == "failed") {
      marks.push_back(fmt::format("gate {} failed", EscapeForTerminal(gate.gate_id)));
    }
  }
  return marks;
}

std::string RenderBoardText(const BoardState& board, const BoardStyle& style) {
  std::string out;
  if (board.features.empty()) {
    out += "No features yet: the board is empty.\n"
           "Start one with `kittylog spec create 001-my-feature --title \"My feature\"`.\n";
  }
  const BoardGuards guards(board);
  for (size_t i = 0; i < board.features.size(); ++i) {
    if (i > 0) out += "\n";
    RenderFeature(board.features[i], guards, style, out);
  }
  out += RenderBoardWarnings(board, guards, style.colour);
  return out;
}

int TerminalWidth() {
  if (::isatty(STDOUT_FILENO) != 1) return 0;
  struct winsize size {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col;
}

}  // namespace kittylog::cli
