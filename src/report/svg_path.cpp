// SVG path data of geometries (a small WKB reader: rings and lines in the
// geometry's own coordinates) and the map frame's coordinates and numbers.
#include "report/svg_map.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

namespace lc::app {
namespace {

// --- A small WKB reader: the shapes of a geometry, in its own coordinates ----

struct Shapes {
    std::vector<std::vector<geo::Point>> rings;  ///< polygon rings (exterior and holes)
    std::vector<std::vector<geo::Point>> lines;
    std::vector<geo::Point> points;
};

class WkbReader {
public:
    explicit WkbReader(const std::vector<std::uint8_t>& wkb) : m_wkb(wkb) {}

    void read(Shapes& out) {
        const bool little = byte() == 1;
        std::uint32_t type = u32(little);
        bool has_z = false, has_m = false;
        if (type & 0x80000000u) has_z = true;  // EWKB flags
        if (type & 0x40000000u) has_m = true;
        if (type & 0x20000000u) (void)u32(little);  // SRID
        type &= 0x0fffffffu;
        if (type >= 3000) {
            has_z = has_m = true;
            type -= 3000;
        } else if (type >= 2000) {
            has_m = true;
            type -= 2000;
        } else if (type >= 1000) {
            has_z = true;
            type -= 1000;
        }
        const int dims = 2 + (has_z ? 1 : 0) + (has_m ? 1 : 0);
        switch (type) {
        case 1: {
            const geo::Point p = point(little, dims);
            if (std::isfinite(p.x) && std::isfinite(p.y)) out.points.push_back(p);
            break;
        }
        case 2: out.lines.push_back(sequence(little, dims)); break;
        case 3: {
            const std::uint32_t n = u32(little);
            for (std::uint32_t i = 0; i < n; ++i) out.rings.push_back(sequence(little, dims));
            break;
        }
        case 4:
        case 5:
        case 6:
        case 7: {
            const std::uint32_t n = u32(little);
            for (std::uint32_t i = 0; i < n; ++i) read(out);
            break;
        }
        default: m_pos = m_wkb.size(); break;  // curves etc.: not drawn
        }
    }

private:
    std::uint8_t byte() { return m_pos < m_wkb.size() ? m_wkb[m_pos++] : 0; }
    std::uint32_t u32(bool little) {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t b = byte();
            v |= little ? (b << (8 * i)) : (b << (8 * (3 - i)));
        }
        return v;
    }
    double f64(bool little) {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t b = byte();
            v |= little ? (b << (8 * i)) : (b << (8 * (7 - i)));
        }
        double d = 0;
        std::memcpy(&d, &v, sizeof d);
        return d;
    }
    geo::Point point(bool little, int dims) {
        geo::Point p{f64(little), f64(little)};
        for (int d = 2; d < dims; ++d) (void)f64(little);
        return p;
    }
    std::vector<geo::Point> sequence(bool little, int dims) {
        const std::uint32_t n = u32(little);
        std::vector<geo::Point> pts;
        if (static_cast<std::size_t>(n) * 16 > m_wkb.size()) return pts;  // corrupt
        pts.reserve(n);
        for (std::uint32_t i = 0; i < n && m_pos < m_wkb.size(); ++i) pts.push_back(point(little, dims));
        return pts;
    }

    const std::vector<std::uint8_t>& m_wkb;
    std::size_t m_pos = 0;
};

Shapes shapes_of(const geo::Geometry& g) {
    Shapes s;
    if (g.is_null() || g.is_empty()) return s;
    const auto wkb = g.wkb();
    WkbReader(wkb).read(s);
    return s;
}

std::string sequence_data(const std::vector<geo::Point>& pts, const MapFrame& f, bool close) {
    std::string out;
    std::string last;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (close && i + 1 == pts.size() && pts.size() > 1 && pts[i] == pts[0]) break;  // Z closes it
        const geo::Point q = f.to_svg(pts[i]);
        std::string xy = f.number(q.x) + ' ' + f.number(q.y);
        if (xy == last) continue;
        out += kept == 0 ? "M" : " ";
        out += xy;
        last = std::move(xy);
        ++kept;
    }
    if (kept < 2) return {};
    if (close) out += 'Z';
    return out;
}

}  // namespace

// --- MapFrame --------------------------------------------------------------------

geo::Point MapFrame::to_svg(geo::Point p) const { return {p.x - box.min_x, box.max_y - p.y}; }

std::string MapFrame::number(double v) const {
    const double p = precision_m > 0 ? precision_m : 0.5;
    double r = std::round(v / p) * p;
    if (r == 0.0) r = 0.0;  // no "-0"
    int decimals = 0;
    for (double q = p; decimals < 6 && std::fabs(q - std::round(q)) > 1e-9; q *= 10) ++decimals;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, r);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string svg_path_data(const geo::Geometry& g, const MapFrame& frame) {
    const Shapes s = shapes_of(g);
    std::string out;
    for (const auto& ring : s.rings) out += sequence_data(ring, frame, true);
    for (const auto& line : s.lines) {
        const std::string d = sequence_data(line, frame, false);
        if (!d.empty()) out += (out.empty() ? "" : " ") + d;
    }
    return out;
}

}  // namespace lc::app
