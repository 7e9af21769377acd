#include "lc/geo/network/walk_network.hpp"

#include "geos_context.hpp"
#include "lc/error.hpp"
#include "network/hilbert.hpp"
#include "network/huge_pages.hpp"
#include "network/network_builder.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

namespace lc::geo {

namespace {

double dist(Point a, Point b) { return std::hypot(b.x - a.x, b.y - a.y); }

bool one_of(std::string_view v, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), v) != set.end();
}

// Union-find with path halving.
struct DisjointSets {
    std::vector<std::uint32_t> parent;
    explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0U); }
    std::uint32_t find(std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (a < b) std::swap(a, b);
        parent[a] = b;  // the smaller id is the root: deterministic
    }
};

struct PointHash {
    std::size_t operator()(const Point& p) const noexcept {
        const auto hx = std::bit_cast<std::uint64_t>(p.x == 0.0 ? 0.0 : p.x);
        const auto hy = std::bit_cast<std::uint64_t>(p.y == 0.0 ? 0.0 : p.y);
        std::uint64_t h = hx * 0x9E3779B97F4A7C15ULL;
        h ^= hy + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
        return static_cast<std::size_t>(h);
    }
};

}  // namespace

WayVerdict classify_walk_way(std::string_view highway, std::string_view foot, std::string_view access,
                             std::string_view area) {
    if (highway.empty()) return WayVerdict::not_highway;
    if (one_of(highway, {"motorway", "motorway_link", "trunk", "trunk_link"})) return WayVerdict::motor_road;
    if (one_of(highway, {"construction", "proposed", "abandoned", "disused", "razed", "planned"})) {
        return WayVerdict::construction;
    }
    const bool foot_allowed = one_of(foot, {"yes", "designated", "permissive", "destination"});
    const bool walkable = one_of(highway, {"footway", "path", "pedestrian", "steps", "living_street", "residential",
                                           "service", "tertiary", "tertiary_link", "secondary", "secondary_link",
                                           "primary", "primary_link", "unclassified", "track", "cycleway", "road",
                                           "corridor"}) ||
                          (highway == "bridleway" && foot_allowed);
    if (!walkable) return WayVerdict::other_highway;
    if (area == "yes") return WayVerdict::area;
    if (one_of(foot, {"no", "private", "use_sidepath"})) return WayVerdict::foot_no;
    if (one_of(access, {"no", "private"}) && !foot_allowed) return WayVerdict::access;
    return WayVerdict::kept;
}

bool classify_barrier_way(std::string_view railway, std::string_view waterway, std::string_view natural,
                          std::string_view highway, std::string_view bridge, std::string_view tunnel) {
    // Walkers pass under a bridge and over a tunnel.
    if ((!bridge.empty() && bridge != "no") || (!tunnel.empty() && tunnel != "no")) return false;
    return one_of(railway, {"rail", "light_rail", "narrow_gauge", "subway", "monorail"}) ||
           one_of(waterway, {"river", "canal", "riverbank"}) || natural == "water" ||
           one_of(highway, {"motorway", "motorway_link"});
}

std::vector<Point> WalkNetwork::edge_polyline(EdgeId e) const {
    std::vector<Point> out;
    const auto inner = edge_inner_points(e);
    out.reserve(inner.size() + 2);
    out.push_back(m_nodes[m_edge_from[e]]);
    out.insert(out.end(), inner.begin(), inner.end());
    out.push_back(m_nodes[m_edge_to[e]]);
    return out;
}

std::size_t WalkNetwork::memory_bytes() const noexcept {
    return m_nodes.capacity() * sizeof(Point) + m_offsets.capacity() * sizeof(std::uint32_t) +
           (m_arc_target.capacity() + m_arc_edge_dir.capacity()) * sizeof(std::uint32_t) +
           m_arc_length.capacity() * sizeof(double) + (m_edge_from.capacity() + m_edge_to.capacity()) * sizeof(NodeId) +
           m_edge_length.capacity() * sizeof(double) + m_inner_offsets.capacity() * sizeof(std::size_t) +
           m_inner.capacity() * sizeof(Point) + m_component.capacity() * sizeof(std::uint32_t);
}

WalkNetwork NetworkAccess::assemble(std::vector<Point> nodes, std::vector<RawEdge> edges,
                                    std::vector<std::size_t> inner_offsets, std::vector<Point> inner,
                                    NetworkStats stats, const NetworkBuildOptions& options) {
    const std::size_t n = nodes.size();
    if (n >= no_id || edges.size() >= (std::size_t{1} << 31)) {
        throw Error("network: too many nodes or edges for 32-bit ids");
    }
    // Components, numbered by size (largest first), ties by smallest node id.
    DisjointSets sets(n);
    for (const auto& e : edges) sets.unite(e.from, e.to);
    std::vector<std::uint32_t> root_size(n, 0);
    for (std::uint32_t v = 0; v < n; ++v) ++root_size[sets.find(v)];
    std::vector<std::uint32_t> roots;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (sets.parent[v] == v) roots.push_back(v);
    }
    std::stable_sort(roots.begin(), roots.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return root_size[a] > root_size[b]; });
    std::vector<std::uint32_t> comp_of_root(n, 0);
    for (std::uint32_t i = 0; i < roots.size(); ++i) comp_of_root[roots[i]] = i;
    std::vector<std::uint32_t> component(n);
    for (std::uint32_t v = 0; v < n; ++v) component[v] = comp_of_root[sets.find(v)];
    stats.components = roots.size();
    stats.largest_component_nodes = roots.empty() ? 0 : root_size[roots.front()];
    if (stats.components > 1) {
        stats.warnings.push_back("network: " + std::to_string(stats.components) +
                                 " connected components; the largest has " +
                                 std::to_string(stats.largest_component_nodes) + " of " + std::to_string(n) +
                                 " nodes" +
                                 (options.largest_component_only ? " (only it is kept)"
                                                                 : " (points snapped to small ones reach little)"));
    }

    if (options.largest_component_only && stats.components > 1) {
        std::vector<NodeId> remap(n, no_id);
        std::vector<Point> kept_nodes;
        for (std::uint32_t v = 0; v < n; ++v) {
            if (component[v] == 0) {
                remap[v] = static_cast<NodeId>(kept_nodes.size());
                kept_nodes.push_back(nodes[v]);
            }
        }
        std::vector<RawEdge> kept_edges;
        std::vector<std::size_t> kept_offsets{0};
        std::vector<Point> kept_inner;
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (remap[edges[e].from] == no_id) continue;
            kept_edges.push_back({remap[edges[e].from], remap[edges[e].to], edges[e].length});
            kept_inner.insert(kept_inner.end(), inner.begin() + static_cast<std::ptrdiff_t>(inner_offsets[e]),
                              inner.begin() + static_cast<std::ptrdiff_t>(inner_offsets[e + 1]));
            kept_offsets.push_back(kept_inner.size());
        }
        stats.removed_component_nodes = n - kept_nodes.size();
        nodes = std::move(kept_nodes);
        edges = std::move(kept_edges);
        inner_offsets = std::move(kept_offsets);
        inner = std::move(kept_inner);
        component.assign(nodes.size(), 0);
    }

    WalkNetwork net;
    const std::size_t nn = nodes.size();
    net.m_offsets.assign(nn + 1, 0);
    for (const auto& e : edges) {
        ++net.m_offsets[e.from + 1];
        ++net.m_offsets[e.to + 1];
    }
    for (std::size_t v = 0; v < nn; ++v) net.m_offsets[v + 1] += net.m_offsets[v];
    const std::size_t arc_count = net.m_offsets[nn];
    detail::reserve_huge(net.m_arc_target, arc_count);
    net.m_arc_target.resize(arc_count);
    detail::reserve_huge(net.m_arc_length, arc_count);
    net.m_arc_length.resize(arc_count);
    detail::reserve_huge(net.m_arc_edge_dir, arc_count);
    net.m_arc_edge_dir.resize(arc_count);
    std::vector<std::uint32_t> cursor(net.m_offsets.begin(), net.m_offsets.end() - 1);
    auto put_arc = [&](NodeId at, const Arc& arc) {
        const std::uint32_t a = cursor[at]++;
        net.m_arc_target[a] = arc.target;
        net.m_arc_length[a] = arc.length;
        net.m_arc_edge_dir[a] = arc.edge_dir;
    };
    net.m_edge_from.reserve(edges.size());
    net.m_edge_to.reserve(edges.size());
    net.m_edge_length.reserve(edges.size());
    double total = 0.0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const auto& e = edges[i];
        const auto id = static_cast<std::uint32_t>(i);
        put_arc(e.from, Arc{e.to, id << 1, e.length});
        put_arc(e.to, Arc{e.from, (id << 1) | 1U, e.length});
        net.m_edge_from.push_back(e.from);
        net.m_edge_to.push_back(e.to);
        net.m_edge_length.push_back(e.length);
        total += e.length;
    }
    net.m_nodes = std::move(nodes);
    net.m_inner_offsets = std::move(inner_offsets);
    net.m_inner = std::move(inner);
    net.m_component = std::move(component);
    stats.nodes = nn;
    stats.edges = edges.size();
    stats.total_length_m = total;
    net.m_stats = std::move(stats);
    return net;
}

// Renumbers nodes along a Hilbert curve of their points and sorts edges by their
// smaller end, so that a search touches few, mostly contiguous, parts of the arrays.
void NetworkAccess::spatial_renumber(std::vector<Point>& nodes, std::vector<RawEdge>& edges,
                                     std::vector<std::size_t>& inner_offsets, std::vector<Point>& inner) {
    const auto order = detail::hilbert_order(nodes.size(), [&](std::size_t i) { return nodes[i]; });
    std::vector<NodeId> new_id(nodes.size());
    std::vector<Point> sorted_nodes(nodes.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        new_id[order[k]] = k;
        sorted_nodes[k] = nodes[order[k]];
    }
    nodes = std::move(sorted_nodes);
    for (auto& e : edges) {
        e.from = new_id[e.from];
        e.to = new_id[e.to];
    }
    std::vector<std::uint32_t> by_node(edges.size());
    std::iota(by_node.begin(), by_node.end(), 0U);
    std::stable_sort(by_node.begin(), by_node.end(), [&](std::uint32_t a, std::uint32_t b) {
        return std::min(edges[a].from, edges[a].to) < std::min(edges[b].from, edges[b].to);
    });
    std::vector<RawEdge> sorted_edges;
    std::vector<std::size_t> sorted_offsets{0};
    std::vector<Point> sorted_inner;
    sorted_edges.reserve(edges.size());
    sorted_offsets.reserve(edges.size() + 1);
    sorted_inner.reserve(inner.size());
    for (const std::uint32_t e : by_node) {
        sorted_edges.push_back(edges[e]);
        sorted_inner.insert(sorted_inner.end(), inner.begin() + static_cast<std::ptrdiff_t>(inner_offsets[e]),
                            inner.begin() + static_cast<std::ptrdiff_t>(inner_offsets[e + 1]));
        sorted_offsets.push_back(sorted_inner.size());
    }
    edges = std::move(sorted_edges);
    inner_offsets = std::move(sorted_offsets);
    inner = std::move(sorted_inner);
}

WalkNetwork NetworkAccess::build_from_ways(const WayList& ways, NetworkStats stats,
                                           const NetworkBuildOptions& options) {
    const auto& vx = ways.vertices;
    // Clean ways: drop consecutive repeats (same vertex or same coordinates).
    std::vector<std::uint32_t> clean;
    std::vector<std::size_t> clean_offsets{0};
    clean.reserve(ways.way_vertices.size());
    for (std::size_t w = 0; w < ways.way_count(); ++w) {
        const std::size_t start = clean.size();
        for (std::size_t i = ways.way_offsets[w]; i < ways.way_offsets[w + 1]; ++i) {
            const std::uint32_t v = ways.way_vertices[i];
            if (clean.size() > start && (clean.back() == v || vx[clean.back()] == vx[v])) continue;
            clean.push_back(v);
        }
        if (clean.size() - start < 2) {
            clean.resize(start);
            continue;
        }
        clean_offsets.push_back(clean.size());
    }
    // Graph nodes: vertices used twice or more, and way ends.
    std::vector<std::uint8_t> uses(vx.size(), 0);
    for (std::size_t w = 0; w + 1 < clean_offsets.size(); ++w) {
        for (std::size_t i = clean_offsets[w]; i < clean_offsets[w + 1]; ++i) {
            auto& u = uses[clean[i]];
            if (u < 2) ++u;
        }
        uses[clean[clean_offsets[w]]] = 2;
        uses[clean[clean_offsets[w + 1] - 1]] = 2;
    }
    if (!options.contract_chains) std::fill(uses.begin(), uses.end(), std::uint8_t{2});
    std::vector<NodeId> node_of(vx.size(), no_id);
    std::vector<Point> nodes;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const std::uint32_t v = clean[i];
        if (uses[v] >= 2 && node_of[v] == no_id) {
            node_of[v] = static_cast<NodeId>(nodes.size());
            nodes.push_back(vx[v]);
        }
    }
    std::vector<NetworkAccess::RawEdge> edges;
    std::vector<std::size_t> inner_offsets{0};
    std::vector<Point> inner;
    for (std::size_t w = 0; w + 1 < clean_offsets.size(); ++w) {
        NodeId from = node_of[clean[clean_offsets[w]]];
        double length = 0.0;
        for (std::size_t i = clean_offsets[w] + 1; i < clean_offsets[w + 1]; ++i) {
            const std::uint32_t v = clean[i];
            length += dist(vx[clean[i - 1]], vx[v]);
            if (node_of[v] != no_id) {
                edges.push_back({from, node_of[v], length});
                inner_offsets.push_back(inner.size());
                from = node_of[v];
                length = 0.0;
            } else {
                inner.push_back(vx[v]);
            }
        }
    }
    spatial_renumber(nodes, edges, inner_offsets, inner);
    stats.lines_in = clean_offsets.size() - 1;
    return assemble(std::move(nodes), std::move(edges), std::move(inner_offsets), std::move(inner),
                    std::move(stats), options);
}

WalkNetwork WalkNetwork::from_edges(std::vector<Point> nodes, std::span<const EdgeSpec> edges,
                                    const NetworkBuildOptions& options) {
    std::vector<NetworkAccess::RawEdge> raw;
    raw.reserve(edges.size());
    for (const auto& e : edges) {
        if (e.from >= nodes.size() || e.to >= nodes.size()) {
            throw Error("network: edge refers to node " + std::to_string(std::max(e.from, e.to)) + " of " +
                        std::to_string(nodes.size()));
        }
        raw.push_back({e.from, e.to, e.length < 0 ? dist(nodes[e.from], nodes[e.to]) : e.length});
    }
    std::vector<std::size_t> inner_offsets(edges.size() + 1, 0);
    std::vector<Point> inner;
    if (options.spatial_order) NetworkAccess::spatial_renumber(nodes, raw, inner_offsets, inner);
    NetworkStats stats;
    stats.lines_in = edges.size();
    return NetworkAccess::assemble(std::move(nodes), std::move(raw), std::move(inner_offsets), std::move(inner),
                                   std::move(stats), options);
}

WalkNetwork WalkNetwork::from_polylines(std::span<const std::vector<Point>> lines,
                                        const NetworkBuildOptions& options) {
    WayList ways;
    std::unordered_map<Point, std::uint32_t, PointHash> ids;
    std::vector<std::uint32_t> way;
    for (const auto& line : lines) {
        way.clear();
        for (const Point& p : line) {
            auto [it, inserted] = ids.try_emplace(p, static_cast<std::uint32_t>(ways.vertices.size()));
            if (inserted) ways.vertices.push_back(p);
            way.push_back(it->second);
        }
        ways.add_way(way);
    }
    return NetworkAccess::build_from_ways(ways, NetworkStats{}, options);
}

namespace {
void collect_lines(const GEOSGeometry* g, std::vector<std::vector<Point>>& out, std::size_t& skipped) {
    auto* h = detail::geos();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, g);
        unsigned size = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) return;
        std::vector<Point> pts(size);
        for (unsigned i = 0; i < size; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &pts[i].x, &pts[i].y);
        out.push_back(std::move(pts));
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) collect_lines(GEOSGetGeometryN_r(h, g, i), out, skipped);
    } else {
        ++skipped;
    }
}
}  // namespace

WalkNetwork WalkNetwork::from_lines(std::span<const Geometry> lines, const NetworkBuildOptions& options) {
    std::vector<std::vector<Point>> polylines;
    std::size_t skipped = 0;
    for (const auto& g : lines) {
        if (g.is_null() || g.is_empty()) continue;
        collect_lines(static_cast<const GEOSGeometry*>(g.native()), polylines, skipped);
    }
    WalkNetwork net = from_polylines(polylines, options);
    if (skipped > 0) {
        net.m_stats.warnings.push_back("network: " + std::to_string(skipped) +
                                       " non-line geometries in the line layer were ignored");
    }
    return net;
}

}  // namespace lc::geo
