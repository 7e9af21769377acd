// Small hand-made inputs for the coverage tests (library and CLI): estates,
// facilities and population layers written with the town fixture's GDAL writer
// (tests/app/town_fixture.hpp: EPSG:4544, coordinates relative to (500000,
// 3400000)), population GeoTIFFs, and OSM XML walking networks whose nodes are
// given in the same town coordinates and written as WGS84 lon/lat.
// Header-only so both test_app and test_cli use it.
#pragma once

#include "app/town_fixture.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace lc::test::covtown {

namespace fs = std::filesystem;
using town::Layer;
using town::Type;

struct Rect {
    const char* id;
    double x0, y0, x1, y1;  ///< town coordinates; the representative point is the centre
    std::int64_t elderly;
};

/// Rectangular estates with households = elderly × 2 (unused by coverage).
inline Layer estates(const std::vector<Rect>& rects) {
    Layer l;
    l.name = "estates";
    l.geometry_type = wkbPolygon;
    l.fields = {{"id", Type::string}, {"name", Type::string}, {"households", Type::integer}, {"elderly", Type::integer}};
    for (const auto& r : rects) {
        l.rows.push_back({town::rect(r.x0, r.y0, r.x1, r.y1),
                          {town::s(r.id), town::Val{std::string("小区") + r.id}, town::i(r.elderly * 2),
                           town::i(r.elderly)}});
    }
    return l;
}

struct Pt {
    const char* id;
    double x, y;
};

/// Facility points (id and kind only: coverage needs no more).
inline Layer facilities(const std::vector<Pt>& pts) {
    Layer l;
    l.name = "facilities";
    l.geometry_type = wkbPoint;
    l.fields = {{"id", Type::string}, {"kind", Type::string}};
    for (const auto& p : pts) l.rows.push_back({town::point(p.x, p.y), {town::s(p.id), town::s("station")}});
    return l;
}

/// A population layer: `wkt` rows (town::rect / town::point) with id and a
/// population field called `field` (numbers, or text when `text` is set).
struct PopRow {
    const char* id;
    std::string wkt;
    town::Val population;
};
inline Layer population(const std::vector<PopRow>& rows, const std::string& field = "population") {
    Layer l;
    l.name = "population";
    l.fields = {{"id", Type::string}, {field, Type::real}};
    for (const auto& r : rows) {
        if (std::holds_alternative<std::string>(r.population)) l.fields[1].type = Type::string;
    }
    for (const auto& r : rows) l.rows.push_back({r.wkt, {town::s(r.id), r.population}});
    return l;
}

/// A north-up GeoTIFF in EPSG:4544: `values` row by row from the top, cells of
/// `cell` metres, top-left corner at town (x0, ytop); `nodata` set on band 1.
/// Without `with_crs` the file has no CRS at all.
inline void write_geotiff(const fs::path& file, int nx, int ny, double x0, double ytop, double cell,
                          const std::vector<float>& values, double nodata, bool with_crs = true) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!drv) throw std::runtime_error("no GTiff driver");
    GDALDataset* ds = drv->Create(file.c_str(), nx, ny, 1, GDT_Float32, nullptr);
    if (!ds) throw std::runtime_error("cannot create " + file.string());
    double gt[6] = {town::k_x0 + x0, cell, 0, town::k_y0 + ytop, 0, -cell};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4544);
    if (with_crs) ds->SetSpatialRef(&srs);
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(nodata);
    std::vector<float> v = values;
    if (band->RasterIO(GF_Write, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float32, 0, 0) != CE_None) {
        GDALClose(ds);
        throw std::runtime_error("cannot write " + file.string());
    }
    GDALClose(ds);
}

/// Town coordinates <-> WGS84 lon/lat (PROJ through OGR, traditional axis order).
class LonLat {
public:
    LonLat() {
        m_gk.importFromEPSG(4544);
        m_gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        m_ll.importFromEPSG(4326);
        m_ll.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        m_fwd.reset(OGRCreateCoordinateTransformation(&m_gk, &m_ll));
        m_inv.reset(OGRCreateCoordinateTransformation(&m_ll, &m_gk));
    }
    [[nodiscard]] std::pair<double, double> to_lonlat(double x, double y) const {
        double a = town::k_x0 + x, b = town::k_y0 + y;
        m_fwd->Transform(1, &a, &b);
        return {a, b};
    }
    /// Back to town coordinates.
    [[nodiscard]] std::pair<double, double> to_town(double lon, double lat) const {
        m_inv->Transform(1, &lon, &lat);
        return {lon - town::k_x0, lat - town::k_y0};
    }

private:
    OGRSpatialReference m_gk, m_ll;
    std::unique_ptr<OGRCoordinateTransformation> m_fwd, m_inv;
};

struct Way {
    std::vector<std::pair<double, double>> nodes;  ///< town coordinates
    std::vector<std::pair<std::string, std::string>> tags;
};

/// Writes an OSM XML file; nodes at identical town coordinates are shared
/// (that is how ways join). Lon/lat are written with 7 decimals, the precision
/// osmium keeps (about 1 cm).
inline void write_osm(const fs::path& file, const std::vector<Way>& ways) {
    const LonLat ll;
    std::vector<std::pair<double, double>> nodes;
    auto node_id = [&nodes](std::pair<double, double> p) {
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            if (nodes[k] == p) return k + 1;
        }
        nodes.push_back(p);
        return nodes.size();
    };
    std::string body;
    for (std::size_t w = 0; w < ways.size(); ++w) {
        body += "  <way id=\"" + std::to_string(w + 1) + "\" version=\"1\">";
        for (const auto& p : ways[w].nodes) body += "<nd ref=\"" + std::to_string(node_id(p)) + "\"/>";
        for (const auto& [k, v] : ways[w].tags) body += "<tag k=\"" + k + "\" v=\"" + v + "\"/>";
        body += "</way>\n";
    }
    std::ofstream out(file);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"lifecircle tests\">\n";
    char buf[160];
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        const auto [lon, lat] = ll.to_lonlat(nodes[k].first, nodes[k].second);
        std::snprintf(buf, sizeof buf, "  <node id=\"%zu\" lat=\"%.7f\" lon=\"%.7f\" version=\"1\"/>\n", k + 1, lat,
                      lon);
        out << buf;
    }
    out << body << "</osm>\n";
}

/// The river town of tests/cli/test_coverage_cli.cpp (drawn and worked out there):
/// estates N1 N2 S1 FAR, facilities F1 F2, population points PS PN, and the OSM
/// network river.osm (two streets, one footbridge, a motorway bridge, an isolated footway).
struct RiverFiles {
    std::string estates, facilities, population, network;
};

inline RiverFiles write_river_town(const town::TempDir& dir) {
    RiverFiles f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("population.geojson"),
                 dir.str("river.osm")};
    town::write(f.estates,
                estates({{"N1", 250, 1110, 350, 1150, 100},
                             {"N2", 750, 1110, 850, 1150, 200},
                             {"S1", 950, 430, 1050, 490, 300},
                             {"FAR", 950, 1950, 1050, 2050, 400}}),
                "GeoJSON");
    town::write(f.facilities, facilities({{"F1", 300, 480}, {"F2", 1900, 1120}}), "GeoJSON");
    town::write(f.population,
                population({{"PS", town::point(1000, 470), town::d(100)}, {"PN", town::point(800, 1140), town::d(50)}}),
                "GeoJSON");
    write_osm(f.network,
                  {{{{0, 500}, {200, 500}, {600, 500}, {2000, 500}}, {{"highway", "residential"}, {"name", "南街"}}},
                   {{{0, 1100}, {200, 1100}, {2000, 1100}}, {{"highway", "residential"}, {"name", "北街"}}},
                   {{{200, 500}, {200, 1100}}, {{"highway", "footway"}, {"bridge", "yes"}}},
                   {{{1000, 500}, {1000, 1100}}, {{"highway", "motorway"}, {"bridge", "yes"}}},
                   {{{3000, 3000}, {3100, 3000}}, {{"highway", "footway"}}}});
    return f;
}

}  // namespace lc::test::covtown
