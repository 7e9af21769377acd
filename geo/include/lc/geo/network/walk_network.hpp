// The walking network: an undirected street/footway graph in compact arrays
// (CSR adjacency), in the working metric CRS, with each edge's polyline kept
// for snapping and service areas.
//
// Graph nodes are junctions and dead ends only: chains of degree-2 vertices
// (OSM nodes or line vertices used by one way) are contracted into a single
// edge that keeps its intermediate vertices. Every edge can be walked both ways.
#pragma once

#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lc::geo {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr std::uint32_t no_id = std::numeric_limits<std::uint32_t>::max();
inline constexpr double unreachable = std::numeric_limits<double>::infinity();

/// What reading/building a network found. Warnings are values for the run summary.
struct NetworkStats {
    // OSM only (zero for other sources).
    std::size_t ways_highway = 0;            ///< ways with a highway=* tag
    std::size_t ways_kept = 0;               ///< ways that passed the pedestrian filter
    std::size_t dropped_motor_road = 0;      ///< motorway, trunk and their links
    std::size_t dropped_construction = 0;    ///< construction, proposed, abandoned...
    std::size_t dropped_foot_no = 0;         ///< foot=no|private|use_sidepath
    std::size_t dropped_access = 0;          ///< access=no|private without foot=yes|designated|permissive
    std::size_t dropped_area = 0;            ///< area=yes (pedestrian squares drawn as areas)
    std::size_t dropped_other_highway = 0;   ///< highway values not walkable (bus_stop, platform, raceway...)
    std::size_t missing_locations = 0;       ///< node references without a location (ways cut there)
    std::size_t barrier_ways = 0;            ///< ways read as barriers (classify_barrier_way)
    // Every source.
    std::size_t lines_in = 0;                ///< input polylines (OSM: kept ways)
    std::size_t nodes = 0;                   ///< graph nodes (junctions and dead ends)
    std::size_t edges = 0;                   ///< undirected edges (contracted chains)
    double total_length_m = 0.0;             ///< sum of edge lengths
    std::size_t components = 0;              ///< connected components (before any filtering)
    std::size_t largest_component_nodes = 0; ///< nodes of the largest component
    std::size_t removed_component_nodes = 0; ///< nodes dropped by largest_component_only
    std::vector<std::string> warnings;
};

/// Options shared by every way of building a network.
struct NetworkBuildOptions {
    /// Keep only the largest connected component (islands, fenced campuses and
    /// mapping errors then cannot capture snapped points). Stats still describe
    /// the components found before filtering.
    bool largest_component_only = false;
    /// Contract chains of degree-2 vertices into one edge that keeps them as its
    /// polyline (same distances, about half the nodes on OSM data). When false,
    /// every vertex is a graph node (from_edges never contracts).
    bool contract_chains = true;
    /// from_edges only: number the nodes along a Hilbert curve of their points, as
    /// networks built from lines and OSM ways always are, so that a search touches
    /// few, mostly contiguous, parts of the arrays (about 10 % faster bounded
    /// searches from random sources on a 1 M-node grid than row-major ids). Node ids
    /// are then not the input indices: node(id) gives each node's point. Distances
    /// between the same points are unchanged.
    bool spatial_order = false;
};

/// One outgoing arc in the CSR adjacency (a value assembled from the network's
/// parallel arc arrays).
struct Arc {
    NodeId target = 0;
    /// Edge id << 1 | 1 when the arc runs from the edge's `to` node to its `from` node.
    std::uint32_t edge_dir = 0;
    double length = 0.0;
    [[nodiscard]] EdgeId edge() const noexcept { return edge_dir >> 1; }
    [[nodiscard]] bool reversed() const noexcept { return (edge_dir & 1U) != 0; }
};

/// An explicit edge for WalkNetwork::from_edges.
struct EdgeSpec {
    NodeId from = 0;
    NodeId to = 0;
    /// Walking cost in metres; a negative value means "the straight length".
    double length = -1.0;
};

/// Undirected walking graph. Immutable once built; cheap to share across threads.
class WalkNetwork {
public:
    WalkNetwork() = default;

    /// Nodes and explicit straight edges (no contraction). Throws lc::Error on a
    /// node id out of range. Used by generators, tests and benchmarks.
    static WalkNetwork from_edges(std::vector<Point> nodes, std::span<const EdgeSpec> edges,
                                  const NetworkBuildOptions& options = {});

    /// Polylines in the working CRS, noded where they share a vertex with exactly
    /// the same coordinates (crossings without a shared vertex are bridges/tunnels).
    static WalkNetwork from_polylines(std::span<const std::vector<Point>> lines,
                                      const NetworkBuildOptions& options = {});

    /// Line (or multi-line) geometries already in the working CRS, noded as in
    /// from_polylines. Non-line geometries are skipped and counted in a warning.
    static WalkNetwork from_lines(std::span<const Geometry> lines, const NetworkBuildOptions& options = {});

    [[nodiscard]] std::size_t node_count() const noexcept { return m_nodes.size(); }
    [[nodiscard]] std::size_t edge_count() const noexcept { return m_edge_from.size(); }
    [[nodiscard]] Point node(NodeId n) const { return m_nodes[n]; }
    [[nodiscard]] std::span<const Point> nodes() const noexcept { return m_nodes; }

    /// The arcs of one node, in CSR order, as Arc values.
    class ArcRange {
    public:
        class Iterator {
        public:
            using value_type = Arc;
            using difference_type = std::ptrdiff_t;
            Iterator() = default;
            Iterator(const WalkNetwork* net, std::uint32_t a) : m_net(net), m_a(a) {}
            Arc operator*() const { return m_net->arc(m_a); }
            Iterator& operator++() {
                ++m_a;
                return *this;
            }
            Iterator operator++(int) {
                Iterator old = *this;
                ++m_a;
                return old;
            }
            bool operator==(const Iterator& other) const { return m_a == other.m_a; }

        private:
            const WalkNetwork* m_net = nullptr;
            std::uint32_t m_a = 0;
        };
        ArcRange(const WalkNetwork* net, std::uint32_t begin, std::uint32_t end) : m_net(net), m_begin(begin), m_end(end) {}
        [[nodiscard]] Iterator begin() const { return {m_net, m_begin}; }
        [[nodiscard]] Iterator end() const { return {m_net, m_end}; }
        [[nodiscard]] std::size_t size() const { return m_end - m_begin; }

    private:
        const WalkNetwork* m_net;
        std::uint32_t m_begin;
        std::uint32_t m_end;
    };
    /// Outgoing arcs of a node (one per incident edge end).
    [[nodiscard]] ArcRange arcs(NodeId n) const { return {this, m_offsets[n], m_offsets[n + 1]}; }
    /// Arc `a` of the CSR (node n's arcs are offsets()[n] .. offsets()[n + 1]).
    [[nodiscard]] Arc arc(std::uint32_t a) const { return Arc{m_arc_target[a], m_arc_edge_dir[a], m_arc_length[a]}; }
    [[nodiscard]] std::span<const std::uint32_t> offsets() const noexcept { return m_offsets; }
    /// The arcs as parallel arrays (what a search reads: 12 bytes an arc).
    [[nodiscard]] std::span<const NodeId> arc_targets() const noexcept { return m_arc_target; }
    [[nodiscard]] std::span<const double> arc_lengths() const noexcept { return m_arc_length; }

    [[nodiscard]] NodeId edge_from(EdgeId e) const { return m_edge_from[e]; }
    [[nodiscard]] NodeId edge_to(EdgeId e) const { return m_edge_to[e]; }
    /// Walking cost of the edge in metres (for built-from-geometry networks: its polyline length).
    [[nodiscard]] double edge_length(EdgeId e) const { return m_edge_length[e]; }
    /// Intermediate vertices of the edge's polyline (from `from` towards `to`), endpoints excluded.
    [[nodiscard]] std::span<const Point> edge_inner_points(EdgeId e) const {
        return {m_inner.data() + m_inner_offsets[e], m_inner.data() + m_inner_offsets[e + 1]};
    }
    /// The full polyline of the edge: from-node, inner vertices, to-node.
    [[nodiscard]] std::vector<Point> edge_polyline(EdgeId e) const;

    /// The connected component id of every node (0 = the largest component).
    [[nodiscard]] std::span<const std::uint32_t> components() const noexcept { return m_component; }
    [[nodiscard]] const NetworkStats& stats() const noexcept { return m_stats; }
    /// Lines a walker cannot cross where no edge does (railways, rivers, motorways
    /// and water outlines read from OSM: classify_barrier_way), in the working CRS.
    /// Service areas do not reach across them (service_area.hpp).
    [[nodiscard]] std::span<const std::vector<Point>> barriers() const noexcept { return m_barriers; }
    void set_barriers(std::vector<std::vector<Point>> lines) { m_barriers = std::move(lines); }
    /// Approximate heap bytes held by the arrays.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

private:
    friend struct NetworkAccess;
    std::vector<Point> m_nodes;
    std::vector<std::uint32_t> m_offsets{0};
    std::vector<NodeId> m_arc_target;
    std::vector<double> m_arc_length;
    std::vector<std::uint32_t> m_arc_edge_dir;  ///< Arc::edge_dir
    std::vector<NodeId> m_edge_from;
    std::vector<NodeId> m_edge_to;
    std::vector<double> m_edge_length;
    std::vector<std::size_t> m_inner_offsets{0};
    std::vector<Point> m_inner;
    std::vector<std::uint32_t> m_component;
    NetworkStats m_stats;
    std::vector<std::vector<Point>> m_barriers;
};

/// Why the pedestrian filter keeps or drops an OSM way (see docs/network.md).
enum class WayVerdict {
    kept,
    not_highway,
    motor_road,
    construction,
    foot_no,
    access,
    area,
    other_highway,
};

/// The pedestrian filter on the tags of one way. Empty strings mean "tag absent".
[[nodiscard]] WayVerdict classify_walk_way(std::string_view highway, std::string_view foot,
                                           std::string_view access, std::string_view area);

/// Whether an OSM way is a barrier to walking (its tags' values; "" when absent):
/// railway=rail|light_rail|narrow_gauge|subway|monorail, waterway=river|canal|riverbank,
/// natural=water and highway=motorway|motorway_link, unless on a bridge or in a
/// tunnel (bridge/tunnel other than "no"). Streams, ditches, trams and trunk roads
/// are crossed on foot in places the map does not show, and are not barriers.
[[nodiscard]] bool classify_barrier_way(std::string_view railway, std::string_view waterway,
                                        std::string_view natural, std::string_view highway,
                                        std::string_view bridge, std::string_view tunnel);

/// Options for reading OSM files.
struct OsmReadOptions {
    NetworkBuildOptions build;
};

/// Reads the walkable ways of an OSM file (.osm.pbf, .pbf, .osm, .osm.bz2/.gz) and
/// builds the network with coordinates transformed by `lonlat_to_working`
/// (WGS84 lon/lat to the working metric CRS). Throws lc::InputError naming the file
/// when it cannot be read or holds no walkable way.
[[nodiscard]] WalkNetwork read_osm_network(const std::string& path, const Transformer& lonlat_to_working,
                                           const OsmReadOptions& options = {});

}  // namespace lc::geo
