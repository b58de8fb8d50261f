// WalkCommits lists what `git rev-list` lists (history_walk.h): random DAGs built with the real
// git (fast-import), every commit at one committer time (scripted commits) or at times that never
// run backwards from a commit to its parent, compared with `git rev-list` on `A..B`, `A...B` and
// tips with several hidden commits (the hooks' remembered HEADs). Fixed seed, bounded count.
#include "git/history_walk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "tests/support/test_support.h"

namespace kittylog::git {
namespace {

constexpr int64_t kTime = 1796169600;  // 2026-12-02T00:00:00Z

class HistoryWalkTest : public ::testing::Test {
 protected:
  testing::ProcessResult Git(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv = {"git", "-C", repo_};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessOptions options;
    options.stdin_data = input;
    options.env = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"HOME", tmp_.path()}};
    testing::ProcessResult result = testing::Run(argv, options);
    EXPECT_EQ(result.exit_code, 0) << args.front() << ": " << result.err;
    return result;
  }

  // A new repository holding `parents.size()` commits: commit i has the parents parents[i]
  // (indexes below i) and committer time times[i]; branch c<i> names it. Returns the full ids.
  std::vector<std::string> BuildDag(const std::vector<std::vector<int>>& parents, const std::vector<int64_t>& times) {
    repo_ = tmp_ / ("repo" + std::to_string(++repos_));
    std::vector<std::string> init = {"git", "init", "-q", repo_};
    EXPECT_EQ(testing::Run(init).exit_code, 0);
    std::string stream;
    for (size_t i = 0; i < parents.size(); ++i) {
      stream += "commit refs/heads/c" + std::to_string(i) + "\nmark :" + std::to_string(i + 1) +
                "\ncommitter T <t@example.invalid> " + std::to_string(times[i]) + " +0000\ndata " +
                std::to_string(std::to_string(i).size()) + "\n" + std::to_string(i) + "\n";
      for (size_t k = 0; k < parents[i].size(); ++k) {
        stream += (k == 0 ? "from :" : "merge :") + std::to_string(parents[i][k] + 1) + "\n";
      }
      stream += "\n";
    }
    const std::string marks = repo_ + "/marks";
    Git({"fast-import", "--quiet", "--export-marks=" + marks}, stream);
    std::vector<std::string> ids(parents.size());
    for (const std::string& line : testing::SplitLines(testing::ReadFileOrEmpty(marks))) {  // ":<n> <id>"
      size_t mark = std::stoul(line.substr(1, line.find(' ') - 1));
      if (mark >= 1 && mark <= ids.size()) ids[mark - 1] = line.substr(line.find(' ') + 1);
    }
    Result<std::unique_ptr<GitRepository>> opened = GitRepository::Open(repo_);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (opened.ok()) repository_ = std::move(opened).value();
    return ids;
  }

  std::set<std::string> RevList(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"rev-list"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::set<std::string> ids;
    for (const std::string& id : testing::SplitLines(Git(argv).out)) ids.insert(id);
    return ids;
  }

  std::set<std::string> Walked(const CommitRange& range, size_t limit = std::numeric_limits<size_t>::max(),
                               bool* truncated = nullptr) {
    Result<WalkResult> walk = WalkCommits(*repository_, range, limit);
    EXPECT_TRUE(walk.ok()) << walk.status().message();
    std::set<std::string> ids;
    if (!walk.ok()) return ids;
    for (const CommitInfo& commit : walk->commits) ids.insert(commit.id);
    EXPECT_EQ(ids.size(), walk->commits.size()) << "a commit listed twice";
    EXPECT_TRUE(std::is_sorted(walk->commits.begin(), walk->commits.end(),
                               [](const CommitInfo& a, const CommitInfo& b) { return a.time > b.time; }));
    if (truncated != nullptr) *truncated = walk->truncated;
    return ids;
  }

  std::set<std::string> WalkedSpec(const std::string& spec) {
    Result<CommitRange> range = ParseRange(*repository_, spec);
    EXPECT_TRUE(range.ok()) << range.status().message();
    return range.ok() ? Walked(*range) : std::set<std::string>();
  }

  // Random DAGs (mostly chains with branches and merges, a few roots) and ranges on them.
  void CheckRandomDags(std::mt19937& random, bool equal_times) {
    for (int dag = 0; dag < 6; ++dag) {
      const int count = 24 + static_cast<int>(random() % 16);
      std::vector<std::vector<int>> parents(count);
      std::vector<int64_t> times(count, kTime);
      for (int i = 1; i < count; ++i) {
        auto recent = [&] { return std::max(0, i - 1 - static_cast<int>(random() % 6)); };
        if (random() % 12 == 0) continue;  // another root
        parents[i].push_back(recent());
        if (random() % 3 == 0) {
          int other = static_cast<int>(random() % i);
          if (other != parents[i][0]) parents[i].push_back(other);
        }
      }
      for (int i = 0; i < count && !equal_times; ++i) {
        int64_t oldest = kTime - 1000;
        for (int parent : parents[i]) oldest = std::max(oldest, times[parent]);
        times[i] = oldest + static_cast<int64_t>(random() % 3);  // never before a parent, often equal
      }
      std::vector<std::string> ids = BuildDag(parents, times);
      ASSERT_NE(repository_, nullptr);
      for (int pair = 0; pair < 6; ++pair) {
        const std::string a = "c" + std::to_string(random() % count), b = "c" + std::to_string(random() % count);
        SCOPED_TRACE("dag " + std::to_string(dag) + ": " + a + " and " + b);
        EXPECT_EQ(WalkedSpec(a + ".." + b), RevList({a + ".." + b}));
        EXPECT_EQ(WalkedSpec(a + "..." + b), RevList({a + "..." + b}));
        // The hooks' form: HEAD minus several remembered HEADs.
        const int x = static_cast<int>(random() % count), y = static_cast<int>(random() % count);
        CommitRange range{{ids[std::stoi(b.substr(1))]}, {ids[x], ids[y]}};
        std::set<std::string> expected = RevList({b, "^c" + std::to_string(x), "^c" + std::to_string(y)});
        EXPECT_EQ(Walked(range), expected);
        // A bounded walk lists only commits of the range, and all of them when it says so.
        bool truncated = false;
        const size_t limit = 1 + random() % 4;
        std::set<std::string> bounded = Walked(range, limit, &truncated);
        EXPECT_LE(bounded.size(), limit);
        EXPECT_TRUE(std::includes(expected.begin(), expected.end(), bounded.begin(), bounded.end()));
        if (!truncated) {
          EXPECT_EQ(bounded, expected);
        }
        if (expected.size() > limit) {
          EXPECT_TRUE(truncated);
        }
      }
    }
  }

  testing::TempDir tmp_;
  std::string repo_;
  int repos_ = 0;
  std::unique_ptr<GitRepository> repository_;
};

// The shape: two branches off one commit, a long one hidden, a short one listed, all at
// one committer time. The walk must not list the shared history.
TEST_F(HistoryWalkTest, EqualTimesNeverListTheExcludedSidesHistory) {
  std::vector<std::vector<int>> parents = {{}, {0}, {1}};  // c0 <- c1 <- c2: the shared history
  for (int i = 0; i < 30; ++i) parents.push_back({i == 0 ? 2 : static_cast<int>(parents.size()) - 1});  // p: c3..c32
  parents.push_back({2});  // q: c33
  std::vector<std::string> ids = BuildDag(parents, std::vector<int64_t>(parents.size(), kTime));
  ASSERT_NE(repository_, nullptr);
  EXPECT_EQ(WalkedSpec("c32..c33"), std::set<std::string>{ids[33]});
  EXPECT_EQ(WalkedSpec("c33..c32"), RevList({"c33..c32"}));
  EXPECT_EQ(WalkedSpec("c32...c33"), RevList({"c32...c33"}));
}

TEST_F(HistoryWalkTest, AgreesWithGitRevListOnRandomDagsAtOneCommitterTime) {
  std::mt19937 random(20261202);
  CheckRandomDags(random, /*equal_times=*/true);
}

TEST_F(HistoryWalkTest, AgreesWithGitRevListOnRandomDagsWhoseClocksNeverRunBackwards) {
  std::mt19937 random(1796169600);
  CheckRandomDags(random, /*equal_times=*/false);
}

}  // namespace
}  // namespace kittylog::git
