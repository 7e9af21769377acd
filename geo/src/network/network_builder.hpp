// Private: assembling a WalkNetwork from vertices and ways (used by every reader).
#pragma once

#include "lc/geo/network/walk_network.hpp"

#include <cstdint>
#include <vector>

namespace lc::geo {

/// Ways as flat arrays: way w runs over vertices[way_vertices[way_offsets[w] .. way_offsets[w+1])].
struct WayList {
    std::vector<Point> vertices;
    std::vector<std::uint32_t> way_vertices;
    std::vector<std::size_t> way_offsets{0};

    void add_way(std::span<const std::uint32_t> ids) {
        way_vertices.insert(way_vertices.end(), ids.begin(), ids.end());
        way_offsets.push_back(way_vertices.size());
    }
    [[nodiscard]] std::size_t way_count() const { return way_offsets.size() - 1; }
};

struct NetworkAccess {
    /// Contracts degree-2 chains: graph nodes are vertices used twice or more
    /// (also twice by one way) or ending a way. `stats` carries reader counts in.
    static WalkNetwork build_from_ways(const WayList& ways, NetworkStats stats, const NetworkBuildOptions& options);

    struct RawEdge {
        NodeId from;
        NodeId to;
        double length;
    };
    /// CSR, components and optional largest-component filter from raw parts.
    static WalkNetwork assemble(std::vector<Point> nodes, std::vector<RawEdge> edges,
                                std::vector<std::size_t> inner_offsets, std::vector<Point> inner,
                                NetworkStats stats, const NetworkBuildOptions& options);
    /// Renumbers nodes along a Hilbert curve of their points and sorts the edges
    /// (and their inner vertices) by their smaller end node, for cache locality.
    static void spatial_renumber(std::vector<Point>& nodes, std::vector<RawEdge>& edges,
                                 std::vector<std::size_t>& inner_offsets, std::vector<Point>& inner);
};

}  // namespace lc::geo
