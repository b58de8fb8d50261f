#include "git/wildmatch.h"

#include <gtest/gtest.h>

namespace kittylog::git {
namespace {

// Cases from git's t/t3070-wildmatch.sh (pathname mode) that includeIf patterns use.
TEST(WildMatchTest, PathnameSemantics) {
  EXPECT_TRUE(WildMatch("foo", "foo"));
  EXPECT_FALSE(WildMatch("foo", "bar"));
  EXPECT_TRUE(WildMatch("???", "foo"));
  EXPECT_TRUE(WildMatch("*", "foo"));
  EXPECT_FALSE(WildMatch("*", "foo/bar"));
  EXPECT_TRUE(WildMatch("foo/*", "foo/bar"));
  EXPECT_FALSE(WildMatch("foo?bar", "foo/bar"));
  EXPECT_TRUE(WildMatch("**/foo", "foo"));
  EXPECT_TRUE(WildMatch("**/foo", "a/b/foo"));
  EXPECT_TRUE(WildMatch("foo/**", "foo/a/b"));
  EXPECT_TRUE(WildMatch("a/**/b", "a/b"));
  EXPECT_TRUE(WildMatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(WildMatch("a/**/b", "a/x/y/c"));
  EXPECT_TRUE(WildMatch("**/work/**", "/home/me/work/repo/.git"));
  EXPECT_FALSE(WildMatch("**/work/**", "/home/me/play/repo/.git"));
  EXPECT_TRUE(WildMatch("/home/*/work/**", "/home/me/work/r/.git"));
  EXPECT_TRUE(WildMatch("[a-c]x", "bx"));
  EXPECT_FALSE(WildMatch("[!a-c]x", "bx"));
  EXPECT_TRUE(WildMatch("[^a-c]x", "dx"));
  EXPECT_FALSE(WildMatch("[a/]x", "/x"));
  EXPECT_TRUE(WildMatch("\\*x", "*x"));
  EXPECT_FALSE(WildMatch("\\*x", "ax"));
  EXPECT_TRUE(WildMatch("ma*", "main"));
  EXPECT_FALSE(WildMatch("feature/*", "feature/a/b"));
  EXPECT_TRUE(WildMatch("feature/**", "feature/a/b"));
  EXPECT_TRUE(WildMatch("[x", "[x"));
}

TEST(WildMatchTest, IgnoreCase) {
  EXPECT_FALSE(WildMatch("/Work/**", "/work/r/.git"));
  EXPECT_TRUE(WildMatch("/Work/**", "/work/r/.git", true));
  EXPECT_TRUE(WildMatch("[A-C]x", "bX", true));
}

}  // namespace
}  // namespace kittylog::git
