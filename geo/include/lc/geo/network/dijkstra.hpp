// Bounded Dijkstra on a WalkNetwork with reusable buffers.
#pragma once

#include "lc/geo/network/walk_network.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace lc::geo {

/// A start of a search: `node` is reached at `distance` by the source labelled `label`.
struct Seed {
    NodeId node = 0;
    double distance = 0.0;
    std::uint32_t label = 0;
};

/// Nodes whose settling can end a search early: `flags[n] != 0` marks the
/// `count` goal nodes (an array of node_count() entries, or null for none).
struct Goals {
    const std::uint8_t* flags = nullptr;
    std::size_t count = 0;
};

/// One bounded (multi-source) Dijkstra search at a time over a network. Buffers are
/// allocated once (O(nodes)) and reset through the list of touched nodes, so a
/// search costs only what it reaches. Not thread-safe: one workspace per thread.
/// Keeps a pointer to the network, which must outlive it.
class DijkstraWorkspace {
public:
    explicit DijkstraWorkspace(const WalkNetwork& network);

    /// Settles every node whose distance from the nearest seed is <= limit.
    /// Earlier results are forgotten. Seeds beyond the limit are ignored.
    /// With goals, stops as soon as every goal is settled: the nodes settled so
    /// far have their final distances, and the limit becomes the last one's.
    void run(std::span<const Seed> seeds, double limit, Goals goals = {});

    /// Distance found by the last run (unreachable when beyond the limit or not reached).
    [[nodiscard]] double distance(NodeId n) const {
        const double d = m_dist[n];
        return d <= m_limit ? d : unreachable;
    }
    /// Label of the seed the node's shortest path starts from (no_id when unreachable).
    [[nodiscard]] std::uint32_t label(NodeId n) const {
        return m_dist[n] <= m_limit ? m_label[n] : no_id;
    }
    /// Nodes settled by the last run (distance <= limit), in order of distance.
    [[nodiscard]] std::span<const NodeId> settled() const noexcept { return m_settled; }
    [[nodiscard]] double limit() const noexcept { return m_limit; }
    [[nodiscard]] const WalkNetwork& network() const noexcept { return *m_net; }

private:
    struct HeapItem {
        std::uint64_t key;  ///< bits of the (non-negative) distance: same order, integer compares
        NodeId node;
    };

    const WalkNetwork* m_net;
    // Separate arrays: relaxing an arc reads only m_dist (8 bytes a node, so a
    // search's nodes share half as many cache lines); labels are written on improvement.
    std::vector<double> m_dist;
    std::vector<std::uint32_t> m_label;
    std::vector<NodeId> m_touched;
    std::vector<NodeId> m_settled;
    std::vector<HeapItem> m_heap;
    double m_limit = 0.0;
};

}  // namespace lc::geo
