// Walking service areas (isochrones): a buffer around the part of the network
// reachable from a source within the threshold, including the reached part of
// edges that are only partly reached (cut at the remaining distance). Not a
// convex hull: unreached blocks between reached streets stay out when the
// buffer is smaller than half the block.
#pragma once

#include "lc/geo/geometry.hpp"
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <span>
#include <vector>

namespace lc::geo {

struct ServiceAreaOptions {
    double threshold = 900.0;       ///< metres
    double buffer_m = 50.0;         ///< half-width of the band around reached streets
    int quadrant_segments = 8;      ///< buffer arc resolution
    bool include_snap_legs = true;  ///< the source's snap leg uses up part of the threshold
    bool draw_snap_leg = true;      ///< add the straight leg source -> network to the lines
    unsigned threads = 0;           ///< service_areas: worker threads (0 = hardware concurrency)
};

/// The reached pieces of the network as polylines (each reached edge part once,
/// overlapping parts from both ends merged), plus the snap leg when drawn.
/// Empty for an unsnapped source or one whose snap leg exceeds the threshold.
[[nodiscard]] std::vector<std::vector<Point>> reachable_lines(const WalkNetwork& network, const SnappedPoint& source,
                                                              const ServiceAreaOptions& options,
                                                              DijkstraWorkspace& workspace);

/// The network reached from the nearest of several sources (one multi-source
/// search): the union of their reachable_lines, without repeating shared parts.
[[nodiscard]] std::vector<std::vector<Point>> reachable_lines(const WalkNetwork& network,
                                                              std::span<const SnappedPoint> sources,
                                                              const ServiceAreaOptions& options,
                                                              DijkstraWorkspace& workspace);

/// Buffered union of reachable_lines (a polygon or multipolygon; empty when nothing is reached).
[[nodiscard]] Geometry service_area(const WalkNetwork& network, const SnappedPoint& source,
                                    const ServiceAreaOptions& options, DijkstraWorkspace& workspace);

/// The union of all sources' service areas in one pass (for "share of an estate
/// inside any service area"); cheaper than unioning per-source polygons.
[[nodiscard]] Geometry combined_service_area(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                             const ServiceAreaOptions& options);

/// One service area per source, in input order (computed in parallel).
[[nodiscard]] std::vector<Geometry> service_areas(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                                  const ServiceAreaOptions& options);

}  // namespace lc::geo
