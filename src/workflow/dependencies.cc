#include "workflow/dependencies.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>

#include "event/event_types.h"
#include "event/event_validation.h"

namespace kittylog {

bool DeclaresDependencies(const Event& event) {
  return event.event_type == kWPCreated && !event.payload.dependencies.empty();
}
namespace {

// A feature's work packages are sorted by id (reducer.h).
const WorkPackageState* FindInFeature(const FeatureState& feature, std::string_view id) {
  auto it = std::lower_bound(feature.work_packages.begin(), feature.work_packages.end(), id,
                             [](const WorkPackageState& wp, std::string_view wanted) { return wp.id < wanted; });
  return it != feature.work_packages.end() && it->id == id ? &*it : nullptr;
}

// The dependency graph of one feature: nodes are its created work packages (by index into
// `ids`), an edge a -> b when a depends on b.
struct Graph {
  std::vector<std::string> ids;
  std::vector<std::vector<size_t>> edges;
};

Graph GraphOf(const FeatureState& feature) {
  Graph graph;
  std::map<std::string_view, size_t> node;
  for (const WorkPackageState& wp : feature.work_packages) {
    if (!wp.created) continue;
    node.emplace(wp.id, graph.ids.size());
    graph.ids.push_back(wp.id);
  }
  graph.edges.resize(graph.ids.size());
  for (const WorkPackageState& wp : feature.work_packages) {
    if (!wp.created) continue;
    std::vector<size_t>& out = graph.edges[node.at(wp.id)];
    for (const std::string& dependency : wp.dependencies) {
      auto it = node.find(dependency);
      if (it != node.end()) out.push_back(it->second);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return graph;
}

// Strongly connected components (Tarjan's algorithm, with an explicit stack): component[v].
std::vector<size_t> Components(const Graph& graph, size_t& count) {
  const size_t n = graph.ids.size();
  constexpr size_t kUnvisited = SIZE_MAX;
  std::vector<size_t> index(n, kUnvisited), low(n, 0), component(n, kUnvisited);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::pair<size_t, size_t>> calls;  // (node, next edge)
  size_t counter = 0;
  count = 0;
  for (size_t start = 0; start < n; ++start) {
    if (index[start] != kUnvisited) continue;
    auto visit = [&](size_t v) {
      index[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack[v] = true;
      calls.emplace_back(v, 0);
    };
    visit(start);
    while (!calls.empty()) {
      const size_t v = calls.back().first;
      if (calls.back().second < graph.edges[v].size()) {
        const size_t w = graph.edges[v][calls.back().second++];
        if (index[w] == kUnvisited) {
          visit(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = count;
        } while (w != v);
        ++count;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
    }
  }
  return component;
}

// The shortest path from any of `sources` to `target` along `graph`'s edges, staying where
// `allowed` says so (breadth first); empty when there is none. Starts with the source.
std::vector<size_t> ShortestPath(const Graph& graph, const std::vector<size_t>& sources, size_t target,
                                 const std::function<bool(size_t)>& allowed) {
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> parent(graph.ids.size(), kNone);
  std::vector<bool> seen(graph.ids.size(), false);
  std::deque<size_t> queue;
  for (size_t source : sources) {
    if (!seen[source]) {
      seen[source] = true;
      queue.push_back(source);
    }
  }
  while (!queue.empty()) {
    const size_t v = queue.front();
    queue.pop_front();
    if (v == target) {
      std::vector<size_t> path;
      for (size_t at = v; at != kNone; at = parent[at]) path.push_back(at);
      std::reverse(path.begin(), path.end());
      return path;
    }
    for (size_t w : graph.edges[v]) {
      if (seen[w] || !allowed(w)) continue;
      seen[w] = true;
      parent[w] = v;
      queue.push_back(w);
    }
  }
  return {};
}

}  // namespace

std::string DependencyState::Describe() const {
  return fmt::format("{} ({})", id, created ? lane : "not created");
}

DependencyStatus CheckDependencies(std::span<const std::string> dependencies, const FindWorkPackageById& find) {
  DependencyStatus status;
  for (const std::string& id : dependencies) {
    DependencyState state;
    state.id = id;
    if (const WorkPackageState* wp = find(id); wp != nullptr && wp->created) {
      state.created = true;
      state.lane = wp->lane;
    }
    if (!state.complete()) status.incomplete.push_back(std::move(state));
  }
  status.all_complete = status.incomplete.empty();
  return status;
}

DependencyStatus CheckDependencies(const BoardState& board, const WorkPackageState& wp) {
  const FeatureState* feature = board.FindFeature(wp.feature_slug);
  return CheckDependencies(wp.dependencies, [&](std::string_view id) -> const WorkPackageState* {
    return feature == nullptr ? nullptr : FindInFeature(*feature, id);
  });
}

std::vector<ReadyEntry> ReadyWorkPackages(const BoardState& board, bool include_blocked) {
  std::vector<ReadyEntry> entries;
  for (const FeatureState& feature : board.features) {
    for (const WorkPackageState& wp : feature.work_packages) {
      if (!wp.created || wp.lane != "planned") continue;
      DependencyStatus status = CheckDependencies(
          wp.dependencies, [&](std::string_view id) { return FindInFeature(feature, id); });
      if (!status.all_complete && !include_blocked) continue;
      entries.push_back({&feature, &wp, std::move(status.incomplete)});
    }
  }
  return entries;
}

std::string FormatCycle(std::span<const std::string> path) {
  // A hostile log can hold a cycle of thousands: one warning line stays readable (JSON has all).
  constexpr size_t kHead = 6, kTail = 3;
  std::string text;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path.size() > kHead + kTail + 1 && i == kHead) {
      text += fmt::format(" -> ... ({} more)", path.size() - kHead - kTail);
      i = path.size() - kTail - 1;
      continue;
    }
    text += (text.empty() ? "" : " -> ") + path[i];
  }
  return text;
}

std::vector<DependencyCycle> FindDependencyCycles(const BoardState& board) {
  std::vector<DependencyCycle> cycles;
  for (const FeatureState& feature : board.features) {
    const Graph graph = GraphOf(feature);
    size_t count = 0;
    const std::vector<size_t> component = Components(graph, count);
    // Each component's smallest member (ids are sorted, so the first seen) and its size.
    std::vector<size_t> first(count, SIZE_MAX), size(count, 0);
    for (size_t v = 0; v < graph.ids.size(); ++v) {
      if (first[component[v]] == SIZE_MAX) first[component[v]] = v;
      ++size[component[v]];
    }
    std::vector<DependencyCycle> found;
    for (size_t c = 0; c < count; ++c) {
      const size_t root = first[c];
      const auto& out = graph.edges[root];
      const bool self_loop = std::binary_search(out.begin(), out.end(), root);
      if (size[c] == 1 && !self_loop) continue;
      DependencyCycle cycle;
      cycle.feature_slug = feature.slug;
      if (self_loop) {
        cycle.path = {graph.ids[root], graph.ids[root]};
      } else {
        // The shortest way back to the root from one of its dependencies, inside the component.
        std::vector<size_t> sources;
        for (size_t w : out) {
          if (component[w] == c) sources.push_back(w);
        }
        std::vector<size_t> path =
            ShortestPath(graph, sources, root, [&](size_t w) { return component[w] == c; });
        cycle.path.push_back(graph.ids[root]);
        for (size_t v : path) cycle.path.push_back(graph.ids[v]);
      }
      found.push_back(std::move(cycle));
    }
    std::sort(found.begin(), found.end(),
              [](const DependencyCycle& a, const DependencyCycle& b) { return a.path < b.path; });
    for (DependencyCycle& cycle : found) cycles.push_back(std::move(cycle));
  }
  return cycles;
}

Status ValidateNewDependencies(const FeatureState& feature, std::string_view wp,
                               std::span<const std::string> dependencies, std::string* error_type) {
  auto refuse = [&](std::string type, std::string message) {
    if (error_type != nullptr) *error_type = std::move(type);
    return Status::Refused(std::move(message));
  };
  std::set<std::string_view> listed;
  for (const std::string& id : dependencies) {
    if (Status name = ValidateName("--depends", id); !name.ok()) return refuse("ValidationError", name.message());
    if (id == wp) return refuse("ValidationError", fmt::format("--depends: {} cannot depend on itself", wp));
    if (!listed.insert(id).second) return refuse("ValidationError", fmt::format("--depends: {} is listed twice", id));
  }
  for (const std::string& id : dependencies) {
    const WorkPackageState* dependency = FindInFeature(feature, id);
    if (dependency != nullptr && dependency->created) continue;
    std::string known;
    for (const WorkPackageState& state : feature.work_packages) {
      if (state.created) known += (known.empty() ? "" : ", ") + state.id;
    }
    return refuse("UnknownEntity", fmt::format("--depends: unknown work package {} in feature {} (known: {})", id,
                                               feature.slug, known.empty() ? "none" : known));
  }
  // A cycle through the new work package: one of its dependencies already leads back to it.
  Graph graph = GraphOf(feature);
  const size_t target = graph.ids.size();
  graph.ids.emplace_back(wp);
  graph.edges.emplace_back();
  for (const WorkPackageState& state : feature.work_packages) {
    if (!state.created || std::find(state.dependencies.begin(), state.dependencies.end(), wp) == state.dependencies.end()) {
      continue;
    }
    size_t from = std::lower_bound(graph.ids.begin(), graph.ids.begin() + static_cast<std::ptrdiff_t>(target),
                                   state.id) - graph.ids.begin();
    graph.edges[from].push_back(target);
  }
  std::vector<size_t> sources;
  for (const std::string& id : dependencies) {
    sources.push_back(std::lower_bound(graph.ids.begin(), graph.ids.begin() + static_cast<std::ptrdiff_t>(target),
                                       id) - graph.ids.begin());
  }
  std::vector<size_t> path = ShortestPath(graph, sources, target, [](size_t) { return true; });
  if (path.empty()) return Status::Ok();
  std::vector<std::string> names = {std::string(wp)};
  for (size_t v : path) names.push_back(graph.ids[v]);
  return refuse("DependencyCycle",
                fmt::format("--depends: {} would be a dependency cycle", FormatCycle(names)));
}

}  // namespace kittylog
