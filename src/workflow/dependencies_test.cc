#include "workflow/dependencies.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace kittylog {
namespace {

constexpr const char* kFeature = "001-login";

// A feature whose work packages are given as {id, lane, dependencies}; `created` false for ids
// starting with '?' (the '?' is dropped).
struct Wp {
  std::string id;
  std::string lane = "planned";
  std::vector<std::string> dependencies = {};
};

FeatureState Feature(std::vector<Wp> wps, std::string slug = kFeature) {
  FeatureState feature;
  feature.slug = slug;
  feature.created = true;
  for (Wp& wp : wps) {
    WorkPackageState state;
    state.feature_slug = slug;
    state.created = !wp.id.starts_with('?');
    state.id = state.created ? wp.id : wp.id.substr(1);
    state.title = "Title of " + state.id;
    state.lane = wp.lane;
    state.dependencies = wp.dependencies;
    feature.work_packages.push_back(std::move(state));
  }
  std::sort(feature.work_packages.begin(), feature.work_packages.end(),
            [](const WorkPackageState& a, const WorkPackageState& b) { return a.id < b.id; });
  return feature;
}

BoardState Board(std::vector<FeatureState> features) {
  BoardState board;
  board.features = std::move(features);
  return board;
}

std::vector<std::string> Names(const std::vector<DependencyCycle>& cycles) {
  std::vector<std::string> names;
  for (const DependencyCycle& cycle : cycles) names.push_back(cycle.feature_slug + ": " + FormatCycle(cycle.path));
  return names;
}

TEST(DependenciesTest, OnlyCreatedDoneDependenciesAreComplete) {
  BoardState board = Board({Feature({{"WP01", "done"}, {"WP02", "doing"}, {"?WP03", "done"},
                                     {"WP04", "planned", {"WP01", "WP02", "WP03", "WP09"}}})});
  DependencyStatus status = CheckDependencies(board, *board.FindWorkPackage(kFeature, "WP04"));
  EXPECT_FALSE(status.all_complete);
  ASSERT_EQ(status.incomplete.size(), 3u);
  EXPECT_EQ(status.incomplete[0].Describe(), "WP02 (doing)");
  EXPECT_EQ(status.incomplete[1].Describe(), "WP03 (not created)");  // moved, never created
  EXPECT_EQ(status.incomplete[2].Describe(), "WP09 (not created)");  // unknown: resolved when it arrives
  EXPECT_TRUE(CheckDependencies(board, *board.FindWorkPackage(kFeature, "WP01")).all_complete);
}

TEST(DependenciesTest, DependenciesAreResolvedInTheirOwnFeature) {
  BoardState board = Board({Feature({{"WP01", "done"}}, "001-login"),
                            Feature({{"WP01", "planned"}, {"WP02", "planned", {"WP01"}}}, "002-search")});
  EXPECT_FALSE(CheckDependencies(board, *board.FindWorkPackage("002-search", "WP02")).all_complete);
}

TEST(DependenciesTest, ReadyListsPlannedWorkPackagesWithEveryDependencyDoneInBoardOrder) {
  BoardState board = Board({Feature({{"WP03", "planned", {"WP01"}}, {"WP01", "done"}, {"WP02", "planned", {"WP04"}},
                                     {"WP04", "doing"}, {"WP05", "planned"}, {"?WP06", "planned"}}, "002-b"),
                            Feature({{"WP01", "planned"}}, "001-a")});
  std::sort(board.features.begin(), board.features.end(),
            [](const FeatureState& a, const FeatureState& b) { return a.slug < b.slug; });
  std::vector<std::string> ready;
  for (const ReadyEntry& entry : ReadyWorkPackages(board, false)) {
    EXPECT_TRUE(entry.blocked_by.empty());
    ready.push_back(entry.feature->slug + "/" + entry.work_package->id);
  }
  EXPECT_EQ(ready, (std::vector<std::string>{"001-a/WP01", "002-b/WP03", "002-b/WP05"}));
  std::vector<std::string> all;
  for (const ReadyEntry& entry : ReadyWorkPackages(board, true)) {
    std::string blocked;
    for (const DependencyState& dependency : entry.blocked_by) blocked += " " + dependency.Describe();
    all.push_back(entry.work_package->id + blocked);
  }
  EXPECT_EQ(all, (std::vector<std::string>{"WP01", "WP02 WP04 (doing)", "WP03", "WP05"}));
}

TEST(DependenciesTest, FindsEachCycleOnceNamedFromItsSmallestId) {
  BoardState board = Board({Feature({{"WP05", "planned", {"WP03"}}, {"WP03", "planned", {"WP05"}},
                                     {"WP07", "planned", {"WP07"}},            // itself
                                     {"WP08", "planned", {"WP03"}},            // leads into a cycle: not on one
                                     {"WP10", "planned", {"WP11"}}, {"WP11", "planned", {"WP12"}},
                                     {"WP12", "planned", {"WP10", "WP13"}}, {"WP13", "planned", {"WP11"}}})});
  EXPECT_EQ(Names(FindDependencyCycles(board)),
            (std::vector<std::string>{"001-login: WP03 -> WP05 -> WP03", "001-login: WP07 -> WP07",
                                      "001-login: WP10 -> WP11 -> WP12 -> WP10"}));
  EXPECT_TRUE(FindDependencyCycles(Board({Feature({{"WP01"}, {"WP02", "planned", {"WP01"}}})})).empty());
}

TEST(DependenciesTest, AUncreatedWorkPackageClosesNoCycle) {
  // WP02 -> WP01 -> WP02 only through a WP01 that was moved but never created.
  BoardState board = Board({Feature({{"?WP01", "planned", {"WP02"}}, {"WP02", "planned", {"WP01"}}})});
  EXPECT_TRUE(FindDependencyCycles(board).empty());
}

TEST(DependenciesTest, ADeepChainAndABigCycleNeitherHangNorOverflowTheStack) {
  std::vector<Wp> chain;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    chain.push_back({fmt::format("WP{:06}", i), "planned", {fmt::format("WP{:06}", (i + 1) % n)}});
  }
  BoardState board = Board({Feature(chain)});
  std::vector<DependencyCycle> cycles = FindDependencyCycles(board);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].path.size(), static_cast<size_t>(n + 1));
  EXPECT_EQ(cycles[0].path.front(), "WP000000");
  // Creating one more work package that depends on the head of the cycle closes no new one.
  EXPECT_TRUE(ValidateNewDependencies(board.features[0], "WPX", std::vector<std::string>{"WP000000"}).ok());
}

TEST(DependenciesTest, CreationRefusesWhatCannotBeADependency) {
  FeatureState feature = Feature({{"WP01"}, {"WP02", "planned", {"WP01"}}, {"WP03", "planned", {"WP05"}}, {"?WP04"}});
  auto refusal = [&](std::string wp, std::vector<std::string> dependencies) {
    std::string type;
    Status status = ValidateNewDependencies(feature, wp, dependencies, &type);
    return status.ok() ? std::string("ok") : type + ": " + status.message();
  };
  EXPECT_EQ(refusal("WP06", {"WP01", "WP02"}), "ok");
  EXPECT_EQ(refusal("WP06", {}), "ok");
  EXPECT_EQ(refusal("WP06", {""}), "ValidationError: --depends: must not be empty");
  EXPECT_EQ(refusal("WP06", {"WP\x1b[31m"}), "ValidationError: --depends: must not contain control characters");
  EXPECT_EQ(refusal("WP06", {"WP06"}), "ValidationError: --depends: WP06 cannot depend on itself");
  EXPECT_EQ(refusal("WP06", {"WP01", "WP02", "WP01"}), "ValidationError: --depends: WP01 is listed twice");
  EXPECT_EQ(refusal("WP06", {"WP09"}),
            "UnknownEntity: --depends: unknown work package WP09 in feature 001-login (known: WP01, WP02, WP03)");
  EXPECT_EQ(refusal("WP06", {"WP04"}),  // moved, never created
            "UnknownEntity: --depends: unknown work package WP04 in feature 001-login (known: WP01, WP02, WP03)");
  // WP03 already names WP05 (written through `emit` before WP05 existed).
  EXPECT_EQ(refusal("WP05", {"WP03"}), "DependencyCycle: --depends: WP05 -> WP03 -> WP05 would be a dependency cycle");
  EXPECT_EQ(refusal("WP05", {"WP01"}), "ok");
}

TEST(DependenciesTest, CreationNamesTheShortestCycle) {
  FeatureState feature = Feature({{"WP01", "planned", {"WP02"}}, {"WP02", "planned", {"WP03"}},
                                  {"WP03", "planned", {"WP09"}}, {"WP04", "planned", {"WP09"}}});
  std::string type;
  Status status = ValidateNewDependencies(feature, "WP09", std::vector<std::string>{"WP01", "WP04"}, &type);
  EXPECT_EQ(status.message(), "--depends: WP09 -> WP04 -> WP09 would be a dependency cycle");
  EXPECT_EQ(type, "DependencyCycle");
}

}  // namespace
}  // namespace kittylog

namespace kittylog {
namespace {

TEST(DependenciesTest, ALongCycleIsNamedByItsEnds) {
  std::vector<std::string> path;
  for (int i = 0; i < 20; ++i) path.push_back(fmt::format("WP{:02d}", i));
  path.push_back("WP00");
  EXPECT_EQ(FormatCycle(path), "WP00 -> WP01 -> WP02 -> WP03 -> WP04 -> WP05 -> ... (12 more) -> WP18 -> WP19 -> WP00");
  EXPECT_EQ(FormatCycle(std::vector<std::string>{"WP03", "WP05", "WP03"}), "WP03 -> WP05 -> WP03");
}

}  // namespace
}  // namespace kittylog
