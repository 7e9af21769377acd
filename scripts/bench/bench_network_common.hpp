// Small helpers shared by the network benchmark programs (timing, RSS).
#pragma once

#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lc::bench {

/// CPU time of the calling thread in seconds (unaffected by time spent descheduled
/// on a loaded machine).
inline double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// CPU time of the whole process (all threads), seconds.
inline double process_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

inline double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Runs fn() `reps` times; returns the sorted wall times in seconds.
template <class Fn>
std::vector<double> time_runs(int reps, Fn&& fn) {
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const double start = now_s();
        fn();
        t.push_back(now_s() - start);
    }
    std::sort(t.begin(), t.end());
    return t;
}

inline double median(const std::vector<double>& sorted) { return sorted[sorted.size() / 2]; }

/// One-minute load average (the machine is shared; quote it with timings).
inline double load_average() {
    double l = 0.0;
    std::ifstream in("/proc/loadavg");
    in >> l;
    return l;
}

/// Peak resident set size of this process so far, MiB (getrusage ru_maxrss).
inline double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

inline void print_row(const char* step, const std::vector<double>& t) {
    std::printf("  %-44s median %8.4f s  (min %.4f, max %.4f, n=%zu)\n", step, median(t), t.front(), t.back(),
                t.size());
}

/// For the side-by-side with networkx: writes the graph ("u v length" lines) and
/// the source node ids, then times the same bounded single-source searches (one
/// thread, in the given order), each collecting its node -> distance result as
/// networkx's single_source_dijkstra_path_length returns it, and prints
/// LC_SSSP_SECONDS / LC_SSSP_CPU_SECONDS / LC_SSSP_REACHED / LC_SSSP_DISTANCE_SUM
/// for scripts/bench/network_vs_networkx.sh.
inline void side_by_side(const lc::geo::WalkNetwork& net, const std::vector<lc::geo::NodeId>& sample,
                         double threshold, const std::string& edges_path, const std::string& sample_path, int reps) {
    {
        std::ofstream out(edges_path);
        out.precision(17);
        for (lc::geo::EdgeId e = 0; e < net.edge_count(); ++e) {
            out << net.edge_from(e) << ' ' << net.edge_to(e) << ' ' << net.edge_length(e) << '\n';
        }
    }
    {
        std::ofstream out(sample_path);
        for (const auto v : sample) out << v << '\n';
    }
    lc::geo::DijkstraWorkspace ws(net);
    std::vector<std::pair<lc::geo::NodeId, double>> result;  // one search's node -> distance
    auto search = [&](lc::geo::NodeId v) {
        const lc::geo::Seed seed{v, 0.0, 0};
        ws.run(std::span(&seed, 1), threshold);
        result.clear();
        for (const auto n : ws.settled()) result.emplace_back(n, ws.distance(n));
    };
    std::size_t reached = 0;
    std::vector<double> cpu;
    const auto t = time_runs(reps, [&] {
        reached = 0;
        const double c0 = thread_cpu_s();
        for (const auto v : sample) {
            search(v);
            reached += result.size();
        }
        cpu.push_back(thread_cpu_s() - c0);
    });
    std::sort(cpu.begin(), cpu.end());
    double sum = 0.0;  // untimed check that both programs found the same distances
    for (const auto v : sample) {
        search(v);
        for (const auto& r : result) sum += r.second;
    }
    std::printf("side-by-side: %zu bounded single-source Dijkstras (cutoff %.0f m, 1 thread): median %.6f s wall, "
                "%.6f s CPU, %.4f ms per source, %zu nodes reached in total, distances sum to %.3f m\n",
                sample.size(), threshold, median(t), median(cpu),
                1000.0 * median(t) / static_cast<double>(sample.size()), reached, sum);
    std::printf("LC_SSSP_SECONDS %.9f\nLC_SSSP_CPU_SECONDS %.9f\nLC_SSSP_REACHED %zu\nLC_SSSP_DISTANCE_SUM %.6f\n",
                median(t), median(cpu), reached, sum);
}

}  // namespace lc::bench
