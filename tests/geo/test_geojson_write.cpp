// lifecircle prints GeoJSON layers itself (geo/src/geojson_text.cpp) and must
// print exactly what GDAL's GeoJSON driver writes for the same layer: the
// oracle is GDAL itself (LC_GEOJSON_GDAL=1 makes write_layer use its driver).
#include "lc/geo/crs.hpp"
#include "lc/geo/io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace lc::geo;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The layer written by the printer and by GDAL, as two texts.
std::pair<std::string, std::string> both(const OutLayer& layer, const Crs& data, const Crs& out) {
    const fs::path dir = fs::temp_directory_path() / ("lc_geojson_" + std::to_string(::getpid()));
    fs::create_directories(dir / "printer");
    fs::create_directories(dir / "gdal");
    write_layer(dir / "printer", layer, Format::geojson, data, out);
    ::setenv("LC_GEOJSON_GDAL", "1", 1);
    write_layer(dir / "gdal", layer, Format::geojson, data, out);
    ::unsetenv("LC_GEOJSON_GDAL");
    auto texts = std::make_pair(slurp(dir / "printer" / (layer.name + ".geojson")),
                                slurp(dir / "gdal" / (layer.name + ".geojson")));
    fs::remove_all(dir);
    return texts;
}

/// The first differing line of two texts, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
    std::size_t k = 0;
    while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
    const std::size_t from = k < 120 ? 0 : k - 120;
    return "at byte " + std::to_string(k) + "\nprinter: " + a.substr(from, 240) + "\ngdal:    " + b.substr(from, 240);
}

std::string wkt_number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// Values a coordinate printer gets wrong first: whole numbers, few decimals,
/// runs of 0s and 9s that GDAL's "intelliround" trims, halves at the last
/// decimal, signed zeros, tiny and huge magnitudes.
std::vector<double> awkward_values(double base) {
    std::vector<double> v = {base, -base, 0.0, -0.0, 0.5, 1e-9, -1e-9, 4e-8, 5e-8, 1e20, 1e60, -1e60};
    for (int d = 0; d <= 9; ++d) v.push_back(base + std::pow(10.0, -d));
    for (const double frac : {0.1000004, 0.9999996, 0.12345675, 0.00000049, 0.1299999, 0.10000001, 0.5000001,
                              0.0001, 0.9999, 0.99995, 0.00005, 0.3000000000000000444})
        v.push_back(base + frac);
    return v;
}

/// A layer of polygons whose vertices run through `values` (x) and random
/// values near `base` (y), plus every other geometry type, empty and null ones.
OutLayer coordinates_layer(const std::vector<double>& values, double base, double spread, unsigned seed) {
    OutLayer layer;
    layer.name = "coords";
    layer.fields = {{"k", FieldType::integer}};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(base - spread, base + spread);
    std::string ring;
    for (std::size_t k = 0; k < values.size(); ++k) {
        const double x = values[k], y = u(rng);
        ring = wkt_number(x) + " " + wkt_number(y) + ", " + wkt_number(x + 1e-3) + " " + wkt_number(y) + ", " +
               wkt_number(x) + " " + wkt_number(y + 1e-3) + ", " + wkt_number(x) + " " + wkt_number(y);
        layer.features.push_back({-1, Geometry::from_wkt("POLYGON((" + ring + "))"), {static_cast<std::int64_t>(k)}});
    }
    return layer;
}

/// The first n features of a layer (features hold move-only geometries).
OutLayer first_features(const OutLayer& layer, std::size_t n) {
    OutLayer part;
    part.name = layer.name;
    part.fields = layer.fields;
    for (std::size_t k = 0; k < n; ++k) {
        part.features.push_back({-1, layer.features[k].geometry.clone(), layer.features[k].values});
    }
    return part;
}

}  // namespace

TEST(GeoJsonPrinter, CoordinatesAsGdalPrintsThemInDegreesAndMetres) {
    // 7 decimals in WGS 84, 3 in a projected CRS (io_write.cpp); values through
    // the cases GDAL treats specially, then 20,000 random ones each.
    const Crs gk = Crs::from_epsg(4547);
    for (const auto& [crs, base, spread] : {std::tuple{Crs::wgs84(), 114.3, 60.0}, std::tuple{gk, 500000.0, 4e6}}) {
        std::vector<double> values = awkward_values(base);
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(base - spread, base + spread);
        for (int k = 0; k < 20000; ++k) values.push_back(u(rng));
        // Round values with a little noise: most often hit GDAL's special cases.
        for (int k = 0; k < 5000; ++k) values.push_back(std::round(u(rng) * 1e4) / 1e4 + (k % 7) * 1e-9);
        const auto [printer, gdal] = both(coordinates_layer(values, base, spread, 11), crs, crs);
        ASSERT_FALSE(gdal.empty());
        EXPECT_TRUE(printer == gdal) << first_difference(printer, gdal);
    }
}

TEST(GeoJsonPrinter, ReprojectedPolygonsWithHolesAsGdalWritesThem) {
    // CGCS2000 / 3-degree GK zone 38 (EPSG:4547) to WGS 84, as every plan writes
    // its layers: the rings transformed and oriented by GDAL, printed by us.
    const Crs gk = Crs::from_epsg(4547);
    OutLayer layer;
    layer.name = "areas";
    layer.fields = {{"id", FieldType::string}, {"area_m2", FieldType::real}};
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> ux(400000, 600000), uy(3300000, 3500000), ur(30, 900);
    for (int k = 0; k < 300; ++k) {
        const double cx = ux(rng), cy = uy(rng), r = ur(rng);
        std::string shell, hole;
        for (int a = 0; a <= 64; ++a) {
            const double t = 2 * 3.141592653589793 * (a % 64) / 64;
            shell += (a ? ", " : "") + wkt_number(cx + r * std::cos(t)) + " " + wkt_number(cy + r * std::sin(t));
            hole += (a ? ", " : "") + wkt_number(cx + r / 3 * std::cos(-t)) + " " + wkt_number(cy + r / 3 * std::sin(-t));
        }
        const std::string wkt = k % 3 == 0 ? "POLYGON((" + shell + "))" : "POLYGON((" + shell + "), (" + hole + "))";
        const Geometry g = Geometry::from_wkt(wkt);
        layer.features.push_back({-1, g.clone(), {"F" + std::to_string(k), g.area()}});
    }
    for (const Crs& out : {Crs::wgs84(), gk, Crs::from_epsg(4490)}) {
        const auto [printer, gdal] = both(layer, gk, out);
        EXPECT_TRUE(printer == gdal) << first_difference(printer, gdal);
    }
}

TEST(GeoJsonPrinter, AttributesGeometryTypesAndEmptyLayersAsGdalWritesThem) {
    // Reals GDAL prints with fewer figures (0.1 + 0.2), whole ones (".0"),
    // non-finite ones (left out), integers at the int64 limits, strings with
    // json-c's escapes and Chinese text, JSON-like strings (GDAL may print them
    // as JSON: the printer leaves such a layer to GDAL), nulls, values missing
    // at the end, and every geometry type, empty and null.
    OutLayer layer;
    layer.name = "attrs";
    layer.fields = {{"s", FieldType::string}, {"i", FieldType::integer}, {"r", FieldType::real}};
    const std::vector<std::string> wkts = {
        "POINT (114.1 30.5)", "MULTIPOINT ((1 2), (3 4))", "LINESTRING (0 0, 1 1)", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
        "POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "POINT EMPTY", "LINESTRING EMPTY", "POLYGON EMPTY",
        "MULTIPOLYGON EMPTY", "GEOMETRYCOLLECTION EMPTY"};
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const std::vector<double> reals = {0.1 + 0.2, 1.0, -0.0, 1e300, 2.5e-7, 123456789012345678.0, 1.0 / 3, nan, inf,
                                       -inf, 2151675.005605, 0.97, 100.0 * 0.07, 1e-320};
    const std::vector<std::string> texts = {"plain", "a/b\"c\\d\n\t\x01\x1f", "养老设施 中文", "", "\b\f\r", "x}"};
    const std::vector<std::int64_t> ints = {0, -1, std::numeric_limits<std::int64_t>::max(),
                                            std::numeric_limits<std::int64_t>::min(), 1234567890123};
    std::size_t k = 0;
    for (const double r : reals) {
        for (std::size_t t = 0; t < texts.size(); ++t, ++k) {
            std::vector<Value> values = {texts[t], ints[k % ints.size()], r};
            if (k % 5 == 3) values[k % 3] = std::monostate{};
            if (k % 7 == 6) values.resize(k % 3);
            Geometry g = k % 13 == 12 ? Geometry{} : Geometry::from_wkt(wkts[k % wkts.size()]);
            layer.features.push_back({-1, std::move(g), values});
        }
    }
    // Point layers, mixed layers and empty ones (each with its declared type).
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, layer.features.size()}) {
        const OutLayer part = first_features(layer, n);
        const auto [printer, gdal] = both(part, Crs::wgs84(), Crs::wgs84());
        EXPECT_TRUE(printer == gdal) << n << " features: " << first_difference(printer, gdal);
    }
    OutLayer json = first_features(layer, 3);
    json.features[1].values[0] = std::string("{\"a\": [1, 2]}");
    const auto [printer, gdal] = both(json, Crs::wgs84(), Crs::wgs84());
    EXPECT_TRUE(printer == gdal) << first_difference(printer, gdal);
    EXPECT_NE(gdal.find("\"s\": { \"a\": [ 1, 2 ] }"), std::string::npos) << "GDAL prints a JSON-like string as JSON";
}
