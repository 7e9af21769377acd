// One CSV record split into fields, and opening a text input past its
// byte-order mark: the readers of the OR-Library instances, the cost matrix, the
// demand and the optima (lc_optimize) and of the layout plan's projection table
// (lc_app) share them.
#pragma once

#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace lc {

/// Opens a text input past a UTF-8 byte-order mark when it starts with one
/// (Excel's "CSV UTF-8" and Windows Notepad write it). Every text input read
/// line by line is opened here; TOML profiles are parsed by toml++, which skips
/// the mark itself. Check the stream for failure as after any ifstream open.
inline std::ifstream open_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[3] = {};
    if (in.read(head, 3) && std::memcmp(head, "\xEF\xBB\xBF", 3) == 0) return in;
    in.clear();
    in.seekg(0);
    return in;
}

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
