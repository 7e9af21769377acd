// Location-allocation models and their solvers: one entry point, solve().
// Solver outcomes (optimal, feasible, infeasible, time limit) are values of the
// Result; exceptions mean the call itself failed (bad options, CBC failure).
#pragma once

#include "lc/optimize/problem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lc::opt {

enum class Model {
    mclp,     ///< maximise weight covered within `radius` by p new sites (+ existing)
    lscp,     ///< fewest new sites covering all coverable demand (or `target_share` of the weight)
    pmedian,  ///< minimise total weighted cost to the nearest open site, p new sites
    pcenter,  ///< minimise the largest cost from a demand to its nearest open site
};

enum class SolverKind { automatic, heuristic, exact };

enum class Status {
    optimal,     ///< proven optimal (gap 0 within tolerance)
    feasible,    ///< a solution, not proven optimal (heuristic finished)
    infeasible,  ///< no solution exists (e.g. capacities too small)
    time_limit,  ///< stopped at the time limit; the best solution found is reported
    no_solution, ///< stopped (time limit, or the MIP solver gave up) before finding any solution
};

[[nodiscard]] std::string_view to_string(Model m);
[[nodiscard]] std::string_view to_string(SolverKind s);
[[nodiscard]] std::string_view to_string(Status s);
/// Parses "mclp", "lscp", "pmedian" ("p-median"), "pcenter" ("p-center"); throws ArgumentError.
[[nodiscard]] Model parse_model(std::string_view text);
/// Parses "auto", "heuristic", "exact"; throws ArgumentError.
[[nodiscard]] SolverKind parse_solver(std::string_view text);

struct Options {
    Model model = Model::mclp;
    std::size_t p = 0;                   ///< new sites (mclp, pmedian, pcenter)
    std::optional<double> radius;        ///< coverage threshold in cost units (mclp, lscp)
    std::optional<double> target_share;  ///< lscp: share (0..1] of the total weight to cover
    bool capacitated = false;            ///< mclp / pmedian: respect Site::capacity
    double time_limit = 60.0;            ///< seconds (wall clock), whole solve
    SolverKind solver = SolverKind::automatic;
    std::uint64_t seed = 1;              ///< heuristic restarts; same seed, same result
    /// Exact p-median: after the heuristic and the Lagrangian bound, close the gap with
    /// the CBC radius formulation (true) instead of Lagrangian branch-and-bound (false,
    /// faster on OR-Library: all 40 pmed instances proven).
    bool pmedian_radius_cbc = false;
    /// Under `automatic`, instances with more stored links than this (a tenth of it for
    /// mclp/lscp) use the heuristic.
    std::size_t exact_max_links = 2'000'000;
    /// mclp: every district (Problem::demand_group) must have at least this share (0..1) of
    /// its weight covered, capped per district at the share all sites together cover
    /// (Result::groups reports both). No p sites meeting it: Status::infeasible.
    std::optional<double> district_floor;
    /// mclp: maximise the floor every district meets (capped as above: a district
    /// covered as far as all sites can cover it meets any floor), then, with that
    /// floor fixed, the total coverage (lexicographic).
    bool district_maxmin = false;
    [[nodiscard]] bool district_rule() const noexcept { return district_floor.has_value() || district_maxmin; }

    /// Cross-field rules against the problem (throws lc::ArgumentError).
    void validate(const Problem& problem) const;
};

/// A demand's share served by a site (p-median, p-center, capacitated models).
struct Assignment {
    Index demand = 0;
    Index site = 0;
    double share = 1.0;
};

/// One district's coverage under the district floor (Options::district_floor/district_maxmin).
struct GroupCoverage {
    std::string name;               ///< Problem::group_names
    double weight = 0.0;            ///< Σ demand weights of the district
    double coverable_weight = 0.0;  ///< within the radius of some site (all sites open): the cap
    double required_weight = 0.0;   ///< min(floor × weight, coverable_weight)
    double covered_weight = 0.0;    ///< covered by the solution (existing and new sites)
};

struct Result {
    Model model = Model::mclp;
    Status status = Status::feasible;
    std::string method;             ///< what ran, e.g. "exact (CBC radius formulation)"
    double objective = 0.0;         ///< mclp: covered weight; lscp: new sites; pmedian: weighted cost; pcenter: max cost
    double bound = 0.0;             ///< proven bound on the optimum (upper for mclp, lower otherwise)
    double gap = 0.0;               ///< |bound - objective| / max(|objective|, 1e-9)
    double seconds = 0.0;
    std::vector<Index> open_sites;  ///< chosen new sites (indexes into Problem::sites), ascending
    std::vector<std::string> sites; ///< their ids, same order
    std::vector<Assignment> assignment;  ///< pmedian / pcenter / capacitated: who serves whom
    double total_weight = 0.0;
    double covered_weight = 0.0;    ///< weight within the radius of an open site (coverage models)
    std::vector<Index> uncoverable; ///< coverage models: demands no site (existing or new) can cover
    std::vector<std::string> notes; ///< reductions applied, warnings
    /// District floor or max–min: the floor (share) every district meets (the one asked
    /// for, or the largest one found), and each district's figures.
    std::optional<double> district_floor;
    std::vector<GroupCoverage> groups;

    /// Are open_sites and objective a solution (optimal, feasible or time_limit)?
    [[nodiscard]] bool has_solution() const noexcept {
        return status == Status::optimal || status == Status::feasible || status == Status::time_limit;
    }
};

/// One sentence for a result that is not proven optimal, for the warnings of a
/// summary and a report; empty when `r` is optimal.
[[nodiscard]] std::string status_warning(const Result& r);

/// Solves `problem` with `options` (validates both first).
[[nodiscard]] Result solve(const Problem& problem, const Options& options);

/// Objective of a set of open new sites (plus the existing ones) under the
/// uncapacitated `options.model`; +inf for p-median/p-center when a demand is unreachable.
[[nodiscard]] double evaluate(const Problem& problem, const Options& options, const std::vector<Index>& open_sites);

}  // namespace lc::opt
