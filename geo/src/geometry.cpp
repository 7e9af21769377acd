#include "lc/geo/geometry.hpp"

#include "geos_context.hpp"
#include "lc/error.hpp"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace lc::geo {
namespace detail {
namespace {
thread_local std::string t_last_error;

void on_notice(const char*, void*) {}

void on_error(const char* message, void*) { t_last_error = message ? message : ""; }

struct ContextHolder {
    GEOSContextHandle_t handle = GEOS_init_r();
    ContextHolder() {
        GEOSContext_setNoticeMessageHandler_r(handle, on_notice, nullptr);
        GEOSContext_setErrorMessageHandler_r(handle, on_error, nullptr);
    }
    ~ContextHolder() { GEOS_finish_r(handle); }
    ContextHolder(const ContextHolder&) = delete;
    ContextHolder& operator=(const ContextHolder&) = delete;
};
}  // namespace

GEOSContextHandle_t geos() {
    thread_local ContextHolder holder;
    return holder.handle;
}

const char* geos_last_error() { return t_last_error.c_str(); }
}  // namespace detail

using detail::geos;

namespace {
GEOSGeometry* g(const Geometry& geom) { return static_cast<GEOSGeometry*>(geom.native()); }

[[noreturn]] void fail(const char* op) {
    throw GdalError(std::string("geos: ") + op + " failed (" + detail::geos_last_error() + ")");
}

Geometry checked(GEOSGeometry* result, const char* op) {
    if (!result) fail(op);
    return Geometry::adopt(result);
}

void require(const Geometry& geom, const char* op) {
    if (geom.is_null()) throw GdalError(std::string("geos: ") + op + " on a null geometry");
}
}  // namespace

Geometry::~Geometry() {
    if (m_g) GEOSGeom_destroy_r(geos(), static_cast<GEOSGeometry*>(m_g));
}

Geometry::Geometry(Geometry&& other) noexcept : m_g(other.m_g) { other.m_g = nullptr; }

Geometry& Geometry::operator=(Geometry&& other) noexcept {
    if (this != &other) {
        if (m_g) GEOSGeom_destroy_r(geos(), static_cast<GEOSGeometry*>(m_g));
        m_g = other.m_g;
        other.m_g = nullptr;
    }
    return *this;
}

Geometry Geometry::adopt(void* geos_geometry) {
    Geometry out;
    out.m_g = geos_geometry;
    return out;
}

Geometry Geometry::from_wkb(std::span<const std::uint8_t> wkb) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(geos());
    GEOSGeometry* result = GEOSWKBReader_read_r(geos(), reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(geos(), reader);
    return checked(result, "reading WKB");
}

Geometry Geometry::from_wkt(std::string_view wkt) {
    GEOSWKTReader* reader = GEOSWKTReader_create_r(geos());
    const std::string text(wkt);
    GEOSGeometry* result = GEOSWKTReader_read_r(geos(), reader, text.c_str());
    GEOSWKTReader_destroy_r(geos(), reader);
    return checked(result, "reading WKT");
}

Geometry Geometry::point(Point p) { return checked(GEOSGeom_createPointFromXY_r(geos(), p.x, p.y), "point"); }

namespace {
GEOSCoordSequence* sequence(std::span<const Point> pts, bool close) {
    const bool add_closing = close && !pts.empty() && !(pts.front() == pts.back());
    const auto n = static_cast<unsigned>(pts.size() + (add_closing ? 1 : 0));
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), n, 2);
    for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(geos(), seq, i, pts[i].x, pts[i].y);
    if (add_closing) GEOSCoordSeq_setXY_r(geos(), seq, n - 1, pts.front().x, pts.front().y);
    return seq;
}
}  // namespace

Geometry Geometry::polygon(std::span<const Point> ring) {
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(geos(), sequence(ring, true));
    if (!shell) fail("linear ring");
    return checked(GEOSGeom_createPolygon_r(geos(), shell, nullptr, 0), "polygon");
}

Geometry Geometry::line(std::span<const Point> pts) {
    return checked(GEOSGeom_createLineString_r(geos(), sequence(pts, false)), "line string");
}

Geometry Geometry::collect(std::vector<Geometry> parts) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) {
        if (p.is_null()) continue;
        raw.push_back(static_cast<GEOSGeometry*>(p.m_g));
        p.m_g = nullptr;  // ownership moves into the collection
    }
    return checked(GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                               static_cast<unsigned>(raw.size())),
                   "collection");
}

Geometry Geometry::union_all(std::vector<Geometry> parts) {
    if (parts.empty()) return checked(GEOSGeom_createEmptyPolygon_r(geos()), "empty polygon");
    Geometry all = collect(std::move(parts));
    return checked(GEOSUnaryUnion_r(geos(), g(all)), "union");
}

Geometry Geometry::clone() const {
    if (!m_g) return {};
    return checked(GEOSGeom_clone_r(geos(), g(*this)), "clone");
}

bool Geometry::is_empty() const { return !m_g || GEOSisEmpty_r(geos(), g(*this)) == 1; }

GeometryKind Geometry::kind() const {
    if (is_empty()) return GeometryKind::empty;
    switch (GEOSGeomTypeId_r(geos(), g(*this))) {
        case GEOS_POINT:
        case GEOS_MULTIPOINT: return GeometryKind::point;
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
        case GEOS_MULTILINESTRING: return GeometryKind::line;
        case GEOS_POLYGON:
        case GEOS_MULTIPOLYGON: return GeometryKind::polygon;
        default: return GeometryKind::collection;
    }
}

std::string Geometry::type_name() const {
    if (!m_g) return "null";
    char* t = GEOSGeomType_r(geos(), g(*this));
    std::string out = t ? t : "";
    GEOSFree_r(geos(), t);
    return out;
}

bool Geometry::is_valid() const { return m_g && GEOSisValid_r(geos(), g(*this)) == 1; }

std::string Geometry::validity_reason() const {
    if (!m_g) return "null geometry";
    char* r = GEOSisValidReason_r(geos(), g(*this));
    std::string out = r ? r : "";
    GEOSFree_r(geos(), r);
    return out;
}

Geometry Geometry::make_valid() const {
    require(*this, "make_valid");
    return checked(GEOSMakeValid_r(geos(), g(*this)), "make_valid");
}

std::size_t Geometry::part_count() const {
    if (!m_g) return 0;
    const int n = GEOSGetNumGeometries_r(geos(), g(*this));
    if (n < 0) fail("part_count");
    return static_cast<std::size_t>(n);
}

double Geometry::area() const {
    if (is_empty()) return 0.0;
    double a = 0.0;
    if (!GEOSArea_r(geos(), g(*this), &a)) fail("area");
    return a;
}

double Geometry::length() const {
    if (is_empty()) return 0.0;
    double l = 0.0;
    if (!GEOSLength_r(geos(), g(*this), &l)) fail("length");
    return l;
}

Box Geometry::bounds() const {
    Box b;
    if (is_empty()) return b;
    if (!GEOSGeom_getXMin_r(geos(), g(*this), &b.min_x) || !GEOSGeom_getYMin_r(geos(), g(*this), &b.min_y) ||
        !GEOSGeom_getXMax_r(geos(), g(*this), &b.max_x) || !GEOSGeom_getYMax_r(geos(), g(*this), &b.max_y)) {
        fail("bounds");
    }
    return b;
}

Point Geometry::as_point() const {
    require(*this, "as_point");
    if (GEOSGeomTypeId_r(geos(), g(*this)) != GEOS_POINT) throw GdalError("geos: not a point: " + type_name());
    Point p;
    GEOSGeomGetX_r(geos(), g(*this), &p.x);
    GEOSGeomGetY_r(geos(), g(*this), &p.y);
    return p;
}

Point Geometry::point_on_surface() const {
    require(*this, "point_on_surface");
    Geometry p = checked(GEOSPointOnSurface_r(geos(), g(*this)), "point_on_surface");
    return p.as_point();
}

Point Geometry::centroid() const {
    require(*this, "centroid");
    Geometry p = checked(GEOSGetCentroid_r(geos(), g(*this)), "centroid");
    return p.as_point();
}

Geometry Geometry::intersection(const Geometry& other) const {
    require(*this, "intersection");
    require(other, "intersection");
    return checked(GEOSIntersection_r(geos(), g(*this), g(other)), "intersection");
}

Geometry Geometry::difference(const Geometry& other) const {
    require(*this, "difference");
    require(other, "difference");
    return checked(GEOSDifference_r(geos(), g(*this), g(other)), "difference");
}

Geometry Geometry::buffer(double distance, int quadrant_segments) const {
    require(*this, "buffer");
    return checked(GEOSBuffer_r(geos(), g(*this), distance, quadrant_segments), "buffer");
}

Geometry Geometry::clip(const Box& b) const {
    require(*this, "clip");
    return checked(GEOSClipByRect_r(geos(), g(*this), b.min_x, b.min_y, b.max_x, b.max_y), "clip");
}

bool Geometry::intersects(const Geometry& other) const {
    require(*this, "intersects");
    require(other, "intersects");
    const char r = GEOSIntersects_r(geos(), g(*this), g(other));
    if (r == 2) fail("intersects");
    return r == 1;
}

bool Geometry::contains(const Geometry& other) const {
    require(*this, "contains");
    require(other, "contains");
    const char r = GEOSContains_r(geos(), g(*this), g(other));
    if (r == 2) fail("contains");
    return r == 1;
}

bool Geometry::covers(Point p) const {
    require(*this, "covers");
    Geometry pt = point(p);
    const char r = GEOSCovers_r(geos(), g(*this), g(pt));
    if (r == 2) fail("covers");
    return r == 1;
}

double Geometry::distance(const Geometry& other) const {
    require(*this, "distance");
    require(other, "distance");
    double d = 0.0;
    if (!GEOSDistance_r(geos(), g(*this), g(other), &d)) fail("distance");
    return d;
}

std::vector<std::uint8_t> Geometry::wkb() const {
    require(*this, "wkb");
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(geos());
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(geos(), writer, g(*this), &size);
    GEOSWKBWriter_destroy_r(geos(), writer);
    if (!buf) fail("writing WKB");
    std::vector<std::uint8_t> out(buf, buf + size);
    GEOSFree_r(geos(), buf);
    return out;
}

std::string Geometry::wkt(int precision) const {
    if (!m_g) return "NULL";
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(geos());
    GEOSWKTWriter_setRoundingPrecision_r(geos(), writer, precision);
    GEOSWKTWriter_setTrim_r(geos(), writer, 1);
    char* text = GEOSWKTWriter_write_r(geos(), writer, g(*this));
    GEOSWKTWriter_destroy_r(geos(), writer);
    std::string out = text ? text : "";
    GEOSFree_r(geos(), text);
    return out;
}

Geometry Geometry::polygonal_part() const {
    require(*this, "polygonal_part");
    const int type = GEOSGeomTypeId_r(geos(), g(*this));
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return clone();
    std::vector<Geometry> polys;
    const int n = GEOSGetNumGeometries_r(geos(), g(*this));
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geos(), g(*this), i);
        const int t = GEOSGeomTypeId_r(geos(), part);
        if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) {
            polys.push_back(checked(GEOSGeom_clone_r(geos(), part), "clone"));
        }
    }
    return union_all(std::move(polys));
}

}  // namespace lc::geo
