// Known-answer tests of the audit library on the hand-made ten-estate town of
// town_fixture.hpp (layout, estates and facilities are tabulated there).
// Profile: national (datasets/profiles/national.toml): 20 m² per 100 households,
// land 0.1..0.3 m² per person, station >= 300 m², centre >= 1500 m² with >= 30
// beds and >= 70 % nursing beds, institution public beds >= 1 % of the elderly,
// 40 beds per 1000 elderly, 15 minutes x 1.0 m/s = 900 m circles (128-gons).
#include "app/town_fixture.hpp"

#include "lc/error.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <optional>

namespace town = lc::test::town;
using lc::app::AuditRun;
using lc::app::CoverageConfig;

namespace {

class AuditTown : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("audit_lib");
        s_files = town::write_plain(s_dir->path());
        s_run = std::make_unique<AuditRun>(lc::app::run_audit(town::input_config(s_files), CoverageConfig{}));
    }
    static void TearDownTestSuite() {
        s_run.reset();
        s_dir.reset();
    }
    static std::size_t estate(const std::string& id) {
        for (std::size_t i = 0; i < s_run->city.estates.size(); ++i) {
            if (s_run->city.estates[i].id == id) return i;
        }
        ADD_FAILURE() << "no estate " << id;
        return 0;
    }
    static const lc::app::EstateAudit& ea(const std::string& id) { return s_run->audit.estates[estate(id)]; }
    static std::string facility_ids(const std::string& id) {
        std::string out;
        for (auto j : ea(id).facilities) out += (out.empty() ? "" : ",") + s_run->city.facilities[j].id;
        return out;
    }
    static const lc::app::DistrictAudit& district(const std::string& id) {
        for (const auto& d : s_run->audit.districts) {
            if (d.id == id) return d;
        }
        throw std::logic_error("no district " + id);
    }
    static const lc::app::Target& target(const std::string& key) {
        for (const auto& t : s_run->audit.targets) {
            if (t.key == key) return t;
        }
        throw std::logic_error("no target " + key);
    }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline town::Files s_files;
    static inline std::unique_ptr<AuditRun> s_run;
};

}  // namespace

TEST_F(AuditTown, LoadsTheTownInItsOwnMetricCrs) {
    EXPECT_EQ(s_run->city.estates.size(), 10U);
    EXPECT_EQ(s_run->city.facilities.size(), 6U);
    EXPECT_EQ(s_run->city.districts.size(), 2U);
    EXPECT_NE(s_run->city.working_crs.label().find("4544"), std::string::npos) << s_run->city.working_crs.label();
    // Rectangles: E01 600 x 600 = 360000 m²; E06 400 x 400 = 160000 m².
    EXPECT_NEAR(s_run->city.estates[estate("E01")].area_m2, 360000.0, 1e-6);
    EXPECT_NEAR(s_run->city.estates[estate("E06")].area_m2, 160000.0, 1e-6);
    // Polygon facility P03 without land_area uses its own area: 40 x 40 = 1600 m².
    EXPECT_NEAR(s_run->city.facilities[2].land_area, 1600.0, 1e-6);
    EXPECT_TRUE(s_run->city.warnings.empty());
}

// required = households / 100 x 20; provided = building area of the facilities
// counted for the estate (estate_id, else containing point, else most of the polygon).
TEST_F(AuditTown, AreaPer100HouseholdsByEstate) {
    struct Row {
        const char* id;
        double required, provided;
        bool meets;
        double shortfall;
        const char* facilities;
    };
    const Row rows[] = {
        {"E01", 300, 400, true, 0, "S01"},     // 1500/100x20 = 300; S01 (400) inside E01
        {"E02", 264, 300, true, 0, "S02"},     // 1320/100x20 = 264; S02 linked by estate_id, located in E03
        {"E03", 180, 0, false, 180, ""},       // 900/100x20 = 180; S02 lies inside but belongs to E02
        {"E04", 200, 0, false, 200, ""},       // 1000 -> 200; P03 has only 400 of its 1600 m² here
        {"E05", 250, 250, true, 0, "P03"},     // 1250 -> 250; P03 (250) has 1200 m² here: exactly enough
        {"E06", 0, 0, true, 0, ""},            // zero households: nothing required
        {"E07", 400, 1500, true, 0, "CB"},     // 2000 -> 400; CB (1500) linked by estate_id from D1
        {"E08", 264, 0, false, 264, ""},       // 1320 -> 264
        {"E09", 160, 0, false, 160, ""},       // 800 -> 160
        {"E10", 120, 0, false, 120, ""},       // 600 -> 120
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.id);
        EXPECT_DOUBLE_EQ(ea(r.id).required_area_m2, r.required);
        EXPECT_DOUBLE_EQ(ea(r.id).provided_area_m2, r.provided);
        EXPECT_EQ(ea(r.id).meets_area, r.meets);
        EXPECT_DOUBLE_EQ(ea(r.id).shortfall_m2, r.shortfall);
        EXPECT_EQ(facility_ids(r.id), r.facilities);
    }
    // Households > 0: nine estates (not E06); meeting: E01, E02, E05, E07 = 4 -> 4/9.
    EXPECT_EQ(s_run->audit.estates_with_households, 9U);
    EXPECT_EQ(s_run->audit.estates_meeting_area, 4U);
    EXPECT_NEAR(s_run->audit.area_compliance_rate, 4.0 / 9.0, 1e-12);
    // New estates E07 (meets) and E08 (fails).
    EXPECT_EQ(s_run->audit.new_estates, 2U);
    EXPECT_EQ(s_run->audit.new_estates_meeting_area, 1U);
}

// Straight-line distances from each estate's centre to the nearest facility
// point; 900 m circles. "Inside" = every corner within 900 cos(pi/128) = 899.73 m
// of one facility (the 128-gon is inscribed); "outside" = the rectangle's
// nearest point is more than 900 m from every facility.
TEST_F(AuditTown, FifteenMinuteCircleCoverage) {
    struct Row {
        const char* id;
        double nearest;
        const char* facility;
        bool covered;
        double share, covered_elderly;
    };
    const Row rows[] = {
        // (500,500) is S01 itself; farthest corner 424 m.
        {"E01", 0, "S01", true, 1, 800},
        // (1200,500) to CA (1200,1000) = 500 (S01 is 700); farthest corner (1000,200): sqrt(200²+800²) = 824.6.
        {"E02", 500, "CA", true, 1, 700},
        // (1900,500) to S02 (1900,700) = 200; farthest corner (1600/2200,200): sqrt(300²+500²) = 583.1.
        {"E03", 200, "S02", true, 1, 500},
        // (500,1500) to P03's centre (810,1500) = 310; farthest corner (200,1200/1800): sqrt(610²+300²) = 679.8.
        {"E04", 310, "P03", true, 1, 600},
        // (1100,1500) to P03 = 290; farthest corner (1400,1200/1800): sqrt(590²+300²) = 661.9.
        {"E05", 290, "P03", true, 1, 400},
        // (1900,1500) to I01 (1900,2100) = 600 (S02 is 800); farthest corner (1700/2100,1300): sqrt(200²+800²) = 824.6.
        {"E06", 600, "I01", true, 1, 0},
        // (4300,500) to CB (3700,500) = 600; farthest corner (4500,200/800): sqrt(800²+300²) = 854.4.
        {"E07", 600, "CB", true, 1, 1000},
        // (5300,500) to CB = 1600; nearest edge x = 5000 is 1300 m from CB.
        {"E08", 1600, "CB", false, 0, 0},
        // (5300,1700) to CB: sqrt(1600²+1200²) = 2000; nearest corner (5000,1400): sqrt(1300²+900²) = 1581.
        {"E09", 2000, "CB", false, 0, 0},
        // (6200,500) to CB = 2500.
        {"E10", 2500, "CB", false, 0, 0},
    };
    EXPECT_EQ(s_run->audit.coverage.mode, lc::app::CoverageMode::circle);
    EXPECT_DOUBLE_EQ(s_run->audit.coverage.threshold_m, 900.0);  // 15 min x 60 s x 1.0 m/s
    for (const auto& r : rows) {
        SCOPED_TRACE(r.id);
        const auto& c = ea(r.id).coverage;
        EXPECT_NEAR(c.nearest_m, r.nearest, 1e-6);
        EXPECT_EQ(c.nearest_facility, r.facility);
        EXPECT_EQ(c.covered, r.covered);
        EXPECT_NEAR(c.covered_share, r.share, 1e-9);
        EXPECT_NEAR(ea(r.id).covered_elderly, r.covered_elderly, 1e-6);
    }
    // Elderly: 800+700+500+600+400+0+1000+600+400+300 = 5300; covered: E01..E07 = 4000.
    EXPECT_DOUBLE_EQ(s_run->audit.elderly_total, 5300.0);
    EXPECT_NEAR(s_run->audit.elderly_covered, 4000.0, 1e-6);
    EXPECT_NEAR(s_run->audit.coverage_rate, 4000.0 / 5300.0, 1e-9);  // 0.754717
}

// D1: population 40000 from the layer; land = P03 1600 (own area) + CA 2000 +
// CB 2400 + I01 4000 = 10000 (S01, S02 are points without land_area: 0) ->
// 0.25 m²/person: meets 0.1, within 0.1..0.3. Elderly 800+700+500+600+400+0 = 3000,
// all covered; public beds required 1 % x 3000 = 30, I01 has 50.
// D2: no population in the layer -> 5000+3000+2000+1500 = 11500 from its estates;
// no facility -> 0 m², fails both; elderly 2300, covered 1000 (E07); needs 23 beds, has none.
TEST_F(AuditTown, PerCapitaLandByDistrict) {
    const auto& d1 = district("D1");
    EXPECT_EQ(d1.name, "西城区");
    EXPECT_DOUBLE_EQ(d1.population, 40000.0);
    EXPECT_FALSE(d1.population_from_estates);
    EXPECT_NEAR(d1.facility_land_m2, 10000.0, 1e-6);
    EXPECT_NEAR(d1.land_per_capita_m2, 0.25, 1e-12);
    EXPECT_TRUE(d1.meets_land);
    EXPECT_TRUE(d1.within_range);
    EXPECT_EQ(d1.estates, 6U);
    EXPECT_DOUBLE_EQ(d1.elderly, 3000.0);
    EXPECT_NEAR(d1.elderly_covered, 3000.0, 1e-6);
    EXPECT_TRUE(d1.has_institution);
    EXPECT_DOUBLE_EQ(d1.institution_beds, 50.0);
    EXPECT_NEAR(d1.public_beds_required, 30.0, 1e-9);
    EXPECT_TRUE(d1.meets_public_beds);

    const auto& d2 = district("D2");
    EXPECT_DOUBLE_EQ(d2.population, 11500.0);
    EXPECT_TRUE(d2.population_from_estates);
    EXPECT_DOUBLE_EQ(d2.facility_land_m2, 0.0);
    EXPECT_DOUBLE_EQ(d2.land_per_capita_m2, 0.0);
    EXPECT_FALSE(d2.meets_land);
    EXPECT_FALSE(d2.within_range);
    EXPECT_EQ(d2.estates, 4U);
    EXPECT_DOUBLE_EQ(d2.elderly, 2300.0);
    EXPECT_NEAR(d2.elderly_covered, 1000.0, 1e-6);
    EXPECT_FALSE(d2.has_institution);
    EXPECT_NEAR(d2.public_beds_required, 23.0, 1e-9);
    EXPECT_FALSE(d2.meets_public_beds);

    EXPECT_EQ(s_run->audit.districts_meeting_land, 1U);
    EXPECT_FALSE(s_run->audit.districts_from_field);
}

// Communities: 东风社区 (E01-E03) has S01 400 and S02 300 (homed in E02 by
// estate_id) -> compliant, best S01; 朝阳社区 (E04-E06) has only P03 250 < 300;
// 新华社区 (E07-E10) has none. Streets: 北街街道 has CA (nearest estate E02 at
// 500 m): 1600 >= 1500, 40 >= 30, 30/40 = 75 % >= 70 % -> compliant;
// 东湖街道 has CB (estate_id E07): 1500, 30 beds, 20/30 = 66.7 % < 70 % -> not.
TEST_F(AuditTown, OneStationPerCommunityOneCentrePerStreet) {
    const auto& c = s_run->audit.communities;
    ASSERT_EQ(c.size(), 3U);
    EXPECT_EQ(c[0].name, "东风社区");
    EXPECT_EQ(c[0].estates, 3U);
    EXPECT_DOUBLE_EQ(c[0].households, 3720.0);  // 1500 + 1320 + 900
    EXPECT_DOUBLE_EQ(c[0].elderly, 2000.0);     // 800 + 700 + 500
    EXPECT_TRUE(c[0].compliant);
    EXPECT_EQ(c[0].best_facility, "S01");
    EXPECT_DOUBLE_EQ(c[0].best_area_m2, 400.0);
    EXPECT_EQ(c[1].name, "朝阳社区");
    EXPECT_FALSE(c[1].compliant);
    EXPECT_EQ(c[1].best_facility, "P03");
    EXPECT_EQ(c[1].reason, "largest station P03 has 250 m² < 300 m²");
    EXPECT_EQ(c[2].name, "新华社区");
    EXPECT_FALSE(c[2].compliant);
    EXPECT_EQ(c[2].reason, "no station");
    EXPECT_DOUBLE_EQ(c[2].households, 4720.0);  // 2000 + 1320 + 800 + 600

    const auto& s = s_run->audit.streets;
    ASSERT_EQ(s.size(), 2U);
    EXPECT_EQ(s[0].name, "北街街道");
    EXPECT_TRUE(s[0].compliant);
    EXPECT_EQ(s[0].best_facility, "CA");
    EXPECT_DOUBLE_EQ(s[0].elderly, 3000.0);
    EXPECT_EQ(s[1].name, "东湖街道");
    EXPECT_FALSE(s[1].compliant);
    EXPECT_EQ(s[1].best_facility, "CB");
    EXPECT_EQ(s[1].reason, "CB: nursing 67% < 70%");
    EXPECT_NEAR(s[1].elderly_covered, 1000.0, 1e-6);  // E07 only
}

// Beds: CA 40 + CB 30 + I01 50 = 120; nursing 30 + 20 + 40 = 90.
TEST_F(AuditTown, Targets) {
    EXPECT_DOUBLE_EQ(s_run->audit.beds, 120.0);
    EXPECT_DOUBLE_EQ(s_run->audit.nursing_beds, 90.0);
    struct Row {
        const char* key;
        std::optional<double> target;
        double value;
        bool pass;
    };
    const Row rows[] = {
        {"coverage_15min", 1.0, 4000.0 / 5300.0, false},
        {"estates_meeting_area", 1.0, 4.0 / 9.0, false},
        {"new_estate_compliance", std::nullopt, 0.5, true},  // national sets no target: 1 of 2 new estates
        {"land_per_capita_m2", 0.1, 10000.0 / 51500.0, true},  // (10000 + 0) / (40000 + 11500) = 0.194175
        {"beds_per_1000_elderly", 40.0, 1000.0 * 120.0 / 5300.0, false},  // 22.64
        {"nursing_bed_share", std::nullopt, 0.75, true},                   // 90 / 120
        {"community_station_coverage", std::nullopt, 1.0 / 3.0, true},
        {"street_centre_coverage", std::nullopt, 0.5, true},
        {"district_institution", 1.0, 0.5, false},  // D1 yes, D2 no
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.key);
        const auto& t = target(r.key);
        EXPECT_EQ(t.target.has_value(), r.target.has_value());
        if (r.target && t.target) {
            EXPECT_DOUBLE_EQ(*t.target, *r.target);
        }
        EXPECT_NEAR(t.value, r.value, 1e-9);
        EXPECT_EQ(t.pass, r.pass);
    }
}

// summary.json fields of DESIGN.md, rounded to 6 decimals.
TEST_F(AuditTown, SummaryJson) {
    const auto& j = s_run->summary;
    EXPECT_EQ(j["profile"], "national");
    EXPECT_EQ(j["mode"], "circle");
    EXPECT_DOUBLE_EQ(j["threshold_m"].get<double>(), 900.0);
    EXPECT_EQ(j["estates"], 10);
    EXPECT_DOUBLE_EQ(j["elderly_total"].get<double>(), 5300.0);
    EXPECT_DOUBLE_EQ(j["elderly_covered"].get<double>(), 4000.0);
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);
    EXPECT_EQ(j["estates_meeting_area"], 4);
    EXPECT_DOUBLE_EQ(j["area_compliance_rate"].get<double>(), 0.444444);
    EXPECT_EQ(j["districts_meeting_land"], 1);
    EXPECT_EQ(j["estates_covered"], 7);
    EXPECT_EQ(j["communities_with_station"], 1);
    EXPECT_EQ(j["streets_with_centre"], 1);
    EXPECT_TRUE(j["warnings"].is_array());
    EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
    EXPECT_EQ(j["repaired_geometries"], 0);
}

// --set land.per_capita_max_m2=0.2: D1's 0.25 m² still meets the minimum 0.1
// but is above the range.
TEST(AuditTownOverrides, LandAboveTheRangeMeetsButIsNotWithinRange) {
    town::TempDir dir("audit_lib_max");
    auto in = town::input_config(town::write_plain(dir.path()));
    in.set_args = {"land.per_capita_max_m2=0.2"};
    const auto run = lc::app::run_audit(in, CoverageConfig{});
    ASSERT_EQ(run.audit.districts.size(), 2U);
    EXPECT_TRUE(run.audit.districts[0].meets_land);
    EXPECT_FALSE(run.audit.districts[0].within_range);
}

// --radius 1650: E08's centre is 1600 m from CB (covered point), E09's 2000 m (not);
// E01..E07 stay covered. Threshold reported as 1650.
TEST(AuditTownOverrides, RadiusMovesTheThreshold) {
    town::TempDir dir("audit_lib_radius");
    CoverageConfig cov;
    cov.radius = 1650.0;
    const auto run = lc::app::run_audit(town::input_config(town::write_plain(dir.path())), cov);
    EXPECT_DOUBLE_EQ(run.audit.coverage.threshold_m, 1650.0);
    std::map<std::string, bool> covered;
    for (std::size_t i = 0; i < run.city.estates.size(); ++i) {
        covered[run.city.estates[i].id] = run.audit.estates[i].coverage.covered;
    }
    EXPECT_TRUE(covered["E07"]);
    EXPECT_TRUE(covered["E08"]);
    EXPECT_FALSE(covered["E09"]);
    EXPECT_FALSE(covered["E10"]);
    EXPECT_EQ(run.summary["estates_covered"], 8);
}

// Without a districts layer the districts are the estates' district field:
// 西城区 = E01..E06, population 4000+3500+2500+3000+3000+0 = 16000; 东城区 =
// E07..E10, 11500. Facilities go to the district of their estate (estate_id or
// containing estate, else the nearest estate): S01 E01, S02 E02, P03 E05, CA
// (nearest E02, 500 m) and I01 (nearest E06, 600 m) -> 西城区; CB (estate_id E07)
// -> 东城区. Land: 西城区 1600 + 2000 + 4000 = 7600 -> 0.475 m²/person: meets 0.1
// but above 0.3; 东城区 2400 / 11500 = 0.208696: meets and within the range.
TEST(AuditTownOverrides, DistrictsFromTheEstatesField) {
    town::TempDir dir("audit_lib_nodistricts");
    auto in = town::input_config(town::write_plain(dir.path()));
    in.districts.clear();
    const auto run = lc::app::run_audit(in, CoverageConfig{});
    EXPECT_TRUE(run.audit.districts_from_field);
    ASSERT_EQ(run.audit.districts.size(), 2U);
    const auto& west = run.audit.districts[0];
    const auto& east = run.audit.districts[1];
    EXPECT_EQ(west.name, "西城区");
    EXPECT_DOUBLE_EQ(west.population, 16000.0);
    EXPECT_TRUE(west.population_from_estates);
    EXPECT_NEAR(west.facility_land_m2, 7600.0, 1e-6);
    EXPECT_NEAR(west.land_per_capita_m2, 0.475, 1e-12);
    EXPECT_TRUE(west.meets_land);
    EXPECT_FALSE(west.within_range);
    EXPECT_TRUE(west.meets_public_beds);  // I01 50 beds >= 1 % x 3000
    EXPECT_EQ(east.name, "东城区");
    EXPECT_DOUBLE_EQ(east.population, 11500.0);
    EXPECT_NEAR(east.facility_land_m2, 2400.0, 1e-6);
    EXPECT_NEAR(east.land_per_capita_m2, 2400.0 / 11500.0, 1e-12);
    EXPECT_TRUE(east.meets_land);
    EXPECT_TRUE(east.within_range);
    EXPECT_FALSE(east.has_institution);
    EXPECT_EQ(run.audit.districts_meeting_land, 2U);
    EXPECT_EQ(run.summary["warnings"].size(), 1U);  // "no districts layer: ..."
}

// Estates given as their centre points: coverage is the same point distances and
// covered_share is 0 or 1 (= covered). A point estate contains no facility, so
// only estate_id links count: E02 gets S02 (300), E07 gets CB (1500); E01 loses
// S01 and E05 loses P03 -> meeting: E02, E06 (no households), E07 -> 2 of 9.
TEST(AuditTownOverrides, PointEstates) {
    town::TempDir dir("audit_lib_points");
    auto est = town::estates();
    const double centres[10][2] = {{500, 500},   {1200, 500},  {1900, 500}, {500, 1500},  {1100, 1500},
                                   {1900, 1500}, {4300, 500},  {5300, 500}, {5300, 1700}, {6200, 500}};
    for (std::size_t k = 0; k < 10; ++k) est.rows[k].wkt = town::point(centres[k][0], centres[k][1]);
    est.geometry_type = wkbPoint;
    town::Files f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    const auto run = lc::app::run_audit(town::input_config(f), CoverageConfig{});
    const double nearest[10] = {0, 500, 200, 310, 290, 600, 600, 1600, 2000, 2500};
    for (std::size_t k = 0; k < 10; ++k) {
        SCOPED_TRACE(run.city.estates[k].id);
        const auto& c = run.audit.estates[k].coverage;
        EXPECT_NEAR(c.nearest_m, nearest[k], 1e-6);
        EXPECT_EQ(c.covered, k < 7);
        EXPECT_DOUBLE_EQ(c.covered_share, k < 7 ? 1.0 : 0.0);
    }
    EXPECT_NEAR(run.audit.coverage_rate, 4000.0 / 5300.0, 1e-9);
    EXPECT_DOUBLE_EQ(run.audit.estates[0].provided_area_m2, 0.0);
    EXPECT_DOUBLE_EQ(run.audit.estates[1].provided_area_m2, 300.0);
    EXPECT_DOUBLE_EQ(run.audit.estates[6].provided_area_m2, 1500.0);
    EXPECT_EQ(run.audit.estates_meeting_area, 2U);
}

// A city without new estates (here: no is_new field at all) has nothing to
// measure for the new-estate compliance target of wuzhong (100 % by 2025): the
// target is "n/a" (no target, pass), not 0 % and a failure.
TEST(AuditTownOverrides, NoNewEstatesMeansNoNewEstateTarget) {
    town::TempDir dir("audit_lib_nonew");
    auto est = town::estates();
    est.drop("is_new");
    town::Files f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    auto in = town::input_config(f);
    in.profile = "wuzhong";
    const auto run = lc::app::run_audit(in, CoverageConfig{});
    EXPECT_EQ(run.audit.new_estates, 0U);
    bool found = false;
    for (const auto& t : run.audit.targets) {
        if (t.key != "new_estate_compliance") continue;
        found = true;
        EXPECT_FALSE(t.target.has_value());
        EXPECT_TRUE(t.pass);
        EXPECT_NE(t.label.find("no new estates"), std::string::npos) << t.label;
    }
    EXPECT_TRUE(found);

    // With the town's two new estates (E07 meets, E08 does not) the target applies: 50 % < 100 %.
    std::filesystem::create_directories(dir.path() / "plain");
    auto plain = town::input_config(town::write_plain(dir.path() / "plain"));
    plain.profile = "wuzhong";
    const auto with_new = lc::app::run_audit(plain, CoverageConfig{});
    for (const auto& t : with_new.audit.targets) {
        if (t.key != "new_estate_compliance") continue;
        ASSERT_TRUE(t.target.has_value());
        EXPECT_DOUBLE_EQ(*t.target, 1.0);
        EXPECT_DOUBLE_EQ(t.value, 0.5);
        EXPECT_FALSE(t.pass);
    }
}
