// Known-answer tests of the layout plan on the hand-made town of
// test_layout_town.hpp (the whole plan is worked out in its comment).
#include "app/test_layout_town.hpp"

#include "lc/error.hpp"
#include "pipeline/layout.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <set>

namespace town = lc::test::town;
namespace lt = lc::test::layout_town;
using lc::app::LayoutConfig;
using lc::app::LayoutRun;
using lc::app::LayoutSite;

namespace {

void write_text(const std::string& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

lc::app::InputConfig input_of(const lt::Files& f, const std::string& profile = "national") {
    lc::app::InputConfig in;
    in.estates = f.estates;
    in.facilities = f.facilities;
    in.districts = f.districts;
    in.profile = profile;
    in.validate();
    return in;
}

LayoutConfig config_of(const lt::Files& f) {
    LayoutConfig c;
    c.parcels = f.parcels;
    c.phases = {2025, 2035};
    c.elderly_growth = 0.05;
    return c;
}

LayoutRun layout_of(const lt::Files& f, LayoutConfig c, const std::string& profile = "national") {
    const auto in = input_of(f, profile);
    const auto run = lc::app::run_audit(in, {});
    return lc::app::run_layout(run, in, {}, c);
}

const LayoutSite* find(const LayoutRun& r, const std::string& level, const std::string& where) {
    for (const auto& s : r.sites) {
        if (s.level == level && (s.parcel_id == where || s.facility_id == where)) return &s;
    }
    return nullptr;
}

const lc::app::LayoutFigure& figure(const LayoutRun& r, const std::string& key) {
    for (const auto& f : r.districts.at(0).figures) {
        if (f.target == key) return f;
    }
    throw std::logic_error("no figure " + key);
}

class LayoutTown : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("layout_lib");
        s_files = lt::write_all(s_dir->path());
        s_run = std::make_unique<LayoutRun>(layout_of(s_files, config_of(s_files)));
    }
    static void TearDownTestSuite() {
        s_run.reset();
        s_dir.reset();
    }
    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline lt::Files s_files;
    static inline std::unique_ptr<LayoutRun> s_run;
};

TEST_F(LayoutTown, ParcelsAreReadWithTheirDistrictAndStreet) {
    ASSERT_EQ(s_run->parcels.size(), 7u);
    for (const auto& p : s_run->parcels) {
        EXPECT_EQ(p.eligible, p.id != "P4") << p.id;
        if (p.id == "P6") {
            EXPECT_EQ(p.street, "南街");
        }
        if (p.id == "P3") {
            EXPECT_EQ(p.community, "北社区");
        }
        if (p.id == "P7") {
            EXPECT_EQ(p.land_use, "vacant");  // 空地
        }
    }
}

TEST_F(LayoutTown, InstitutionEnlargedNearTermThenNewOnP1LongTerm) {
    const LayoutSite* enl = find(*s_run, "institution", "I1");
    ASSERT_NE(enl, nullptr);
    EXPECT_EQ(enl->action, "enlarge");
    EXPECT_EQ(enl->phase, 2025);
    EXPECT_DOUBLE_EQ(enl->beds, 150);  // 2700 m² / 18 m² per bed
    const LayoutSite* p1 = find(*s_run, "institution", "P1");
    ASSERT_NE(p1, nullptr);
    EXPECT_EQ(p1->action, "new");
    EXPECT_EQ(p1->phase, 2035);
    EXPECT_DOUBLE_EQ(p1->beds, 58);  // 208 - 150
    EXPECT_DOUBLE_EQ(p1->building_area_m2, 58 * 35);
    EXPECT_DOUBLE_EQ(p1->land_area_m2, 58 * 18);
    const auto& beds = figure(*s_run, "public_beds");
    EXPECT_DOUBLE_EQ(beds.value[0], 50);
    EXPECT_DOUBLE_EQ(beds.required[1], 128);
    EXPECT_DOUBLE_EQ(beds.value[1], 150);
    EXPECT_DOUBLE_EQ(beds.required[2], 208);
    EXPECT_DOUBLE_EQ(beds.value[2], 208);
}

TEST_F(LayoutTown, CentresEnlargeC1AndBuildOnP6) {
    const LayoutSite* c1 = find(*s_run, "centre", "C1");
    ASSERT_NE(c1, nullptr);
    EXPECT_EQ(c1->action, "enlarge");
    EXPECT_DOUBLE_EQ(c1->building_area_m2, 1500);
    EXPECT_EQ(c1->phase, 2025);
    const LayoutSite* p6 = find(*s_run, "centre", "P6");
    ASSERT_NE(p6, nullptr);
    EXPECT_EQ(p6->phase, 2025);
    EXPECT_DOUBLE_EQ(p6->building_area_m2, 1500);
    EXPECT_DOUBLE_EQ(p6->beds, 30);
    EXPECT_DOUBLE_EQ(p6->nursing_beds, 21);
    EXPECT_DOUBLE_EQ(p6->land_area_m2, 2000);  // 1500 + 500 reserved for land
    ASSERT_EQ(p6->serves.size(), 1u);
    EXPECT_EQ(p6->serves[0], "南街");
}

TEST_F(LayoutTown, StationsForCoverageAndForTheCommunity) {
    const LayoutSite* p7 = find(*s_run, "station", "P7");
    ASSERT_NE(p7, nullptr);
    EXPECT_EQ(p7->phase, 2025);
    EXPECT_DOUBLE_EQ(p7->building_area_m2, 300);
    EXPECT_DOUBLE_EQ(p7->beds, 10);  // facility.station.min_day_care_beds
    ASSERT_EQ(p7->serves.size(), 1u);
    EXPECT_EQ(p7->serves[0], "E4");
    const LayoutSite* p3 = find(*s_run, "station", "P3");
    ASSERT_NE(p3, nullptr);
    EXPECT_EQ(p3->phase, 2025);
    EXPECT_DOUBLE_EQ(p3->building_area_m2, 300);
    EXPECT_DOUBLE_EQ(p3->land_area_m2, 1200);  // 300 + 900 reserved
    EXPECT_EQ(find(*s_run, "station", "S1"), nullptr);  // no land to enlarge
    const auto& cov = figure(*s_run, "coverage_15min");
    EXPECT_NEAR(cov.value[0], 5000.0 / 10000.0, 1e-9);  // E1, E2 today
    EXPECT_DOUBLE_EQ(cov.value[1], 1.0);
    EXPECT_DOUBLE_EQ(cov.value[2], 1.0);
}

TEST_F(LayoutTown, LandReservesAndTheNearTermShortfall) {
    const LayoutSite* p2 = find(*s_run, "institution", "P2");
    const LayoutSite* p5 = find(*s_run, "institution", "P5");
    ASSERT_NE(p2, nullptr);
    ASSERT_NE(p5, nullptr);
    EXPECT_EQ(p2->action, "land_reserve");
    EXPECT_EQ(p2->phase, 2025);
    EXPECT_DOUBLE_EQ(p2->land_area_m2 + p5->land_area_m2, 800);
    ASSERT_EQ(s_run->unmet.size(), 1u);
    EXPECT_EQ(s_run->unmet[0].phase, 2025);
    EXPECT_EQ(s_run->unmet[0].target, "land_per_capita");
    EXPECT_NEAR(s_run->unmet[0].shortfall, 900, 1e-6);
    const auto& land = figure(*s_run, "land_per_capita_m2");
    EXPECT_NEAR(land.value[0], 0.047, 1e-9);
    EXPECT_NEAR(land.value[1], 0.091, 1e-9);
    EXPECT_NEAR(land.value[2], 0.10144, 1e-9);
}

TEST_F(LayoutTown, PhasesAreNested) {
    // Every site has one of the phases; what is built in 2025 stays in 2035
    // (sites are never removed: each row has one build year).
    for (const auto& s : s_run->sites) {
        EXPECT_TRUE(s.phase == 2025 || s.phase == 2035) << s.id;
    }
    // Every figure of 2035 is at least that of 2025 for the cumulative ones.
    for (const char* key : {"public_beds", "land_per_capita_m2", "community_station", "street_centre"}) {
        const auto& f = figure(*s_run, key);
        EXPECT_GE(f.value[2] + 1e-9, f.value[1]) << key;
    }
}

TEST_F(LayoutTown, NearTermIsAPrefixOfTheLongTermPlan) {
    // The facilities of the 2025/2035 plan are exactly those of a plan for 2035
    // alone (the long term is solved first; 2025 takes a prefix of it). Land
    // reserves are planned forward phase by phase and are left out here.
    LayoutConfig c = config_of(s_files);
    c.phases = {2035};
    const LayoutRun single = layout_of(s_files, c);
    auto facilities_of = [](const LayoutRun& r) {
        std::set<std::string> out;
        for (const auto& x : r.sites) {
            if (x.action != "land_reserve") out.insert(x.level + ":" + x.action + ":" + x.parcel_id + x.facility_id);
        }
        return out;
    };
    EXPECT_EQ(facilities_of(*s_run), facilities_of(single));
    std::set<std::string> near;
    for (const auto& x : s_run->sites) {
        if (x.phase == 2025 && x.action != "land_reserve") near.insert(x.level + ":" + x.action + ":" + x.parcel_id + x.facility_id);
    }
    for (const auto& id : near) EXPECT_TRUE(facilities_of(single).count(id)) << id;
    EXPECT_LT(near.size(), facilities_of(single).size());  // P1 waits for 2035
}

TEST(LayoutTownVariants, MissingCentreParcelIsListedAsUnmet) {
    town::TempDir dir("layout_nop6");
    auto parcels = lt::parcels();
    parcels.rows.erase(parcels.rows.begin() + 5);  // P6
    const auto files = lt::write_all(dir.path(), parcels);
    const LayoutRun r = layout_of(files, config_of(files));
    bool found = false;
    for (const auto& u : r.unmet) {
        if (u.target == "street_centre" && u.where == "南街" && u.phase == 2035) {
            found = true;
            EXPECT_NE(u.reason.find("1500"), std::string::npos) << u.reason;
        }
    }
    EXPECT_TRUE(found);
}

TEST(LayoutTownVariants, SizesFollowTheXianProfile) {
    town::TempDir dir("layout_xian");
    const auto files = lt::write_all(dir.path());
    const LayoutRun r = layout_of(files, config_of(files), "xian");
    const auto profile = lc::app::Profile::load("xian");
    for (const auto& s : r.sites) {
        const auto st = profile.resolve(s.phase);
        if (s.level == "station" && s.action != "land_reserve") {
            EXPECT_GE(s.building_area_m2 + 1e-9, st.station_min_area_m2) << s.id;
        }
        if (s.level == "centre") {
            EXPECT_GE(s.building_area_m2, 1500) << s.id;
            EXPECT_GE(s.beds, 30) << s.id;
            EXPECT_GE(s.nursing_beds, std::ceil(0.7 * s.beds - 1e-9)) << s.id;
        }
    }
}

TEST(LayoutTownVariants, ProjectionTableSetsTheElderly) {
    town::TempDir dir("layout_proj");
    const auto files = lt::write_all(dir.path());
    const std::string csv = dir.str("proj.csv");
    write_text(csv, "district,year,elderly\nD1,2025,10000\nD1,2035,30000\n");
    LayoutConfig c = config_of(files);
    c.elderly_growth.reset();
    c.projection = csv;
    const LayoutRun r = layout_of(files, c);
    const auto& beds = figure(r, "public_beds");
    EXPECT_DOUBLE_EQ(beds.required[1], 100);
    EXPECT_DOUBLE_EQ(beds.required[2], 300);
    EXPECT_DOUBLE_EQ(beds.value[2], 300);
}

TEST(LayoutTownVariants, ProjectionMissingADistrictIsAnError) {
    town::TempDir dir("layout_projbad");
    const auto files = lt::write_all(dir.path());
    const std::string csv = dir.str("proj.csv");
    write_text(csv, "district,year,elderly\nD9,2025,10000\nD9,2035,30000\n");
    LayoutConfig c = config_of(files);
    c.elderly_growth.reset();
    c.projection = csv;
    try {
        (void)layout_of(files, c);
        FAIL() << "expected an InputError";
    } catch (const lc::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("D1"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("proj.csv"), std::string::npos) << e.what();
    }
}

TEST(LayoutTownVariants, WithoutDistrictsLayerTheEstatesFieldGroups) {
    // Without the districts layer the district is the estates' field (新城区) and
    // its population the estates' sum, 26000: land needs only 2600 m², which the
    // existing 4700 m² already give, so no land is reserved.
    town::TempDir dir("layout_nodist");
    auto files = lt::write_all(dir.path());
    files.districts.clear();
    const LayoutRun r = layout_of(files, config_of(files));
    ASSERT_EQ(r.districts.size(), 1u);
    EXPECT_EQ(r.districts[0].id, "新城区");
    for (const auto& s : r.sites) EXPECT_NE(s.action, "land_reserve") << s.id;
    EXPECT_TRUE(r.unmet.empty());
    const LayoutSite* p1 = find(r, "institution", "P1");
    ASSERT_NE(p1, nullptr);
    EXPECT_EQ(p1->district, "新城区");
}

TEST(LayoutTownVariants, StationOnAParcelIsEnlargedOntoIt) {
    // A second station S2 (200 m², no land of its own) stands on open land at
    // (2600,1000) inside a new parcel P8 (2580..2620 x 980..1020, 1600 m²): it is
    // enlarged to 300 m² on P8 (300 m² of land at plot ratio 1) in the first
    // phase. P8 is S2's own ground: no other site may take it (without that
    // rule the institution's p-median would pick the central P8).
    town::TempDir dir("layout_onparcel");
    auto parcels = lt::parcels();
    parcels.rows.push_back({town::rect(2580, 980, 2620, 1020), {town::s("P8"), town::s("vacant"), town::d(1600)}});
    auto files = lt::write_all(dir.path(), parcels);
    auto fac = lt::facilities();
    fac.rows.push_back({town::point(2600, 1000), {town::s("S2"), town::s("南站"), town::s("station"), town::d(200), town::d(0), town::null, town::null, town::null}});
    town::write(files.facilities + ".2.geojson", fac, "GeoJSON");
    files.facilities += ".2.geojson";
    const LayoutRun r = layout_of(files, config_of(files));
    const LayoutSite* s2 = find(r, "station", "S2");
    ASSERT_NE(s2, nullptr);
    EXPECT_EQ(s2->action, "enlarge");
    EXPECT_EQ(s2->parcel_id, "P8");
    EXPECT_EQ(s2->phase, 2025);
    EXPECT_DOUBLE_EQ(s2->building_area_m2, 300);
    EXPECT_GE(s2->land_area_m2, 300);
    EXPECT_DOUBLE_EQ(s2->base_land_m2, 0);
    for (const auto& x : r.sites) {
        if (x.id != s2->id) {
            EXPECT_NE(x.parcel_id, "P8") << x.id;
        }
    }
}

TEST(LayoutPhases, ParseAndReject) {
    EXPECT_EQ(lc::app::parse_phases("2025,2035"), (std::vector<int>{2025, 2035}));
    EXPECT_EQ(lc::app::parse_phases("2030"), (std::vector<int>{2030}));
    EXPECT_THROW((void)lc::app::parse_phases("2035,2025"), lc::ArgumentError);
    EXPECT_THROW((void)lc::app::parse_phases("2025,2025"), lc::ArgumentError);
    EXPECT_THROW((void)lc::app::parse_phases("2025,abc"), lc::ArgumentError);
    EXPECT_THROW((void)lc::app::parse_phases(""), lc::ArgumentError);
}

}  // namespace
