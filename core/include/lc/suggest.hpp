// "Did you mean ...?": the closest of the valid words to a mistyped one, by
// edit distance. Used for --set keys (profile) and --field roles.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lc {

/// Levenshtein distance: the fewest single-character insertions, deletions and
/// substitutions turning `a` into `b` (bytes, so a CJK character counts 3).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/// The word of `valid` closest to `word`, or "" when none is within
/// max(2, size/3) edits (a typo, not another word); ties go to the first listed.
template <class Words>
std::string closest_word(std::string_view word, const Words& valid) {
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::string best;
    std::size_t best_d = limit + 1;
    for (const auto& v : valid) {
        const std::size_t d = edit_distance(word, v);
        if (d < best_d) {
            best_d = d;
            best = std::string(v);
        }
    }
    return best;
}

}  // namespace lc
