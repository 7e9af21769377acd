#include "lc/geo/network/dijkstra.hpp"

#include "network/huge_pages.hpp"

#include <algorithm>
#include <utility>

namespace lc::geo {

DijkstraWorkspace::DijkstraWorkspace(const WalkNetwork& network)
    : m_net(&network) {
    detail::reserve_huge(m_state, network.node_count());
    m_state.assign(network.node_count(), NodeState{unreachable, no_id});
}

// A min-heap on distance with lazy deletion (stale entries are skipped when
// popped). A (distance, node) pair is never pushed twice, so every node is
// settled once; the order among equal distances is fixed by the sequence of
// operations, so results are deterministic.
namespace {
inline bool before(double da, NodeId, double db, NodeId) { return da < db; }
}  // namespace

// A 4-ary heap: half the depth of a binary heap, children of a node share a cache line.
void DijkstraWorkspace::push(HeapItem item) {
    std::size_t i = m_heap.size();
    m_heap.push_back(item);
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        if (!before(item.dist, item.node, m_heap[parent].dist, m_heap[parent].node)) break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = item;
}

DijkstraWorkspace::HeapItem DijkstraWorkspace::pop() {
    const HeapItem top = m_heap.front();
    const HeapItem last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n == 0) return top;
    std::size_t i = 0;
    while (true) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = std::min(first + 4, n);
        for (std::size_t c = first + 1; c < end; ++c) {
            if (before(m_heap[c].dist, m_heap[c].node, m_heap[best].dist, m_heap[best].node)) best = c;
        }
        if (!before(m_heap[best].dist, m_heap[best].node, last.dist, last.node)) break;
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = last;
    return top;
}

void DijkstraWorkspace::run(std::span<const Seed> seeds, double limit) {
    for (const NodeId n : m_touched) m_state[n] = NodeState{unreachable, no_id};
    m_touched.clear();
    m_settled.clear();
    m_heap.clear();
    m_limit = limit;

    for (const Seed& s : seeds) {
        if (!(s.distance <= limit)) continue;
        NodeState& st = m_state[s.node];
        if (st.dist == unreachable) m_touched.push_back(s.node);
        if (s.distance < st.dist) {
            st.dist = s.distance;
            st.label = s.label;
            push({s.distance, s.node});
        } else if (s.distance == st.dist && s.label < st.label) {
            st.label = s.label;  // already queued at this distance
        }
    }
    const auto offsets = m_net->offsets();
    const auto arcs = m_net->all_arcs();
    while (!m_heap.empty()) {
        const HeapItem top = pop();
        if (top.dist > m_state[top.node].dist) continue;  // stale
        // The next node to settle is likely the new top: start loading its arcs.
        if (!m_heap.empty()) __builtin_prefetch(arcs.data() + offsets[m_heap.front().node]);
        m_settled.push_back(top.node);
        const std::uint32_t label = m_state[top.node].label;
        for (std::uint32_t a = offsets[top.node]; a < offsets[top.node + 1]; ++a) {
            const Arc& arc = arcs[a];
            const double nd = top.dist + arc.length;
            if (nd > limit) continue;
            NodeState& st = m_state[arc.target];
            if (nd < st.dist) {
                if (st.dist == unreachable) m_touched.push_back(arc.target);
                st.dist = nd;
                st.label = label;
                __builtin_prefetch(offsets.data() + arc.target);
                push({nd, arc.target});
            }
        }
    }
}

}  // namespace lc::geo
