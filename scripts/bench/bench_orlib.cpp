// bench_orlib: solves the 40 OR-Library pmed instances with the exact p-median
// pipeline and prints instance, n, p, optimum, found, bound, gap, seconds, total.
// Usage: bench_orlib [DIR] [--time-limit S] [--from K] [--to K] [--verbose]
#include "lc/optimize/readers.hpp"
#include "lc/optimize/solve.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

int main(int argc, char** argv) {
    std::string dir = LC_SHARED_DATASETS "/orlib-pmed";
    double limit = 60.0;
    int from = 1, to = 40;
    bool verbose = false;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--time-limit" && a + 1 < argc) limit = std::atof(argv[++a]);
        else if (arg == "--from" && a + 1 < argc) from = std::atoi(argv[++a]);
        else if (arg == "--to" && a + 1 < argc) to = std::atoi(argv[++a]);
        else if (arg == "--verbose") verbose = true;
        else dir = arg;
    }
    const std::map<std::string, double> optimum = lc::opt::read_orlib_optima(dir + "/optimum.csv");
    std::printf("%-7s %4s %4s %8s %8s %8s %9s %8s %s\n", "inst", "n", "p", "optimum", "found", "bound", "gap", "seconds", "status");
    double total = 0.0;
    int failures = 0;
    for (int k = from; k <= to; ++k) {
        const std::string name = "pmed" + std::to_string(k);
        const auto t0 = std::chrono::steady_clock::now();
        try {
            const auto inst = lc::opt::read_orlib_pmed(dir + "/" + name + ".txt");
            lc::opt::Options opt;
            opt.model = lc::opt::Model::pmedian;
            opt.p = inst.p;
            opt.solver = lc::opt::SolverKind::exact;
            opt.time_limit = limit;
            const auto res = lc::opt::solve(inst.problem, opt);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            total += secs;
            const bool ok = res.status == lc::opt::Status::optimal && res.objective == optimum.at(name);
            failures += ok ? 0 : 1;
            std::printf("%-7s %4zu %4zu %8.0f %8.0f %8.0f %9.2e %8.2f %s%s\n", name.c_str(), inst.problem.demands.size(), inst.p,
                        optimum.at(name), res.objective, res.bound, res.gap, secs, std::string(lc::opt::to_string(res.status)).c_str(),
                        ok ? "" : "  <-- FAIL");
            if (verbose)
                for (const auto& note : res.notes) std::printf("        %s\n", note.c_str());
            std::fflush(stdout);
        } catch (const std::exception& e) {
            std::printf("%-7s error: %s\n", name.c_str(), e.what());
            ++failures;
        }
    }
    std::printf("total %.2f s (reading + APSP + solving), %d not proven at the published optimum\n", total, failures);
    return failures == 0 ? 0 : 1;
}
