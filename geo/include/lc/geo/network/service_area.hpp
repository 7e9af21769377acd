// Walking service areas (isochrones): the land within `buffer_m` of the part of
// the network reachable from a source within the threshold, including the
// reached part of edges that are only partly reached (cut at the remaining
// distance). Not a convex hull: unreached blocks between reached streets stay
// out as holes when the block is wider than twice the buffer.
//
// Two methods give the same shapes (symmetric difference under 1 % of the area
// on Porto Alegre, docs/network.md):
//  * distance_grid (default): the exact distance to the reached segments sampled
//    at the nodes of a grid of `cell_m` cells aligned to the CRS origin, and the
//    polygon (with holes) traced at `buffer_m` by marching squares. About 20x
//    faster than the GEOS buffer union, and nested by construction: for one
//    source, the area for a smaller threshold lies inside the area for a larger
//    one (the reached set grows, so every grid value can only fall).
//  * geos_buffer: the reached lines merged (GEOS line merge), each buffered
//    (`quadrant_segments`), the buffers unioned (cascaded union). The reference
//    the grid is tested against; no separation rule.
//
// Separation (distance_grid, `separate_unreached`): the buffer does not reach
// across to streets the walk cannot get to. Land nearer to a "separated" street
// than to the reached streets is left out (the boundary is the bisector), where a
// separated street is an edge with no reached part whose both ends are farther
// than threshold x (1 + separation_detour) on the network, or unreachable: the
// far side of a railway, river or motorway the network does not cross nearby.
// Ordinary streets just past the edge of the walk (reachable with a short
// detour) do not cut the area.
//
// Barriers (distance_grid, `use_barriers`): the network's barriers
// (WalkNetwork::barriers(): railways, rivers, motorways and water outlines read
// from OSM) hide the streets behind them: a grid node takes its distance only
// from street points the straight line to which crosses no barrier. The area
// stops at a barrier (within a cell) even with no street on its far side, and
// goes on where a street crosses it (a bridge, an underpass).
#pragma once

#include "lc/geo/geometry.hpp"
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace lc::geo {

enum class ServiceAreaMethod {
    distance_grid,  ///< exact distances on a grid, isoline by marching squares (default)
    geos_buffer,    ///< GEOS buffer of the merged lines, cascaded union (reference, slower)
};

struct ServiceAreaOptions {
    double threshold = 900.0;       ///< metres
    double buffer_m = 50.0;         ///< half-width of the band around reached streets
    ServiceAreaMethod method = ServiceAreaMethod::distance_grid;
    /// distance_grid: grid cell in metres (the boundary is exact on straight
    /// stretches, within ~cell^2/(8 buffer) on arcs; corners are cut by at most a
    /// cell). At most buffer_m / 8 is used. Falls back to geos_buffer when the grid
    /// would exceed max_grid_nodes.
    double cell_m = 5.0;
    std::size_t max_grid_nodes = 6'000'000;
    /// distance_grid: leave out land nearer to a separated street (see above).
    bool separate_unreached = true;
    /// A street is separated when its ends are farther than threshold x (1 + this)
    /// on the network (or unreachable).
    double separation_detour = 0.5;
    /// distance_grid: the area does not reach across the network's barriers (see above).
    bool use_barriers = true;
    int quadrant_segments = 8;      ///< geos_buffer: buffer arc resolution
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

/// The service area: a polygon or multipolygon with holes (empty when nothing is reached).
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
