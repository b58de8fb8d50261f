// Command transcripts in Markdown pages, as the docs test reads, compares and rewrites them
// (tests/docs/docs_test.cc; for writers of pages: docs/doctest.md).
//
// A page marks what the test runs with HTML comments, which Markdown renders as nothing:
//
//   <!-- doctest: NAME -->             the next fenced block belongs to scenario NAME
//   <!-- doctest: NAME clocks -->      ... and `clock N` compares as `clock <n>` in it
//   <!-- doctest: NAME                 a comment spanning lines is hidden setup: each line up to
//   git init -q -b main app && cd app   `-->` is a shell command of scenario NAME, run without
//   -->                                 showing or comparing its output (it must exit 0)
//   <!-- doctest: skip REASON -->      the next fenced block is a transcript deliberately not run
//
// A marked ```console block holds commands (`$ cmd`; a line starting `> ` continues the command
// above) each followed by its expected output, up to the next command. A marked ```sh block
// holds commands only: each line is run (a trailing `\` joins the next) and must exit 0. The
// steps of one scenario run in page order in one shell, so `cd` and `export` carry over.
//
// Outputs are compared after canonicalisation (Canonicaliser): trailing blanks of each line and
// trailing blank lines dropped; ULIDs and git object ids numbered by first appearance in the
// scenario (so the same event must be named the same everywhere); timestamps, dates and pids
// replaced by placeholders. Paths of the scratch directory and the build tree are mapped before
// (PathMap) so the page shows `~/app` and `/usr/local/bin/kittylog`, never a temp path.
//
// Everything here is pure (text in, text out) and unit-tested in transcript_test.cc.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kittylog::doctest {

struct Step {
  bool compare = false;      // a console command (output compared), else a silent command
  std::string command;       // shell text; continuation lines joined with "\n"
  std::string expected;      // compare: the page's output, "\n"-terminated lines
  size_t page_line = 0;      // 1-based line of the command in the page, for messages
  size_t output_begin = 0;   // compare: 0-based page line index of the first output line
  size_t output_end = 0;     // one past the last
};

struct Scenario {
  std::string page;  // e.g. "docs/workflow.md"
  std::string name;
  bool normalise_clocks = false;
  std::vector<Step> steps;
  size_t compared_steps() const;
};

struct ParsedPage {
  std::vector<Scenario> scenarios;   // in order of first appearance
  std::vector<std::string> problems; // "docs/x.md:12: console block without a doctest marker"
};

ParsedPage ParsePage(const std::string& page, std::string_view text);

// Replaces each `from` with its `to`, longest `from` first (actual paths -> what the page shows).
class PathMap {
 public:
  void Add(std::string from, std::string to);
  std::string Apply(std::string_view text) const;

 private:
  std::vector<std::pair<std::string, std::string>> replacements_;
};

// Canonical text for comparison. One instance per side (page, actual) per scenario: ids are
// numbered in order of first appearance across every call.
class Canonicaliser {
 public:
  explicit Canonicaliser(bool normalise_clocks) : normalise_clocks_(normalise_clocks) {}
  std::string operator()(std::string_view text);

 private:
  std::string Number(const std::string& token, std::map<std::string, size_t>& seen, std::string_view kind);
  bool normalise_clocks_;
  std::map<std::string, size_t> ids_;
  std::map<std::string, size_t> hashes_;
};

// Trailing blanks of each line and trailing blank lines removed; "" stays "".
std::string TrimOutput(std::string_view text);

struct Mismatch {
  size_t step = 0;  // index into scenario.steps
  std::string expected;  // canonical
  std::string actual;    // canonical
  std::string Describe(const Scenario& scenario) const;  // "docs/x.md:12: $ cmd\n--- page\n...+++ actual\n..."
};

// Compares each compare step's expected output with `actual[i]` (already PathMap-applied).
// `actual` has one entry per step (silent steps' entries are ignored).
std::vector<Mismatch> Compare(const Scenario& scenario, const std::vector<std::string>& actual);

// The page `text` with the outputs of the mismatched steps of scenario `name` replaced by the
// actual ones (trimmed); everything else byte for byte. The scenario is found again in `text`,
// so the page may have changed since it was parsed (another scenario rewritten meanwhile).
// Returns the number of outputs replaced through `replaced`.
std::string RewritePage(const std::string& page, std::string_view text, const std::string& name,
                        const std::vector<std::string>& actual, size_t* replaced);

}  // namespace kittylog::doctest
