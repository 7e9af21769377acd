// Geometry values backed by the GEOS C API (thread-local context handle).
// Coordinates are in whatever CRS the caller keeps them in; lc::geo loaders
// hand out geometries already in the working (metric) CRS.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lc::geo {

struct Point {
    double x = 0.0;
    double y = 0.0;
    friend bool operator==(const Point&, const Point&) = default;
};

struct Box {
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;
    [[nodiscard]] Point centre() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
    /// The smallest box holding this one and `o`.
    [[nodiscard]] Box united(const Box& o) const {
        return {std::min(min_x, o.min_x), std::min(min_y, o.min_y), std::max(max_x, o.max_x), std::max(max_y, o.max_y)};
    }
};

enum class GeometryKind { empty, point, line, polygon, collection };

/// An owned GEOS geometry. Move-only; copy with clone().
class Geometry {
public:
    Geometry() = default;
    ~Geometry();
    Geometry(Geometry&& other) noexcept;
    Geometry& operator=(Geometry&& other) noexcept;
    Geometry(const Geometry&) = delete;
    Geometry& operator=(const Geometry&) = delete;

    static Geometry from_wkb(std::span<const std::uint8_t> wkb);
    static Geometry from_wkt(std::string_view wkt);
    static Geometry point(Point p);
    /// A polygon from one closed exterior ring (first point repeated or not).
    static Geometry polygon(std::span<const Point> ring);
    /// A line string through the points.
    static Geometry line(std::span<const Point> pts);
    /// Union of many geometries (GEOS cascaded union); empty input gives an empty geometry.
    static Geometry union_all(std::vector<Geometry> parts);
    /// A geometry collection / multi geometry of the parts.
    static Geometry collect(std::vector<Geometry> parts);

    [[nodiscard]] Geometry clone() const;
    [[nodiscard]] bool is_null() const noexcept { return m_g == nullptr; }
    [[nodiscard]] bool is_empty() const;
    [[nodiscard]] GeometryKind kind() const;
    [[nodiscard]] std::string type_name() const;
    /// Parts of a collection (a MultiPoint's points, ...); 1 for a single geometry, 0 for null.
    [[nodiscard]] std::size_t part_count() const;
    [[nodiscard]] bool is_valid() const;
    /// Reason for invalidity ("Self-intersection[x y]") or "Valid Geometry".
    [[nodiscard]] std::string validity_reason() const;
    [[nodiscard]] Geometry make_valid() const;
    [[nodiscard]] double area() const;
    [[nodiscard]] double length() const;
    [[nodiscard]] Box bounds() const;
    /// GEOS point-on-surface: a point guaranteed inside a polygon.
    [[nodiscard]] Point point_on_surface() const;
    [[nodiscard]] Point centroid() const;
    /// Coordinates of a point geometry (throws if not a point).
    [[nodiscard]] Point as_point() const;
    [[nodiscard]] Geometry intersection(const Geometry& other) const;
    /// The part of this geometry outside `other` (GEOS difference).
    [[nodiscard]] Geometry difference(const Geometry& other) const;
    [[nodiscard]] Geometry buffer(double distance, int quadrant_segments = 32) const;
    /// The part inside an axis-aligned box (GEOS ClipByRect: fast, may be invalid
    /// only along the box's edges, fine for area sums and unions).
    [[nodiscard]] Geometry clip(const Box& box) const;
    [[nodiscard]] bool intersects(const Geometry& other) const;
    [[nodiscard]] bool contains(const Geometry& other) const;
    [[nodiscard]] bool covers(Point p) const;
    [[nodiscard]] double distance(const Geometry& other) const;
    [[nodiscard]] std::vector<std::uint8_t> wkb() const;
    [[nodiscard]] std::string wkt(int precision = 3) const;
    /// Keeps only polygonal parts (after make_valid, which may add lines/points).
    [[nodiscard]] Geometry polygonal_part() const;

    /// The GEOSGeometry* (opaque here; geo/src only).
    [[nodiscard]] void* native() const noexcept { return m_g; }
    /// Takes ownership of a GEOSGeometry* created with the thread's context.
    static Geometry adopt(void* geos_geometry);

private:
    void* m_g = nullptr;
};

}  // namespace lc::geo
