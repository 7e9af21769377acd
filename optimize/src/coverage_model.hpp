// Private to the coverage models (MCLP, LSCP): the reduced instance and the
// local-search state that coverage_model.cpp builds and mclp.cpp and
// coverage.cpp (LSCP) solve.
#pragma once

#include "detail.hpp"
#include "mip.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::opt::detail::cover {

/// The reduced coverage instance: demands merged into groups with identical sets of
/// covering candidates; dominated candidates removed.
struct Coverage {
    std::vector<Index> cand;                      // site index per kept candidate
    std::vector<std::vector<int>> cover;          // candidate -> groups
    std::vector<std::vector<int>> group_sites;    // group -> candidates
    std::vector<double> group_weight;
    std::vector<std::vector<Index>> group_members;
    double total_weight = 0.0;
    double existing_weight = 0.0;                 // covered by existing sites
    double coverable_weight = 0.0;                // existing + groups
    std::vector<Index> uncoverable;
    std::size_t n_dominated = 0;
    std::size_t n_coverable_demands = 0;
    // The same lists flattened (CSR) for the Lagrangian's hot loops.
    std::vector<std::size_t> cover_start, gs_start;
    std::vector<int> cover_flat, gs_flat;
};

/// The reduced instance of `pb` for coverage within `radius` (dominated
/// candidates removed when `remove_dominated`).
Coverage build(const Problem& pb, double radius, bool remove_dominated);

/// Local-search state over kept candidates: how often each group is covered, and per
/// open candidate the weight only it covers (its loss on closing), kept incrementally.
struct CoverState {
    const Coverage& cv;
    std::vector<char> open;
    std::vector<int> count;
    std::vector<std::int64_t> sole;  // sum of open covering candidates (= the one when count == 1)
    std::vector<double> loss;        // open candidate -> weight of the groups only it covers
    std::vector<int> opened;         // open candidates (order of opening, swap-removed)
    std::vector<int> pos;            // candidate -> index in `opened`, -1 when closed
    std::vector<double> gain;        // candidate -> weight of its groups covered by no open site
    std::vector<double> single;      // candidate -> weight of its groups covered exactly once
    double covered = 0.0;

    explicit CoverState(const Coverage& c)
        : cv(c), open(c.cand.size(), 0), count(c.group_weight.size(), 0), sole(c.group_weight.size(), 0),
          loss(c.cand.size(), 0.0), pos(c.cand.size(), -1), gain(c.cand.size(), 0.0), single(c.cand.size(), 0.0) {
        for (std::size_t j = 0; j < c.cand.size(); ++j)
            for (int g : c.cover[j]) gain[j] += c.group_weight[static_cast<std::size_t>(g)];
    }
    /// Adds (gain, single) to every candidate covering g.
    void shift(std::size_t g, double d_gain, double d_single) {
        for (std::size_t q = cv.gs_start[g], e = cv.gs_start[g + 1]; q < e; ++q) {
            const auto f = static_cast<std::size_t>(cv.gs_flat[q]);
            gain[f] += d_gain;
            single[f] += d_single;
        }
    }
    void toggle(int j, bool on) {
        const auto uj = static_cast<std::size_t>(j);
        open[uj] = on ? 1 : 0;
        if (on) {
            pos[uj] = static_cast<int>(opened.size());
            opened.push_back(j);
        } else {
            const int last = opened.back();
            opened[static_cast<std::size_t>(pos[uj])] = last;
            pos[static_cast<std::size_t>(last)] = pos[uj];
            opened.pop_back();
            pos[uj] = -1;
        }
        for (int g : cv.cover[uj]) {
            const auto ug = static_cast<std::size_t>(g);
            const double w = cv.group_weight[ug];
            if (on) {
                const int c = count[ug]++;
                if (c == 0) {
                    covered += w;
                    loss[uj] += w;
                    shift(ug, -w, w);
                } else if (c == 1) {
                    loss[static_cast<std::size_t>(sole[ug])] -= w;
                    shift(ug, 0.0, -w);
                }
                sole[ug] += j;
            } else {
                const int c = --count[ug];
                sole[ug] -= j;
                if (c == 0) {
                    covered -= w;
                    shift(ug, w, -w);
                } else if (c == 1) {
                    loss[static_cast<std::size_t>(sole[ug])] += w;
                    shift(ug, 0.0, w);
                }
            }
        }
        if (!on) loss[uj] = 0.0;
    }
    std::vector<int> open_list() const {
        std::vector<int> out(opened);
        std::sort(out.begin(), out.end());
        return out;
    }
};

/// Lazy greedy: add up to p candidates with the largest marginal coverage.
void greedy(CoverState& st, std::size_t p);

/// Best-improvement swaps (fast interchange) until none improves. Insertions are
/// drawn from `allowed` when given (e.g. the candidates left by reduced-cost fixing),
/// otherwise from every candidate. Returns the number of swaps made.
int swap_search(CoverState& st, const Clock& clock, const std::vector<int>* allowed = nullptr);

/// The site indexes of open candidates.
std::vector<Index> to_sites(const Coverage& cv, const std::vector<int>& open);

/// Adds a column y_g in [0, 1] per demand group, of objective `weight[g]`, and
/// the row y_g <= sum of the x_c of the candidates covering g (columns 0..nc-1
/// are the candidates). Returns the y columns.
std::vector<int> add_group_cover(MipModel& m, const Coverage& cv, const std::vector<double>& weight);

/// The MCLP (mclp.cpp).
Result mclp(const Problem& pb, const Options& opt, bool exact, const Clock& clock);

}  // namespace lc::opt::detail::cover
