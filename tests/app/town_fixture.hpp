// A hand-made ten-estate town for the audit and check-estate tests, written
// with GDAL into a temporary folder in whatever form a test needs (GeoJSON,
// GeoPackage, GBK shapefile without .cpg, CSV with WKT, other CRSs, Chinese
// field names). Header-only so both test_app and test_cli use it.
//
// Coordinates are EPSG:4544 (CGCS2000 / 3-degree GK CM 105E, metres) offset by
// (X0, Y0) = (500000, 3400000); below, every coordinate is given relative to
// that origin. Every estate is an axis-aligned rectangle, so its area is exact
// and its representative point (GEOS point-on-surface) is its centre.
//
//   y
//  3000 +---------------- D1 西城区 -------------+------------- D2 东城区 ------------+
//       |                                         |                                   |
//  2100 |                 I01*                    |                                   |
//  2000 |                                         |     +--E09--+                     |
//  1700 |                +E06+                    |     |       |                     |
//  1500 |  [E04 P03 E05]  |  |                    |     +-------+ (1400)              |
//  1300 |                +---+                    |                                   |
//  1000 |          CA*                            |                                   |
//   800 | [E01] [E02] [E03]              CB*      | [E07] [E08]        [E10]          |
//   500 |  S01*        S02*(in E03)               |                                   |
//   200 +-----------------------------------------+-----------------------------------+
//       0                                        4000                                7000
//
// Estates (rectangles x0..x1 × y0..y1, centre = representative point):
//   id  name     x0   y0   x1   y1   centre      hh    pop   eld  community street    district new
//   E01 东风小区  200  200  800  800  (500,500)   1500  4000  800  东风社区  北街街道  西城区   0
//   E02 朝阳苑   1000  200 1400  800  (1200,500)  1320  3500  700  东风社区  北街街道  西城区   0
//   E03 春晖园   1600  200 2200  800  (1900,500)   900  2500  500  东风社区  北街街道  西城区   0
//   E04 锦绣花园  200 1200  800 1800  (500,1500)  1000  3000  600  朝阳社区  北街街道  西城区   0
//   E05 阳光小区  800 1200 1400 1800  (1100,1500) 1250  3000  400  朝阳社区  北街街道  西城区   0
//   E06 学府公园 1700 1300 2100 1700  (1900,1500)    0     0    0  朝阳社区  北街街道  西城区   0
//   E07 湖畔新城 4100  200 4500  800  (4300,500)  2000  5000 1000  新华社区  东湖街道  东城区   1
//   E08 新华苑   5000  200 5600  800  (5300,500)  1320  3000  600  新华社区  东湖街道  东城区   1
//   E09 翠湖苑   5000 1400 5600 2000  (5300,1700)  800  2000  400  新华社区  东湖街道  东城区   0
//   E10 金桂园   6000  200 6400  800  (6200,500)   600  1500  300  新华社区  东湖街道  东城区   0
//
// Facilities:
//   id  kind         where                         building  land    beds nursing estate_id
//   S01 station      point (500,500), inside E01       400    null      -     -    -
//   S02 station      point (1900,700), inside E03      300    null      -     -    E02  (linked elsewhere)
//   P03 station      polygon 790..830 × 1480..1520     250    null      -     -    -    (straddles E04/E05:
//                    (1600 m²; 10×40 = 400 m² in E04, 30×40 = 1200 m² in E05 -> counted for E05;
//                     point-on-surface = centre (810,1500))
//   CA  centre       point (1200,1000), in no estate  1600    2000     40    30    -
//   CB  centre       point (3700,500), in no estate   1500    2400     30    20    E07  (in D1, built for E07)
//   I01 institution  point (1900,2100), in no estate  3000    4000     50    40    -
//
// Districts: D1 西城区 = 0..4000 × 0..3000, population 40000 (from the layer);
//            D2 东城区 = 4000..7000 × 0..3000, population null (summed from its estates).
// Every facility point lies in D1, so D2 is the district without facilities.
#pragma once

#include "pipeline/config.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace lc::test::town {

namespace fs = std::filesystem;

inline constexpr double k_x0 = 500000.0;
inline constexpr double k_y0 = 3400000.0;

using Val = std::variant<std::monostate, std::int64_t, double, std::string>;
enum class Type { integer, real, string };

struct Field {
    std::string name;
    Type type = Type::string;
};

struct Row {
    std::string wkt;  ///< EPSG:4544, absolute coordinates; empty = no geometry
    std::vector<Val> values;
};

/// A layer to write: features are always given in EPSG:4544; `epsg` is the CRS
/// the file is written in (0 = no CRS at all).
struct Layer {
    std::string name;
    int epsg = 4544;
    OGRwkbGeometryType geometry_type = wkbUnknown;
    std::vector<Field> fields;
    std::vector<Row> rows;

    [[nodiscard]] std::size_t field(const std::string& n) const {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].name == n) return i;
        }
        throw std::logic_error("town fixture: no field " + n);
    }
    /// Sets field `n` of the row whose first value (the id) is `id`.
    void set(const std::string& id, const std::string& n, Val v) {
        const std::size_t k = field(n);
        for (auto& r : rows) {
            if (std::get<std::string>(r.values[0]) == id) {
                r.values[k] = std::move(v);
                return;
            }
        }
        throw std::logic_error("town fixture: no row " + id);
    }
    void rename(const std::string& from, const std::string& to) { fields[field(from)].name = to; }
    /// Makes field `n` a text field (numbers become their decimal text).
    void stringify(const std::string& n) {
        const std::size_t k = field(n);
        fields[k].type = Type::string;
        for (auto& r : rows) {
            if (std::holds_alternative<std::int64_t>(r.values[k])) {
                r.values[k] = std::to_string(std::get<std::int64_t>(r.values[k]));
            }
        }
    }
    void drop(const std::string& n) {
        const std::size_t k = field(n);
        fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(k));
        for (auto& r : rows) r.values.erase(r.values.begin() + static_cast<std::ptrdiff_t>(k));
    }
};

inline std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

/// A rectangle in town coordinates (relative to the origin) as EPSG:4544 WKT.
inline std::string rect(double x0, double y0, double x1, double y1) {
    const std::string a = num(k_x0 + x0), b = num(k_y0 + y0), c = num(k_x0 + x1), d = num(k_y0 + y1);
    return "POLYGON ((" + a + " " + b + ", " + c + " " + b + ", " + c + " " + d + ", " + a + " " + d + ", " + a +
           " " + b + "))";
}

inline std::string point(double x, double y) { return "POINT (" + num(k_x0 + x) + " " + num(k_y0 + y) + ")"; }

/// A line string through town points (relative to the origin) as EPSG:4544 WKT.
inline std::string line(const std::vector<std::pair<double, double>>& pts) {
    std::string wkt = "LINESTRING (";
    for (std::size_t k = 0; k < pts.size(); ++k) {
        wkt += (k ? ", " : "") + num(k_x0 + pts[k].first) + " " + num(k_y0 + pts[k].second);
    }
    return wkt + ")";
}

inline Val i(std::int64_t v) { return Val{v}; }
inline Val d(double v) { return Val{v}; }
inline Val s(const char* v) { return Val{std::string(v)}; }
inline const Val null{};

inline Layer estates() {
    Layer l;
    l.name = "estates";
    l.geometry_type = wkbPolygon;
    l.fields = {{"id", Type::string},         {"name", Type::string},      {"households", Type::integer},
                {"population", Type::integer}, {"elderly", Type::integer},  {"community", Type::string},
                {"street", Type::string},      {"district", Type::string},  {"is_new", Type::integer}};
    auto add = [&l](const char* id, const char* name, double x0, double y0, double x1, double y1, std::int64_t hh,
                    std::int64_t pop, std::int64_t eld, const char* community, const char* street,
                    const char* district, std::int64_t is_new) {
        l.rows.push_back({rect(x0, y0, x1, y1),
                          {s(id), s(name), i(hh), i(pop), i(eld), s(community), s(street), s(district), i(is_new)}});
    };
    add("E01", "东风小区", 200, 200, 800, 800, 1500, 4000, 800, "东风社区", "北街街道", "西城区", 0);
    add("E02", "朝阳苑", 1000, 200, 1400, 800, 1320, 3500, 700, "东风社区", "北街街道", "西城区", 0);
    add("E03", "春晖园", 1600, 200, 2200, 800, 900, 2500, 500, "东风社区", "北街街道", "西城区", 0);
    add("E04", "锦绣花园", 200, 1200, 800, 1800, 1000, 3000, 600, "朝阳社区", "北街街道", "西城区", 0);
    add("E05", "阳光小区", 800, 1200, 1400, 1800, 1250, 3000, 400, "朝阳社区", "北街街道", "西城区", 0);
    add("E06", "学府公园", 1700, 1300, 2100, 1700, 0, 0, 0, "朝阳社区", "北街街道", "西城区", 0);
    add("E07", "湖畔新城", 4100, 200, 4500, 800, 2000, 5000, 1000, "新华社区", "东湖街道", "东城区", 1);
    add("E08", "新华苑", 5000, 200, 5600, 800, 1320, 3000, 600, "新华社区", "东湖街道", "东城区", 1);
    add("E09", "翠湖苑", 5000, 1400, 5600, 2000, 800, 2000, 400, "新华社区", "东湖街道", "东城区", 0);
    add("E10", "金桂园", 6000, 200, 6400, 800, 600, 1500, 300, "新华社区", "东湖街道", "东城区", 0);
    return l;
}

inline Layer facilities() {
    Layer l;
    l.name = "facilities";
    l.geometry_type = wkbUnknown;  // points and one polygon
    l.fields = {{"id", Type::string},        {"name", Type::string},         {"kind", Type::string},
                {"building_area", Type::real}, {"land_area", Type::real},     {"beds", Type::integer},
                {"nursing_beds", Type::integer}, {"estate_id", Type::string}};
    l.rows.push_back({point(500, 500), {s("S01"), s("东风养老服务站"), s("station"), d(400), null, null, null, null}});
    l.rows.push_back({point(1900, 700), {s("S02"), s("朝阳养老服务站"), s("station"), d(300), null, null, null, s("E02")}});
    l.rows.push_back({rect(790, 1480, 830, 1520), {s("P03"), s("阳光驿站"), s("station"), d(250), null, null, null, null}});
    l.rows.push_back({point(1200, 1000), {s("CA"), s("北街综合养老服务中心"), s("centre"), d(1600), d(2000), i(40), i(30), null}});
    l.rows.push_back({point(3700, 500), {s("CB"), s("东湖综合养老服务中心"), s("centre"), d(1500), d(2400), i(30), i(20), s("E07")}});
    l.rows.push_back({point(1900, 2100), {s("I01"), s("西城区养老院"), s("institution"), d(3000), d(4000), i(50), i(40), null}});
    return l;
}

inline Layer districts() {
    Layer l;
    l.name = "districts";
    l.geometry_type = wkbPolygon;
    l.fields = {{"id", Type::string}, {"name", Type::string}, {"population", Type::integer}};
    l.rows.push_back({rect(0, 0, 4000, 3000), {s("D1"), s("西城区"), i(40000)}});
    l.rows.push_back({rect(4000, 0, 7000, 3000), {s("D2"), s("东城区"), null}});
    return l;
}

/// Writes `layer` to `file` with the GDAL driver `driver` (e.g. "GeoJSON",
/// "GPKG", "ESRI Shapefile"); `lco` are layer creation options.
inline void write(const fs::path& file, const Layer& layer, const char* driver,
                  const std::vector<std::string>& lco = {}) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
    if (!drv) throw std::runtime_error(std::string("town fixture: no GDAL driver ") + driver);
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
        fs::exists(file) && std::string(driver) == "GPKG"
            ? static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr))
            : drv->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr),
        [](GDALDataset* p) { GDALClose(p); });
    if (!ds) throw std::runtime_error("town fixture: cannot create " + file.string());
    OGRSpatialReference src;
    src.importFromEPSG(4544);
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRSpatialReference> dst;
    std::unique_ptr<OGRCoordinateTransformation> ct;
    if (layer.epsg != 0) {
        dst = std::make_unique<OGRSpatialReference>();
        dst->importFromEPSG(layer.epsg);
        dst->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (layer.epsg != 4544) ct.reset(OGRCreateCoordinateTransformation(&src, dst.get()));
    }
    CPLStringList options;
    for (const auto& o : lco) options.AddString(o.c_str());
    OGRLayer* out = ds->CreateLayer(layer.name.c_str(), dst.get(), layer.geometry_type, options.List());
    if (!out) throw std::runtime_error("town fixture: cannot create layer " + layer.name);
    for (const auto& f : layer.fields) {
        OGRFieldDefn def(f.name.c_str(), f.type == Type::integer ? OFTInteger64 : f.type == Type::real ? OFTReal : OFTString);
        if (out->CreateField(&def) != OGRERR_NONE) throw std::runtime_error("town fixture: cannot create field " + f.name);
    }
    for (const auto& r : layer.rows) {
        std::unique_ptr<OGRFeature, void (*)(OGRFeature*)> feat(OGRFeature::CreateFeature(out->GetLayerDefn()),
                                                               OGRFeature::DestroyFeature);
        for (std::size_t k = 0; k < layer.fields.size(); ++k) {
            const int idx = static_cast<int>(k);
            const Val& v = r.values[k];
            if (std::holds_alternative<std::int64_t>(v)) feat->SetField(idx, static_cast<GIntBig>(std::get<std::int64_t>(v)));
            else if (std::holds_alternative<double>(v)) feat->SetField(idx, std::get<double>(v));
            else if (std::holds_alternative<std::string>(v)) feat->SetField(idx, std::get<std::string>(v).c_str());
            else feat->SetFieldNull(idx);
        }
        if (!r.wkt.empty()) {  // an empty WKT writes a feature without geometry
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkt(r.wkt.c_str(), nullptr, &g) != OGRERR_NONE) {
                throw std::runtime_error("town fixture: bad WKT " + r.wkt);
            }
            if (ct) g->transform(ct.get());
            feat->SetGeometryDirectly(g);
        }
        if (out->CreateFeature(feat.get()) != OGRERR_NONE) throw std::runtime_error("town fixture: cannot write a feature");
    }
}

/// A fresh temporary folder, removed by the destructor.
class TempDir {
public:
    explicit TempDir(const std::string& name)
        : m_path(fs::temp_directory_path() / ("lc_town_" + name + "_" + std::to_string(::getpid()))) {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }
    [[nodiscard]] std::string str(const std::string& child) const { return (m_path / child).string(); }

private:
    fs::path m_path;
};

struct Files {
    std::string estates, facilities, districts;
};

/// The plain town: three GeoJSON files in EPSG:4544 with the default field names
/// (or the estates layer `est`, e.g. with a field renamed).
inline Files write_plain(const fs::path& dir, const Layer& est = estates()) {
    Files f{(dir / "estates.geojson").string(), (dir / "facilities.geojson").string(),
            (dir / "districts.geojson").string()};
    write(f.estates, est, "GeoJSON");
    write(f.facilities, facilities(), "GeoJSON");
    write(f.districts, districts(), "GeoJSON");
    return f;
}

/// The inputs of a library run on `f` (default profile and field names).
inline lc::app::InputConfig input_config(const Files& f) {
    lc::app::InputConfig in;
    in.estates = f.estates;
    in.facilities = f.facilities;
    in.districts = f.districts;
    return in;
}

/// The input options of a CLI run on `f`.
inline std::vector<std::string> cli_inputs(const Files& f) {
    return {"--estates", f.estates, "--facilities", f.facilities, "--districts", f.districts};
}

/// A command line on the town's files: `command`, the three inputs, then `extra`.
inline std::vector<std::string> command_line(const std::string& command, const Files& f,
                                             const std::vector<std::string>& extra) {
    std::vector<std::string> args{command};
    for (const auto& a : cli_inputs(f)) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Entries of `dir` whose names start with `prefix` (e.g. ".out.tmp-").
inline std::vector<std::string> entries_starting(const fs::path& dir, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(prefix, 0) == 0) out.push_back(n);
    }
    return out;
}

}  // namespace lc::test::town
