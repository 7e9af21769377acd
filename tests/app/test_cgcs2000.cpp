// CGCS2000 inputs (issue 14): estates in EPSG:4490 are measured in the CGCS2000
// 3-degree Gauss-Kruger zone of their centre, never in WGS 84 UTM, and the
// layers are written in the estates' CRS, WGS 84 (GeoJSON) or --out-crs.
//
// The fixture, in CGCS2000 lon/lat (GeoJSON with a "crs" member):
//   E1 (104.995, 38.00)  -> F1 (105.005, 38.00): along the parallel of 38 N
//   E2 (105.000, 38.02)  -> F2 (105.000, 38.03): along the central meridian 105 E
// The estates' extent is 104.995..105.0 E, centre 104.9975 E -> zone CM 105E -> EPSG:4544.
//
// Distances by hand on the CGCS2000 ellipsoid (a = 6378137, f = 1/298.257222101,
// e² = f(2 - f) = 0.0066943800229), in a Gauss-Kruger zone of scale 1 on its
// central meridian:
//   E1-F1: two points 0.005° either side of the CM on one parallel: x = ±N cosφ Δλ
//          (the A³ term of the series is below 1 µm here), so the distance is
//          N cosφ × 0.01° with N = a / sqrt(1 - e² sin²38°) = 6386244.475 m,
//          cos 38° = 0.7880107536: 6386244.475 × 0.7880107536 × 1.745329e-4 = 878.3246 m.
//   E2-F2: along the CM x = 500000 and y is the meridian arc, so the distance is
//          ρ(38.025°) × 0.01° with ρ = a(1 - e²) / (1 - e² sin²φ)^1.5 = 6359656.761 m:
//          1109.9695 m (the ρ'' Δφ³ term is below 1 µm).
// WGS 84 UTM zone 48 has the same central meridian but a scale of 0.9996: 877.9733 m
// and 1109.5255 m, 0.35 m and 0.44 m shorter, so a 1 mm tolerance tells the two apart.
#include "lc/error.hpp"
#include "lc/geo/crs.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/city.hpp"
#include "pipeline/layer_writer.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/run.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
namespace geo = lc::geo;
using lc::app::CoverageConfig;
using lc::app::CoverageRun;
using lc::app::InputConfig;

namespace {

constexpr double k_e1_f1 = 878.3246;   // by hand, above
constexpr double k_e2_f2 = 1109.9695;

using lc::test::town::TempDir;  // a fresh temporary folder, removed by the destructor

std::string point(const std::string& props, double lon, double lat) {
    return R"({"type":"Feature","properties":)" + props + R"(,"geometry":{"type":"Point","coordinates":[)" +
           std::to_string(lon) + "," + std::to_string(lat) + "]}}";
}

/// Writes the fixture's two layers in `crs_urn` (e.g. urn:ogc:def:crs:EPSG::4490) into `dir`.
InputConfig write_fixture(const fs::path& dir, const std::string& crs_urn) {
    auto layer = [&](const std::string& name, const std::string& a, const std::string& b) {
        std::ofstream(dir / (name + ".geojson"))
            << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":")" << crs_urn
            << R"("}},"features":[)" << a << "," << b << "]}\n";
        return (dir / (name + ".geojson")).string();
    };
    InputConfig in;
    in.estates = layer("estates", point(R"({"id":"E1","households":100,"elderly":50})", 104.995, 38.0),
                       point(R"({"id":"E2","households":100,"elderly":30})", 105.0, 38.02));
    in.facilities = layer("facilities", point(R"({"id":"F1","kind":"station","building_area":100})", 105.005, 38.0),
                          point(R"({"id":"F2","kind":"station","building_area":100})", 105.0, 38.03));
    return in;
}

CoverageConfig radius(double r) {
    CoverageConfig c;
    c.radius = r;
    return c;
}

/// The single point of the first feature of `file` whose id is `id`, and the layer's CRS.
geo::Point point_of(const fs::path& file, const std::string& id, geo::Crs* crs = nullptr) {
    const geo::VectorLayer layer = geo::read_layer(geo::parse_source(file.string()), {});
    if (crs) *crs = layer.source_crs;
    const auto f_id = layer.field_index("id");
    for (const auto& f : layer.features) {
        if (f_id && geo::to_text(f.values[*f_id]) == id) return f.geometry.point_on_surface();
    }
    ADD_FAILURE() << "no feature " << id << " in " << file;
    return {};
}

}  // namespace

TEST(Cgcs2000, WorkingCrsIsTheGaussKrugerZoneAndDistancesAreByHand) {
    const TempDir dir("working");
    const CoverageRun run = lc::app::run_coverage(write_fixture(dir.path(), "urn:ogc:def:crs:EPSG::4490"), radius(1000));
    EXPECT_TRUE(run.city.estates_crs.is_cgcs2000_geographic());
    EXPECT_EQ(run.city.working_crs.epsg(), 4544);
    EXPECT_EQ(run.summary["working_crs"], "EPSG:4544");
    EXPECT_EQ(run.summary["crs"], "EPSG:4544");  // the older key, kept
    EXPECT_NE(run.summary["crs_reason"].get<std::string>().find("CGCS2000 3-degree Gauss-Kruger zone"),
              std::string::npos)
        << run.summary["crs_reason"];
    ASSERT_EQ(run.coverage.estates.size(), 2U);
    EXPECT_NEAR(run.coverage.estates[0].nearest_m, k_e1_f1, 1e-3);
    EXPECT_EQ(run.coverage.estates[0].nearest_facility, "F1");
    EXPECT_TRUE(run.coverage.estates[0].covered);   // 878 m < 1000 m
    EXPECT_NEAR(run.coverage.estates[1].nearest_m, k_e2_f2, 1e-3);
    EXPECT_EQ(run.coverage.estates[1].nearest_facility, "F2");
    EXPECT_FALSE(run.coverage.estates[1].covered);  // 1110 m > 1000 m
}

// The same coordinates declared WGS 84 keep the UTM zone (48N, CM 105E, scale
// 0.9996): the distances above × 0.9996 (the two ellipsoids differ by 1e-10 in f).
TEST(Cgcs2000, Wgs84DataKeepTheUtmZone) {
    const TempDir dir("wgs84");
    const CoverageRun run = lc::app::run_coverage(write_fixture(dir.path(), "urn:ogc:def:crs:OGC:1.3:CRS84"), radius(1000));
    EXPECT_EQ(run.summary["working_crs"], "EPSG:32648");
    EXPECT_EQ(run.summary["crs_reason"], "the UTM zone of the data's centre");
    EXPECT_NEAR(run.coverage.estates[0].nearest_m, k_e1_f1 * 0.9996, 1e-3);
    EXPECT_NEAR(run.coverage.estates[1].nearest_m, k_e2_f2 * 0.9996, 1e-3);
}

// Estates already projected keep their own CRS, with or without a zone prefix
// (EPSG:4524: zone 36, CM 108E, false easting 36 500 km); CGCS2000 lon/lat
// outside China's zones (140.2 E, beyond 136.5 E) fall back to UTM 54N
// (floor((140.2 + 180) / 6) + 1 = 54), saying why; --crs wins over everything.
TEST(Cgcs2000, ChooseWorkingCrs) {
    std::string reason;
    const geo::Box yinchuan{106.1, 38.4, 106.3, 38.6};  // centre 106.2 -> CM 105E
    EXPECT_EQ(lc::app::choose_working_crs("", geo::Crs::from_epsg(4490), yinchuan, &reason).epsg(), 4544);
    EXPECT_NE(reason.find("CM 105E"), std::string::npos) << reason;
    EXPECT_EQ(lc::app::choose_working_crs("", geo::Crs::from_epsg(4524), yinchuan, &reason).epsg(), 4524);
    EXPECT_EQ(reason, "the estates' CRS");
    EXPECT_EQ(lc::app::choose_working_crs("", geo::Crs::from_epsg(4544), yinchuan, &reason).epsg(), 4544);
    EXPECT_EQ(reason, "the estates' CRS");
    const geo::Box beijing{116.3, 39.8, 116.5, 40.0};  // centre 116.4 -> floor(117.9 / 3) = 39 -> CM 117E
    EXPECT_EQ(lc::app::choose_working_crs("", geo::Crs::from_epsg(4490), beijing, &reason).epsg(), 4548);
    const geo::Box tokyo{140.1, 35.9, 140.3, 36.1};
    EXPECT_EQ(lc::app::choose_working_crs("", geo::Crs::from_epsg(4490), tokyo, &reason).epsg(), 32654);
    EXPECT_NE(reason.find("outside the CGCS2000"), std::string::npos) << reason;
    EXPECT_EQ(lc::app::choose_working_crs("EPSG:4545", geo::Crs::from_epsg(4490), yinchuan, &reason).epsg(), 4545);
    EXPECT_EQ(reason, "--crs");
    try {
        (void)lc::app::choose_working_crs("EPSG:999999", geo::Crs::from_epsg(4490), yinchuan, &reason);
        ADD_FAILURE() << "an unknown --crs was accepted";
    } catch (const lc::ArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("--crs: cannot understand 'EPSG:999999'"), std::string::npos) << e.what();
    }
}

// Without --out-crs: GeoPackage (and Shapefile, PostGIS) in the estates' CRS, so
// CGCS2000 estates give CGCS2000 layers holding the input coordinates; GeoJSON
// in WGS 84 (RFC 7946). With --out-crs EPSG:4544 GeoJSON holds the Gauss-Kruger
// coordinates: E1 = (500000 - N cos38° × 0.005°, y) = (500000 - 439.1623, y),
// and transformed back to CGCS2000 they are the input again.
TEST(Cgcs2000, OutputCrsByFormatAndOutCrs) {
    const TempDir dir("outputs");
    const CoverageRun run = lc::app::run_coverage(write_fixture(dir.path(), "urn:ogc:def:crs:EPSG::4490"), radius(1000));

    const geo::Crs gpkg_crs = lc::app::layer_output_crs(run.city, geo::Format::gpkg, {});
    EXPECT_EQ(gpkg_crs.epsg(), 4490);
    fs::create_directories(dir.path() / "gpkg");
    lc::app::LayerWriter gpkg_out(dir.path() / "gpkg", geo::Format::gpkg, run.city, gpkg_crs, false);
    lc::app::write_coverage_outputs(run, gpkg_out);
    geo::Crs back_crs;
    geo::Point p = point_of(dir.path() / "gpkg" / "estates.gpkg", "E1", &back_crs);
    EXPECT_TRUE(back_crs.is_cgcs2000_geographic());
    EXPECT_NEAR(p.x, 104.995, 1e-9);
    EXPECT_NEAR(p.y, 38.0, 1e-9);

    const geo::Crs json_crs = lc::app::layer_output_crs(run.city, geo::Format::geojson, {});
    EXPECT_EQ(json_crs.epsg(), 4326);
    fs::create_directories(dir.path() / "json");
    lc::app::LayerWriter json_out(dir.path() / "json", geo::Format::geojson, run.city, json_crs, false);
    lc::app::write_coverage_outputs(run, json_out);
    p = point_of(dir.path() / "json" / "estates.geojson", "E1", &back_crs);
    EXPECT_EQ(back_crs.epsg(), 4326);
    EXPECT_NEAR(p.x, 104.995, 1e-7);  // CGCS2000 and WGS 84 coincide to the cm here (no datum shift in PROJ)
    EXPECT_NEAR(p.y, 38.0, 1e-7);

    const geo::Crs asked = geo::Crs::from_epsg(4544);
    EXPECT_TRUE(lc::app::layer_output_crs(run.city, geo::Format::geojson, asked).same_as(asked));
    EXPECT_TRUE(lc::app::layer_output_crs(run.city, geo::Format::shp, asked).same_as(asked));
    fs::create_directories(dir.path() / "gk");
    lc::app::LayerWriter gk_out(dir.path() / "gk", geo::Format::geojson, run.city, asked, false);
    lc::app::write_coverage_outputs(run, gk_out);
    p = point_of(dir.path() / "gk" / "estates.geojson", "E1", &back_crs);
    EXPECT_EQ(back_crs.epsg(), 4544);
    EXPECT_NEAR(p.x, 500000.0 - k_e1_f1 / 2, 1e-3);
    double x = p.x, y = p.y;
    geo::Transformer(asked, geo::Crs::from_epsg(4490)).transform(x, y);
    EXPECT_NEAR(x, 104.995, 1e-8);
    EXPECT_NEAR(y, 38.0, 1e-8);
}
