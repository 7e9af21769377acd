// The reduced coverage instance (demands grouped by their covering
// candidates, dominated candidates removed), greedy and swap search, shared by
// the MCLP and the LSCP.
#include "coverage_model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>
#include <unordered_map>

namespace lc::opt::detail::cover {
namespace {

struct VecHash {
    std::size_t operator()(const std::vector<int>& v) const noexcept {
        std::uint64_t h = 1469598103934665603ULL;
        for (int x : v) h = (h ^ static_cast<std::uint64_t>(x)) * 1099511628211ULL;
        return static_cast<std::size_t>(h);
    }
};

/// The candidate x group incidence matrix of per-group candidate lists (ascending),
/// compressed by group.
IncidenceByGroup incidence(const std::vector<std::vector<int>>& group_sites, std::size_t n_cand) {
    const auto ng = static_cast<Eigen::Index>(group_sites.size());
    IncidenceByGroup by_group(static_cast<Eigen::Index>(n_cand), ng);
    // No group (every demand dropped, e.g. an empty estates layer): a new matrix is
    // already compressed, and Eigen 3.4's reserve/makeCompressed of a matrix
    // without outer vectors read past its index (ASan: heap-buffer-overflow).
    if (ng == 0) return by_group;
    Eigen::VectorXi sizes(ng);
    for (Eigen::Index g = 0; g < ng; ++g) sizes(g) = static_cast<int>(group_sites[static_cast<std::size_t>(g)].size());
    by_group.reserve(sizes);
    for (Eigen::Index g = 0; g < ng; ++g)
        for (int c : group_sites[static_cast<std::size_t>(g)]) by_group.insert(c, g) = 1.0f;
    by_group.makeCompressed();
    return by_group;
}

}  // namespace

Coverage build(const Problem& pb, double radius, bool remove_dominated, bool split_by_district) {
    Coverage cv;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    std::vector<char> by_existing(nd, 0), reachable(nd, 0);
    std::vector<std::vector<int>> demand_cands(nd);
    std::vector<int> cand_of_site(ns, -1);
    std::vector<Index> all_cands;
    for (Index j = 0; j < ns; ++j)
        if (!pb.sites[j].existing) {
            cand_of_site[j] = static_cast<int>(all_cands.size());
            all_cands.push_back(j);
        }
    for (Index j = 0; j < ns; ++j) {
        const bool ex = pb.sites[j].existing;
        const int c = cand_of_site[j];
        pb.costs.for_each(j, [&](Index i, double d) {
            if (d > radius) return;
            reachable[i] = 1;
            if (ex) by_existing[i] = 1;
            else demand_cands[i].push_back(c);
        });
    }
    for (Index i = 0; i < nd; ++i) {
        cv.total_weight += pb.demands[i].weight;
        if (!reachable[i]) cv.uncoverable.push_back(i);
        else if (by_existing[i]) cv.existing_weight += pb.demands[i].weight;
    }
    // Group by candidate set, then remove dominated candidates and regroup.
    std::vector<std::vector<int>> group_sites;  // group -> candidates (ascending)
    auto group = [&](const std::vector<char>& keep) {
        std::unordered_map<std::vector<int>, int, VecHash> index;
        group_sites.clear();
        cv.group_weight.clear();
        cv.group_members.clear();
        cv.group_district.clear();
        std::vector<int> key;
        for (Index i = 0; i < nd; ++i) {
            if (!reachable[i] || by_existing[i] || pb.demands[i].weight <= 0.0) continue;
            key.clear();
            for (int c : demand_cands[i])
                if (keep[static_cast<std::size_t>(c)]) key.push_back(c);
            if (key.empty()) continue;  // only happens when weight 0 or via dominance (not possible)
            const Index g = pb.group_of(i);
            const int district = split_by_district && g != no_group ? static_cast<int>(g) : -1;
            if (split_by_district) key.push_back(-2 - district);  // the district in the key (negative: no candidate)
            auto [it, added] = index.emplace(key, static_cast<int>(group_sites.size()));
            if (split_by_district) key.pop_back();
            if (added) {
                group_sites.push_back(key);
                cv.group_weight.push_back(0.0);
                cv.group_members.emplace_back();
                cv.group_district.push_back(district);
            }
            cv.group_weight[static_cast<std::size_t>(it->second)] += pb.demands[i].weight;
            cv.group_members[static_cast<std::size_t>(it->second)].push_back(i);
        }
    };
    std::vector<char> keep(all_cands.size(), 1);
    group(keep);
    const std::size_t nc = all_cands.size();
    if (remove_dominated) {
        // a is dominated by b when cover(a) is a subset of cover(b) (equal sets: the lower index stays).
        const Incidence cover(incidence(group_sites, nc));  // compressed by candidate
        std::vector<int> count(nc, 0);
        std::vector<int> touched;
        for (std::size_t a = 0; a < nc; ++a) {
            const std::span<const int> groups_a = inner(cover, a);
            if (groups_a.empty()) {
                keep[a] = 0;
                continue;
            }
            touched.clear();
            for (int g : groups_a)
                for (int b : group_sites[static_cast<std::size_t>(g)]) {
                    if (count[static_cast<std::size_t>(b)]++ == 0) touched.push_back(b);
                }
            const int need = static_cast<int>(groups_a.size());
            for (int b : touched) {
                const auto ub = static_cast<std::size_t>(b);
                if (ub != a && keep[ub] && count[ub] == need &&
                    (inner(cover, ub).size() > groups_a.size() || ub < a)) {
                    keep[a] = 0;
                }
                count[ub] = 0;
            }
        }
        for (char k : keep) cv.n_dominated += k ? 0 : 1;
        group(keep);
    }
    // Renumber kept candidates.
    std::vector<int> new_index(nc, -1);
    for (std::size_t a = 0; a < nc; ++a)
        if (keep[a]) {
            new_index[a] = static_cast<int>(cv.cand.size());
            cv.cand.push_back(all_cands[a]);
        }
    for (auto& sites : group_sites)
        for (int& c : sites) c = new_index[static_cast<std::size_t>(c)];
    cv.cover_by_group = incidence(group_sites, cv.cand.size());
    cv.cover = cv.cover_by_group;  // the storage order changes: compressed by candidate
    cv.coverable_weight = cv.existing_weight + std::accumulate(cv.group_weight.begin(), cv.group_weight.end(), 0.0);
    cv.n_coverable_demands = nd - cv.uncoverable.size();
    return cv;
}

void greedy(CoverState& st, std::size_t p) {
    const auto& cv = st.cv;
    using Item = std::pair<double, int>;
    std::priority_queue<Item> heap;
    auto gain = [&](int j) {
        double g = 0.0;
        for (int grp : cv.groups_of(static_cast<std::size_t>(j)))
            if (st.count[static_cast<std::size_t>(grp)] == 0) g += cv.group_weight[static_cast<std::size_t>(grp)];
        return g;
    };
    for (std::size_t j = 0; j < cv.cand.size(); ++j)
        if (!st.open[j]) heap.emplace(gain(static_cast<int>(j)), -static_cast<int>(j));
    while (st.opened.size() < p && !heap.empty()) {
        auto [g, negj] = heap.top();
        heap.pop();
        const int j = -negj;
        const double fresh = gain(j);
        if (fresh <= 0.0) break;
        if (!heap.empty() && fresh < heap.top().first - 1e-12) {
            heap.emplace(fresh, negj);
            continue;
        }
        st.toggle(j, true);
    }
}

int swap_search(CoverState& st, const Clock& clock, const std::vector<int>* allowed) {
    const auto& cv = st.cv;
    const std::size_t nc = cv.cand.size();
    std::vector<double> delta(nc, 0.0);
    std::vector<int> touched;
    const std::size_t n_f = allowed ? allowed->size() : nc;
    int swaps = 0;
    for (int iter = 0; iter < 100000 && !clock.expired(); ++iter) {
        int r0 = -1;
        for (int j : st.opened)
            if (r0 < 0 || st.loss[static_cast<std::size_t>(j)] < st.loss[static_cast<std::size_t>(r0)] ||
                (st.loss[static_cast<std::size_t>(j)] == st.loss[static_cast<std::size_t>(r0)] && j < r0))
                r0 = j;
        if (r0 < 0) return swaps;
        const double min_loss = st.loss[static_cast<std::size_t>(r0)];
        double best = 1e-9 * std::max(1.0, st.covered);
        int best_f = -1, best_r = -1;
        for (std::size_t q = 0; q < n_f; ++q) {
            const std::size_t f = allowed ? static_cast<std::size_t>((*allowed)[q]) : q;
            if (st.open[f]) continue;
            // Swapping f in for r gains gain[f] and loses loss[r] minus what f re-covers of
            // it (at most single[f]); so no swap with f beats this bound: skip it unevaluated.
            if (st.gain[f] - std::max(0.0, min_loss - st.single[f]) <= best) continue;
            double gain = 0.0;
            touched.clear();
            for (int g : cv.groups_of(f)) {
                const auto ug = static_cast<std::size_t>(g);
                if (st.count[ug] == 0) gain += cv.group_weight[ug];
                else if (st.count[ug] == 1) {
                    const auto r = static_cast<std::size_t>(st.sole[ug]);
                    if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                    delta[r] += cv.group_weight[ug];
                }
            }
            double move = gain - st.loss[static_cast<std::size_t>(r0)];
            int r_best = r0;
            for (int r : touched) {
                const auto ur = static_cast<std::size_t>(r);
                const double m = gain - st.loss[ur] + delta[ur];
                if (m > move) {
                    move = m;
                    r_best = r;
                }
                delta[ur] = 0.0;
            }
            if (move > best) {
                best = move;
                best_f = static_cast<int>(f);
                best_r = r_best;
            }
        }
        if (best_f < 0) return swaps;
        st.toggle(best_r, false);
        st.toggle(best_f, true);
        ++swaps;
    }
    return swaps;
}

std::vector<Index> to_sites(const Coverage& cv, const std::vector<int>& open) {
    std::vector<Index> out;
    out.reserve(open.size());
    for (int j : open) out.push_back(cv.cand[static_cast<std::size_t>(j)]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> add_group_cover(MipModel& m, const Coverage& cv, const std::vector<double>& weight) {
    const std::size_t ng = cv.group_weight.size();
    std::vector<int> y(ng);
    for (std::size_t g = 0; g < ng; ++g) y[g] = m.add_col(0.0, 1.0, weight[g], false);
    std::vector<int> idx;
    std::vector<double> val;
    for (std::size_t g = 0; g < ng; ++g) {
        idx.assign(1, y[g]);
        val.assign(1, 1.0);
        for (int c : cv.sites_of(g)) {
            idx.push_back(c);
            val.push_back(-1.0);
        }
        m.add_row(idx, val, -1e30, 0.0);
    }
    return y;
}

}  // namespace lc::opt::detail::cover
