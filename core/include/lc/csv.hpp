// One CSV record split into fields: the readers of the cost matrix and the
// OR-Library optima (lc_optimize) and of the layout plan's projection table
// (lc_app) share it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lc {

/// Splits one CSV record (no embedded newlines): double quotes group, "" inside
/// them is a quote; each field is trimmed of spaces, tabs and carriage returns.
inline std::vector<std::string> split_csv_record(std::string_view line) {
    auto trimmed = [](std::string_view s) {
        const auto b = s.find_first_not_of(" \t\r");
        if (b == std::string_view::npos) return std::string{};
        return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
    };
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(trimmed(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(trimmed(cur));
    return out;
}

}  // namespace lc
