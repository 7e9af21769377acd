// Known-answer tests of the layout plan on the hand-made town of
// test_layout_town.hpp (the whole plan is worked out in its comment).
#include "app/test_layout_town.hpp"

#include "lc/error.hpp"
#include "pipeline/layout.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace town = lc::test::town;
namespace lt = lc::test::layout_town;
using lc::app::LayoutConfig;
using lc::app::LayoutRun;
using lc::app::LayoutSite;
using lc::app::Level;
using lc::app::SiteAction;

namespace {

using lt::config_of;
using lt::input_of;
using lt::layout_of;
using lt::write_text;

/// The town's config with a projection table `district,year,elderly` (rows after the header).
LayoutConfig projection_config(const lt::Files& f, const town::TempDir& dir, const std::string& rows) {
    const std::string csv = dir.str("proj.csv");
    write_text(csv, "district,year,elderly\n" + rows);
    LayoutConfig c = config_of(f);
    c.elderly_growth.reset();
    c.projection = csv;
    return c;
}

const LayoutSite* find(const LayoutRun& r, const std::string& level, const std::string& where) {
    for (const auto& s : r.sites) {
        if (s.level == lc::app::parse_level(level) && (s.parcel_id == where || s.facility_id == where)) return &s;
    }
    return nullptr;
}

const lc::app::LayoutFigure& figure(const LayoutRun& r, const std::string& key) {
    for (const auto& f : r.districts.at(0).figures) {
        if (f.target == key) return f;
    }
    throw std::logic_error("no figure " + key);
}

/// Invariants of phased sizing on any layout: the rows of one site (a new site
/// and its enlargements, or the enlargements of one existing facility) never
/// shrink over the phases; every enlargement of a planned site refers to a row
/// built in an earlier phase on the same parcel; the land of a chain is counted
/// once (each row's base is the land of the row before it, so the sum of
/// land - base over a parcel's rows is within the parcel's area).
void expect_phased_invariants(const LayoutRun& r) {
    std::map<std::string, const LayoutSite*> by_id, last_of_chain;
    std::map<std::string, double> parcel_area, parcel_added;
    for (const auto& p : r.parcels) parcel_area[p.id] = p.area_m2;
    for (const auto& x : r.sites) by_id[x.id] = &x;
    for (const auto& x : r.sites) {
        if (x.action == SiteAction::land_reserve) continue;
        if (!x.parcel_id.empty()) parcel_added[x.parcel_id] += x.land_area_m2 - x.base_land_m2;
        EXPECT_GE(x.land_area_m2 + 1e-9, x.base_land_m2) << x.id;
        std::string key;
        if (x.action == SiteAction::build) {
            key = x.id;
        } else if (by_id.count(x.facility_id)) {
            const LayoutSite* first = by_id.at(x.facility_id);
            EXPECT_EQ(first->action, SiteAction::build) << x.id;
            EXPECT_LT(first->phase, x.phase) << x.id;  // built in an earlier phase
            EXPECT_EQ(first->parcel_id, x.parcel_id) << x.id;  // the same parcel
            key = first->id;
        } else {
            key = std::string(to_string(x.level)) + "|" + x.facility_id;  // an existing facility
        }
        auto it = last_of_chain.find(key);
        if (it != last_of_chain.end()) {
            const LayoutSite* prev = it->second;
            EXPECT_LT(prev->phase, x.phase) << x.id;
            EXPECT_GE(x.beds, prev->beds) << x.id;  // never shrinking
            EXPECT_GE(x.building_area_m2, prev->building_area_m2) << x.id;
            EXPECT_GE(x.land_area_m2 + 1e-9, prev->land_area_m2) << x.id;
            EXPECT_DOUBLE_EQ(x.base_land_m2, prev->land_area_m2) << x.id;  // land counted once
            EXPECT_EQ(x.action, SiteAction::enlarge) << x.id;
        }
        last_of_chain[key] = &x;
    }
    for (const auto& x : r.sites) {
        if (x.action == SiteAction::land_reserve) parcel_added[x.parcel_id] += x.land_area_m2;
    }
    for (const auto& [id, added] : parcel_added) EXPECT_LE(added, parcel_area.at(id) + 1e-6) << id;
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
    // I1 is sized for 2025's need (128 beds) and enlarged again in 2035 to its
    // land's 150 beds (2700 m² / 18 m² per bed): two rows, totals after each.
    std::vector<const LayoutSite*> i1;
    for (const auto& x : s_run->sites) {
        if (x.facility_id == "I1") i1.push_back(&x);
    }
    ASSERT_EQ(i1.size(), 2u);
    const LayoutSite* enl = i1[0];
    EXPECT_EQ(enl->action, SiteAction::enlarge);
    EXPECT_EQ(enl->phase, 2025);
    EXPECT_DOUBLE_EQ(enl->beds, 128);
    EXPECT_DOUBLE_EQ(enl->building_area_m2, 128 * 35);
    EXPECT_DOUBLE_EQ(enl->land_area_m2, 2700);
    EXPECT_EQ(i1[1]->action, SiteAction::enlarge);
    EXPECT_EQ(i1[1]->phase, 2035);
    EXPECT_DOUBLE_EQ(i1[1]->beds, 150);
    EXPECT_DOUBLE_EQ(i1[1]->building_area_m2, 150 * 35);
    EXPECT_DOUBLE_EQ(i1[1]->land_area_m2, 2700);
    EXPECT_DOUBLE_EQ(i1[1]->base_land_m2, 2700);
    const LayoutSite* p1 = find(*s_run, "institution", "P1");
    ASSERT_NE(p1, nullptr);
    EXPECT_EQ(p1->action, SiteAction::build);
    EXPECT_EQ(p1->phase, 2035);
    EXPECT_DOUBLE_EQ(p1->beds, 58);  // 208 - 150
    EXPECT_DOUBLE_EQ(p1->building_area_m2, 58 * 35);
    EXPECT_DOUBLE_EQ(p1->land_area_m2, 58 * 18);
    const auto& beds = figure(*s_run, "public_beds");
    EXPECT_DOUBLE_EQ(beds.value[0], 50);
    EXPECT_DOUBLE_EQ(beds.required[1], 128);
    EXPECT_DOUBLE_EQ(beds.value[1], 128);
    EXPECT_DOUBLE_EQ(beds.required[2], 208);
    EXPECT_DOUBLE_EQ(beds.value[2], 208);
}

TEST_F(LayoutTown, CentresEnlargeC1AndBuildOnP6) {
    const LayoutSite* c1 = find(*s_run, "centre", "C1");
    ASSERT_NE(c1, nullptr);
    EXPECT_EQ(c1->action, SiteAction::enlarge);
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
    EXPECT_EQ(p2->action, SiteAction::land_reserve);
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

TEST_F(LayoutTown, PhasedSizingInvariants) { expect_phased_invariants(*s_run); }

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
            if (x.action != SiteAction::land_reserve) out.insert(std::string(to_string(x.level)) + ":" + std::string(to_string(x.action)) + ":" + x.parcel_id + x.facility_id);
        }
        return out;
    };
    EXPECT_EQ(facilities_of(*s_run), facilities_of(single));
    std::set<std::string> near;
    for (const auto& x : s_run->sites) {
        if (x.phase == 2025 && x.action != SiteAction::land_reserve) near.insert(std::string(to_string(x.level)) + ":" + std::string(to_string(x.action)) + ":" + x.parcel_id + x.facility_id);
    }
    for (const auto& id : near) EXPECT_TRUE(facilities_of(single).count(id)) << id;
    EXPECT_LT(near.size(), facilities_of(single).size());  // P1 waits for 2035
}

// Phased sizing of a new institution. The town with I1 on 900 m² of land (its
// 50 beds fill it: 900 / 18 = 50, no enlargement) and a projection table
// D1 2025 = 11000, 2035 = 13000 elderly (--set beds.per_1000_elderly=10, the
// public share, as in the header):
//   public beds required 110 (2025), 130 (2035); I1 has 50, rest 80 beds =
//   1440 m²: parcels P1, P6 (2000 m²) fit (P3 has 1200), p-median picks P1
//   (16.2 M < 17.7 M, header) -> new institution on P1, phased 2025 (110 > 50).
//   Sized for 2025: 110 - 50 = 60 beds, floor 60 x 35 = 2100 m², land 60 x 18
//   = 1080 m²; 2035: an `enlarge` row on P1 to 80 beds, floor 2800 m², land
//   1440 m² (base 1080 before the land step).
// The rest of the plan is the header's (centre on P6 since P1 is taken, C1
//   enlarged, stations on P7 and P3).
// Land (D1, need 10000 m²): existing C1 2000 + I1 900 = 2900.
//   2025: + P6 1500 + P7 300 + P3 300 + P1 1080 = 6080, short 3920 -> rest of
//   the parcels built by 2025: P1 +920 (its first row, land 2000; the 2035 row's
//   base becomes 2000 and its land max(1440, 2000) = 2000), P6 +500, P7 +100,
//   P3 +900 (short 1500), free parcels P2 400, P5 400 -> unmet 700 m² (0.093).
//   2035: P1 counted once: 2000 (first row) + 0 (2000 - 2000), so again
//   2900 + 2000 + 2000 + 400 + 1200 + 400 + 400 = 9300, short 700; the rest of
//   P1 is already reserved, no parcel left -> unmet 700 m² (0.093).
TEST(LayoutTownPhasedSizing, NewInstitutionBuiltForTheNearTermThenEnlarged) {
    town::TempDir dir("layout_phased");
    auto files = lt::write_all(dir.path());
    auto fac = lt::facilities();
    fac.rows[2].values[4] = town::d(900);  // I1's land
    files.facilities += ".small.geojson";
    town::write(files.facilities, fac, "GeoJSON");
    const LayoutConfig c = projection_config(files, dir, "D1,2025,11000\nD1,2035,13000\n");
    const LayoutRun r = layout_of(files, c);
    EXPECT_EQ(find(r, "institution", "I1"), nullptr);  // at its land's capacity
    std::vector<const LayoutSite*> p1;
    for (const auto& x : r.sites) {
        if (x.level == Level::institution && x.parcel_id == "P1") p1.push_back(&x);
    }
    ASSERT_EQ(p1.size(), 2u);
    EXPECT_EQ(p1[0]->action, SiteAction::build);
    EXPECT_EQ(p1[0]->phase, 2025);
    EXPECT_DOUBLE_EQ(p1[0]->beds, 60);
    EXPECT_DOUBLE_EQ(p1[0]->building_area_m2, 60 * 35);
    EXPECT_DOUBLE_EQ(p1[0]->land_area_m2, 2000);  // 1080 + 920 reserved for land in 2025
    EXPECT_DOUBLE_EQ(p1[0]->base_land_m2, 0);
    EXPECT_EQ(p1[1]->action, SiteAction::enlarge);
    EXPECT_EQ(p1[1]->phase, 2035);
    EXPECT_EQ(p1[1]->facility_id, p1[0]->id);  // enlarges the 2025 row
    EXPECT_DOUBLE_EQ(p1[1]->beds, 80);
    EXPECT_DOUBLE_EQ(p1[1]->building_area_m2, 80 * 35);
    EXPECT_DOUBLE_EQ(p1[1]->land_area_m2, 2000);
    EXPECT_DOUBLE_EQ(p1[1]->base_land_m2, 2000);
    EXPECT_NE(p1[1]->reason.find("enlarge"), std::string::npos) << p1[1]->reason;
    ASSERT_NE(find(r, "centre", "P6"), nullptr);
    const auto& beds = figure(r, "public_beds");
    EXPECT_DOUBLE_EQ(beds.value[0], 50);
    EXPECT_DOUBLE_EQ(beds.value[1], 110);  // 50 + 60
    EXPECT_DOUBLE_EQ(beds.value[2], 130);  // 50 + 80
    EXPECT_DOUBLE_EQ(beds.required[1], 110);
    EXPECT_DOUBLE_EQ(beds.required[2], 130);
    const auto& land = figure(r, "land_per_capita_m2");
    EXPECT_NEAR(land.value[1], 0.093, 1e-9);
    EXPECT_NEAR(land.value[2], 0.093, 1e-9);
    ASSERT_EQ(r.unmet.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(r.unmet[k].target, "land_per_capita");
        EXPECT_NEAR(r.unmet[k].shortfall, 700, 1e-6);
    }
    expect_phased_invariants(r);
}

// Three phases, 2025, 2030, 2035 (header town, growth 5 %): public beds 128,
// 163 (16288.9 elderly), 208. Phases of the sites (phase_institutions): I1 to
// 150 covers 2025 (150 >= 128); 2030 needs 163 > 150 -> P1 is built in 2030.
// Sizing: 2025 I1 +78 = 128 beds; 2030 I1 +100 = 150 (an enlarge row) and P1
// 163 - 150 = 13 beds (new, 13 x 18 = 234 m² land, 455 m² floor); 2035 P1 is
// enlarged to 58 beds (an enlarge row referring to the 2030 row).
TEST(LayoutTownPhasedSizing, ThreePhasesEnlargeStepByStep) {
    town::TempDir dir("layout_phased3");
    const auto files = lt::write_all(dir.path());
    LayoutConfig c = config_of(files);
    c.phases = {2025, 2030, 2035};
    const LayoutRun r = layout_of(files, c);
    std::vector<const LayoutSite*> i1, p1;
    for (const auto& x : r.sites) {
        if (x.facility_id == "I1") i1.push_back(&x);
        if (x.level == Level::institution && x.parcel_id == "P1") p1.push_back(&x);
    }
    ASSERT_EQ(i1.size(), 2u);
    EXPECT_EQ(i1[0]->phase, 2025);
    EXPECT_DOUBLE_EQ(i1[0]->beds, 128);
    EXPECT_EQ(i1[1]->phase, 2030);
    EXPECT_DOUBLE_EQ(i1[1]->beds, 150);
    ASSERT_EQ(p1.size(), 2u);
    EXPECT_EQ(p1[0]->action, SiteAction::build);
    EXPECT_EQ(p1[0]->phase, 2030);
    EXPECT_DOUBLE_EQ(p1[0]->beds, 13);
    EXPECT_DOUBLE_EQ(p1[0]->building_area_m2, 13 * 35);
    EXPECT_EQ(p1[1]->action, SiteAction::enlarge);
    EXPECT_EQ(p1[1]->phase, 2035);
    EXPECT_EQ(p1[1]->facility_id, p1[0]->id);
    EXPECT_DOUBLE_EQ(p1[1]->beds, 58);
    const auto& beds = figure(r, "public_beds");
    EXPECT_DOUBLE_EQ(beds.value[1], 128);
    EXPECT_DOUBLE_EQ(beds.value[2], 163);
    EXPECT_DOUBLE_EQ(beds.value[3], 208);
    expect_phased_invariants(r);
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
        if (s.level == Level::station && s.action != SiteAction::land_reserve) {
            EXPECT_GE(s.building_area_m2 + 1e-9, st.station_min_area_m2) << s.id;
        }
        if (s.level == Level::centre) {
            EXPECT_GE(s.building_area_m2, 1500) << s.id;
            EXPECT_GE(s.beds, 30) << s.id;
            EXPECT_GE(s.nursing_beds, std::ceil(0.7 * s.beds - 1e-9)) << s.id;
        }
    }
}

TEST(LayoutTownVariants, ProjectionTableSetsTheElderly) {
    town::TempDir dir("layout_proj");
    const auto files = lt::write_all(dir.path());
    const LayoutConfig c = projection_config(files, dir, "D1,2025,10000\nD1,2035,30000\n");
    const LayoutRun r = layout_of(files, c);
    const auto& beds = figure(r, "public_beds");
    EXPECT_DOUBLE_EQ(beds.required[1], 100);
    EXPECT_DOUBLE_EQ(beds.required[2], 300);
    EXPECT_DOUBLE_EQ(beds.value[2], 300);
}

TEST(LayoutTownVariants, ProjectionMissingADistrictIsAnError) {
    town::TempDir dir("layout_projbad");
    const auto files = lt::write_all(dir.path());
    const LayoutConfig c = projection_config(files, dir, "D9,2025,10000\nD9,2035,30000\n");
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
    for (const auto& s : r.sites) EXPECT_NE(s.action, SiteAction::land_reserve) << s.id;
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
    EXPECT_EQ(s2->action, SiteAction::enlarge);
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

// The national figure, 40 beds per 1000 elderly (GB 50437), on the same town.
// Public beds and the hierarchy are planned first, as in the header: I1 enlarged
// to 150 beds (2025), a new institution of 58 beds on P1 (2035), the centres on
// C1 and P6, the stations on P7 and P3. Then beds per 1000:
//   required: 2025 40 x 12762.8 / 1000 = 510.5 -> 511; 2035 40 x 20789.3 / 1000
//   = 831.6 -> 832. Beds planned: 50 + 100 + 58 = 208, short 624.
//   a) grow on their own land: I1 is at its land's 150 beds (2700 / 18); P1 grows
//      to its parcel: 2000 / 18 = 111 beds (+53, land 1998 m², floor 111 x 35 =
//      3885 m²). Short 571.
//   b) new institutions on the free parcels left: P2 and P5 (400 m² each, P4 is
//      industrial): 400 / 18 = 22 beds each (land 396 m², floor 770 m²). Short 527.
//   Phases: 2025 needs max(128, 511) = 511 > 50 + 100 + 111 + 22 + 22 = 305, so
//   every institution site is built in 2025 (P1 moves from 2035 to 2025).
//   Unmet: 2025 511 - 305 = 206 beds, 2035 832 - 305 = 527 beds.
//   beds_per_1000: today 50 / 10000 = 5.0; 2025 305 / 12762.8 = 23.90;
//   2035 305 / 20789.3 = 14.67 per 1000.
// Land: 2025 4700 + P6 1500 + P7 300 + P3 300 + P1 1998 + P2 396 + P5 396 = 9590,
//   short 410: the rest of P1 (+2) and of P6 (+408): 10000 m², met; no land unmet.
TEST(LayoutTownBeds, BedsPer1000GrowP1ThenTakeTheLastParcels) {
    town::TempDir dir("layout_beds");
    const auto files = lt::write_all(dir.path());
    const LayoutRun r = layout_of(files, config_of(files), "national", {});
    const LayoutSite* i1 = find(r, "institution", "I1");
    ASSERT_NE(i1, nullptr);
    EXPECT_DOUBLE_EQ(i1->beds, 150);
    EXPECT_EQ(i1->phase, 2025);
    const LayoutSite* p1 = find(r, "institution", "P1");
    ASSERT_NE(p1, nullptr);
    EXPECT_EQ(p1->action, SiteAction::build);
    EXPECT_EQ(p1->phase, 2025);
    EXPECT_DOUBLE_EQ(p1->beds, 111);
    EXPECT_DOUBLE_EQ(p1->building_area_m2, 111 * 35);
    EXPECT_DOUBLE_EQ(p1->land_area_m2, 2000);  // 1998 + 2 reserved for land
    for (const char* id : {"P2", "P5"}) {
        const LayoutSite* p = find(r, "institution", id);
        ASSERT_NE(p, nullptr) << id;
        EXPECT_EQ(p->action, SiteAction::build) << id;
        EXPECT_EQ(p->phase, 2025) << id;
        EXPECT_DOUBLE_EQ(p->beds, 22) << id;
        EXPECT_DOUBLE_EQ(p->land_area_m2, 396) << id;
        EXPECT_NE(p->reason.find("beds per 1000 elderly"), std::string::npos) << p->reason;
    }
    // The hierarchy keeps its parcels.
    ASSERT_NE(find(r, "centre", "P6"), nullptr);
    ASSERT_NE(find(r, "station", "P7"), nullptr);
    ASSERT_NE(find(r, "station", "P3"), nullptr);
    const auto& per = figure(r, "beds_per_1000");
    EXPECT_DOUBLE_EQ(per.value[0], 5);
    EXPECT_DOUBLE_EQ(per.required[0], 40);
    EXPECT_NEAR(per.value[1], 305 / 12.7628156, 1e-6);
    EXPECT_NEAR(per.value[2], 305 / 20.7892818, 1e-6);
    const auto& pub = figure(r, "public_beds");
    EXPECT_DOUBLE_EQ(pub.value[1], 305);
    EXPECT_DOUBLE_EQ(pub.required[2], 208);
    ASSERT_EQ(r.unmet.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(r.unmet[k].target, "beds_per_1000");
        EXPECT_EQ(r.unmet[k].level, Level::institution);
        EXPECT_EQ(r.unmet[k].where, "D1");
        EXPECT_EQ(r.unmet[k].unit, "beds");
        EXPECT_NE(r.unmet[k].reason.find("no free vacant/convertible parcel"), std::string::npos) << r.unmet[k].reason;
    }
    EXPECT_EQ(r.unmet[0].phase, 2025);
    EXPECT_NEAR(r.unmet[0].shortfall, 206, 1e-9);
    EXPECT_EQ(r.unmet[1].phase, 2035);
    EXPECT_NEAR(r.unmet[1].shortfall, 527, 1e-9);
    const auto& land = figure(r, "land_per_capita_m2");
    EXPECT_NEAR(land.value[1], 0.1, 1e-9);
    // Every site is needed in full in 2025 (511 > 305): one row each, the only
    // enlargement is I1's.
    expect_phased_invariants(r);
    int enlargements = 0;
    for (const auto& x : r.sites) enlargements += x.level == Level::institution && x.action == SiteAction::enlarge ? 1 : 0;
    EXPECT_EQ(enlargements, 1);
}

// A profile without beds.per_1000_elderly (national.toml without that figure):
// the target is not applied (a note says so), the plan is the header's.
TEST(LayoutTownBeds, ProfileWithoutTheFigureSkipsTheTarget) {
    town::TempDir dir("layout_nobeds");
    const auto files = lt::write_all(dir.path());
    std::string toml = town::slurp(lc::app::profiles_dir() / "national.toml");
    const auto at = toml.find("[beds.per_1000_elderly]");
    ASSERT_NE(at, std::string::npos);
    toml.erase(at, toml.find("\n\n", at) - at);
    const std::string path = dir.str("nobeds.toml");
    write_text(path, toml);
    const LayoutRun r = layout_of(files, config_of(files), path, {});
    const auto& per = figure(r, "beds_per_1000");
    for (double v : per.required) EXPECT_TRUE(std::isnan(v));
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.find("no beds.per_1000_elderly for 2035") != std::string::npos;
    EXPECT_TRUE(noted);
    const LayoutSite* p1 = find(r, "institution", "P1");
    ASSERT_NE(p1, nullptr);
    EXPECT_DOUBLE_EQ(p1->beds, 58);
    EXPECT_EQ(p1->phase, 2035);
    EXPECT_EQ(find(r, "institution", "P2")->action, SiteAction::land_reserve);
    ASSERT_EQ(r.unmet.size(), 1u);
    EXPECT_EQ(r.unmet[0].target, "land_per_capita");
}

// Plot ratios from the profile: --set layout.centre_plot_ratio=2 halves the
// centres' land: C1 (1500 m²) and the new centre need 750 m². The new centre of
// 南街 (parcels of the street with >= 750 m², free after the institution took P1:
// P6 only, P2/P5/P7 have 400 m²) still goes on P6 with 750 m² of land (+ the
// land reserve). Summary assumptions report 2.
TEST(LayoutTownVariants, PlotRatiosComeFromTheProfile) {
    town::TempDir dir("layout_ratio");
    const auto files = lt::write_all(dir.path());
    auto sets = lt::base_sets();
    sets.push_back("layout.centre_plot_ratio=2");
    sets.push_back("layout.station_plot_ratio=3");
    const LayoutRun r = layout_of(files, config_of(files), "national", sets);
    EXPECT_DOUBLE_EQ(r.assumptions.centre_plot_ratio, 2);
    EXPECT_DOUBLE_EQ(r.assumptions.station_plot_ratio, 3);
    EXPECT_EQ(r.summary["assumptions"]["centre_plot_ratio"], 2.0);
    EXPECT_EQ(r.summary["assumptions"]["station_plot_ratio"], 3.0);
    const LayoutSite* p6 = find(r, "centre", "P6");
    ASSERT_NE(p6, nullptr);
    EXPECT_NE(p6->reason.find("≥ 750 m²"), std::string::npos) << p6->reason;
    const LayoutSite* p7 = find(r, "station", "P7");
    ASSERT_NE(p7, nullptr);
    EXPECT_GE(p7->land_area_m2, 100);  // 300 m² / 3 before the land reserve
    // Defaults (national.toml): 1.0 each.
    EXPECT_DOUBLE_EQ(layout_of(files, config_of(files)).assumptions.centre_plot_ratio, 1.0);
}

TEST(LayoutTownVariants, PlotRatioMustBePositive) {
    town::TempDir dir("layout_ratio_bad");
    const auto files = lt::write_all(dir.path());
    for (const char* bad : {"layout.station_plot_ratio=0", "layout.centre_plot_ratio=-1"}) {
        try {
            (void)lc::app::run_audit(input_of(files, "national", {bad}), {});
            FAIL() << "expected an ArgumentError for " << bad;
        } catch (const lc::ArgumentError& e) {
            const std::string key = std::string(bad).substr(0, std::string(bad).find('='));
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    }
}

// Network mode: walking distances for the institution and centre p-medians.
// Streets (all shared vertices are nodes): the main street y = 400 from x = 0 to
// 5000 with spurs up to I1 (x = 2000, to y = 1500), C1 (x = 700, to y = 1000), P6
// (x = 3525, to y = 920) and P7 (x = 4810, to y = 810), and a loop that reaches
// P1 only the long way: (600,400) up to (600,2800), east to (3300,2800), down
// to (3300,760), east to (3450,760) (P1's centre (3425,720) snaps 40 m onto it;
// the P6 spur at x = 3525 is 100 m away).
// Straight lines pick P1 for the institution (header). Walking, P6 is 3645 /
// 3045 / 845 / 1595 m from E1..E4 (all within 5 x 900 m); P1 is ~10 km away
// from every estate (beyond 4500 m: cost 4500 + straight line) and P3 is off
// the network (likewise), so the institution goes on P6, and 南街's centre on
// the only free parcel of the street with 1500 m² left, P1.
TEST(LayoutTownVariants, NetworkModeUsesWalkingDistances) {
    town::TempDir dir("layout_net");
    const auto files = lt::write_all(dir.path());
    using town::line;
    town::Layer l;
    l.name = "streets";
    l.geometry_type = wkbLineString;
    l.fields = {{"id", town::Type::string}};
    l.rows = {{line({{0, 400}, {400, 400}, {600, 400}, {700, 400}, {1000, 400}, {2000, 400}, {3200, 400}, {3525, 400},
                     {4600, 400}, {4810, 400}, {5000, 400}}),
               {town::s("main")}},
              {line({{2000, 400}, {2000, 1500}}), {town::s("i1")}},
              {line({{700, 400}, {700, 1000}}), {town::s("c1")}},
              {line({{3525, 400}, {3525, 920}}), {town::s("p6")}},
              {line({{4810, 400}, {4810, 810}}), {town::s("p7")}},
              {line({{600, 400}, {600, 2800}, {3300, 2800}, {3300, 760}, {3450, 760}}), {town::s("loop")}}};
    const std::string net = dir.str("streets.geojson");
    town::write(net, l, "GeoJSON");
    auto in = input_of(files);
    in.network = net;
    const auto run = lc::app::run_audit(in, {});
    ASSERT_EQ(run.audit.coverage.mode, lc::app::CoverageMode::network);
    const LayoutRun r = lc::app::run_layout(run, in, {}, config_of(files));
    const LayoutSite* inst = find(r, "institution", "P6");
    ASSERT_NE(inst, nullptr);
    EXPECT_EQ(inst->action, SiteAction::build);
    EXPECT_NE(inst->reason.find("walking distances"), std::string::npos) << inst->reason;
    const LayoutSite* centre = find(r, "centre", "P1");
    ASSERT_NE(centre, nullptr);
    EXPECT_NE(centre->reason.find("walking distances"), std::string::npos) << centre->reason;
    // Straight lines (no network) keep the header's choice.
    EXPECT_NE(find(layout_of(files, config_of(files)), "institution", "P1"), nullptr);
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

// The layout builds on the plan's siting (issue 14). The plan proposes K at
// (4810,810), inside P7 (4800..4820 x 800..820, free, 400 m² >= 300), and M at
// (4600,700), on no parcel. P7 becomes K's station (plan_site K; the town's own
// LSCP picks P7 too, as StationsForCoverageAndForTheCommunity shows); M gets a
// note and no row; the other stations keep plan_site empty.
TEST(LayoutTownVariants, StationsBuildOnThePlansSites) {
    town::TempDir dir("layout_planned");
    const auto files = lt::write_all(dir.path());
    LayoutConfig c = config_of(files);
    c.planned = {{"K", "plan K", 1, {town::k_x0 + 4810, town::k_y0 + 810}},
                 {"M", "plan M", 2, {town::k_x0 + 4600, town::k_y0 + 700}}};
    const LayoutRun r = layout_of(files, c);
    const LayoutSite* p7 = find(r, "station", "P7");
    ASSERT_NE(p7, nullptr);
    EXPECT_EQ(p7->plan_site, "K");
    EXPECT_EQ(p7->reason.rfind("the plan's site K (rank 1) on this parcel", 0), 0U) << p7->reason;
    for (const auto& s : r.sites) {
        if (&s != p7) {
            EXPECT_TRUE(s.plan_site.empty()) << s.id;
        }
    }
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.find("the plan's site M plan M (rank 2) is on no parcel") != std::string::npos;
    EXPECT_TRUE(noted);
}
