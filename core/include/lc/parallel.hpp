// One parallel loop for the whole project: items [0, n) claimed in chunks by a
// few threads, each with its own scratch state, and the first exception of any
// thread handed back to the caller's thread. Included only by the .cpp files
// that run loops in parallel (network searches, snapping, service areas).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace lc {

/// Threads for `n` items: `requested` (0 = every core), at most one per
/// `min_per_thread` items, at least one.
inline unsigned thread_count(unsigned requested, std::size_t n, std::size_t min_per_thread) {
    const unsigned wanted = requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
    const std::size_t cap = std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_per_thread));
    return static_cast<unsigned>(std::min<std::size_t>(wanted, cap));
}

/// Calls body(state, begin, end) for chunks [begin, end) of at most `chunk`
/// items covering [0, n), on `threads` threads (the caller's alone when
/// `threads` <= 1). Each thread first makes its own `state = make_state()`
/// (e.g. a search workspace). The chunks' order across threads is not fixed,
/// so the body writes only its own items. When the body or make_state throws,
/// the other threads stop after their current chunk and the first exception
/// is rethrown here.
template <class MakeState, class Body>
void parallel_for(std::size_t n, unsigned threads, std::size_t chunk, MakeState&& make_state, Body&& body) {
    chunk = std::max<std::size_t>(1, chunk);
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            auto state = make_state();
            for (std::size_t begin = next.fetch_add(chunk); begin < n; begin = next.fetch_add(chunk)) {
                body(state, begin, std::min(n, begin + chunk));
            }
        } catch (...) {  // e.g. std::bad_alloc: hand it to the caller's thread
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = n;
        }
    };
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        pool.reserve(threads);
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    }
    if (failure) std::rethrow_exception(failure);
}

/// Calls fn(i) for every i in [0, n), in chunks of `chunk` items on `threads`
/// threads, for loops whose items need no scratch state (parallel_for's rules:
/// fn writes only item i's results; the first exception is rethrown here).
template <class Fn>
void parallel_for_each(std::size_t n, unsigned threads, std::size_t chunk, Fn&& fn) {
    parallel_for(n, threads, chunk, [] { return 0; }, [&](int& /*state*/, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) fn(i);
    });
}

}  // namespace lc
