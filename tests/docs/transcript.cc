#include "tests/docs/transcript.h"

#include <algorithm>
#include <optional>
#include <regex>

namespace kittylog::doctest {
namespace {

constexpr std::string_view kMarker = "<!-- doctest:";

std::vector<std::string_view> SplitPageLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

struct Marker {
  std::string name;  // empty for skip
  bool skip = false;
  bool clocks = false;
  std::string problem;
};

// The words between "<!-- doctest:" and "-->".
Marker ParseMarker(std::string_view body) {
  Marker marker;
  std::vector<std::string> words = Words(Trim(body));
  if (words.empty()) {
    marker.problem = "doctest marker without a scenario name";
    return marker;
  }
  if (words[0] == "skip") {
    marker.skip = true;
    if (words.size() < 2) marker.problem = "`doctest: skip` needs a reason";
    return marker;
  }
  marker.name = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    if (words[i] == "clocks") {
      marker.clocks = true;
    } else {
      marker.problem = "unknown doctest option `" + words[i] + "` (known: clocks)";
    }
  }
  return marker;
}

// A fence opening line: its fence characters and its info string's first word.
std::optional<std::pair<std::string, std::string>> FenceOpening(std::string_view line) {
  line = Trim(line);
  if (!line.starts_with("```") && !line.starts_with("~~~")) return std::nullopt;
  size_t n = line.find_first_not_of(line[0]);
  if (n == std::string_view::npos) n = line.size();
  std::vector<std::string> words = Words(line.substr(n));
  return std::make_pair(std::string(line.substr(0, n)), words.empty() ? std::string() : words[0]);
}

bool IsFenceClose(std::string_view line, const std::string& fence) {
  line = Trim(line);
  return line.starts_with(fence) && line.find_first_not_of(fence[0]) == std::string_view::npos;
}

bool IsShellInfo(const std::string& info) { return info == "sh" || info == "bash" || info == "shell"; }

// Silent steps from shell lines (a trailing backslash joins the next line; blank lines and
// comments are skipped).
void AddSilentSteps(Scenario& scenario, const std::vector<std::string_view>& lines, size_t begin, size_t end) {
  std::string pending;
  size_t pending_line = 0;
  for (size_t i = begin; i < end; ++i) {
    std::string_view line = Trim(lines[i]);
    if (pending.empty() && (line.empty() || line.starts_with('#'))) continue;
    if (pending.empty()) pending_line = i + 1;
    bool continued = line.ends_with('\\');  // bash reads the backslash-newline itself
    pending += std::string(pending.empty() ? line : lines[i]) + (continued ? "\n" : "");
    if (!continued) {
      scenario.steps.push_back(Step{false, pending, "", pending_line, 0, 0});
      pending.clear();
    }
  }
  if (!pending.empty()) scenario.steps.push_back(Step{false, pending, "", pending_line, 0, 0});
}

// Compare steps from the lines of a console block; false (with a problem) on a malformed block.
bool AddConsoleSteps(Scenario& scenario, const std::vector<std::string_view>& lines, size_t begin, size_t end,
                     std::string& problem) {
  Step* current = nullptr;
  for (size_t i = begin; i < end; ++i) {
    std::string_view line = lines[i];
    if (line.starts_with("$ ") || line == "$") {
      scenario.steps.push_back(Step{true, std::string(line.substr(std::min<size_t>(2, line.size()))), "", i + 1, i + 1,
                                    i + 1});
      current = &scenario.steps.back();
      continue;
    }
    if (current == nullptr) {
      problem = "output before the first `$ ` command";
      return false;
    }
    if (current->expected.empty() && current->output_begin == i && line.starts_with("> ")) {
      current->command += "\n" + std::string(line.substr(2));
      current->output_begin = current->output_end = i + 1;
      continue;
    }
    current->expected += std::string(line) + "\n";
    current->output_end = i + 1;
  }
  if (current == nullptr) {
    problem = "console block without a `$ ` command";
    return false;
  }
  return true;
}

Scenario& ScenarioNamed(ParsedPage& parsed, const std::string& page, const std::string& name) {
  for (Scenario& scenario : parsed.scenarios) {
    if (scenario.name == name) return scenario;
  }
  parsed.scenarios.push_back(Scenario{page, name, false, {}});
  return parsed.scenarios.back();
}

bool HasCommandLine(const std::vector<std::string_view>& lines, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (lines[i].starts_with("$ ")) return true;
  }
  return false;
}

}  // namespace

size_t Scenario::compared_steps() const {
  return static_cast<size_t>(std::count_if(steps.begin(), steps.end(), [](const Step& step) { return step.compare; }));
}

ParsedPage ParsePage(const std::string& page, std::string_view text) {
  ParsedPage parsed;
  std::vector<std::string_view> lines = SplitPageLines(text);
  auto problem = [&](size_t index, const std::string& what) {
    parsed.problems.push_back(page + ":" + std::to_string(index + 1) + ": " + what);
  };
  std::optional<Marker> pending;
  size_t pending_index = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = Trim(lines[i]);
    if (line.starts_with(kMarker)) {
      std::string_view body = line.substr(kMarker.size());
      if (pending) problem(pending_index, "doctest marker not followed by a fenced block");
      pending.reset();
      size_t close = body.find("-->");
      if (close != std::string_view::npos) {  // one line: marks the next fenced block
        Marker marker = ParseMarker(body.substr(0, close));
        if (!marker.problem.empty()) problem(i, marker.problem);
        pending = marker;
        pending_index = i;
        continue;
      }
      Marker marker = ParseMarker(body);  // hidden setup, up to "-->"
      if (!marker.problem.empty() || marker.skip) {
        problem(i, marker.skip ? "hidden setup cannot be `skip`" : marker.problem);
      }
      size_t end = i + 1;
      while (end < lines.size() && Trim(lines[end]) != "-->") ++end;
      if (end == lines.size()) {
        problem(i, "hidden doctest setup without a closing `-->` line");
        break;
      }
      if (marker.problem.empty() && !marker.skip) {
        Scenario& scenario = ScenarioNamed(parsed, page, marker.name);
        scenario.normalise_clocks |= marker.clocks;
        AddSilentSteps(scenario, lines, i + 1, end);
      }
      i = end;
      continue;
    }
    std::optional<std::pair<std::string, std::string>> fence = FenceOpening(line);
    if (!fence) {
      if (pending && !line.empty()) {
        problem(pending_index, "doctest marker not followed by a fenced block");
        pending.reset();
      }
      continue;
    }
    size_t end = i + 1;
    while (end < lines.size() && !IsFenceClose(lines[end], fence->first)) {
      // A line that starts like the closing fence but goes on does not close the block: in a
      // page that is nearly always an edit gone wrong, which would swallow the text below.
      if (Trim(lines[end]).starts_with(fence->first)) problem(end, "a fence with text after it inside a fenced block");
      ++end;
    }
    if (end == lines.size()) problem(i, "fenced block never closed");
    const std::string& info = fence->second;
    if (!pending) {
      if (info == "console" && HasCommandLine(lines, i + 1, end)) {
        problem(i, "console transcript without a doctest marker (<!-- doctest: NAME --> or <!-- doctest: skip REASON -->)");
      }
    } else if (!pending->skip && pending->problem.empty()) {
      if (info != "console" && !IsShellInfo(info)) {
        problem(i, "a doctest block must be ```console or ```sh, not ```" + info);
      } else {
        Scenario& scenario = ScenarioNamed(parsed, page, pending->name);
        scenario.normalise_clocks |= pending->clocks;
        std::string block_problem;
        if (IsShellInfo(info)) {
          AddSilentSteps(scenario, lines, i + 1, end);
        } else if (!AddConsoleSteps(scenario, lines, i + 1, end, block_problem)) {
          problem(i, block_problem);
        }
      }
    }
    pending.reset();
    i = end;
  }
  if (pending) problem(pending_index, "doctest marker not followed by a fenced block");
  for (const Scenario& scenario : parsed.scenarios) {
    if (scenario.compared_steps() == 0) {
      parsed.problems.push_back(page + ": scenario `" + scenario.name + "` compares no output (no console block)");
    }
  }
  return parsed;
}

void PathMap::Add(std::string from, std::string to) {
  if (from.empty()) return;
  replacements_.emplace_back(std::move(from), std::move(to));
  std::stable_sort(replacements_.begin(), replacements_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string PathMap::Apply(std::string_view text) const {
  std::string out(text);
  for (const auto& [from, to] : replacements_) {
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

std::string TrimOutput(std::string_view text) {
  std::string out;
  for (std::string_view line : SplitPageLines(text)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    out += std::string(line) + "\n";
  }
  while (out.ends_with("\n\n")) out.pop_back();
  if (out == "\n") out.clear();
  return out;
}

std::string Canonicaliser::Number(const std::string& token, std::map<std::string, size_t>& seen, std::string_view kind) {
  auto [it, inserted] = seen.try_emplace(token, seen.size() + 1);
  return "<" + std::string(kind) + " " + std::to_string(it->second) + ">";
}

std::string Canonicaliser::operator()(std::string_view input) {
  static const std::regex kUlid(R"(\b[0-7][0-9A-HJKMNP-TV-Z]{25}\b)");
  static const std::regex kHash(R"(\b[0-9a-f]{7,40}\b)");
  // Fixed replacements, in this order: times before dates before hex (a date's digits are not ids).
  static const std::vector<std::pair<std::regex, std::string>> kFixed = {
      {std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:?\d{2}:?\d{2}(\.\d+)?Z)"), "<time>"},
      {std::regex(R"(\b\d{8}T\d{6}Z)"), "<time>"},
      {std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?)"), "<time>"},
      {std::regex(R"(\d{4}-\d{2}-\d{2})"), "<date>"},
      {std::regex(R"(\bpid \d+)"), "pid <n>"},
      {std::regex(R"((kittylog-[a-z]+-)[A-Za-z0-9]{6}\b)"), "$1XXXXXX"},
  };
  static const std::vector<std::pair<std::regex, std::string>> kClocks = {
      {std::regex(R"(\bclocks \d+\.\.\d+)"), "clocks <n>..<n>"},
      {std::regex(R"(\bclock \d+)"), "clock <n>"},
      {std::regex(R"("lamport_clock":\d+)"), "\"lamport_clock\":<n>"},
  };
  auto numbered = [this](const std::string& text, const std::regex& pattern, std::map<std::string, size_t>& seen,
                         std::string_view kind) {
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
      out.append(last, (*it)[0].first);
      out += Number(it->str(), seen, kind);
      last = (*it)[0].second;
    }
    out.append(last, text.cend());
    return out;
  };
  std::string text = TrimOutput(input);
  text = numbered(text, kUlid, ids_, "id");
  for (const auto& [pattern, replacement] : kFixed) text = std::regex_replace(text, pattern, replacement);
  text = numbered(text, kHash, hashes_, "hash");
  if (normalise_clocks_) {
    for (const auto& [pattern, replacement] : kClocks) text = std::regex_replace(text, pattern, replacement);
  }
  return text;
}

std::string Mismatch::Describe(const Scenario& scenario) const {
  const Step& s = scenario.steps[step];
  std::string out = scenario.page + ":" + std::to_string(s.page_line) + ": $ " + s.command + "\n";
  out += "--- the page shows (canonical):\n";
  for (std::string_view line : SplitPageLines(expected)) out += "  | " + std::string(line) + "\n";
  out += "+++ the command printed (canonical):\n";
  for (std::string_view line : SplitPageLines(actual)) out += "  | " + std::string(line) + "\n";
  return out;
}

std::vector<Mismatch> Compare(const Scenario& scenario, const std::vector<std::string>& actual) {
  Canonicaliser page_side(scenario.normalise_clocks), actual_side(scenario.normalise_clocks);
  std::vector<Mismatch> mismatches;
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    const Step& step = scenario.steps[i];
    if (!step.compare) continue;
    std::string expected = page_side(step.expected);
    std::string got = actual_side(i < actual.size() ? actual[i] : std::string());
    if (expected != got) mismatches.push_back(Mismatch{i, expected, got});
  }
  return mismatches;
}

std::string RewritePage(const std::string& page, std::string_view text, const std::string& name,
                        const std::vector<std::string>& actual, size_t* replaced) {
  if (replaced != nullptr) *replaced = 0;
  ParsedPage parsed = ParsePage(page, text);
  const Scenario* scenario = nullptr;
  for (const Scenario& candidate : parsed.scenarios) {
    if (candidate.name == name) scenario = &candidate;
  }
  if (scenario == nullptr) return std::string(text);
  std::vector<std::string_view> lines = SplitPageLines(text);
  std::vector<Mismatch> mismatches = Compare(*scenario, actual);
  // From the bottom up, so the line indices of the steps above stay valid.
  std::map<size_t, std::pair<size_t, std::string>> edits;  // begin -> (end, new lines)
  for (const Mismatch& mismatch : mismatches) {
    const Step& step = scenario->steps[mismatch.step];
    size_t end = step.output_end;
    while (end > step.output_begin && Trim(lines[end - 1]).empty()) --end;  // keep the separating blank lines
    edits[step.output_begin] = {end, TrimOutput(actual[mismatch.step])};
  }
  std::string out;
  for (size_t i = 0; i < lines.size();) {
    auto edit = edits.find(i);
    if (edit != edits.end()) {
      out += edit->second.second;
      if (edit->second.first == i) {  // an insertion: the line at i is kept
        out += std::string(lines[i]) + "\n";
        ++i;
      } else {
        i = edit->second.first;
      }
      continue;
    }
    out += std::string(lines[i]) + "\n";
    ++i;
  }
  if (!text.ends_with('\n') && out.ends_with('\n')) out.pop_back();
  if (replaced != nullptr) *replaced = mismatches.size();
  return out;
}

}  // namespace kittylog::doctest
