// Private: ask Linux for transparent huge pages on the big graph arrays.
// Searches jump around arrays of tens of MB; with 4 KiB pages most of their
// cost is TLB misses. A no-op elsewhere or when THP is off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace lc::geo::detail {

/// Reserves capacity for n elements (untouched) and advises huge pages on it;
/// call before the elements are first written.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const std::size_t bytes = v.capacity() * sizeof(T);
    if (bytes < 4 * huge) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t lo = (begin + huge - 1) & ~(huge - 1);
    const std::uintptr_t hi = (begin + bytes) & ~(huge - 1);
    // The aligned start as an offset from the array's own pointer (no integer-to-pointer cast).
    if (hi > lo) (void)madvise(reinterpret_cast<char*>(v.data()) + (lo - begin), hi - lo, MADV_HUGEPAGE);
#endif
}

}  // namespace lc::geo::detail
