// One solve, typed from the solver to the files: what was asked (the options,
// the problem's size, where the sites came from) and what came back
// (opt::Result). to_json() is the one writer of the solver keys of
// summary.json, the same in `optimize` (GIS layers, --cost-matrix, --orlib)
// and `plan` (docs/summary.md lists them).
#pragma once

#include "lc/optimize/solve.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace lc::app {

struct SolveRecord {
    opt::Options options;
    opt::Result result;
    std::size_t demands = 0;
    std::size_t candidates = 0;      ///< sites that may be opened
    std::size_t existing_sites = 0;  ///< sites always open
    std::string candidate_source;    ///< layer | grid | orlib | cost-matrix
    std::string weight;              ///< what a demand's weight counts: elderly | population | households | a CSV column | unit
    std::vector<std::string> sites;        ///< the chosen sites' ids (plan: by rank; otherwise the solver's order)
    std::vector<std::string> uncoverable;  ///< ids of the demands no site can cover (coverage models)
    std::vector<std::string> notes;        ///< the solver's notes, then the caller's
    std::vector<double> district_before;   ///< district floor: each district's weight covered by the existing sites

    /// No solve has run (a report built without one).
    [[nodiscard]] bool empty() const { return result.method.empty(); }
};

/// The record of `result`, solved on `problem` with `options`: the sizes, the
/// chosen ids and the uncoverable demands' ids taken from the problem.
[[nodiscard]] SolveRecord make_solve_record(const opt::Problem& problem, const opt::Options& options, opt::Result result,
                                            std::string candidate_source, std::string weight);

/// The solver keys of summary.json, in the order of docs/summary.md.
[[nodiscard]] const std::vector<std::string>& solve_keys();

/// The solver keys with their values (every key present; null where it does not
/// apply, e.g. `p` for lscp). Numbers rounded as every summary number (round6).
[[nodiscard]] nlohmann::json to_json(const SolveRecord& record);

/// Adds the record's keys to a summary (audit figures and others kept), and the
/// status warning (opt::status_warning) to its `warnings` when the solve is not optimal.
void merge_into(nlohmann::json& summary, const SolveRecord& record);

/// `before` and `after` by the solver's measure, for --orlib and --cost-matrix
/// runs with a radius: the weight within the radius of the existing sites
/// alone, then with the chosen ones too (`covered_weight`, `coverage_rate`).
/// Nothing is added without a radius or a solution.
void add_before_after(nlohmann::json& summary, const opt::Problem& problem, const opt::Options& options,
                      const opt::Result& result);

/// "12 new sites (lscp, optimal, gap 0.00%)": the one-line account of a solve.
[[nodiscard]] std::string solve_line(const SolveRecord& record);

}  // namespace lc::app
