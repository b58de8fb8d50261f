#include "git/config_reader.h"

#include <gtest/gtest.h>

namespace kittylog::git {
namespace {

TEST(GitConfigTest, SyntaxAsGitReadsIt) {
  GitConfig config = GitConfig::FromText(
      "\xEF\xBB\xBF# comment\n"
      "[User]\n"
      "  Name = Ada   Lovelace   ; trailing comment\n"
      "\temail = \"a@x\" # quoted\n"
      "[core] bare\n"
      "[alias \"Sub.Name\"]\r\n"
      "\tx = \"tab\\there\" \\\n"
      "  continued\n"
      "[a.B]\n\tc = dotted\n",
      "/nowhere/config");
  EXPECT_EQ(config.Get("user.name"), "Ada   Lovelace");  // inner spaces kept, as `git config -f` shows
  EXPECT_EQ(config.Get("USER.NAME"), "Ada   Lovelace");
  EXPECT_EQ(config.Get("user.email"), "a@x");
  EXPECT_TRUE(config.GetBool("core.bare", false));
  EXPECT_EQ(config.Get("alias.Sub.Name.x"), "tab\there   continued");
  EXPECT_EQ(config.Get("alias.sub.name.x"), std::nullopt);  // subsections are case-sensitive
  EXPECT_EQ(config.Get("a.b.c"), "dotted");                 // [a.B] is lowercased
}

TEST(GitConfigTest, LastValueWinsAndSyntaxErrorsStopTheFile) {
  GitConfig config = GitConfig::FromText("[user]\nname = one\nname = two\n[broken\nname = three\n", "/x/config");
  EXPECT_EQ(config.Get("user.name"), "two");
  GitConfig unterminated = GitConfig::FromText("[user]\nname = \"open\n", "/x/config");
  EXPECT_EQ(unterminated.Get("user.name"), std::nullopt);
}

TEST(GitConfigTest, Booleans) {
  GitConfig config = GitConfig::FromText("[x]\na = yes\nb = off\nc = 0\nd = 2\ne =\nf = maybe\n", "/x/config");
  EXPECT_TRUE(config.GetBool("x.a", false));
  EXPECT_FALSE(config.GetBool("x.b", true));
  EXPECT_FALSE(config.GetBool("x.c", true));
  EXPECT_TRUE(config.GetBool("x.d", false));
  EXPECT_FALSE(config.GetBool("x.e", true));
  EXPECT_TRUE(config.GetBool("x.f", true));  // not a boolean: the fallback
}

}  // namespace
}  // namespace kittylog::git
