// `kittylog conflicts --rev` on merges whose two sides share more than one merge base
// (criss-cross): like git's recursive merge and the driver, it takes the base to be all of them
// together (their events are the virtual merge base's), so an event both sides already have is
// never listed as one side's change (DESIGN §6 (b); docs/merge-rules.md).
#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class ConflictsRevTest : public GitTest {
 protected:
  std::string Tag(const std::string& dir, const std::string& tag) {
    KlOk(dir, {"wp", "tag", "WP01", "--feature", kFeature, tag});
    Commit(dir, "tag " + tag);
    return LogEvents(dir).back().event_id;
  }

  static size_t Count(const std::string& text, const std::string& needle) {
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
  }
};

TEST_F(ConflictsRevTest, CrissCrossMergeTakesEveryMergeBaseAsTheBase) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"switch", "-q", "-c", "x"});
  const std::string x1 = Tag(repo, "x1");
  GitOk(repo, {"switch", "-q", "-c", "y", "main"});
  const std::string y1 = Tag(repo, "y1");
  GitOk(repo, {"switch", "-q", "x"});
  GitOk(repo, {"merge", "-q", "--no-edit", "y"});
  GitOk(repo, {"switch", "-q", "y"});
  GitOk(repo, {"merge", "-q", "--no-edit", "x~1"});  // criss-cross: x and y now share two merge bases
  const std::string y2 = Tag(repo, "y2");
  GitOk(repo, {"switch", "-q", "x"});
  const std::string x2 = Tag(repo, "x2");
  ASSERT_EQ(testing::SplitLines(GitOk(repo, {"merge-base", "--all", "x", "y"}).out).size(), 2u);
  GitOk(repo, {"merge", "-q", "--no-edit", "y"});

  ProcessResult conflicts = KlOk(repo, {"conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(conflicts.out, "1 event ours, 1 theirs since the base")) << conflicts.out;
  EXPECT_EQ(Count(conflicts.out, x2), 1u) << conflicts.out;
  EXPECT_EQ(Count(conflicts.out, y2), 1u) << conflicts.out;
  EXPECT_EQ(Count(conflicts.out, x1), 0u) << conflicts.out;
  EXPECT_EQ(Count(conflicts.out, y1), 0u) << conflicts.out;
  EXPECT_TRUE(Contains(conflicts.out, "rule: tags-union  result: tags x2, y2 all kept"));
  ProcessResult json = KlOk(repo, {"--json", "conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(json.out, "\"bases\":[\"")) << json.out;
  EXPECT_EQ(Count(json.out, x1), 0u) << json.out;
  EXPECT_EQ(Count(json.out, y1), 0u) << json.out;
}

}  // namespace
}  // namespace kittylog::gittest
