// Helpers for the network tests: ASCII-grid networks and a brute-force oracle.
#pragma once

#include "lc/geo/network/walk_network.hpp"

#include <cctype>
#include <map>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

namespace lc::geo::testing {

/// An ASCII map: letters are places, '-' and '|' runs join the letters they touch
/// (straight edges). Column c, row r is the point (c * unit, -r * unit).
struct AsciiNetwork {
    std::vector<std::vector<Point>> lines;
    std::map<char, Point> at;
};

inline AsciiNetwork parse_ascii(const std::vector<std::string>& rows, double unit = 10.0) {
    AsciiNetwork out;
    auto cell = [&](std::size_t r, std::size_t c) -> char {
        if (r >= rows.size() || c >= rows[r].size()) return ' ';
        return rows[r][c];
    };
    auto point = [&](std::size_t r, std::size_t c) {
        return Point{static_cast<double>(c) * unit, -static_cast<double>(r) * unit};
    };
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const char ch = rows[r][c];
            if (!std::isalpha(static_cast<unsigned char>(ch))) continue;
            out.at[ch] = point(r, c);
            if (cell(r, c + 1) == '-') {
                std::size_t k = c + 1;
                while (cell(r, k) == '-') ++k;
                if (!std::isalpha(static_cast<unsigned char>(cell(r, k)))) throw std::logic_error("dangling -");
                out.lines.push_back({point(r, c), point(r, k)});
            }
            if (cell(r + 1, c) == '|') {
                std::size_t k = r + 1;
                while (cell(k, c) == '|') ++k;
                if (!std::isalpha(static_cast<unsigned char>(cell(k, c)))) throw std::logic_error("dangling |");
                out.lines.push_back({point(r, c), point(k, c)});
            }
        }
    }
    return out;
}

/// Plain unbounded Dijkstra from one node (the oracle).
inline std::vector<double> plain_dijkstra(const WalkNetwork& net, NodeId from) {
    std::vector<double> dist(net.node_count(), unreachable);
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    dist[from] = 0.0;
    heap.emplace(0.0, from);
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (d > dist[u]) continue;
        for (const Arc& a : net.arcs(u)) {
            if (d + a.length < dist[a.target]) {
                dist[a.target] = d + a.length;
                heap.emplace(dist[a.target], a.target);
            }
        }
    }
    return dist;
}

}  // namespace lc::geo::testing
