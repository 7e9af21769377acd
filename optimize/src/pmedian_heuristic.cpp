// p-median heuristic parts: the reduced model (candidates closer than the
// nearest existing site), greedy start, fast-interchange swap search, and the
// Lagrangian relaxation of the assignment constraints (bound and multipliers).
#include "pmedian_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace lc::opt::detail::pmed {

Median build(const Problem& pb) {
    Median md;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    double max_cost = 0.0;
    for (Index j = 0; j < ns; ++j)
        pb.costs.for_each(j, [&](Index, double c) { max_cost = std::max(max_cost, c); });
    md.penalty = (max_cost + 1.0) * static_cast<double>(nd + 1);
    md.fixed.assign(nd, md.penalty);
    md.w.resize(nd);
    for (std::size_t i = 0; i < nd; ++i) {
        md.w[i] = pb.demands[i].weight;
        if (!is_integral(md.w[i])) md.integral = false;
    }
    for (Index j = 0; j < ns; ++j) {
        if (pb.sites[j].existing)
            pb.costs.for_each(j, [&](Index i, double c) { md.fixed[i] = std::min(md.fixed[i], c); });
        else
            md.cand.push_back(j);
    }
    md.by_cand.resize(md.cand.size());
    md.near.resize(nd);
    for (std::size_t c = 0; c < md.cand.size(); ++c) {
        pb.costs.for_each(md.cand[c], [&](Index i, double d) {
            if (!is_integral(d)) md.integral = false;
            if (d < md.fixed[i]) {
                md.by_cand[c].push_back(Link{i, d});
                md.near[i].push_back(Near{d, static_cast<int>(c)});
            }
        });
    }
    for (auto& v : md.near)
        std::sort(v.begin(), v.end(), [](const Near& a, const Near& b) { return a.cost < b.cost || (a.cost == b.cost && a.cand < b.cand); });
    return md;
}

void greedy(State& st, std::size_t p) {
    // Lazy greedy (CELF): opening sites only lowers d1, so a candidate's gain never
    // grows; a stale gain is an upper bound. Pop the best bound, refresh it, and take
    // it when it still beats the next bound. Same picks as the plain greedy (highest
    // gain, lowest index on ties: the heap orders by gain, then index), computed with
    // the same sums, in far fewer evaluations for large p (rl5934, p = 1,500).
    const Median& md = *st.mdp;
    const std::size_t nc = md.cand.size();
    st.assign_all();
    const auto gain_of = [&](std::size_t c) {
        double gain = 0.0;
        for (const Link& l : md.by_cand[c])
            if (l.cost < st.d1[l.demand]) gain += md.w[l.demand] * (st.d1[l.demand] - l.cost);
        return gain;
    };
    struct Entry {
        double gain;
        int cand;
    };
    // std heap: the "largest" on top = highest gain, then lowest index.
    const auto below = [](const Entry& a, const Entry& b) { return a.gain < b.gain || (a.gain == b.gain && a.cand > b.cand); };
    std::vector<Entry> heap;
    heap.reserve(nc);
    for (std::size_t c = 0; c < nc; ++c)
        if (!st.open[c]) heap.push_back(Entry{gain_of(c), static_cast<int>(c)});
    std::make_heap(heap.begin(), heap.end(), below);
    for (std::size_t k = 0; k < p && !heap.empty();) {
        std::pop_heap(heap.begin(), heap.end(), below);
        Entry top = heap.back();
        heap.pop_back();
        top.gain = gain_of(static_cast<std::size_t>(top.cand));
        if (!heap.empty() && below(top, heap.front())) {  // stale: another may be better
            heap.push_back(top);
            std::push_heap(heap.begin(), heap.end(), below);
            continue;
        }
        const auto bj = static_cast<std::size_t>(top.cand);
        st.open[bj] = 1;
        for (const Link& l : md.by_cand[bj])
            if (l.cost < st.d1[l.demand]) {
                st.cost -= md.w[l.demand] * (st.d1[l.demand] - l.cost);
                st.d1[l.demand] = l.cost;
            }
        ++k;
    }
    st.assign_all();
}

namespace {

/// The links that can change a swap's value: (demand i, candidate f) with
/// d_if < d2_i, grouped by candidate (CSR), demands ascending as in by_cand. A
/// link at or beyond d2_i neither gains nor saves anything, and with p medians
/// the near lists' prefixes up to d2 hold about 2 n / p entries each, against n
/// in by_cand (rl5934, p = 700: 0.1 M links instead of 35 M per swap).
struct Relevant {
    std::vector<std::size_t> start;
    std::vector<Link> links;

    void collect(const State& st) {
        const Median& md = *st.mdp;
        const std::size_t nc = md.cand.size(), nd = md.w.size();
        start.assign(nc + 1, 0);
        for (std::size_t i = 0; i < nd; ++i)
            for (const Near& nb : md.near[i]) {
                if (nb.cost >= st.d2[i]) break;
                ++start[static_cast<std::size_t>(nb.cand) + 1];
            }
        for (std::size_t c = 0; c < nc; ++c) start[c + 1] += start[c];
        links.resize(start[nc]);
        std::vector<std::size_t> pos(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < nd; ++i)
            for (const Near& nb : md.near[i]) {
                if (nb.cost >= st.d2[i]) break;
                links[pos[static_cast<std::size_t>(nb.cand)]++] = Link{static_cast<Index>(i), nb.cost};
            }
    }
};

}  // namespace

void swap_search(State& st, const Clock& clock) {
    const Median& md = *st.mdp;
    const std::size_t nc = md.cand.size(), nd = md.w.size();
    std::vector<double> loss(nc), delta(nc, 0.0);
    std::vector<int> touched;
    Relevant rel;
    for (int iter = 0; iter < 1000000 && !clock.expired(); ++iter) {
        std::fill(loss.begin(), loss.end(), 0.0);
        for (std::size_t i = 0; i < nd; ++i)
            if (st.c1[i] >= 0) loss[static_cast<std::size_t>(st.c1[i])] += md.w[i] * (st.d2[i] - st.d1[i]);
        int r0 = -1;
        for (std::size_t j = 0; j < nc; ++j)
            if (st.open[j] && (r0 < 0 || loss[j] < loss[static_cast<std::size_t>(r0)])) r0 = static_cast<int>(j);
        if (r0 < 0) return;
        rel.collect(st);
        double best = 1e-9 * std::max(1.0, st.cost);
        int bf = -1, br = -1;
        for (std::size_t f = 0; f < nc; ++f) {
            if (st.open[f]) continue;
            double gain = 0.0;
            touched.clear();
            for (std::size_t k = rel.start[f]; k < rel.start[f + 1]; ++k) {
                const Link& l = rel.links[k];
                const std::size_t i = l.demand;
                if (l.cost < st.d1[i]) {
                    gain += md.w[i] * (st.d1[i] - l.cost);
                    if (st.c1[i] >= 0) {
                        const auto r = static_cast<std::size_t>(st.c1[i]);
                        if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                        delta[r] += md.w[i] * (st.d2[i] - st.d1[i]);
                    }
                } else if (st.c1[i] >= 0) {  // d1 <= cost < d2
                    const auto r = static_cast<std::size_t>(st.c1[i]);
                    if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                    delta[r] += md.w[i] * (st.d2[i] - l.cost);
                }
            }
            double move = gain - loss[static_cast<std::size_t>(r0)];
            int rb = r0;
            for (int r : touched) {
                const auto ur = static_cast<std::size_t>(r);
                const double m = gain - loss[ur] + delta[ur];
                if (m > move) {
                    move = m;
                    rb = r;
                }
                delta[ur] = 0.0;
            }
            if (move > best) {
                best = move;
                bf = static_cast<int>(f);
                br = rb;
            }
        }
        if (bf < 0) return;
        st.open[static_cast<std::size_t>(br)] = 0;
        st.open[static_cast<std::size_t>(bf)] = 1;
        st.assign_all();
    }
}

double lagrange_value(const Median& md, const std::vector<double>& lambda, std::size_t p, std::vector<double>& rho,
                      std::vector<int>& order) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    std::fill(rho.begin(), rho.end(), 0.0);
    double value = 0.0;
    for (std::size_t i = 0; i < nd; ++i) {
        const double li = lambda[i];
        value += li + std::min(0.0, md.w[i] * md.fixed[i] - li);
        for (const Near& nb : md.near[i]) {
            const double r = md.w[i] * nb.cost - li;
            if (r >= 0.0) break;
            rho[static_cast<std::size_t>(nb.cand)] += r;
        }
    }
    order.resize(nc);
    std::iota(order.begin(), order.end(), 0);
    const std::size_t k = std::min(p, nc);
    if (k < nc)
        std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                         [&](int a, int b) { return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)]; });
    for (std::size_t q = 0; q < k; ++q) value += rho[static_cast<std::size_t>(order[q])];
    return value;
}

Lagrange lagrangian(const Median& md, std::size_t p, const State& inc, double upper, const Clock& clock, double seconds,
                    bool integral) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    Lagrange lg;
    std::vector<double> lambda(nd), rho(nc), g(nd);
    std::vector<int> order;
    for (std::size_t i = 0; i < nd; ++i) lambda[i] = md.w[i] * inc.d1[i];  // start at the incumbent's costs
    double theta = 2.0;
    int stall = 0;
    const double deadline = clock.elapsed() + seconds;
    const double target = integral ? upper - 1.0 + 1e-6 : upper - 1e-9 * std::max(1.0, upper);
    const std::size_t k = std::min(p, nc);
    for (int it = 0; it < lg_iters() && clock.elapsed() < deadline; ++it) {
        const double value = lagrange_value(md, lambda, p, rho, order);
        if (value > lg.bound + 1e-9 * std::max(1.0, std::abs(value))) {
            if (value > lg.bound + 1e-6 * std::max(1.0, std::abs(value))) stall = 0;
            lg.bound = value;
            lg.lambda = lambda;
        }
        if (++stall >= lg_stall()) {
            theta *= 0.5;
            stall = 0;
            if (theta < lg_min_theta()) break;
        }
        if (lg.bound > target) break;
        // subgradient g_i = 1 - sum_j x_ij
        std::vector<char> chosen(nc, 0);
        for (std::size_t q = 0; q < k; ++q) chosen[static_cast<std::size_t>(order[q])] = 1;
        double norm = 0.0;
        for (std::size_t i = 0; i < nd; ++i) {
            double s = 1.0;
            if (md.w[i] * md.fixed[i] < lambda[i]) s -= 1.0;
            for (const Near& nb : md.near[i]) {
                if (md.w[i] * nb.cost - lambda[i] >= 0.0) break;
                if (chosen[static_cast<std::size_t>(nb.cand)]) s -= 1.0;
            }
            g[i] = s;
            norm += s * s;
        }
        if (norm <= 0.0) break;
        const double step = theta * (upper - value) / norm;
        for (std::size_t i = 0; i < nd; ++i) lambda[i] = std::max(0.0, lambda[i] + step * g[i]);
    }
    return lg;
}

bool all_reached(const Median& md, const State& st) {
    for (std::size_t i = 0; i < md.w.size(); ++i)
        if (st.d1[i] >= md.penalty) return false;
    return true;
}

}  // namespace lc::opt::detail::pmed
