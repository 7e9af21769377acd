#include "lc/geo/network/dijkstra.hpp"

#include "network/huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace lc::geo {

DijkstraWorkspace::DijkstraWorkspace(const WalkNetwork& network)
    : m_net(&network) {
    detail::reserve_huge(m_dist, network.node_count());
    m_dist.assign(network.node_count(), unreachable);
    detail::reserve_huge(m_label, network.node_count());
    m_label.assign(network.node_count(), no_id);
}

// A 4-ary min-heap on distance with lazy deletion (stale entries are skipped
// when popped). Keys are the bit patterns of non-negative doubles, which order
// like the doubles, so comparisons are integer compares. A (distance, node)
// pair is never pushed twice, so every node is settled once; the order among
// equal distances is fixed by the sequence of operations (deterministic).
namespace {

template <class Item>
inline void heap_push(std::vector<Item>& heap, Item item) {
    std::size_t i = heap.size();
    heap.push_back(item);
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        if (heap[parent].key <= item.key) break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = item;
}

template <class Item>
inline Item heap_pop(std::vector<Item>& heap) {
    const Item top = heap.front();
    const Item last = heap.back();
    heap.pop_back();
    const std::size_t n = heap.size();
    if (n == 0) return top;
    Item* h = heap.data();
    std::size_t i = 0;
    while (true) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) break;
        std::size_t best = first;
        if (first + 3 < n) {  // four children: branch-free minimum
            const std::size_t a = h[first + 1].key < h[first].key ? first + 1 : first;
            const std::size_t b = h[first + 3].key < h[first + 2].key ? first + 3 : first + 2;
            best = h[b].key < h[a].key ? b : a;
        } else {
            for (std::size_t c = first + 1; c < n; ++c) {
                if (h[c].key < h[best].key) best = c;
            }
        }
        if (h[best].key >= last.key) break;
        h[i] = h[best];
        i = best;
    }
    h[i] = last;
    return top;
}

inline std::uint64_t key_of(double d) { return std::bit_cast<std::uint64_t>(d); }

}  // namespace

void DijkstraWorkspace::run(std::span<const Seed> seeds, double limit, Goals goals) {
    for (const NodeId n : m_touched) {
        m_dist[n] = unreachable;
        m_label[n] = no_id;
    }
    m_touched.clear();
    m_settled.clear();
    m_heap.clear();
    m_limit = limit;

    for (const Seed& s : seeds) {
        if (!(s.distance <= limit)) continue;
        double& dist = m_dist[s.node];
        std::uint32_t& label = m_label[s.node];
        if (dist == unreachable) m_touched.push_back(s.node);
        if (s.distance < dist) {
            dist = s.distance;
            label = s.label;
            heap_push(m_heap, HeapItem{key_of(s.distance), s.node});
        } else if (s.distance == dist && s.label < label) {
            label = s.label;  // already queued at this distance
        }
    }
    const auto offsets = m_net->offsets();
    const NodeId* targets = m_net->arc_targets().data();
    const double* lengths = m_net->arc_lengths().data();
    while (!m_heap.empty()) {
        const HeapItem top = heap_pop(m_heap);
        const double top_dist = std::bit_cast<double>(top.key);
        if (top_dist > m_dist[top.node]) continue;  // stale
        // The next node to settle is likely the new top: start loading its arcs.
        {
            const std::size_t ahead = std::min<std::size_t>(m_heap.size(), 5);
            for (std::size_t k = 0; k < ahead; ++k) {
                const std::uint32_t first = offsets[m_heap[k].node];
                __builtin_prefetch(targets + first);
                __builtin_prefetch(lengths + first);
            }
        }
        m_settled.push_back(top.node);
        if (goals.flags != nullptr && goals.flags[top.node] != 0 && --goals.count == 0) {
            m_limit = top_dist;  // every goal is settled: what is left can only be farther
            return;
        }
        const std::uint32_t label = m_label[top.node];
        for (std::uint32_t a = offsets[top.node]; a < offsets[top.node + 1]; ++a) {
            const double nd = top_dist + lengths[a];
            if (nd > limit) continue;
            const NodeId target = targets[a];
            double& dist = m_dist[target];
            if (nd < dist) {
                if (dist == unreachable) m_touched.push_back(target);
                dist = nd;
                m_label[target] = label;
                __builtin_prefetch(offsets.data() + target);
                heap_push(m_heap, HeapItem{key_of(nd), target});
            }
        }
    }
}

}  // namespace lc::geo
