// Private to the coverage models (MCLP, LSCP): the reduced instance and the
// local-search state that coverage_model.cpp builds and mclp.cpp and
// coverage.cpp (LSCP) solve.
#pragma once

#include "detail.hpp"
#include "mip.hpp"

#include <Eigen/SparseCore>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lc::opt::detail::cover {

/// Candidate x group incidence: 1 where the candidate covers the group. Row-major
/// (a row: the groups of a candidate) and the same matrix column-major (a column:
/// the candidates covering a group). Always compressed, indexes ascending. The
/// entries are float (exact for 0/1, half the memory); products cast them to double.
using Incidence = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;
using IncidenceByGroup = Eigen::SparseMatrix<float, Eigen::ColMajor, int>;

/// The inner indexes of one outer vector (row of a row-major, column of a
/// column-major matrix) of a compressed sparse matrix.
template <class Sparse>
std::span<const int> inner(const Sparse& m, std::size_t outer) {
    const int* idx = m.innerIndexPtr();
    const int* start = m.outerIndexPtr();
    return {idx + start[outer], idx + start[outer + 1]};
}

/// The reduced coverage instance: demands merged into groups with identical sets of
/// covering candidates; dominated candidates removed.
struct Coverage {
    std::vector<Index> cand;                      // site index per kept candidate
    Incidence cover;                              // kept candidates x groups
    IncidenceByGroup cover_by_group;              // the same, compressed by group
    std::vector<double> group_weight;
    std::vector<std::vector<Index>> group_members;
    std::vector<int> group_district;              // split_by_district: the group's Problem::demand_group (-1: none)
    double total_weight = 0.0;
    double existing_weight = 0.0;                 // covered by existing sites
    double coverable_weight = 0.0;                // existing + groups
    std::vector<Index> uncoverable;
    std::size_t n_dominated = 0;
    std::size_t n_coverable_demands = 0;

    /// The groups candidate j covers.
    [[nodiscard]] std::span<const int> groups_of(std::size_t j) const { return inner(cover, j); }
    /// The candidates covering group g.
    [[nodiscard]] std::span<const int> sites_of(std::size_t g) const { return inner(cover_by_group, g); }
};

/// The reduced instance of `pb` for coverage within `radius` (dominated
/// candidates removed when `remove_dominated`). `split_by_district`: demands of
/// different districts (Problem::demand_group) are never merged into one group (the
/// district floor's rows count each district's weight).
Coverage build(const Problem& pb, double radius, bool remove_dominated, bool split_by_district = false);

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
        // gain = cover * group_weight (each row summed in index order, as a loop would)
        Eigen::Map<Eigen::VectorXd>(gain.data(), static_cast<Eigen::Index>(gain.size())).noalias() =
            c.cover.cast<double>() * Eigen::Map<const Eigen::VectorXd>(c.group_weight.data(), static_cast<Eigen::Index>(c.group_weight.size()));
    }
    /// Adds (gain, single) to every candidate covering g.
    void shift(std::size_t g, double d_gain, double d_single) {
        for (int c : cv.sites_of(g)) {
            const auto f = static_cast<std::size_t>(c);
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
        for (int g : cv.groups_of(uj)) {
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

/// Lagrangian variable fixing for the MCLP (mclp.cpp): fix_closed where no
/// solution with the candidate open, fix_open where none with it closed, covers more
/// than `target` (in weight beyond the existing sites), by the bound of the Lagrangian
/// relaxation of y_g <= sum x_j at multipliers `mu` (one per group, >= 0) with the
/// candidate forced. Valid for any mu.
inline constexpr char fix_free = 0, fix_closed = 1, fix_open = 2;
std::vector<char> lagrangian_fixing(const Coverage& cv, std::size_t p, const std::vector<double>& mu, double target);

/// The MCLP (mclp.cpp).
Result mclp(const Problem& pb, const Options& opt, bool exact, const Clock& clock);

/// The MCLP with a district floor or max–min district share (mclp_floor.cpp).
Result mclp_floor(const Problem& pb, const Options& opt, bool exact, const Clock& clock);

}  // namespace lc::opt::detail::cover
