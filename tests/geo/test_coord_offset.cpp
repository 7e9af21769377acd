// Web-map offsets (coord_offset.hpp): the published forward formulas and their
// inverses. The worked point is issue 18's and docs/open-data.md's: Tiananmen,
// 116.397 E 39.909 N in WGS 84, is about 116.4032 E 39.9104 N in GCJ-02 (the
// formula gives 116.40324351, 39.91040340; a Python port of the same published
// formula, run by hand, gives the same to 1e-8).
#include "lc/error.hpp"
#include "lc/geo/coord_offset.hpp"
#include "lc/geo/io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace lc::geo;

namespace {

/// The distance in metres between two nearby lon/lat points (local scale of
/// the sphere of radius 6371 km; good to 1 % at these distances).
double metres(Point a, Point b) {
    constexpr double r = 6371000.0, deg = 3.14159265358979323846 / 180.0;
    const double dx = (a.x - b.x) * deg * r * std::cos(a.y * deg);
    const double dy = (a.y - b.y) * deg * r;
    return std::hypot(dx, dy);
}

fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("lc_offset_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write_points(const fs::path& file, const std::vector<Point>& points, const std::string& crs = "") {
    std::ofstream out(file);
    out.precision(12);
    out << R"({"type":"FeatureCollection",)";
    if (!crs.empty()) out << R"("crs":{"type":"name","properties":{"name":")" << crs << R"("}},)";
    out << R"("features":[)";
    for (std::size_t i = 0; i < points.size(); ++i) {
        out << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"P)" << i + 1
            << R"("},"geometry":{"type":"Point","coordinates":[)" << points[i].x << "," << points[i].y << "]}}";
    }
    out << "]}";
}

}  // namespace

TEST(CoordOffset, TiananmenInGcj02AndBd09) {
    const Point wgs{116.397, 39.909};
    const Point gcj = wgs84_to_gcj02(wgs);
    EXPECT_NEAR(gcj.x, 116.40324351, 1e-8);
    EXPECT_NEAR(gcj.y, 39.91040340, 1e-8);
    EXPECT_NEAR(metres(wgs, gcj), 555, 10);  // the "300-600 m" of the offset
    // BD-09 adds Baidu's shift on top (about 0.0064 E, 0.0063 N here).
    const Point bd = gcj02_to_bd09(gcj);
    EXPECT_NEAR(bd.x, 116.40961569, 1e-8);
    EXPECT_NEAR(bd.y, 39.91674422, 1e-8);
}

// The way back is iterated until the forward image is within 1e-9 degrees: every
// point of a grid over China comes back within 0.01 m (issue 18), in fact 1 mm.
TEST(CoordOffset, InversesComeBackWithinACentimetre) {
    double worst_gcj = 0, worst_bd = 0;
    for (double lon = 75.0; lon <= 134.0; lon += 1.7) {
        for (double lat = 18.0; lat <= 53.0; lat += 1.3) {
            const Point p{lon, lat};
            worst_gcj = std::max(worst_gcj, metres(p, gcj02_to_wgs84(wgs84_to_gcj02(p))));
            worst_bd = std::max(worst_bd, metres(p, undo_offset(CoordOffset::bd09, gcj02_to_bd09(wgs84_to_gcj02(p)))));
        }
    }
    EXPECT_LT(worst_gcj, 0.001);
    EXPECT_LT(worst_bd, 0.001);
    EXPECT_EQ(undo_offset(CoordOffset::none, Point{1, 2}).x, 1);
}

TEST(CoordOffset, NamesAndChina) {
    EXPECT_EQ(parse_coord_offset("gcj02"), CoordOffset::gcj02);
    EXPECT_EQ(parse_coord_offset("bd09"), CoordOffset::bd09);
    EXPECT_FALSE(parse_coord_offset("wgs84").has_value());
    EXPECT_TRUE(in_china({116.397, 39.909}));
    EXPECT_FALSE(in_china({-0.1276, 51.5072}));  // London
    EXPECT_FALSE(in_china({151.2, -33.9}));      // Sydney
}

// read_layer undoes the offset before anything else; a point outside China or
// a projected layer with an offset is an error naming the layer and feature.
TEST(CoordOffset, ReadLayerUndoesItAndRefusesWhatCannotCarryIt) {
    const fs::path dir = temp_dir("read");
    const Point wgs{106.2214987, 38.4691319};  // the demo's facility F01 (Yinchuan)
    write_points(dir / "gcj.geojson", {wgs84_to_gcj02(wgs)});
    ReadOptions o;
    o.offset = CoordOffset::gcj02;
    const VectorLayer back = read_layer(parse_source((dir / "gcj.geojson").string()), o);
    EXPECT_LT(metres(back.features[0].geometry.as_point(), wgs), 0.01);

    write_points(dir / "london.geojson", {wgs84_to_gcj02(wgs), {-0.1276, 51.5072}});
    try {
        (void)read_layer(parse_source((dir / "london.geojson").string()), o);
        ADD_FAILURE() << "a point in London read as GCJ-02";
    } catch (const lc::InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("feature P2"), std::string::npos) << m;
        EXPECT_NE(m.find("outside China"), std::string::npos) << m;
        EXPECT_NE(m.find("--coord-offset gcj02"), std::string::npos) << m;
    }
    write_points(dir / "gk.geojson", {{606309.0, 4260390.0}}, "urn:ogc:def:crs:EPSG::4544");
    EXPECT_THROW((void)read_layer(parse_source((dir / "gk.geojson").string()), o), lc::InputError);
    fs::remove_all(dir);
}
