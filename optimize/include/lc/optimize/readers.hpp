// Readers for precomputed instances: OR-Library p-median files and long-form
// cost-matrix CSV (like spopt's from_cost_matrix). Bad input throws lc::InputError
// naming the file, the line and the field.
#pragma once

#include "lc/optimize/problem.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
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

/// Distance rules of TSPLIB-style point files (see ../shared/datasets/*/README.md).
enum class TsplibDistance {
    floor,  ///< EUC_2D rounded down: floor(sqrt(dx^2 + dy^2)) (p-median on TSPLIB, García et al. 2011)
    geo,    ///< latitude/longitude in degrees: spherical law of cosines x 6,378,100 m, cast to float
};

/// Parses "floor" or "geo"; throws ArgumentError naming --distance.
[[nodiscard]] TsplibDistance parse_tsplib_distance(std::string_view text);

/// The points of a TSPLIB-style file: `NODE_COORD_SECTION` lines "i x y" (TSPLIB) or
/// "lat lon" (the MCLP city files), optional `DEMAND_SECTION` lines "i d" or "d".
struct TsplibPoints {
    std::string name;               ///< NAME, else the file's stem
    std::vector<double> x, y;       ///< as written (geo: x = latitude, y = longitude, degrees)
    std::vector<double> weight;     ///< DEMAND_SECTION, else 1 each
    bool has_demand = false;
};

/// Reads a TSPLIB-style point file (header keys before the sections are ignored
/// except NAME and DIMENSION). Bad input throws lc::InputError naming the line.
[[nodiscard]] TsplibPoints read_tsplib_points(const std::string& path);

/// The distance of points a and b under `rule` (geo: 0 for a == b, a point always covers itself).
[[nodiscard]] double tsplib_distance(const TsplibPoints& pts, std::size_t a, std::size_t b, TsplibDistance rule);

/// The problem of the points: clients = sites = every point (ids "1".."n"), weights
/// from DEMAND_SECTION. With a finite `max_cost` only the pairs with cost <= max_cost
/// are stored (sparse; coverage models); else the dense n x n table (n^2 x 8 bytes).
[[nodiscard]] Problem tsplib_problem(const TsplibPoints& pts, TsplibDistance rule, double max_cost = no_link);

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
