#include "event/ulid.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kittylog {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int64_t kNow = 1769509800123;  // 2026-01-27T10:30:00.123Z
constexpr int64_t kMaxMillis = (int64_t{1} << 48) - 1;

TEST(UlidFormatTest, GeneratedIdsHaveTheFormat) {
  UlidGenerator generator;
  for (int i = 0; i < 1000; ++i) {
    std::string id = generator.Next(kNow + i / 10);
    ASSERT_EQ(id.size(), kUlidLength);
    EXPECT_LE(id[0], '7') << id;
    for (char c : id) EXPECT_NE(kAlphabet.find(c), std::string_view::npos) << id;
    EXPECT_TRUE(IsValidUlid(id)) << id;
  }
}

TEST(UlidFormatTest, TimePartEncodesTheMillisecondsBigEndian) {
  UlidGenerator generator;
  EXPECT_EQ(generator.Next(0).substr(0, 10), "0000000000");
  UlidGenerator other;
  EXPECT_EQ(other.Next(kMaxMillis).substr(0, 10), "7ZZZZZZZZZ");
  UlidGenerator third;
  EXPECT_EQ(third.Next(32).substr(0, 10), "0000000010");
}

TEST(UlidGeneratorTest, TenThousandIdsInOneMillisecondStrictlyIncrease) {
  UlidGenerator generator;
  std::string previous = generator.Next(kNow);
  for (int i = 1; i < 10000; ++i) {
    std::string id = generator.Next(kNow);
    ASSERT_LT(previous, id) << "id " << i;
    ASSERT_EQ(UlidMillis(id), kNow);
    ASSERT_TRUE(IsValidUlid(id));
    previous = std::move(id);
  }
}

TEST(UlidGeneratorTest, SameMillisecondIncrementsTheRandomPartByOne) {
  UlidGenerator generator;
  std::string a = generator.Next(kNow);
  std::string b = generator.Next(kNow);
  EXPECT_EQ(a.substr(0, 10), b.substr(0, 10));
  // b = a + 1 in base 32 (with carries through trailing 'Z's).
  std::string expected = a;
  for (int i = 25; i >= 10; --i) {
    size_t digit = kAlphabet.find(expected[i]);
    if (digit == 31) {
      expected[i] = '0';
      continue;
    }
    expected[i] = kAlphabet[digit + 1];
    break;
  }
  EXPECT_EQ(b, expected);
}

TEST(UlidGeneratorTest, ClockGoingBackwardsStillIncreases) {
  UlidGenerator generator;
  std::string first = generator.Next(kNow);
  std::string earlier = generator.Next(kNow - 5000);
  EXPECT_LT(first, earlier);
  EXPECT_EQ(UlidMillis(earlier), kNow);  // keeps the last time rather than going back
  std::string later = generator.Next(kNow + 1);
  EXPECT_LT(earlier, later);
  EXPECT_EQ(UlidMillis(later), kNow + 1);
}

TEST(UlidGeneratorTest, LaterMillisecondsSortLater) {
  UlidGenerator a;
  UlidGenerator b;
  // Different generators: ordering by time holds across them whatever the random parts.
  for (int64_t t : {int64_t{0}, int64_t{1}, kNow, kMaxMillis - 1}) {
    EXPECT_LT(a.Next(t), b.Next(t + 1));
  }
}

TEST(UlidGeneratorTest, IndependentGeneratorsDoNotCollide) {
  std::set<std::string> ids;
  for (int g = 0; g < 100; ++g) {
    UlidGenerator generator;
    ids.insert(generator.Next(kNow));
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(UlidValidationTest, AcceptsWellFormedIds) {
  EXPECT_TRUE(IsValidUlid("00000000000000000000000000"));
  EXPECT_TRUE(IsValidUlid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
  EXPECT_TRUE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ0123"));
  EXPECT_TRUE(IsValidUlid("0123456789ABCDEFGHJKMNPQRS"));
}

TEST(UlidValidationTest, RejectsWrongLength) {
  EXPECT_FALSE(IsValidUlid(""));
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ012"));    // 25
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ01234"));  // 27
}

TEST(UlidValidationTest, RejectsLowerCase) {
  EXPECT_FALSE(IsValidUlid("01hq3k5m7n8p9qrstvwxyz0123"));
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ012a"));
}

TEST(UlidValidationTest, RejectsLettersOutsideCrockford) {
  for (char c : {'I', 'L', 'O', 'U'}) {
    std::string id = "01HQ3K5M7N8P9QRSTVWXYZ0123";
    id[5] = c;
    EXPECT_FALSE(IsValidUlid(id)) << id;
  }
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ012-"));
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ012 "));
  EXPECT_FALSE(IsValidUlid(std::string("01HQ3K5M7N8P9QRSTVWXYZ012\0", 26)));
  EXPECT_FALSE(IsValidUlid("01HQ3K5M7N8P9QRSTVWXYZ012\xc3"));
}

TEST(UlidValidationTest, RejectsFirstCharacterAboveSeven) {
  EXPECT_FALSE(IsValidUlid("80000000000000000000000000"));
  EXPECT_FALSE(IsValidUlid("90000000000000000000000000"));
  EXPECT_FALSE(IsValidUlid("Z0000000000000000000000000"));
  EXPECT_FALSE(IsValidUlid("A0000000000000000000000000"));
}

TEST(UlidMillisTest, RoundTripsThroughTheGenerator) {
  for (int64_t t : {int64_t{0}, int64_t{1}, int64_t{31}, int64_t{32}, kNow, int64_t{4107542400000}, kMaxMillis}) {
    UlidGenerator generator;
    EXPECT_EQ(UlidMillis(generator.Next(t)), t) << t;
  }
}

TEST(UlidMillisTest, DecodesKnownIds) {
  EXPECT_EQ(UlidMillis("00000000000000000000000000"), 0);
  EXPECT_EQ(UlidMillis("0000000010ZZZZZZZZZZZZZZZZ"), 32);
  EXPECT_EQ(UlidMillis("7ZZZZZZZZZ0000000000000000"), kMaxMillis);
}

}  // namespace
}  // namespace kittylog
