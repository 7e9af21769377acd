#include "lc/geo/network/distances.hpp"

#include "lc/error.hpp"
#include "lc/parallel.hpp"
#include "network/hilbert.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace lc::geo {

std::vector<Seed> seeds_of(const WalkNetwork& network, const SnappedPoint& source, std::uint32_t label,
                           bool include_snap_leg) {
    if (!source.snapped || source.edge == no_id) return {};
    const double leg = include_snap_leg ? source.distance : 0.0;
    const double len = network.edge_length(source.edge);
    return {Seed{network.edge_from(source.edge), leg + source.offset, label},
            Seed{network.edge_to(source.edge), leg + (len - source.offset), label}};
}

namespace {

double leg_of(const SnappedPoint& p, bool include) { return include ? p.distance : 0.0; }

void check(const WalkDistanceOptions& options) {
    if (!(options.threshold >= 0.0)) {
        throw ArgumentError("network: the walking threshold must be a number of metres >= 0 (got " +
                            std::to_string(options.threshold) + ")");
    }
}

}  // namespace

NearestSource nearest_source(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                             std::span<const SnappedPoint> targets, const WalkDistanceOptions& options) {
    check(options);
    const bool legs = options.include_snap_legs;
    const double limit = options.threshold;
    std::vector<Seed> seeds;
    std::vector<std::pair<EdgeId, std::uint32_t>> on_edge;  // (edge, source) for same-edge paths
    for (std::uint32_t s = 0; s < sources.size(); ++s) {
        const auto two = seeds_of(network, sources[s], s, legs);
        seeds.insert(seeds.end(), two.begin(), two.end());
        if (!two.empty()) on_edge.emplace_back(sources[s].edge, s);
    }
    std::sort(on_edge.begin(), on_edge.end());
    DijkstraWorkspace ws(network);
    ws.run(seeds, limit);

    NearestSource out;
    out.distance.assign(targets.size(), unreachable);
    out.source.assign(targets.size(), no_id);
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const SnappedPoint& tp = targets[t];
        if (!tp.snapped || tp.edge == no_id) continue;
        const double leg = leg_of(tp, legs);
        const double len = network.edge_length(tp.edge);
        double best = unreachable;
        std::uint32_t best_src = no_id;
        auto consider = [&](double d, std::uint32_t src) {
            if (d <= limit && (d < best || (d == best && src < best_src))) {
                best = d;
                best_src = src;
            }
        };
        const NodeId u = network.edge_from(tp.edge);
        const NodeId v = network.edge_to(tp.edge);
        consider(ws.distance(u) + tp.offset + leg, ws.label(u));
        consider(ws.distance(v) + (len - tp.offset) + leg, ws.label(v));
        auto range = std::equal_range(on_edge.begin(), on_edge.end(), std::pair<EdgeId, std::uint32_t>{tp.edge, 0},
                                      [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = range.first; it != range.second; ++it) {
            const SnappedPoint& sp = sources[it->second];
            consider(leg_of(sp, legs) + std::abs(sp.offset - tp.offset) + leg, it->second);
        }
        out.distance[t] = best;
        out.source[t] = best_src;
    }
    return out;
}

namespace {

// Targets grouped by edge (CSR), and which nodes touch an edge holding a target.
struct TargetsByEdge {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> items;
    std::vector<std::uint8_t> node_flag;
    std::size_t flagged = 0;  // nodes with node_flag set

    TargetsByEdge(const WalkNetwork& net, std::span<const SnappedPoint> targets)
        : offsets(net.edge_count() + 1, 0), node_flag(net.node_count(), 0) {
        for (const auto& t : targets) {
            if (t.snapped && t.edge != no_id) ++offsets[t.edge + 1];
        }
        for (std::size_t e = 0; e < net.edge_count(); ++e) offsets[e + 1] += offsets[e];
        items.resize(offsets.back());
        std::vector<std::uint32_t> cursor(offsets.begin(), offsets.end() - 1);
        for (std::uint32_t t = 0; t < targets.size(); ++t) {
            const auto& tp = targets[t];
            if (!tp.snapped || tp.edge == no_id) continue;
            items[cursor[tp.edge]++] = t;
            node_flag[net.edge_from(tp.edge)] = 1;
            node_flag[net.edge_to(tp.edge)] = 1;
        }
        for (const std::uint8_t f : node_flag) flagged += f;
    }
    /// A search can end once both ends of every target's edge are settled:
    /// every target's distance is then final (few targets, a far threshold).
    [[nodiscard]] Goals goals() const { return {node_flag.data(), flagged}; }
    [[nodiscard]] std::span<const std::uint32_t> on(EdgeId e) const {
        return {items.data() + offsets[e], items.data() + offsets[e + 1]};
    }
};

struct Worker {
    DijkstraWorkspace ws;
    std::vector<double> best;
    std::vector<std::uint32_t> touched;
    std::vector<Seed> seeds;

    Worker(const WalkNetwork& net, std::size_t targets) : ws(net), best(targets, unreachable) {}

    void offer(std::uint32_t t, double d) {
        if (d < best[t]) {
            if (best[t] == unreachable) touched.push_back(t);
            best[t] = d;
        }
    }

    void run_source(const WalkNetwork& net, const TargetsByEdge& by_edge, std::span<const SnappedPoint> targets,
                    const SnappedPoint& src, const WalkDistanceOptions& options,
                    std::vector<std::pair<std::uint32_t, double>>& out) {
        out.clear();
        if (!src.snapped || src.edge == no_id) return;
        const bool legs = options.include_snap_legs;
        const double limit = options.threshold;
        const double len_s = net.edge_length(src.edge);
        const double leg_s = leg_of(src, legs);
        seeds.clear();
        seeds.push_back({net.edge_from(src.edge), leg_s + src.offset, 0});
        seeds.push_back({net.edge_to(src.edge), leg_s + (len_s - src.offset), 0});
        ws.run(seeds, limit, by_edge.goals());
        for (const NodeId u : ws.settled()) {
            if (!by_edge.node_flag[u]) continue;
            const double du = ws.distance(u);
            for (const Arc arc : net.arcs(u)) {
                for (const std::uint32_t t : by_edge.on(arc.edge())) {
                    const SnappedPoint& tp = targets[t];
                    const double along = arc.reversed() ? arc.length - tp.offset : tp.offset;
                    const double d = du + along + leg_of(tp, legs);
                    if (d <= limit) offer(t, d);
                }
            }
        }
        for (const std::uint32_t t : by_edge.on(src.edge)) {
            const SnappedPoint& tp = targets[t];
            const double d = leg_s + std::abs(src.offset - tp.offset) + leg_of(tp, legs);
            if (d <= limit) offer(t, d);
        }
        std::sort(touched.begin(), touched.end());
        out.reserve(touched.size());
        for (const std::uint32_t t : touched) {
            out.emplace_back(t, best[t]);
            best[t] = unreachable;
        }
        touched.clear();
    }
};

// Sources in Hilbert order of their projected points: consecutive searches then
// cover overlapping parts of the graph, which stay in the CPU caches.
std::vector<std::uint32_t> spatial_order(std::span<const SnappedPoint> sources) {
    return detail::hilbert_order(sources.size(), [&](std::size_t i) { return sources[i].projected; });
}

}  // namespace

CoverageLists coverage_lists(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                             std::span<const SnappedPoint> targets, const WalkDistanceOptions& options) {
    check(options);
    const TargetsByEdge by_edge(network, targets);
    const std::vector<std::uint32_t> order = spatial_order(sources);
    std::vector<std::vector<std::pair<std::uint32_t, double>>> lists(sources.size());
    lc::parallel_for(
        sources.size(), lc::thread_count(options.threads, sources.size(), 16), 32,
        [&] { return Worker(network, targets.size()); },
        [&](Worker& worker, std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                const std::uint32_t s = order[i];
                worker.run_source(network, by_edge, targets, sources[s], options, lists[s]);
            }
        });
    CoverageLists out;
    std::size_t total = 0;
    for (const auto& l : lists) total += l.size();
    out.offsets.reserve(sources.size() + 1);
    out.targets.reserve(total);
    out.distances.reserve(total);
    for (auto& l : lists) {
        for (const auto& [t, d] : l) {
            out.targets.push_back(t);
            out.distances.push_back(d);
        }
        out.offsets.push_back(out.targets.size());
        std::vector<std::pair<std::uint32_t, double>>().swap(l);
    }
    return out;
}

}  // namespace lc::geo
