// Real open-data cities through `plan` (issue 18): Wuhan Hankou (OSM + WorldPop
// 60+ raster) and Shenzhen Nanshan (OSM; residents from its buildings), from
// ../shared/datasets/china-osm (skipped where absent). Expected counts come from
// that folder's README (taken there with `osmium export`, not with lifecircle's
// reader); the elderly inside estates are checked against an independent zonal
// sum: each cell sampled on a 10 x 10 grid of points, tested against the output
// estates with OGR (GEOS), in lon/lat.
#include "cli_runner.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using lc::test::run_cli;
using nlohmann::json;

namespace {

const fs::path k_china = fs::path(LC_SHARED_DATASETS) / "china-osm";

json read_json(const fs::path& file) { return json::parse(lc::test::slurp(file)); }

/// The estates layer's polygons (GeoJSON, WGS 84) with their envelopes.
struct Polygons {
    std::vector<std::unique_ptr<OGRGeometry>> geoms;
    std::vector<OGREnvelope> boxes;
};

Polygons read_polygons(const fs::path& geojson) {
    GDALAllRegister();
    Polygons out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(geojson.c_str(), GDAL_OF_VECTOR));
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) {
        out.geoms.emplace_back(f->GetGeometryRef()->clone());
        OGREnvelope e;
        out.geoms.back()->getEnvelope(&e);
        out.boxes.push_back(e);
    }
    return out;
}

/// Sum over the raster's cells of value x (share of a 10 x 10 grid of sample
/// points inside any polygon): the elderly inside the estates, by sampling.
double sampled_zonal_sum(const fs::path& raster, const Polygons& polys) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(raster.c_str(), GDAL_OF_RASTER));
    double gt[6];
    ds->GetGeoTransform(gt);
    GDALRasterBand* band = ds->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const int nx = band->GetXSize(), ny = band->GetYSize();
    std::vector<double> v(static_cast<std::size_t>(nx) * ny);
    EXPECT_EQ(band->RasterIO(GF_Read, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float64, 0, 0), CE_None);
    double sum = 0;
    constexpr int k = 10;
    for (int y = 0; y < ny; ++y) {
        for (int x = 0; x < nx; ++x) {
            const double value = v[static_cast<std::size_t>(y) * nx + x];
            if ((has_nodata && value == nodata) || !(value > 0)) continue;
            int inside = 0;
            for (int sy = 0; sy < k; ++sy) {
                for (int sx = 0; sx < k; ++sx) {
                    const double px = gt[0] + (x + (sx + 0.5) / k) * gt[1];
                    const double py = gt[3] + (y + (sy + 0.5) / k) * gt[5];
                    const OGRPoint pt(px, py);
                    for (std::size_t i = 0; i < polys.geoms.size(); ++i) {
                        const OGREnvelope& e = polys.boxes[i];
                        if (px < e.MinX || px > e.MaxX || py < e.MinY || py > e.MaxY) continue;
                        if (polys.geoms[i]->Contains(&pt)) {
                            ++inside;
                            break;
                        }
                    }
                }
            }
            sum += value * inside / (k * k);
        }
    }
    return sum;
}

std::set<std::string> names(const fs::path& estates) {
    std::set<std::string> out;
    const json doc = read_json(estates);  // kept alive: a range-for over a temporary's member dangles
    for (const auto& f : doc.at("features")) {
        const std::string n = f.at("properties").at("name");
        if (!n.empty()) out.insert(n);
    }
    return out;
}

}  // namespace

TEST(OpenDataReal, HankouFromOsmAndWorldPop) {
    const fs::path osm = k_china / "wuhan-hankou" / "hankou.osm.pbf";
    const fs::path raster = k_china / "wuhan-hankou" / "pop60plus_hankou.tif";
    if (!fs::exists(osm) || !fs::exists(raster)) GTEST_SKIP() << "no " << osm << " (../shared/datasets/china-osm)";
    const fs::path dir = lc::test::fresh_dir("opendata", "hankou");
    const auto r = run_cli({"plan", "--quiet", "--from-osm", osm.string(), "--elderly-raster", raster.string(), "--out",
                            (dir / "out").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const json s = read_json(dir / "out" / "summary.json");
    // README: 34 residential areas, 3 of them named.
    EXPECT_EQ(s.at("estates"), 34);
    EXPECT_EQ(names(dir / "out" / "estates.geojson"), (std::set<std::string>{"丽景苑小区", "跃进村小区", "仁和世家"}));
    const json& e = s.at("estimates");
    EXPECT_EQ(e.at("estates_estimated"), 34);
    // The study area is part of the clip, whose cells hold 44,303 persons (README).
    EXPECT_GT(e.at("study_total").get<double>(), 0.0);
    EXPECT_LE(e.at("study_total").get<double>(), 44303.5);
    EXPECT_NEAR(e.at("in_estates").get<double>() + e.at("outside_estates").get<double>(),
                e.at("study_total").get<double>(), 1e-3);
    // Independent zonal sum by sampling (within 1 %: 100 samples per cell).
    const double sampled = sampled_zonal_sum(raster, read_polygons(dir / "out" / "estates.geojson"));
    EXPECT_NEAR(e.at("in_estates").get<double>(), sampled, 0.01 * sampled);
    // The estates' elderly are the weighted sums rounded, one by one.
    EXPECT_NEAR(s.at("elderly_total").get<double>(), e.at("in_estates").get<double>(), 0.5 * 34);
    // The report names its data sources and credits them.
    const std::string report = lc::test::slurp(dir / "out" / "report.html");
    EXPECT_NE(report.find("hankou.osm.pbf"), std::string::npos);
    EXPECT_NE(report.find("pop60plus_hankou.tif"), std::string::npos);
    EXPECT_NE(report.find("© OpenStreetMap contributors (ODbL 1.0)"), std::string::npos);
    EXPECT_NE(report.find("WorldPop"), std::string::npos);
    fs::remove_all(dir);
}

TEST(OpenDataReal, NanshanFromOsmBuildings) {
    const fs::path osm = k_china / "shenzhen-nanshan" / "nanshan.osm.pbf";
    if (!fs::exists(osm)) GTEST_SKIP() << "no " << osm << " (../shared/datasets/china-osm)";
    const fs::path dir = lc::test::fresh_dir("opendata", "nanshan");
    const auto r = run_cli({"plan", "--quiet", "--from-osm", osm.string(), "--population-from-buildings", "--out",
                            (dir / "out").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const json s = read_json(dir / "out" / "summary.json");
    // README: 40 residential areas (GDAL's OSM driver sees 25), 38 named.
    EXPECT_EQ(s.at("estates"), 40);
    const auto named = names(dir / "out" / "estates.geojson");
    EXPECT_EQ(named.size(), 38U);
    EXPECT_TRUE(named.count("深圳湾花园"));
    EXPECT_TRUE(named.count("大冲城市花园"));
    // README: no elderly-care objects; so no facilities, and a warning says what that means.
    EXPECT_EQ(s.at("facilities"), 0);
    EXPECT_NE(s.at("warnings").dump().find("no elderly-care facility is mapped"), std::string::npos);
    const json& e = s.at("estimates");
    EXPECT_EQ(e.at("floor_area_per_person_m2"), 36.52);
    EXPECT_GT(e.at("buildings_used").get<int>(), 0);
    // Every estimated resident is in an estate: elderly = population x 0.187, rounded per estate.
    EXPECT_NEAR(s.at("elderly_total").get<double>(), e.at("in_estates").get<double>() * 0.187, 0.5 * 40);
    EXPECT_FALSE(s.at("proposed_sites").empty());
    const std::string report = lc::test::slurp(dir / "out" / "report.html");
    EXPECT_NE(report.find("© OpenStreetMap contributors (ODbL 1.0)"), std::string::npos);
    // plan --layout: the parcels are the extract's vacant land, its 3 landuse=greenfield
    // areas (counted with `osmium cat -f opl`; no brownfield), none overlapping an estate.
    const auto l = run_cli({"plan", "--quiet", "--layout", "--from-osm", osm.string(), "--population-from-buildings",
                            "--out", (dir / "layout").string()});
    ASSERT_EQ(l.status, 0) << l.err;
    EXPECT_EQ(read_json(dir / "layout" / "summary.json").at("layout").at("parcels"), 3);
    fs::remove_all(dir);
}

TEST(OpenDataReal, HankouHasNoVacantLandForALayout) {
    const fs::path osm = k_china / "wuhan-hankou" / "hankou.osm.pbf";
    const fs::path raster = k_china / "wuhan-hankou" / "pop60plus_hankou.tif";
    if (!fs::exists(osm) || !fs::exists(raster)) GTEST_SKIP() << "no " << osm << " (../shared/datasets/china-osm)";
    const fs::path dir = lc::test::fresh_dir("opendata", "hankou_layout");
    // The extract's land uses are residential, retail, commercial, construction,
    // industrial, railway and cemetery: no brownfield or greenfield, so no parcel.
    const auto r = run_cli({"plan", "--quiet", "--layout", "--from-osm", osm.string(), "--elderly-raster",
                            raster.string(), "--out", (dir / "out").string()});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("no landuse=brownfield or greenfield"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}
