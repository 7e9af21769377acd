// Small helpers shared by the network benchmark programs (timing, RSS).
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace lc::bench {

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

}  // namespace lc::bench
