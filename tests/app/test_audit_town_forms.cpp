// The town of town_fixture.hpp in other forms must give the same figures as the
// plain run (GeoJSON, EPSG:4544, default field names; see test_audit_town.cpp):
// Chinese field names mapped with --field, a GBK shapefile without .cpg read with
// --encoding GBK, facilities in WGS84 / CGCS2000 geographic while the estates stay
// in EPSG:4544, and a CSV with WKT and no CRS read with --assume-crs.
#include "app/town_fixture.hpp"

#include "lc/error.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace town = lc::test::town;
using lc::app::AuditRun;
using lc::app::CoverageConfig;

namespace {

const AuditRun& plain_run() {
    static town::TempDir dir("forms_plain");
    static const AuditRun run = lc::app::run_audit(town::input_config(town::write_plain(dir.path())), CoverageConfig{});
    return run;
}

/// Every figure of `b` equals the plain run's; distances to `dist_tol` metres
/// (reprojected facilities move by well under a millimetre).
void expect_same_figures(const AuditRun& b, double dist_tol = 1e-6) {
    const AuditRun& a = plain_run();
    ASSERT_EQ(a.city.estates.size(), b.city.estates.size());
    for (std::size_t i = 0; i < a.city.estates.size(); ++i) {
        const auto& ea = a.city.estates[i];
        const auto& eb = b.city.estates[i];
        SCOPED_TRACE(ea.id);
        EXPECT_EQ(ea.id, eb.id);
        EXPECT_EQ(ea.name, eb.name);
        EXPECT_EQ(ea.community, eb.community);
        EXPECT_EQ(ea.street, eb.street);
        EXPECT_EQ(ea.is_new, eb.is_new);
        EXPECT_DOUBLE_EQ(ea.households, eb.households);
        EXPECT_DOUBLE_EQ(ea.elderly, eb.elderly);
        EXPECT_NEAR(ea.area_m2, eb.area_m2, 1e-3);
        const auto& xa = a.audit.estates[i];
        const auto& xb = b.audit.estates[i];
        EXPECT_DOUBLE_EQ(xa.required_area_m2, xb.required_area_m2);
        EXPECT_DOUBLE_EQ(xa.provided_area_m2, xb.provided_area_m2);
        EXPECT_EQ(xa.meets_area, xb.meets_area);
        EXPECT_EQ(xa.facilities, xb.facilities);
        EXPECT_NEAR(xa.coverage.nearest_m, xb.coverage.nearest_m, dist_tol);
        EXPECT_EQ(xa.coverage.nearest_facility, xb.coverage.nearest_facility);
        EXPECT_EQ(xa.coverage.covered, xb.coverage.covered);
        EXPECT_NEAR(xa.coverage.covered_share, xb.coverage.covered_share, 1e-6);
        EXPECT_NEAR(xa.covered_elderly, xb.covered_elderly, 1e-3);
    }
    ASSERT_EQ(a.audit.districts.size(), b.audit.districts.size());
    for (std::size_t k = 0; k < a.audit.districts.size(); ++k) {
        const auto& da = a.audit.districts[k];
        const auto& db = b.audit.districts[k];
        SCOPED_TRACE(da.id);
        EXPECT_EQ(da.name, db.name);
        EXPECT_DOUBLE_EQ(da.population, db.population);
        EXPECT_NEAR(da.facility_land_m2, db.facility_land_m2, 1e-3);
        EXPECT_NEAR(da.land_per_capita_m2, db.land_per_capita_m2, 1e-6);
        EXPECT_EQ(da.meets_land, db.meets_land);
        EXPECT_EQ(da.within_range, db.within_range);
    }
    ASSERT_EQ(a.audit.communities.size(), b.audit.communities.size());
    for (std::size_t k = 0; k < a.audit.communities.size(); ++k) {
        EXPECT_EQ(a.audit.communities[k].name, b.audit.communities[k].name);
        EXPECT_EQ(a.audit.communities[k].compliant, b.audit.communities[k].compliant);
        EXPECT_EQ(a.audit.communities[k].reason, b.audit.communities[k].reason);
    }
    ASSERT_EQ(a.audit.streets.size(), b.audit.streets.size());
    for (std::size_t k = 0; k < a.audit.streets.size(); ++k) {
        EXPECT_EQ(a.audit.streets[k].name, b.audit.streets[k].name);
        EXPECT_EQ(a.audit.streets[k].compliant, b.audit.streets[k].compliant);
        EXPECT_EQ(a.audit.streets[k].reason, b.audit.streets[k].reason);
    }
    EXPECT_NEAR(a.audit.coverage_rate, b.audit.coverage_rate, 1e-9);
    EXPECT_EQ(a.audit.estates_meeting_area, b.audit.estates_meeting_area);
    EXPECT_EQ(a.audit.districts_meeting_land, b.audit.districts_meeting_land);
}

}  // namespace

TEST(AuditTownForms, PlainRunIsTheReference) {
    // Guard: the reference itself has the figures of test_audit_town.cpp.
    EXPECT_EQ(plain_run().audit.estates_meeting_area, 4U);
    EXPECT_NEAR(plain_run().audit.coverage_rate, 4000.0 / 5300.0, 1e-9);
}

// Chinese field names in both layers, mapped with --field LAYER.ROLE=NAME.
TEST(AuditTownForms, ChineseFieldNamesMappedWithField) {
    town::TempDir dir("forms_zh");
    auto est = town::estates();
    const std::pair<const char*, const char*> est_names[] = {
        {"id", "编号"}, {"name", "名称"}, {"households", "户数"}, {"population", "常住人口"}, {"elderly", "老年人口"},
        {"community", "社区"}, {"street", "街道"}, {"district", "区县"}, {"is_new", "新建"}};
    for (const auto& [role, zh] : est_names) est.rename(role, zh);
    auto fac = town::facilities();
    const std::pair<const char*, const char*> fac_names[] = {
        {"id", "编号"}, {"kind", "类型"}, {"building_area", "建筑面积"}, {"land_area", "用地面积"},
        {"beds", "床位"}, {"nursing_beds", "护理床位"}, {"estate_id", "所属小区"}};
    for (const auto& [role, zh] : fac_names) fac.rename(role, zh);
    // Kinds in the Chinese terms of STANDARDS.md.
    fac.set("S01", "类型", town::s("社区养老服务站"));
    fac.set("S02", "类型", town::s("养老服务站"));
    fac.set("CA", "类型", town::s("街道综合养老服务中心"));
    fac.set("CB", "类型", town::s("综合养老服务中心"));
    fac.set("I01", "类型", town::s("养老院"));
    town::Files f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, fac, "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    auto in = town::input_config(f);
    for (const auto& [role, zh] : est_names) in.field_args.push_back(std::string("estates.") + role + "=" + zh);
    for (const auto& [role, zh] : fac_names) in.field_args.push_back(std::string("facilities.") + role + "=" + zh);
    expect_same_figures(lc::app::run_audit(in, CoverageConfig{}));
}

// An older Chinese shapefile: attributes in GBK (CP936) and no .cpg. Read with
// --encoding GBK the names come out as UTF-8 and every figure agrees.
TEST(AuditTownForms, GbkShapefileWithoutCpg) {
    town::TempDir dir("forms_gbk");
    const auto shp = dir.path() / "estates.shp";
    town::write(shp, town::estates(), "ESRI Shapefile", {"ENCODING=CP936"});
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "estates.cpg"));
    std::filesystem::remove(dir.path() / "estates.cpg");
    // The DBF really holds GBK: 新华苑 is D0 C2 BB AA D4 B7 in GBK.
    EXPECT_NE(town::slurp(dir.path() / "estates.dbf").find("\xD0\xC2\xBB\xAA\xD4\xB7"), std::string::npos);
    town::Files f{shp.string(), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    auto in = town::input_config(f);
    in.encoding = "GBK";
    expect_same_figures(lc::app::run_audit(in, CoverageConfig{}));

    // Without --encoding the bytes are not read as GBK: the names differ.
    const auto raw = lc::app::run_audit(town::input_config(f), CoverageConfig{});
    EXPECT_NE(raw.city.estates[7].name, "新华苑");
}

// Facilities in WGS84 (a GeoPackage) and in CGCS2000 geographic EPSG:4490
// (GeoJSON); the estates stay in EPSG:4544, which is the working CRS. The round
// trip moves points by far less than a centimetre.
TEST(AuditTownForms, FacilitiesInGeographicCrs) {
    for (int epsg : {4326, 4490}) {
        SCOPED_TRACE(epsg);
        town::TempDir dir("forms_crs" + std::to_string(epsg));
        auto fac = town::facilities();
        fac.epsg = epsg;
        town::Files f{dir.str("estates.geojson"),
                      dir.str(epsg == 4326 ? "facilities.gpkg" : "facilities.geojson"),
                      dir.str("districts.geojson")};
        town::write(f.estates, town::estates(), "GeoJSON");
        town::write(f.facilities, fac, epsg == 4326 ? "GPKG" : "GeoJSON");
        town::write(f.districts, town::districts(), "GeoJSON");
        const auto run = lc::app::run_audit(town::input_config(f), CoverageConfig{});
        EXPECT_NE(run.city.working_crs.label().find("4544"), std::string::npos) << run.city.working_crs.label();
        expect_same_figures(run, 0.01);
    }
}

// A CSV with a WKT column carries no CRS: an error naming the file unless
// --assume-crs is given; with EPSG:4544 assumed the figures agree.
TEST(AuditTownForms, CsvWithWktAndAssumedCrs) {
    town::TempDir dir("forms_csv");
    auto est = town::estates();
    est.epsg = 0;
    town::Files f{dir.str("estates.csv"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "CSV", {"GEOMETRY=AS_WKT"});
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    try {
        (void)lc::app::run_audit(town::input_config(f), CoverageConfig{});
        ADD_FAILURE() << "a CSV without CRS must be an error";
    } catch (const lc::CrsError& e) {
        EXPECT_NE(std::string(e.what()).find("estates.csv"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--assume-crs"), std::string::npos) << e.what();
    }
    auto in = town::input_config(f);
    in.assume_crs = "EPSG:4544";
    expect_same_figures(lc::app::run_audit(in, CoverageConfig{}));
}
