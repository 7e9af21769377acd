// Costs, subsidies, terms and --phase-budget of the layout plan, worked out by
// hand on the town of test_layout_town.hpp (its whole plan is in that comment).
//
// The town's rows (national profile, --set beds.per_1000_elderly=10, phases
// 2025, 2035, elderly growth 5 % a year: x1.27628 in 2025, x2.07893 in 2035):
//   2025  station P7 new 300 m² (10 day-care beds)    coverage of E4
//         station P3 new 300 m²                        community 北社区 (E1, E2)
//         centre  C1 enlarge 1200 -> 1500 m² (30 beds already)
//         centre  P6 new 1500 m², 30 beds
//         institution I1 enlarge 2000 -> 4480 m², 50 -> 128 beds (+78)
//         land reserves P2, P5 (no construction)
//   2035  institution I1 enlarge 4480 -> 5250 m², 128 -> 150 beds (+22)
//         institution P1 new 2030 m², 58 beds
// Construction at the national planning assumptions (station 3500, centre 4000,
// institution 4500 yuan/m²):
//   2025: stations 2 x 300 x 3500 = 2,100,000; centres (300 + 1500) x 4000 =
//         7,200,000; I1 2480 x 4500 = 11,160,000; total 20,460,000
//   2035: I1 770 x 4500 = 3,465,000; P1 2030 x 4500 = 9,135,000; total 12,600,000
//   plan: 33,060,000
#include "app/test_layout_town.hpp"

#include "lc/error.hpp"
#include "pipeline/layout.hpp"
#include "pipeline/run.hpp"
#include "standards/profile.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace town = lc::test::town;
namespace lt = lc::test::layout_town;
using lc::app::LayoutConfig;
using lc::app::LayoutRun;
using lc::app::Level;
using lc::app::SiteAction;

namespace {

using lt::write_text;

/// A profile that inherits national and adds subsidies (its figures below).
const char* k_subsidy_profile = R"toml(name = "subsidised"
inherits = "national"
title = "测试 (test)"

[subsidy.institution.new_bed.yuan]
value = 12000
source = "test"
[subsidy.institution.new_bed.region]
value = 6000
source = "test"
[subsidy.institution.new_bed.city]
value = 4000
source = "test"
[subsidy.institution.new_bed.district]
value = 2000
source = "test"

[subsidy.institution.expanded_bed.yuan]
value = 5000
source = "test"
[subsidy.institution.expanded_bed.city]
value = 2500
source = "test"
[subsidy.institution.expanded_bed.district]
value = 2500
source = "test"

[subsidy.institution.operating_bed.yuan]
value = 2000
source = "test"

[subsidy.station.new_site.yuan]
value = 50000
source = "test"
[subsidy.station.min_building_area_m2]
value = 100
source = "test"

[subsidy.day_care.new_site.yuan]
value = 100000
source = "test"
[subsidy.day_care.min_building_area_m2]
value = 350
source = "test"
)toml";

LayoutRun town_layout(const lt::Files& f, const std::string& profile, std::optional<double> budget = std::nullopt,
                      std::vector<int> phases = {2025, 2035}) {
    LayoutConfig c = lt::config_of(f);
    c.phases = std::move(phases);
    c.phase_budget = budget;
    return lt::layout_of(f, c, profile);
}

const lc::app::SiteCost& cost_of(const LayoutRun& r, Level level, const std::string& where, int phase) {
    for (const auto& c : r.costs.sites) {
        if (c.level == level && c.where == where && c.phase == phase) return c;
    }
    throw std::logic_error("no cost row " + where + " " + std::to_string(phase));
}

double payer(const lc::app::Money& m, const std::string& p) {
    const auto it = m.by_payer.find(p);
    return it == m.by_payer.end() ? 0.0 : it->second;
}

class LayoutCosts : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("layout_costs");
        s_files = lt::write_all(s_dir->path());
        s_profile = s_dir->str("subsidised.toml");
        write_text(s_profile, k_subsidy_profile);
        s_run = std::make_unique<LayoutRun>(town_layout(s_files, s_profile));
    }
    static void TearDownTestSuite() {
        s_run.reset();
        s_dir.reset();
    }
    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline lt::Files s_files;
    static inline std::string s_profile;
    static inline std::unique_ptr<LayoutRun> s_run;
};

TEST_F(LayoutCosts, ConstructionPerRowAndPhase) {
    const auto& r = *s_run;
    EXPECT_DOUBLE_EQ(cost_of(r, Level::station, "P7", 2025).construction_yuan, 300 * 3500);
    EXPECT_DOUBLE_EQ(cost_of(r, Level::centre, "C1", 2025).building_area_m2, 300);  // 1200 -> 1500
    EXPECT_DOUBLE_EQ(cost_of(r, Level::centre, "C1", 2025).construction_yuan, 300 * 4000);
    EXPECT_DOUBLE_EQ(cost_of(r, Level::centre, "P6", 2025).construction_yuan, 1500 * 4000);
    const auto& i1_2025 = cost_of(r, Level::institution, "I1", 2025);
    EXPECT_DOUBLE_EQ(i1_2025.building_area_m2, 4480 - 2000);
    EXPECT_DOUBLE_EQ(i1_2025.beds, 78);
    const auto& i1_2035 = cost_of(r, Level::institution, "I1", 2035);
    EXPECT_DOUBLE_EQ(i1_2035.building_area_m2, 5250 - 4480);  // over the 2025 row, not the facility
    EXPECT_DOUBLE_EQ(i1_2035.beds, 22);
    ASSERT_EQ(r.costs.phases.size(), 2u);
    EXPECT_DOUBLE_EQ(r.costs.phases[0].construction_yuan, 20460000);
    EXPECT_DOUBLE_EQ(r.costs.phases[1].construction_yuan, 12600000);
    EXPECT_DOUBLE_EQ(r.costs.total.construction_yuan, 33060000);
    EXPECT_DOUBLE_EQ(r.costs.yuan_per_m2.at(Level::institution), 4500);
    EXPECT_NE(r.costs.basis.at(Level::station).find("planning assumption"), std::string::npos);
}

// Subsidies of the test profile:
//   stations P7, P3 (300 m²): below the day-care centre's 350 m², at least the
//     station's 100 m² -> 50,000 each, no payer named: unspecified 100,000 (2025)
//   I1 enlarges an existing institution: expanded_bed 5000 (city 2500, district
//     2500): 2025 +78 beds = 390,000 (195,000 + 195,000); 2035 +22 = 110,000
//   P1 new, 58 beds x 12,000 = 696,000: region 348,000, city 232,000, district 116,000
//   centres: none.
//   2025 one-off 490,000 = city 195,000 + district 195,000 + unspecified 100,000
//   2035 one-off 806,000 = region 348,000 + city 287,000 + district 171,000
//   total 1,296,000 = region 348,000, city 482,000, district 366,000, unspecified 100,000
//   operating 2000 a bed a year (payer unspecified): 2025 78 beds = 156,000;
//   by 2035 (78 + 22 + 58) = 158 beds = 316,000.
TEST_F(LayoutCosts, SubsidiesByPayerWorkedByHand) {
    const auto& r = *s_run;
    const auto& p7 = cost_of(r, Level::station, "P7", 2025);
    EXPECT_DOUBLE_EQ(p7.subsidy.total, 50000);
    EXPECT_DOUBLE_EQ(payer(p7.subsidy, "unspecified"), 50000);
    EXPECT_DOUBLE_EQ(cost_of(r, Level::centre, "P6", 2025).subsidy.total, 0);
    const auto& p1 = cost_of(r, Level::institution, "P1", 2035);
    EXPECT_DOUBLE_EQ(p1.subsidy.total, 696000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "region"), 348000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "city"), 232000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "district"), 116000);
    const auto& near = r.costs.phases[0];
    EXPECT_DOUBLE_EQ(near.subsidy.total, 490000);
    EXPECT_DOUBLE_EQ(payer(near.subsidy, "city"), 195000);
    EXPECT_DOUBLE_EQ(payer(near.subsidy, "district"), 195000);
    EXPECT_DOUBLE_EQ(payer(near.subsidy, "unspecified"), 100000);
    EXPECT_DOUBLE_EQ(payer(near.subsidy, "region"), 0);
    EXPECT_DOUBLE_EQ(near.operating_per_year.total, 156000);
    const auto& lng = r.costs.phases[1];
    EXPECT_DOUBLE_EQ(lng.subsidy.total, 806000);
    EXPECT_DOUBLE_EQ(payer(lng.subsidy, "region"), 348000);
    EXPECT_DOUBLE_EQ(payer(lng.subsidy, "city"), 287000);
    EXPECT_DOUBLE_EQ(payer(lng.subsidy, "district"), 171000);
    EXPECT_DOUBLE_EQ(lng.operating_per_year.total, 316000);
    const auto& t = r.costs.total;
    EXPECT_DOUBLE_EQ(t.subsidy.total, 1296000);
    EXPECT_DOUBLE_EQ(payer(t.subsidy, "region"), 348000);
    EXPECT_DOUBLE_EQ(payer(t.subsidy, "city"), 482000);
    EXPECT_DOUBLE_EQ(payer(t.subsidy, "district"), 366000);
    EXPECT_DOUBLE_EQ(payer(t.subsidy, "unspecified"), 100000);
    EXPECT_DOUBLE_EQ(t.operating_per_year.total, 316000);
}

TEST_F(LayoutCosts, PlanCostsCsvHasARowPerSitePhaseAndTotal) {
    const std::string csv = lc::app::plan_costs_csv(*s_run);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_NE(csv.find("phase,2025,near,,,,,4880.00,"), std::string::npos) << csv;  // 600 + 1800 + 2480 m²
    EXPECT_NE(csv.find("total,,total,,,,,7680.00,"), std::string::npos) << csv;     // + 770 + 2030
    EXPECT_NE(csv.find(",33060000,1296000,348000,482000,366000,100000,316000,"), std::string::npos) << csv;
}

TEST_F(LayoutCosts, CostsSummaryKeys) {
    const auto j = lc::app::costs_summary(s_run->costs);
    EXPECT_EQ(j["phases"][0]["term"], "near");
    EXPECT_EQ(j["phases"][1]["term"], "long");
    EXPECT_DOUBLE_EQ(j["total"]["construction_yuan"].get<double>(), 33060000);
    EXPECT_DOUBLE_EQ(j["total"]["subsidy_yuan"]["city"].get<double>(), 482000);
    EXPECT_TRUE(j["phase_budget_yuan"].is_null());
    EXPECT_EQ(j["subsidies"].size(), 5u);  // new_bed, expanded_bed, operating_bed, station, day_care
}

TEST(LayoutTerms, NearMidLong) {
    using lc::app::phase_term;
    EXPECT_EQ(phase_term(0, 1), "near");
    EXPECT_EQ(phase_term(0, 2), "near");
    EXPECT_EQ(phase_term(1, 2), "long");
    EXPECT_EQ(phase_term(0, 3), "near");
    EXPECT_EQ(phase_term(1, 3), "mid");
    EXPECT_EQ(phase_term(2, 3), "long");
    EXPECT_EQ(phase_term(2030, std::vector<int>{2025, 2030, 2035}), "mid");
    EXPECT_EQ(phase_term(2031, std::vector<int>{2025, 2030, 2035}), "");
}

// The national profile has no subsidies: construction only, and a note.
TEST(LayoutCostsNational, NoSubsidyWithoutTheCitysFigures) {
    town::TempDir dir("layout_costs_national");
    const auto files = lt::write_all(dir.path());
    const auto r = town_layout(files, "national");
    EXPECT_DOUBLE_EQ(r.costs.total.construction_yuan, 33060000);
    EXPECT_DOUBLE_EQ(r.costs.total.subsidy.total, 0);
    EXPECT_TRUE(r.costs.subsidies.empty());
    ASSERT_EQ(r.costs.notes.size(), 1u);
}

// --phase-budget 9,000,000 on the town. Elderly served per yuan (2025 rows):
//   P3 station: its community 北社区 (E1 + E2), 5000 x 2.07893 = 10,394.6
//      elderly (the 2035 weight of its gain) / 1,050,000 = 9.90e-3
//   C1 centre: 北街 2025 elderly 5000 x 1.27628 = 6381.4 / 1,200,000 = 5.32e-3
//   P7 station: E4's 2035 elderly 2078.9 / 1,050,000 = 1.98e-3
//   P6 centre: 南街 6381.4 / 6,000,000 = 1.06e-3
//   I1 +78 beds x 100 elderly a bed (10 per 1000) = 7800 / 11,160,000 = 6.99e-4
// Kept in that order: P3 (1.05 M), C1 (2.25 M), P7 (3.3 M); P6 (9.3 M) and I1
// (14.46 M) do not fit -> both to 2035. 2025 spends 3,300,000.
// 2035: P6 (南街 2035 10,394.6 / 6 M = 1.73e-3); I1's 2025 and 2035 rows as one
//   unit (+100 beds = 10,000 elderly / (11,160,000 + 3,465,000 = 14,625,000) =
//   6.84e-4); P1 (5800 / 9,135,000 = 6.35e-4). P6 fits (6 M); I1 (20.6 M) and
//   P1 (15.1 M) do not: beyond the plan. 2035 spends 6,000,000; beyond the plan
//   11,160,000 + 3,465,000 + 9,135,000 = 23,760,000.
TEST(LayoutPhaseBudget, DefersByElderlyServedPerYuan) {
    town::TempDir dir("layout_budget");
    const auto files = lt::write_all(dir.path());
    const auto r = town_layout(files, "national", 9000000.0);
    ASSERT_EQ(r.costs.phases.size(), 2u);
    EXPECT_DOUBLE_EQ(r.costs.phases[0].construction_yuan, 3300000);
    EXPECT_DOUBLE_EQ(r.costs.phases[1].construction_yuan, 6000000);
    auto phase_of = [&](Level level, const std::string& where) {
        for (const auto& s : r.sites) {
            if (s.level == level && (s.parcel_id == where || s.facility_id == where) && s.action != SiteAction::land_reserve) {
                return s.phase;
            }
        }
        return 0;
    };
    EXPECT_EQ(phase_of(Level::station, "P3"), 2025);
    EXPECT_EQ(phase_of(Level::centre, "C1"), 2025);
    EXPECT_EQ(phase_of(Level::station, "P7"), 2025);
    EXPECT_EQ(phase_of(Level::centre, "P6"), 2035);
    EXPECT_EQ(phase_of(Level::institution, "I1"), 0);  // none left in the plan
    EXPECT_EQ(phase_of(Level::institution, "P1"), 0);
    ASSERT_EQ(r.beyond.size(), 3u);  // I1 2025 row, I1 2035 row, P1
    double beyond = 0;
    for (const auto& c : r.costs.sites) beyond += c.phase == 0 ? c.construction_yuan : 0.0;
    EXPECT_DOUBLE_EQ(beyond, 23760000);
    // The deferrals, by the phase that deferred them: 2025: P6 then I1 (ranked order),
    // 2035: the I1 unit (two rows) and P1.
    std::vector<std::string> listed;
    for (const auto& d : r.costs.deferred) {
        listed.push_back(std::to_string(d.from) + " " + d.where + " -> " + (d.to == 0 ? "beyond" : std::to_string(d.to)));
    }
    const std::vector<std::string> want = {"2025 P6 -> 2035", "2025 I1 -> 2035", "2035 I1 -> beyond", "2035 I1 -> beyond",
                                           "2035 P1 -> beyond"};
    std::vector<std::string> sorted_listed = listed, sorted_want = want;
    std::sort(sorted_listed.begin(), sorted_listed.end());
    std::sort(sorted_want.begin(), sorted_want.end());
    EXPECT_EQ(sorted_listed, sorted_want);
    int budget_rows = 0;
    for (const auto& u : r.unmet) budget_rows += u.target == "phase_budget" ? 1 : 0;
    EXPECT_EQ(budget_rows, 4);  // P6, I1 (2025); the I1 unit, P1 (2035)
}

// A budget that pays for everything changes nothing.
TEST(LayoutPhaseBudget, AmpleBudgetDefersNothing) {
    town::TempDir dir("layout_budget_ample");
    const auto files = lt::write_all(dir.path());
    const auto r = town_layout(files, "national", 1e9);
    EXPECT_DOUBLE_EQ(r.costs.phases[0].construction_yuan, 20460000);
    EXPECT_TRUE(r.costs.deferred.empty());
    EXPECT_TRUE(r.beyond.empty());
}

// --- Each phase meets the targets in force in its year ------------------------
// The town has two streets, neither with a compliant centre today (C1 1200 m² <
// 1500): 南街 gets the new centre on P6, 北街 the enlargement of C1; streets
// without any centre come first (南街). With --set coverage.street_centre.2030=0.5
// (keyed from 2030 only):
//   phases 2025, 2035: 2025 precedes the figure's first year -> no target yet
//     (before this rule it fell back to "every street") -> both centres in 2035;
//   phases 2025, 2030, 2035: 2030 needs 0.5 x 2 = 1 street -> P6 (南街) in 2030,
//     C1 in 2035 (the last phase takes every street).
TEST(LayoutPhaseTargets, AFigureNotYetInForceIsNoTarget) {
    town::TempDir dir("layout_targets_in_force");
    const auto files = lt::write_all(dir.path());
    auto centre_phase = [](const LayoutRun& r, const std::string& where) {
        for (const auto& s : r.sites) {
            if (s.level == Level::centre && (s.parcel_id == where || s.facility_id == where)) return s.phase;
        }
        return 0;
    };
    auto run = [&](std::vector<int> phases) {
        lc::app::InputConfig in;
        in.estates = files.estates;
        in.facilities = files.facilities;
        in.districts = files.districts;
        in.profile = "national";
        in.set_args = {"beds.per_1000_elderly=10", "coverage.street_centre.2030=0.5"};
        in.validate();
        LayoutConfig c;
        c.parcels = files.parcels;
        c.phases = std::move(phases);
        c.elderly_growth = 0.05;
        const auto audit = lc::app::run_audit(in, {});
        return lc::app::run_layout(audit, in, {}, c);
    };
    const auto two = run({2025, 2035});
    EXPECT_EQ(centre_phase(two, "P6"), 2035);
    EXPECT_EQ(centre_phase(two, "C1"), 2035);
    const auto three = run({2025, 2030, 2035});
    EXPECT_EQ(centre_phase(three, "P6"), 2030);
    EXPECT_EQ(centre_phase(three, "C1"), 2035);
    // Without the figure the hierarchy rule holds in every phase: both in 2025 (LayoutTown).
    const auto plain = town_layout(files, "national");
    EXPECT_EQ(centre_phase(plain, "P6"), 2025);
    EXPECT_EQ(centre_phase(plain, "C1"), 2025);
}

// --- The subsidy tables of the profiles --------------------------------------

TEST(ProfileSubsidies, CitiesProfilesCarryTheirSeedsFigures) {
    const auto y = lc::app::Profile::load("yinchuan");
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.new_bed.yuan"), 12000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.new_bed.region"), 6000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.new_bed.city"), 4000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.new_bed.district"), 2000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.leased_bed.yuan"), 10000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.operating_bed.yuan"), 2000);
    EXPECT_DOUBLE_EQ(y.number("subsidy.institution.operating_years"), 5);
    EXPECT_NE(y.source("subsidy.institution.new_bed.yuan").find("000 §四(二)2"), std::string::npos);
    const auto x = lc::app::Profile::load("xian");
    EXPECT_DOUBLE_EQ(x.number("subsidy.institution.new_bed.city"), 5000);
    EXPECT_DOUBLE_EQ(x.number("subsidy.institution.expanded_bed.yuan"), 5000);
    const auto b = lc::app::Profile::load("baotou");
    EXPECT_DOUBLE_EQ(b.number("subsidy.day_care.new_site.yuan"), 100000);
    EXPECT_DOUBLE_EQ(b.number("subsidy.station.min_building_area_m2"), 100);
    EXPECT_DOUBLE_EQ(b.number("subsidy.institution.operating_bed.yuan"), 1200);  // 100 a month
    EXPECT_FALSE(b.has("subsidy.institution.new_bed.city"));                     // payer not stated
    const auto j = lc::app::Profile::load("jinzhong");
    EXPECT_DOUBLE_EQ(j.number("subsidy.day_care.operating.district"), 20000);
    EXPECT_DOUBLE_EQ(j.number("subsidy.rural_home.new_site.yuan"), 30000);
    const auto n = lc::app::Profile::load("national");
    EXPECT_DOUBLE_EQ(n.number("cost.institution_yuan_per_m2"), 4500);
    EXPECT_FALSE(n.has("subsidy.institution.new_bed.yuan"));
}

TEST(ProfileSubsidies, PartsMustSumToTheTotal) {
    town::TempDir dir("profile_subsidy_parts");
    const std::string file = dir.str("bad.toml");
    write_text(file, R"toml(name = "bad"
inherits = "national"
[subsidy.institution.new_bed.yuan]
value = 12000
source = "test"
[subsidy.institution.new_bed.city]
value = 4000
source = "test"
[subsidy.institution.new_bed.district]
value = 2000
source = "test"
)toml");
    try {
        (void)lc::app::Profile::load(file);
        FAIL() << "expected InputError";
    } catch (const lc::InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("subsidy.institution.new_bed"), std::string::npos) << what;
        EXPECT_NE(what.find("6000"), std::string::npos) << what;
        EXPECT_NE(what.find("bad.toml"), std::string::npos) << what;
    }
}

TEST(ProfileSubsidies, UnknownSubsidyKeyAndBadValueAreRefused) {
    town::TempDir dir("profile_subsidy_keys");
    const std::string file = dir.str("odd.toml");
    write_text(file, R"toml(name = "odd"
inherits = "national"
[subsidy.institution.new_bed.province]
value = 100
source = "test"
)toml");
    EXPECT_THROW((void)lc::app::Profile::load(file), lc::InputError);
    EXPECT_THROW((void)lc::app::Profile::load("national", {{"subsidy.institution.new_bed.yuan", "-5"}}), lc::ArgumentError);
    EXPECT_THROW((void)lc::app::Profile::load("national", {{"cost.station_yuan_per_m2", "abc"}}), lc::ArgumentError);
}

// --set of a total keeps its payers' proportions (Yinchuan 6:4:2).
TEST(ProfileSubsidies, SetOfATotalKeepsTheSplit) {
    town::TempDir dir("layout_costs_set");
    const auto files = lt::write_all(dir.path());
    const std::string profile = dir.str("subsidised.toml");
    write_text(profile, k_subsidy_profile);
    lc::app::InputConfig in;
    in.estates = files.estates;
    in.facilities = files.facilities;
    in.districts = files.districts;
    in.profile = profile;
    in.set_args = {"beds.per_1000_elderly=10", "subsidy.institution.new_bed.yuan=24000", "cost.institution_yuan_per_m2=5000"};
    in.validate();
    LayoutConfig c;
    c.parcels = files.parcels;
    c.phases = {2025, 2035};
    c.elderly_growth = 0.05;
    const auto run = lc::app::run_audit(in, {});
    const auto r = lc::app::run_layout(run, in, {}, c);
    // P1: 58 beds x 24,000 = 1,392,000 split 6:4:2 -> 696,000 / 464,000 / 232,000; 2030 m² x 5000.
    const auto& p1 = cost_of(r, Level::institution, "P1", 2035);
    EXPECT_DOUBLE_EQ(p1.subsidy.total, 1392000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "region"), 696000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "city"), 464000);
    EXPECT_DOUBLE_EQ(payer(p1.subsidy, "district"), 232000);
    EXPECT_DOUBLE_EQ(p1.construction_yuan, 2030.0 * 5000);
    EXPECT_NE(r.costs.basis.at(Level::institution).find("--set"), std::string::npos);
}

}  // namespace
