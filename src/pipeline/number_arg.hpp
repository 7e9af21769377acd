// Numeric command-line values, checked once where they are parsed: finite, in
// range, whole where a count or a year is expected. The CLI declares each numeric
// option with its NumberRange (app/options.hpp add_number); the same parser
// serves values inside list options (--phases) and number-or-role options
// (--capacity).
#pragma once

#include <limits>
#include <string>
#include <string_view>

namespace lc::app {

/// Bounds of a numeric option. Bounds are long double so that every 64-bit
/// integer (--seed) is represented exactly.
struct NumberRange {
    static constexpr long double unbounded = std::numeric_limits<long double>::infinity();
    long double min = -unbounded;
    long double max = unbounded;
    bool min_open = false;  ///< min excluded ("> min")
    bool max_open = false;  ///< max excluded ("< max")
    bool whole = false;     ///< digits only: a count, a year, a seed
    /// The largest value the option's type holds (e.g. 2^64-1 for --seed): also
    /// refused above, but named only when exceeded ("(at most ...)").
    long double type_max = unbounded;

    static NumberRange positive();      ///< finite > 0
    static NumberRange non_negative();  ///< finite >= 0
    static NumberRange share();         ///< 0 < x <= 1
    static NumberRange between(long double lo, long double hi);  ///< lo <= x <= hi
    static NumberRange whole_between(long double lo, long double hi);
    static NumberRange whole_at_least(long double lo);

    /// "> 0", "in 1990..2100", "> 0 and <= 1" ("" when unbounded).
    [[nodiscard]] std::string bounds() const;
    /// "a finite number > 0", "a whole number in 1990..2100", ...
    [[nodiscard]] std::string describe() const;
};

/// The value of `text` for option `flag`; throws lc::ArgumentError
/// "FLAG TEXT: must be DESCRIPTION" when it is not a number (nan, inf, 1e400,
/// 2.5 for a whole number, trailing characters) or lies outside `range`.
long double parse_number_arg(std::string_view flag, std::string_view text, const NumberRange& range);

/// The same check for a value already converted (a library user's config):
/// throws lc::ArgumentError "FLAG VALUE: must be DESCRIPTION" unless `value`
/// is finite, in `range` and whole where `range` asks for it.
void check_number_value(std::string_view flag, double value, const NumberRange& range);

}  // namespace lc::app
