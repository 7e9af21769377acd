// Readers for precomputed instances: OR-Library p-median files and long-form
// cost-matrix CSV (like spopt's from_cost_matrix). Bad input throws lc::InputError
// naming the file, the line and the field.
#pragma once

#include "lc/optimize/problem.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace lc::opt {

struct OrlibInstance {
    Problem problem;  ///< n demands = n sites (ids "1".."n"), weights 1, dense shortest-path costs
    std::size_t p = 0;
    std::size_t n_edges = 0;
};

/// Reads an OR-Library pmed file ("n m p", then m lines "i j c", 1-based, undirected;
/// a repeated edge: the last occurrence wins) and computes all-pairs shortest paths.
[[nodiscard]] OrlibInstance read_orlib_pmed(const std::string& path);

/// Reads the published optima of OR-Library instances: a CSV with a header and the
/// columns `instance` and `optimum` (e.g. `instance,n,p,optimum` / `pmed1,100,5,5819`).
/// Returns instance name -> optimum.
[[nodiscard]] std::map<std::string, double> read_orlib_optima(const std::string& path);

struct CostMatrixColumns {
    std::string candidate = "candidate_id";
    std::string demand = "demand_id";
    std::string cost = "cost";
    std::string demand_file_id = "id";
    std::string weight = "weight";
    std::string load;  ///< optional demand column used against capacities (e.g. HOUSEHOLDS)
};

/// Reads long-form costs (`candidate_id,demand_id,cost`) and demand (`id,weight`) CSV
/// files (header row required, extra columns ignored, double quotes allowed).
/// `existing` ids mark sites that are always open. Pairs with cost above `max_cost`
/// are dropped (coverage models at city scale). Costs are stored dense when every
/// pair is present and the instance is small, else sparse (absent = unreachable).
[[nodiscard]] Problem read_cost_matrix(const std::string& costs_path, const std::string& demand_path,
                                       const std::vector<std::string>& existing,
                                       const CostMatrixColumns& columns = {},
                                       double max_cost = no_link);

}  // namespace lc::opt
