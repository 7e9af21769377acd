// bench_orlib_read: times read_orlib_pmed (parsing + all-pairs shortest paths)
// on the 40 OR-Library pmed instances, without solving. Each instance is read
// --repeat times (default 5); prints per instance n, edges, the median wall and
// CPU seconds (CPU time is steadier on a shared machine) and a checksum of the
// cost table (sum of the finite costs, number of links), then the totals of the
// medians. The checksums must not change when the reader changes.
// Usage: bench_orlib_read [DIR] [--repeat R] [--from K] [--to K]
#include "lc/optimize/readers.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = LC_SHARED_DATASETS "/orlib-pmed";
    int repeat = 5, from = 1, to = 40;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--repeat" && a + 1 < argc) repeat = std::max(1, std::atoi(argv[++a]));
        else if (arg == "--from" && a + 1 < argc) from = std::atoi(argv[++a]);
        else if (arg == "--to" && a + 1 < argc) to = std::atoi(argv[++a]);
        else dir = arg;
    }
    std::printf("%-7s %4s %6s %10s %10s %16s %8s\n", "inst", "n", "edges", "wall_s", "cpu_s", "cost_sum", "links");
    double total = 0.0, total_cpu = 0.0;
    for (int k = from; k <= to; ++k) {
        const std::string name = "pmed" + std::to_string(k);
        std::vector<double> secs, cpu;
        double sum = 0.0;
        std::size_t links = 0, n = 0, m = 0;
        for (int r = 0; r < repeat; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const double c0 = cpu_seconds();
            const auto inst = lc::opt::read_orlib_pmed(dir + "/" + name + ".txt");
            cpu.push_back(cpu_seconds() - c0);
            secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            if (r == 0) {
                n = inst.problem.sites.size();
                m = inst.n_edges;
                links = inst.problem.costs.n_links();
                for (lc::opt::Index j = 0; j < n; ++j)
                    inst.problem.costs.for_each(j, [&](lc::opt::Index, double c) { sum += c; });
            }
        }
        const double med = median(secs), med_cpu = median(cpu);
        total += med;
        total_cpu += med_cpu;
        std::printf("%-7s %4zu %6zu %10.5f %10.5f %16.0f %8zu\n", name.c_str(), n, m, med, med_cpu, sum, links);
        std::fflush(stdout);
    }
    std::printf("total of the medians: wall %.4f s, cpu %.4f s\n", total, total_cpu);
    return 0;
}
