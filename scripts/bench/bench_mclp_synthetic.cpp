// bench_mclp_synthetic: a deterministic synthetic city (50,000 demand points,
// 20,000 candidate sites, p = 100) solved by the MCLP heuristic (greedy + swap
// search, Lagrangian bound and heuristic, iterated local search). Prints sizes, time, objective, proven bound, gap and
// peak RSS. Usage: bench_mclp_synthetic [--demands N] [--candidates N] [--p N]
//   [--radius M] [--seed S] [--time-limit S] [--solver heuristic|exact|auto]
#include "lc/optimize/solve.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

struct Pt {
    double x, y;
};

/// Points in a 20 km x 20 km city: 70% around 120 centres (normal, sigma 300..1200 m), 30% uniform.
std::vector<Pt> city_points(std::size_t n, std::mt19937_64& gen, const std::vector<Pt>& centres) {
    std::uniform_real_distribution<double> uni(0.0, 20000.0), u01(0.0, 1.0);
    std::vector<Pt> out;
    out.reserve(n);
    while (out.size() < n) {
        if (u01(gen) < 0.7) {
            const auto& c = centres[static_cast<std::size_t>(u01(gen) * static_cast<double>(centres.size())) % centres.size()];
            const double sigma = 300.0 + 900.0 * std::fmod(c.x * 7.0 + c.y * 3.0, 1000.0) / 1000.0;
            std::normal_distribution<double> nd(0.0, sigma);
            const Pt p{c.x + nd(gen), c.y + nd(gen)};
            if (p.x >= 0 && p.x <= 20000 && p.y >= 0 && p.y <= 20000) out.push_back(p);
        } else {
            out.push_back({uni(gen), uni(gen)});
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n_d = 50000, n_s = 20000, p = 100;
    double radius = 400.0, limit = 60.0;
    std::uint64_t seed = 1;
    std::string solver = "heuristic";
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string k = argv[a];
        const char* v = argv[a + 1];
        if (k == "--demands") n_d = std::strtoull(v, nullptr, 10);
        else if (k == "--candidates") n_s = std::strtoull(v, nullptr, 10);
        else if (k == "--p") p = std::strtoull(v, nullptr, 10);
        else if (k == "--radius") radius = std::atof(v);
        else if (k == "--seed") seed = std::strtoull(v, nullptr, 10);
        else if (k == "--time-limit") limit = std::atof(v);
        else if (k == "--solver") solver = v;
    }
    const auto t0 = std::chrono::steady_clock::now();
    std::mt19937_64 gen(20260101);  // the city is fixed; --seed only drives the solver
    std::uniform_real_distribution<double> uni(0.0, 20000.0), wt(5.0, 200.0);
    std::vector<Pt> centres(120);
    for (auto& c : centres) c = {uni(gen), uni(gen)};
    const auto dem = city_points(n_d, gen, centres);
    const auto sit = city_points(n_s, gen, centres);
    lc::opt::Problem pb;
    pb.demands.resize(n_d);
    for (std::size_t i = 0; i < n_d; ++i) pb.demands[i] = {std::to_string(i), std::round(wt(gen)), std::nullopt};
    pb.sites.resize(n_s);
    for (std::size_t j = 0; j < n_s; ++j) pb.sites[j] = {std::to_string(j), false, std::nullopt};
    // Sparse lists: demands within the radius (grid buckets of the radius size).
    const double cell = radius;
    const auto nx = static_cast<std::size_t>(std::ceil(20000.0 / cell)) + 1;
    std::vector<std::vector<lc::opt::Index>> grid(nx * nx);
    for (std::size_t i = 0; i < n_d; ++i)
        grid[static_cast<std::size_t>(dem[i].x / cell) * nx + static_cast<std::size_t>(dem[i].y / cell)].push_back(
            static_cast<lc::opt::Index>(i));
    std::vector<std::vector<lc::opt::Link>> lists(n_s);
    std::size_t links = 0;
    for (std::size_t j = 0; j < n_s; ++j) {
        const auto gx = static_cast<long>(sit[j].x / cell), gy = static_cast<long>(sit[j].y / cell);
        for (long a = gx - 1; a <= gx + 1; ++a)
            for (long b = gy - 1; b <= gy + 1; ++b) {
                if (a < 0 || b < 0 || a >= static_cast<long>(nx) || b >= static_cast<long>(nx)) continue;
                for (auto i : grid[static_cast<std::size_t>(a) * nx + static_cast<std::size_t>(b)]) {
                    const double d = std::hypot(dem[i].x - sit[j].x, dem[i].y - sit[j].y);
                    if (d <= radius) lists[j].push_back({i, d});
                }
            }
        links += lists[j].size();
    }
    std::vector<std::size_t> deg(n_s);
    for (std::size_t j = 0; j < n_s; ++j) deg[j] = lists[j].size();
    std::sort(deg.begin(), deg.end());
    pb.costs = lc::opt::CostTable::sparse(n_d, std::move(lists));
    const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("city: %zu demands, %zu candidates, radius %.0f m, %zu links; demands per site: p10 %zu, median %zu, p90 %zu, max %zu; built in %.2f s\n",
                n_d, n_s, radius, links, deg[n_s / 10], deg[n_s / 2], deg[n_s * 9 / 10], deg.back(), gen_s);

    lc::opt::Options opt;
    opt.model = lc::opt::Model::mclp;
    opt.p = p;
    opt.radius = radius;
    opt.seed = seed;
    opt.time_limit = limit;
    opt.solver = lc::opt::parse_solver(solver);
    const auto res = lc::opt::solve(pb, opt);
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("mclp p=%zu solver=%s: objective %.0f of %.0f (%.2f%%), bound %.1f, gap %.4f%%, status %s, %.2f s, peak RSS %.0f MiB\n",
                p, solver.c_str(), res.objective, res.total_weight, 100.0 * res.objective / res.total_weight, res.bound,
                100.0 * res.gap, std::string(lc::opt::to_string(res.status)).c_str(), res.seconds,
                static_cast<double>(ru.ru_maxrss) / 1024.0);
    for (const auto& n : res.notes) std::printf("  %s\n", n.c_str());
    return 0;
}
