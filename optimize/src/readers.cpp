#include "lc/optimize/readers.hpp"

#include "lc/csv.hpp"
#include "lc/error.hpp"

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <queue>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace lc::opt {
namespace {

/// The undirected graph of an OR-Library file: row u holds the neighbours of u and the edge costs.
using Adjacency = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
/// All-pairs shortest path lengths, row s from vertex s: a view of the dense cost table's values.
using DistanceMap = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

/// Largest OR-Library instance read (the dense cost table takes n^2 x 8 bytes: 800 MB).
constexpr std::size_t k_max_orlib_vertices = 10000;

[[noreturn]] void fail(const std::string& file, std::size_t line, const std::string& field, const std::string& what) {
    InputLocation loc{file, "", line ? "line " + std::to_string(line) : std::string{}, field};
    throw InputError(loc, "optimize: " + what);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_size(std::string_view s, std::size_t& out) {
    s = trim(s);
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && ptr == s.data() + s.size();
}

std::vector<std::string_view> split_ws(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\r') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

struct CsvFile {
    std::string path;
    std::ifstream in;
    std::map<std::string, std::size_t> columns;
    std::size_t header_fields = 0;  ///< fields of the header row (repeated names count: > columns.size())
    std::size_t line_no = 0;

    explicit CsvFile(const std::string& p) : path(p), in(lc::open_text(p)) {
        if (!in) fail(path, 0, "", "cannot open the file");
        std::string header;
        if (!std::getline(in, header)) fail(path, 1, "", "the file is empty (a header row is required)");
        line_no = 1;
        auto names = lc::split_csv_record(header);
        for (std::size_t k = 0; k < names.size(); ++k) columns.emplace(names[k], k);
        header_fields = names.size();
    }
    std::size_t column(const std::string& name) const {
        auto it = columns.find(name);
        if (it == columns.end()) fail(path, 1, name, "the header has no column '" + name + "'");
        return it->second;
    }
    /// Next non-blank record; false at the end.
    bool next(std::vector<std::string>& fields) {
        std::string line;
        while (std::getline(in, line)) {
            ++line_no;
            if (trim(line).empty()) continue;
            fields = lc::split_csv_record(line);
            if (fields.size() < header_fields)
                fail(path, line_no, "", "malformed line: " + std::to_string(fields.size()) + " fields, the header has " +
                                            std::to_string(header_fields));
            return true;
        }
        return false;
    }
    double number(const std::vector<std::string>& f, std::size_t col, const std::string& name) const {
        double v = 0.0;
        if (!parse_double(f[col], v)) fail(path, line_no, name, "'" + f[col] + "' is not a number");
        if (v < 0.0) fail(path, line_no, name, "negative value " + f[col]);
        return v;
    }
};

}  // namespace

OrlibInstance read_orlib_pmed(const std::string& path) {
    std::ifstream in = lc::open_text(path);
    if (!in) fail(path, 0, "", "cannot open the file");
    std::string line;
    std::size_t line_no = 0;
    std::vector<std::string_view> tok;
    // Header: n m p.
    while (std::getline(in, line)) {
        ++line_no;
        tok = split_ws(line);
        if (!tok.empty()) break;
    }
    if (tok.empty()) fail(path, line_no, "", "the file is empty (expected 'n m p')");
    if (tok.size() != 3) fail(path, line_no, "", "malformed header: expected 'n m p'");
    std::size_t n = 0, m = 0, p = 0;
    if (!parse_size(tok[0], n) || n == 0) fail(path, line_no, "n", "'" + std::string(tok[0]) + "' is not a positive integer");
    // The shortest paths are stored dense (n x n doubles): bound n before allocating.
    if (n > k_max_orlib_vertices) {
        fail(path, line_no, "n", "n = " + std::string(tok[0]) + " is too large (at most " +
                                     std::to_string(k_max_orlib_vertices) + " vertices; the costs are stored dense)");
    }
    if (!parse_size(tok[1], m)) fail(path, line_no, "m", "'" + std::string(tok[1]) + "' is not a non-negative integer");
    if (!parse_size(tok[2], p)) fail(path, line_no, "p", "'" + std::string(tok[2]) + "' is not a non-negative integer");
    if (p > n) throw ArgumentError("optimize: " + path + ": p = " + std::to_string(p) + " is larger than the " +
                                   std::to_string(n) + " candidate vertices");

    // Edges as (i, j, c) and (j, i, c) entries of the adjacency matrix; self-loops are
    // ignored. (m is the file's claim: the reservation is capped.)
    std::vector<Eigen::Triplet<double, int>> arcs;
    arcs.reserve(2 * std::min<std::size_t>(m, 1 << 16));
    std::size_t read = 0;
    while (read < m && std::getline(in, line)) {
        ++line_no;
        tok = split_ws(line);
        if (tok.empty()) continue;
        if (tok.size() != 3) fail(path, line_no, "", "malformed edge line: expected 'i j c'");
        std::size_t i = 0, j = 0;
        double c = 0.0;
        if (!parse_size(tok[0], i) || i < 1 || i > n) fail(path, line_no, "i", "vertex '" + std::string(tok[0]) + "' is not in 1.." + std::to_string(n));
        if (!parse_size(tok[1], j) || j < 1 || j > n) fail(path, line_no, "j", "vertex '" + std::string(tok[1]) + "' is not in 1.." + std::to_string(n));
        if (!parse_double(tok[2], c)) fail(path, line_no, "c", "'" + std::string(tok[2]) + "' is not a number");
        if (c < 0.0) fail(path, line_no, "c", "negative cost " + std::string(tok[2]));
        if (i != j) {
            arcs.emplace_back(static_cast<int>(i - 1), static_cast<int>(j - 1), c);
            arcs.emplace_back(static_cast<int>(j - 1), static_cast<int>(i - 1), c);
        }
        ++read;
    }
    if (read < m) fail(path, line_no, "", "the file ends after " + std::to_string(read) + " of " + std::to_string(m) + " edges");

    // A repeated edge: the last occurrence wins (see datasets/orlib-pmed/README.md).
    const auto nv = static_cast<Eigen::Index>(n);
    Adjacency adj(nv, nv);
    adj.setFromTriplets(arcs.begin(), arcs.end(), [](double, double latest) { return latest; });
    arcs = {};
    // All-pairs shortest paths: Dijkstra from every vertex.
    std::vector<double> dist(n * n, no_link);
    DistanceMap all(dist.data(), nv, nv);
    using Item = std::pair<double, int>;
    for (Eigen::Index s = 0; s < nv; ++s) {
        auto d = all.row(s);
        std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
        d(s) = 0.0;
        heap.emplace(0.0, static_cast<int>(s));
        while (!heap.empty()) {
            auto [du, u] = heap.top();
            heap.pop();
            if (du > d(u)) continue;
            for (Adjacency::InnerIterator it(adj, u); it; ++it) {
                const int v = it.index();
                if (du + it.value() < d(v)) {
                    d(v) = du + it.value();
                    heap.emplace(d(v), v);
                }
            }
        }
    }
    OrlibInstance inst;
    inst.p = p;
    inst.n_edges = m;
    inst.problem.demands.resize(n);
    inst.problem.sites.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        inst.problem.demands[v].id = std::to_string(v + 1);
        inst.problem.sites[v].id = std::to_string(v + 1);
    }
    inst.problem.costs = CostTable::dense(n, n, std::move(dist));
    return inst;
}

std::map<std::string, double> read_orlib_optima(const std::string& path) {
    CsvFile f(path);
    const std::size_t c_name = f.column("instance");
    const std::size_t c_opt = f.column("optimum");
    std::map<std::string, double> out;
    std::vector<std::string> row;
    while (f.next(row)) {
        if (row[c_name].empty()) fail(path, f.line_no, "instance", "empty instance name");
        if (!out.emplace(row[c_name], f.number(row, c_opt, "optimum")).second)
            fail(path, f.line_no, "instance", "instance '" + row[c_name] + "' is listed twice");
    }
    return out;
}

TsplibDistance parse_tsplib_distance(std::string_view text) {
    if (text == "floor") return TsplibDistance::floor;
    if (text == "geo") return TsplibDistance::geo;
    throw ArgumentError("optimize: --distance '" + std::string(text) + "' is not floor or geo");
}

TsplibPoints read_tsplib_points(const std::string& path) {
    std::ifstream in = lc::open_text(path);
    if (!in) fail(path, 0, "", "cannot open the file");
    TsplibPoints pts;
    enum class Section { header, coords, demand, other } section = Section::header;
    std::size_t dimension = 0;
    std::size_t n_demand = 0;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string_view t = trim(line);
        if (t.empty()) continue;
        if (t == "EOF") break;
        // A keyword line: "KEY : value", "KEY: value" or a section name alone.
        if (std::isalpha(static_cast<unsigned char>(t.front())) != 0) {
            const auto colon = t.find(':');
            const std::string_view key = trim(t.substr(0, colon));
            const std::string_view value = colon == std::string_view::npos ? std::string_view{} : trim(t.substr(colon + 1));
            if (key == "NODE_COORD_SECTION") {
                section = Section::coords;
            } else if (key == "DEMAND_SECTION") {
                section = Section::demand;
                pts.has_demand = true;
                pts.weight.assign(pts.x.size(), 1.0);
            } else if (key.size() > 8 && key.substr(key.size() - 8) == "_SECTION") {
                section = Section::other;
            } else if (section != Section::header) {
                fail(path, line_no, std::string(key), "unexpected keyword '" + std::string(key) + "' after a section");
            } else if (key == "NAME") {
                pts.name = std::string(value);
            } else if (key == "DIMENSION") {
                if (!parse_size(value, dimension) || dimension == 0)
                    fail(path, line_no, "DIMENSION", "'" + std::string(value) + "' is not a positive integer");
            } else if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D" && value != "COORD" && value != "GEO" && value != "ATT" &&
                       value != "CEIL_2D") {
                fail(path, line_no, "EDGE_WEIGHT_TYPE", "'" + std::string(value) + "' has no coordinates to read");
            }
            continue;
        }
        const auto tok = split_ws(t);
        if (section == Section::coords) {
            // "i x y" (TSPLIB) or "x y" (the MCLP city files).
            if (tok.size() != 2 && tok.size() != 3) fail(path, line_no, "NODE_COORD_SECTION", "expected 'i x y' or 'x y'");
            const std::size_t off = tok.size() - 2;
            if (off == 1) {
                std::size_t i = 0;
                if (!parse_size(tok[0], i) || i != pts.x.size() + 1)
                    fail(path, line_no, "NODE_COORD_SECTION",
                         "node number '" + std::string(tok[0]) + "' (expected " + std::to_string(pts.x.size() + 1) + ")");
            }
            double x = 0.0, y = 0.0;
            if (!parse_double(tok[off], x)) fail(path, line_no, "NODE_COORD_SECTION", "'" + std::string(tok[off]) + "' is not a number");
            if (!parse_double(tok[off + 1], y))
                fail(path, line_no, "NODE_COORD_SECTION", "'" + std::string(tok[off + 1]) + "' is not a number");
            pts.x.push_back(x);
            pts.y.push_back(y);
        } else if (section == Section::demand) {
            // "i d" (TSPLIB) or "d" (the MCLP city files), in node order.
            if (tok.size() != 1 && tok.size() != 2) fail(path, line_no, "DEMAND_SECTION", "expected 'i d' or 'd'");
            std::size_t i = n_demand + 1;
            if (tok.size() == 2 && !parse_size(tok[0], i)) fail(path, line_no, "DEMAND_SECTION", "'" + std::string(tok[0]) + "' is not a node number");
            if (i < 1 || i > pts.x.size())
                fail(path, line_no, "DEMAND_SECTION", "node " + std::to_string(i) + " is not in 1.." + std::to_string(pts.x.size()));
            double d = 0.0;
            if (!parse_double(tok.back(), d)) fail(path, line_no, "DEMAND_SECTION", "'" + std::string(tok.back()) + "' is not a number");
            if (d < 0.0) fail(path, line_no, "DEMAND_SECTION", "negative demand " + std::string(tok.back()));
            pts.weight[i - 1] = d;
            ++n_demand;
        } else if (section == Section::header) {
            fail(path, line_no, "", "data before NODE_COORD_SECTION");
        }
    }
    if (pts.x.empty()) fail(path, line_no, "NODE_COORD_SECTION", "no points (a NODE_COORD_SECTION is required)");
    if (dimension != 0 && dimension != pts.x.size())
        fail(path, 0, "DIMENSION", "DIMENSION is " + std::to_string(dimension) + " but NODE_COORD_SECTION has " +
                                       std::to_string(pts.x.size()) + " points");
    if (pts.has_demand && n_demand != pts.x.size())
        fail(path, 0, "DEMAND_SECTION", "DEMAND_SECTION has " + std::to_string(n_demand) + " lines for " +
                                            std::to_string(pts.x.size()) + " points");
    if (!pts.has_demand) pts.weight.assign(pts.x.size(), 1.0);
    if (pts.name.empty()) {
        auto slash = path.find_last_of('/');
        std::string stem = slash == std::string::npos ? path : path.substr(slash + 1);
        pts.name = stem.substr(0, stem.find('.'));
    }
    return pts;
}

namespace {
constexpr double k_geo_earth_radius_m = 6378100.0;
constexpr double k_degrees_to_radians = 0.017453292519943295;  // Java's Math.toRadians
}  // namespace

double tsplib_distance(const TsplibPoints& pts, std::size_t a, std::size_t b, TsplibDistance rule) {
    if (rule == TsplibDistance::floor) {
        const double dx = pts.x[a] - pts.x[b], dy = pts.y[a] - pts.y[b];
        return std::floor(std::sqrt(dx * dx + dy * dy));
    }
    if (a == b) return 0.0;
    // The authors' Java: acos(...) * R in double, then (float). acos of a value a
    // rounding step above 1 is NaN there (never covered); kept as such (no_link).
    const double la1 = pts.x[a] * k_degrees_to_radians, lo1 = pts.y[a] * k_degrees_to_radians;
    const double la2 = pts.x[b] * k_degrees_to_radians, lo2 = pts.y[b] * k_degrees_to_radians;
    const double d = std::acos(std::cos(la1) * std::cos(la2) * std::cos(lo2 - lo1) + std::sin(la1) * std::sin(la2)) *
                     k_geo_earth_radius_m;
    if (std::isnan(d)) return no_link;
    return static_cast<double>(static_cast<float>(d));
}

Problem tsplib_problem(const TsplibPoints& pts, TsplibDistance rule, double max_cost) {
    const std::size_t n = pts.x.size();
    Problem problem;
    problem.demands.resize(n);
    problem.sites.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        problem.demands[v].id = std::to_string(v + 1);
        problem.demands[v].weight = pts.weight[v];
        problem.sites[v].id = std::to_string(v + 1);
    }
    if (!std::isfinite(max_cost)) {
        std::vector<double> values(n * n);
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t i = 0; i < n; ++i) values[j * n + i] = tsplib_distance(pts, j, i, rule);
        problem.costs = CostTable::dense(n, n, std::move(values));
        return problem;
    }
    // Pairs within max_cost: sweep the points in x order (geo: latitude), a window
    // of max_cost (geo: its angle on the sphere, with a margin) on x.
    std::vector<std::size_t> order(n);
    for (std::size_t v = 0; v < n; ++v) order[v] = v;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pts.x[a] < pts.x[b]; });
    const double window = rule == TsplibDistance::floor ? max_cost + 1.0
                                                        : (max_cost / k_geo_earth_radius_m) / k_degrees_to_radians * 1.01 + 1e-9;
    std::vector<std::vector<Link>> lists(n);
    for (std::size_t a = 0; a < n; ++a) {
        const std::size_t j = order[a];
        for (std::size_t b = a; b < n && pts.x[order[b]] - pts.x[j] <= window; ++b) {
            const std::size_t i = order[b];
            const double c = tsplib_distance(pts, j, i, rule);
            if (!(c <= max_cost)) continue;
            lists[j].push_back(Link{static_cast<Index>(i), c});
            if (i != j) lists[i].push_back(Link{static_cast<Index>(j), c});
        }
    }
    problem.costs = CostTable::sparse(n, std::move(lists));
    return problem;
}

Problem read_cost_matrix(const std::string& costs_path, const std::string& demand_path,
                         const std::vector<std::string>& existing, const CostMatrixColumns& columns,
                         double max_cost) {
    Problem problem;
    // Demand file.
    std::unordered_map<std::string, Index> demand_index;
    {
        CsvFile f(demand_path);
        const std::size_t c_id = f.column(columns.demand_file_id);
        const std::size_t c_w = f.column(columns.weight);
        const std::size_t c_load = columns.load.empty() ? 0 : f.column(columns.load);
        std::vector<std::string> row;
        while (f.next(row)) {
            Demand d;
            d.id = row[c_id];
            if (d.id.empty()) fail(demand_path, f.line_no, columns.demand_file_id, "empty id");
            d.weight = f.number(row, c_w, columns.weight);
            if (!columns.load.empty()) d.load = f.number(row, c_load, columns.load);
            if (!demand_index.emplace(d.id, static_cast<Index>(problem.demands.size())).second)
                fail(demand_path, f.line_no, columns.demand_file_id, "duplicate demand id '" + d.id + "'");
            problem.demands.push_back(std::move(d));
        }
        if (problem.demands.empty()) fail(demand_path, 0, "", "no demand rows");
    }
    // Cost file.
    std::unordered_map<std::string, Index> site_index;
    std::vector<std::vector<Link>> lists;
    std::vector<std::unordered_map<Index, std::size_t>> seen;  // per site: demand -> line (duplicate check)
    std::size_t n_rows = 0;
    {
        CsvFile f(costs_path);
        const std::size_t c_cand = f.column(columns.candidate);
        const std::size_t c_dem = f.column(columns.demand);
        const std::size_t c_cost = f.column(columns.cost);
        std::vector<std::string> row;
        while (f.next(row)) {
            const std::string& sid = row[c_cand];
            if (sid.empty()) fail(costs_path, f.line_no, columns.candidate, "empty candidate id");
            auto dit = demand_index.find(row[c_dem]);
            if (dit == demand_index.end())
                fail(costs_path, f.line_no, columns.demand, "unknown demand id '" + row[c_dem] + "' (not in " + demand_path + ")");
            const double c = f.number(row, c_cost, columns.cost);
            auto [sit, added] = site_index.emplace(sid, static_cast<Index>(problem.sites.size()));
            if (added) {
                problem.sites.push_back(Site{sid, false, std::nullopt});
                lists.emplace_back();
                seen.emplace_back();
            }
            auto [pit, fresh] = seen[sit->second].emplace(dit->second, f.line_no);
            if (!fresh)
                fail(costs_path, f.line_no, columns.demand,
                     "pair (" + sid + ", " + row[c_dem] + ") repeats line " + std::to_string(pit->second));
            ++n_rows;
            if (c <= max_cost) lists[sit->second].push_back(Link{dit->second, c});
        }
    }
    if (problem.sites.empty()) fail(costs_path, 0, "", "no candidate sites (the cost file has no rows)");
    for (const auto& id : existing) {
        auto it = site_index.find(id);
        if (it == site_index.end()) fail(costs_path, 0, columns.candidate, "existing site '" + id + "' is not a candidate in the cost file");
        problem.sites[it->second].existing = true;
    }
    const std::size_t ns = problem.sites.size(), nd = problem.demands.size();
    std::size_t kept = 0;
    for (const auto& l : lists) kept += l.size();
    if (kept == ns * nd && ns * nd <= 4'000'000) {
        std::vector<double> values(ns * nd, no_link);
        for (std::size_t j = 0; j < ns; ++j)
            for (const Link& l : lists[j]) values[j * nd + l.demand] = l.cost;
        problem.costs = CostTable::dense(ns, nd, std::move(values));
    } else {
        problem.costs = CostTable::sparse(nd, std::move(lists));
    }
    (void)n_rows;
    return problem;
}

}  // namespace lc::opt
