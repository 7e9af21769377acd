#include "pipeline/number_arg.hpp"

#include "lc/error.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lc::app {
namespace {

bool bounded(long double v) { return std::isfinite(v); }

std::string show(long double v, bool whole) {
    char buf[64];
    std::snprintf(buf, sizeof buf, whole ? "%.0Lf" : "%.10Lg", v);
    return buf;
}

/// Parses all of `s` as a number; false when it is not one or not finite.
bool read_number(const std::string& s, bool whole, long double& v) {
    if (s.empty()) return false;
    if (whole) {
        const std::size_t digits_from = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (digits_from == s.size()) return false;
        for (std::size_t i = digits_from; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
        }
    }
    // Whole numbers in long double (exact up to 2^64); others as the double they become.
    errno = 0;
    char* end = nullptr;
    v = whole ? std::strtold(s.c_str(), &end) : std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && errno != ERANGE && std::isfinite(v);
}

bool in_range(long double v, const NumberRange& r) {
    if (bounded(r.min) && (r.min_open ? !(v > r.min) : !(v >= r.min))) return false;
    if (bounded(r.max) && (r.max_open ? !(v < r.max) : !(v <= r.max))) return false;
    return !(v > r.type_max);
}

}  // namespace

NumberRange NumberRange::positive() { return {.min = 0, .min_open = true}; }
NumberRange NumberRange::non_negative() { return {.min = 0}; }
NumberRange NumberRange::share() { return {.min = 0, .max = 1, .min_open = true}; }
NumberRange NumberRange::between(long double lo, long double hi) { return {.min = lo, .max = hi}; }
NumberRange NumberRange::whole_between(long double lo, long double hi) { return {.min = lo, .max = hi, .whole = true}; }
NumberRange NumberRange::whole_at_least(long double lo) { return {.min = lo, .whole = true}; }

std::string NumberRange::bounds() const {
    const bool lo = bounded(min), hi = bounded(max);
    if (lo && hi && !min_open && !max_open) return "in " + show(min, whole) + ".." + show(max, whole);
    std::string out;
    if (lo) out += (min_open ? "> " : ">= ") + show(min, whole);
    if (lo && hi) out += " and ";
    if (hi) out += (max_open ? "< " : "<= ") + show(max, whole);
    return out;
}

std::string NumberRange::describe() const {
    const std::string b = bounds();
    return std::string(whole ? "a whole number" : "a finite number") + (b.empty() ? "" : " " + b);
}

void check_number_value(std::string_view flag, double value, const NumberRange& range) {
    const long double v = value;
    if (!std::isfinite(v) || !in_range(v, range) || (range.whole && std::floor(v) != v)) {
        char text[64];
        std::snprintf(text, sizeof text, "%.10g", value);
        throw ArgumentError(std::string(flag) + " " + text + ": must be " + range.describe());
    }
}

long double parse_number_arg(std::string_view flag, std::string_view text, const NumberRange& range) {
    long double v = 0;
    if (!read_number(std::string(text), range.whole, v) || !in_range(v, range)) {
        const std::string shown = text.empty() ? "''" : std::string(text);
        // The type's limit is news only when the range itself has no upper end.
        const bool type_bound = v > range.type_max && range.max > range.type_max;
        const std::string limit = type_bound ? " (at most " + show(range.type_max, range.whole) + ")" : "";
        throw ArgumentError(std::string(flag) + " " + shown + ": must be " + range.describe() + limit);
    }
    return v;
}

}  // namespace lc::app
