// Internals shared by the model implementations of lc_optimize.
#pragma once

#include "lc/optimize/solve.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

namespace lc::opt::detail {

class Clock {
public:
    explicit Clock(double limit) : m_start(std::chrono::steady_clock::now()), m_limit(limit) {}
    [[nodiscard]] double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    [[nodiscard]] double remaining() const { return m_limit - elapsed(); }
    [[nodiscard]] bool expired() const { return remaining() <= 0.0; }

private:
    std::chrono::steady_clock::time_point m_start;
    double m_limit;
};

/// Small deterministic generator (splitmix64), identical on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t m_state;
};

inline bool is_integral(double v) { return std::abs(v - std::round(v)) < 1e-9; }

/// Model results before ids, gap and timing are filled in by solve().
Result solve_coverage(const Problem& problem, const Options& options, bool exact, const Clock& clock);
Result solve_pmedian(const Problem& problem, const Options& options, bool exact, const Clock& clock);
Result solve_pcenter(const Problem& problem, const Options& options, bool exact, const Clock& clock);
/// Capacitated mclp, lscp and pmedian; pairs costing more than `max_cost` are left out.
Result solve_capacitated(const Problem& problem, const Options& options, const Clock& clock, double max_cost = no_link);
/// Capacitated p-center: the least cost r at which a capacitated p-median using
/// only pairs within r is feasible (binary search over the distinct costs).
Result solve_capacitated_pcenter(const Problem& problem, const Options& options, const Clock& clock);

}  // namespace lc::opt::detail
