// Walking distances between snapped points: nearest facility per target
// (multi-source) and coverage lists (who reaches whom) per source.
//
// Distances are door to door by default: the source's straight snap leg + the
// network path between the two projected points + the target's snap leg. A
// source and a target on the same edge also connect along that edge directly.
#pragma once

#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lc::geo {

struct WalkDistanceOptions {
    double threshold = 900.0;        ///< metres (minutes x speed); searches stop there
    bool include_snap_legs = true;   ///< door to door (true) or projected point to projected point
    unsigned threads = 0;            ///< coverage_lists: worker threads (0 = hardware concurrency)
};

/// For every target: the walking distance to its nearest source within the threshold.
struct NearestSource {
    std::vector<double> distance;        ///< `unreachable` when beyond the threshold or unsnapped
    std::vector<std::uint32_t> source;   ///< index of the nearest source (no_id when none)
};

/// Bounded multi-source Dijkstra: one search from all snapped sources at once.
/// Unsnapped sources are ignored; unsnapped targets get `unreachable`.
[[nodiscard]] NearestSource nearest_source(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                           std::span<const SnappedPoint> targets,
                                           const WalkDistanceOptions& options);

/// Sparse "who reaches whom": for each source, the targets within the threshold
/// and their distances, sorted by target index. Sizes are sources.size() lists.
struct CoverageLists {
    std::vector<std::size_t> offsets{0};  ///< list of source s: [offsets[s], offsets[s+1])
    std::vector<std::uint32_t> targets;
    std::vector<double> distances;

    [[nodiscard]] std::size_t source_count() const noexcept { return offsets.size() - 1; }
    [[nodiscard]] std::size_t pair_count() const noexcept { return targets.size(); }
    [[nodiscard]] std::span<const std::uint32_t> targets_of(std::size_t s) const {
        return {targets.data() + offsets[s], targets.data() + offsets[s + 1]};
    }
    [[nodiscard]] std::span<const double> distances_of(std::size_t s) const {
        return {distances.data() + offsets[s], distances.data() + offsets[s + 1]};
    }
};

/// One bounded Dijkstra per source (buffers reused, reset by touched lists),
/// sources spread over `options.threads` std::threads. The output does not
/// depend on the number of threads.
[[nodiscard]] CoverageLists coverage_lists(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                           std::span<const SnappedPoint> targets,
                                           const WalkDistanceOptions& options);

/// The two seeds of a snapped source (its edge's end nodes, reached along the
/// edge, plus the snap leg when `include_snap_leg`). Empty when unsnapped.
[[nodiscard]] std::vector<Seed> seeds_of(const WalkNetwork& network, const SnappedPoint& source,
                                         std::uint32_t label, bool include_snap_leg);

}  // namespace lc::geo
