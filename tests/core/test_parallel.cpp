// lc::parallel_for and lc::thread_count: every item visited exactly once at any
// thread count, one state per thread, the first exception rethrown.
#include "lc/parallel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

namespace {

TEST(ParallelFor, VisitsEveryItemOnce) {
    for (unsigned threads : {1U, 2U, 3U, 8U}) {
        for (std::size_t n : {0UL, 1UL, 31UL, 32UL, 33UL, 1000UL}) {
            std::vector<int> hits(n, 0);
            lc::parallel_for(n, threads, 32, [] { return 0; }, [&](int, std::size_t b, std::size_t e) {
                ASSERT_LE(e - b, 32u);
                for (std::size_t i = b; i < e; ++i) ++hits[i];
            });
            EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), static_cast<std::ptrdiff_t>(n))
                << threads << " threads, " << n << " items";
        }
    }
}

TEST(ParallelFor, OneStatePerThread) {
    // The state counts the items it saw: the per-thread counts add up to n, and
    // no more states are made than threads.
    std::atomic<int> states{0};
    std::atomic<std::size_t> seen{0};
    struct Tally {
        std::atomic<std::size_t>* total;
        std::size_t mine = 0;
        ~Tally() { *total += mine; }
    };
    lc::parallel_for(
        500, 4, 7,
        [&] {
            ++states;
            return Tally{&seen};
        },
        [](Tally& t, std::size_t b, std::size_t e) { t.mine += e - b; });
    EXPECT_EQ(seen.load(), 500u);
    EXPECT_GE(states.load(), 1);
    EXPECT_LE(states.load(), 4);
}

TEST(ParallelFor, RethrowsTheFirstFailure) {
    for (unsigned threads : {1U, 2U, 4U}) {
        EXPECT_THROW(lc::parallel_for(
                         100, threads, 1, [] { return 0; },
                         [](int, std::size_t b, std::size_t) {
                             if (b == 57) throw std::runtime_error("item 57");
                         }),
                     std::runtime_error)
            << threads << " threads";
    }
    EXPECT_THROW(lc::parallel_for(
                     10, 2, 1, []() -> int { throw std::bad_alloc(); }, [](int, std::size_t, std::size_t) {}),
                 std::bad_alloc);
}

TEST(ParallelFor, ForEachVisitsEveryItemOnceAndRethrows) {
    // parallel_for_each: fn(i) once for every i, at any thread count and chunk.
    for (unsigned threads : {1U, 2U, 3U}) {
        for (std::size_t chunk : {1UL, 4UL, 64UL}) {
            std::vector<int> hits(203, 0);
            lc::parallel_for_each(hits.size(), threads, chunk, [&](std::size_t i) { ++hits[i]; });
            EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), 203) << threads << " threads, chunk " << chunk;
        }
        EXPECT_THROW(lc::parallel_for_each(100, threads, 3,
                                           [](std::size_t i) {
                                               if (i == 57) throw std::runtime_error("item 57");
                                           }),
                     std::runtime_error);
    }
}

TEST(ParallelFor, ThreadCount) {
    // 0 = every core (at least 1); never more than one thread per min_per_thread
    // items; at least one thread for no items.
    EXPECT_EQ(lc::thread_count(8, 100, 16), 6u);  // 100 / 16 = 6
    EXPECT_EQ(lc::thread_count(2, 100, 16), 2u);
    EXPECT_EQ(lc::thread_count(8, 0, 16), 1u);
    EXPECT_EQ(lc::thread_count(8, 5, 0), 5u);     // min_per_thread 0 is taken as 1
    EXPECT_GE(lc::thread_count(0, 1000000, 1), 1u);
}

}  // namespace
