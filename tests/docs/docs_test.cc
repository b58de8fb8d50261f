// The docs cannot drift: every command transcript in README.md and docs/*.md runs for real and
// its output is compared with the page (docs/doctest.md says how a page marks them).
//
//   ctest --test-dir build -R kl_docs_test --output-on-failure
//
// One test per scenario, `DocsTranscripts/Transcript.MatchesThePage/<page>_<scenario>`; a
// mismatch prints the command, the page's output and the real one (both canonical: ids, hashes,
// times, dates, pids and paths normalised).
//
// Update mode: KITTYLOG_DOCS_UPDATE=1 rewrites the pages in the source tree from the real output
// instead of failing (only the outputs that differ; everything else byte for byte), e.g. after a
// change of wording:
//
//   KITTYLOG_DOCS_UPDATE=1 ctest --test-dir build -R kl_docs_test
//   git diff README.md docs/      # review, then commit
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "tests/docs/scenario_runner.h"
#include "tests/support/test_support.h"

namespace kittylog::doctest {
namespace {

struct PageScenario {
  std::string page;  // relative to the source root
  std::string name;
};

void PrintTo(const PageScenario& scenario, std::ostream* out) { *out << scenario.page << ", scenario " << scenario.name; }

// README.md and every Markdown page under docs/, in name order.
std::vector<std::string> Pages() {
  std::vector<std::string> pages = {"README.md"};
  std::vector<std::string> docs;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(KITTYLOG_SOURCE_DIR) + "/docs")) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") {
      docs.push_back(std::filesystem::relative(entry.path(), KITTYLOG_SOURCE_DIR).string());
    }
  }
  std::sort(docs.begin(), docs.end());
  pages.insert(pages.end(), docs.begin(), docs.end());
  return pages;
}

std::string ReadPage(const std::string& page) {
  return testing::ReadFileOrEmpty(std::string(KITTYLOG_SOURCE_DIR) + "/" + page);
}

std::vector<PageScenario> AllScenarios() {
  std::vector<PageScenario> all;
  for (const std::string& page : Pages()) {
    for (const Scenario& scenario : ParsePage(page, ReadPage(page)).scenarios) all.push_back({page, scenario.name});
  }
  return all;
}

RunnerOptions Binaries() {
  RunnerOptions options;
  options.kittylog = KITTYLOG_BINARY;
  options.kittylog_merge = KITTYLOG_MERGE_BINARY;
  return options;
}

bool UpdateMode() {
  const char* value = std::getenv("KITTYLOG_DOCS_UPDATE");
  return value != nullptr && std::string(value) == "1";
}

// Rewrites `page` in the source tree under an flock on it (scenarios of one page may run in
// parallel, each rewriting its own outputs).
void UpdatePage(const std::string& page, const std::string& name, const std::vector<std::string>& actual) {
  const std::string path = std::string(KITTYLOG_SOURCE_DIR) + "/" + page;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << path;
  ::flock(fd, LOCK_EX);
  std::string text = testing::ReadFileOrEmpty(path);
  size_t replaced = 0;
  std::string rewritten = RewritePage(page, text, name, actual, &replaced);
  if (rewritten != text) testing::WriteFile(path, rewritten);
  ::flock(fd, LOCK_UN);
  ::close(fd);
  std::printf("KITTYLOG_DOCS_UPDATE: %s: scenario %s: %zu output(s) rewritten\n", page.c_str(), name.c_str(), replaced);
}

class Transcript : public ::testing::TestWithParam<PageScenario> {};

TEST_P(Transcript, MatchesThePage) {
  const PageScenario& wanted = GetParam();
  ParsedPage parsed = ParsePage(wanted.page, ReadPage(wanted.page));
  auto it = std::find_if(parsed.scenarios.begin(), parsed.scenarios.end(),
                         [&](const Scenario& s) { return s.name == wanted.name; });
  ASSERT_NE(it, parsed.scenarios.end()) << wanted.page << ": scenario " << wanted.name << " is gone";
  const Scenario& scenario = *it;

  ScenarioRun run = RunScenario(scenario, Binaries());
  EXPECT_EQ(run.error, "");
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    const Step& step = scenario.steps[i];
    if (!step.compare && run.steps[i].ran) {
      EXPECT_EQ(run.steps[i].exit_code, 0) << scenario.page << ":" << step.page_line << ": `" << step.command
                                           << "` (a setup step) failed:\n" << run.steps[i].output;
    }
  }
  if (UpdateMode()) {
    UpdatePage(scenario.page, scenario.name, run.outputs());
    return;
  }
  for (const Mismatch& mismatch : Compare(scenario, run.outputs())) {
    ADD_FAILURE() << "the page does not match the tool (KITTYLOG_DOCS_UPDATE=1 rewrites it):\n"
                  << mismatch.Describe(scenario);
  }
}

std::string TestName(const ::testing::TestParamInfo<PageScenario>& info) {
  std::string name = info.param.page + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(DocsTranscripts, Transcript, ::testing::ValuesIn(AllScenarios()), TestName);

// Every console transcript of every page is marked (run, or skipped with a reason), and every
// marker is well-formed.
TEST(DocsLint, EveryTranscriptIsMarked) {
  size_t scenarios = 0;
  for (const std::string& page : Pages()) {
    ParsedPage parsed = ParsePage(page, ReadPage(page));
    scenarios += parsed.scenarios.size();
    for (const std::string& problem : parsed.problems) ADD_FAILURE() << problem;
  }
  EXPECT_GE(scenarios, 5u);
}

// A reader of the repository alone can follow every reference: relative Markdown links in the
// pages, `docs/X.md` named anywhere in the pages or the code, and every "DESIGN §N" (summarised
// section by section in docs/design.md).
TEST(DocsLint, EveryReferenceResolves) {
  namespace fs = std::filesystem;
  const fs::path root = KITTYLOG_SOURCE_DIR;
  const std::string design = ReadPage("docs/design.md");
  static const std::regex kLink(R"(\]\(([^)#\s]+)(#[^)]*)?\))");
  static const std::regex kDocsPath(R"(docs/[A-Za-z0-9_./-]+\.md)");
  static const std::regex kDesign(R"(DESIGN §(\d+))");
  auto check_text = [&](const std::string& where, const std::string& text, bool markdown) {
    if (markdown) {
      for (std::sregex_iterator it(text.begin(), text.end(), kLink), end; it != end; ++it) {
        std::string target = (*it)[1];
        if (target.find("://") != std::string::npos || target.starts_with("mailto:")) continue;
        fs::path resolved = (root / where).parent_path() / target;
        EXPECT_TRUE(fs::exists(resolved)) << where << ": link to " << target << " leads nowhere";
      }
    }
    for (std::sregex_iterator it(text.begin(), text.end(), kDocsPath), end; it != end; ++it) {
      EXPECT_TRUE(fs::exists(root / it->str())) << where << ": names " << it->str() << ", which does not exist";
    }
    for (std::sregex_iterator it(text.begin(), text.end(), kDesign), end; it != end; ++it) {
      EXPECT_NE(design.find("## §" + (*it)[1].str() + " "), std::string::npos)
          << where << ": cites DESIGN §" << (*it)[1] << ", which docs/design.md does not summarise";
    }
  };
  for (const std::string& page : Pages()) check_text(page, ReadPage(page), true);
  size_t files = 0;
  for (const char* dir : {"src", "mergedriver", "tests", "bench", "fuzz", "install"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      std::string relative = fs::relative(entry.path(), root).string();
      if (!entry.is_regular_file() || relative.starts_with("tests/docs/")) continue;  // its own test data
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc" && ext != ".sh" && ext != ".txt" && ext != ".py") continue;
      check_text(relative, testing::ReadFileOrEmpty(entry.path().string()), false);
      ++files;
    }
  }
  EXPECT_GT(files, 100u);
}

// The comparison really fails on a changed transcript: the README's scenario is run once, and
// its page with one output line changed reports exactly that command, on top of whatever the
// unchanged page reports.
TEST(DocsLint, MutatedTranscriptFails) {
  ParsedPage parsed = ParsePage("README.md", ReadPage("README.md"));
  ASSERT_FALSE(parsed.scenarios.empty()) << "README.md has no doctest scenario";
  const Scenario& original = parsed.scenarios.front();
  Scenario mutated = original;
  size_t changed = mutated.steps.size();
  for (size_t i = 0; i < mutated.steps.size() && changed == mutated.steps.size(); ++i) {
    if (mutated.steps[i].compare) {
      mutated.steps[i].expected.insert(0, "a line the tool never prints\n");
      changed = i;
    }
  }
  ASSERT_LT(changed, mutated.steps.size());
  ScenarioRun run = RunScenario(original, Binaries());
  ASSERT_EQ(run.error, "");
  auto steps = [](const std::vector<Mismatch>& mismatches) {
    std::vector<size_t> indices;
    for (const Mismatch& mismatch : mismatches) indices.push_back(mismatch.step);
    return indices;
  };
  std::vector<size_t> before = steps(Compare(original, run.outputs()));
  std::vector<Mismatch> after = Compare(mutated, run.outputs());
  EXPECT_EQ(std::count(before.begin(), before.end(), changed), 0);
  std::vector<size_t> expected = before;
  expected.push_back(changed);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(steps(after), expected);
  for (const Mismatch& mismatch : after) {
    if (mismatch.step == changed) {
      EXPECT_NE(mismatch.Describe(mutated).find("a line the tool never prints"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace kittylog::doctest
