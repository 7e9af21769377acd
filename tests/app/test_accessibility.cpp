// Accessibility (G2SFCA, 2SFCA) and its equity (Gini, Lorenz) of
// pipeline/accessibility.hpp, on the hand-worked example of
// docs/accessibility.md ("A worked example"), circle mode, d0 = 1000 m:
//
//   E1 (0,0) 100 elderly   F1 (0,0) station 600 m²     E2 (800,0) 200 elderly
//   F2 (1600,0) centre 1000 m²                          E3 (2100,0) 50 elderly
//
// Distances within d0: E1-F1 0, E2-F1 800, E2-F2 800, E3-F2 500 (E1-F2 1600,
// E3-F1 2100 are beyond). Gaussian weights, e = exp(-0.5) = 0.6065306597:
//   G(0) = 1; G(800) = (exp(-0.32) - e) / (1 - e) = (0.7261490371 - e) / 0.3934693403 = 0.3040093982;
//   G(500) = (exp(-0.125) - e) / (1 - e) = (0.8824969026 - e) / 0.3934693403 = 0.7013665732.
// G2SFCA step 1: R1 = 600 / (100·1 + 200·G(800)) = 600 / 160.8018796 = 3.7312996672;
//                R2 = 1000 / (200·G(800) + 50·G(500)) = 1000 / 95.8702083 = 10.4307690330.
// Step 2: A1 = R1 = 3.7312996672; A2 = G(800)·(R1 + R2) = 4.3054019832; A3 = G(500)·R2 = 7.3157927329.
// 2SFCA (G = 1): R1 = 600 / 300 = 2, R2 = 1000 / 250 = 4; A1 = 2, A2 = 2 + 4 = 6, A3 = 4.
// Both conserve supply: Σ P·A = 600 + 1000 = 1600, so the elderly-weighted mean is 1600 / 350 = 4.5714285714.
#include "app/test_coverage_town.hpp"

#include "pipeline/accessibility.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

namespace {

using lc::app::AccessResult;
using lc::app::City;
using lc::app::Estate;
using lc::app::Facility;
using lc::app::FacilityKind;
namespace geo = lc::geo;

constexpr double k_tol = 1e-9;
constexpr std::size_t k_none = static_cast<std::size_t>(-1);

Estate estate(const std::string& id, double x, double elderly) {
    Estate e;
    e.id = id;
    e.elderly = elderly;
    e.point = {x, 0};
    e.geometry = geo::Geometry::point(e.point);
    return e;
}

Facility facility(const std::string& id, double x, FacilityKind kind, double area, double beds) {
    Facility f;
    f.id = id;
    f.kind = kind;
    f.building_area = area;
    f.beds = beds;
    f.point = {x, 0};
    f.geometry = geo::Geometry::point(f.point);
    return f;
}

City example_city(FacilityKind f2_kind, double f2_beds) {
    City city;
    city.estates.push_back(estate("E1", 0, 100));
    city.estates.push_back(estate("E2", 800, 200));
    city.estates.push_back(estate("E3", 2100, 50));
    city.facilities.push_back(facility("F1", 0, FacilityKind::station, 600, 0));
    city.facilities.push_back(facility("F2", 1600, f2_kind, 1000, f2_beds));
    return city;
}

// Districts W = {E1, E2}, E = {E3}.
AccessResult measure(const City& city) {
    const auto coverage = lc::app::circle_coverage(city, 1000);
    return lc::app::measure_access(city, coverage, {{"W", "west"}, {"E", "east"}}, {0, 0, 1});
}

}  // namespace

TEST(Accessibility, GaussianWeightOfDai2010) {
    using lc::app::gaussian_weight;
    EXPECT_DOUBLE_EQ(gaussian_weight(0, 1000), 1.0);
    EXPECT_NEAR(gaussian_weight(1000, 1000), 0.0, 1e-15);  // exp(-0.5) - exp(-0.5)
    EXPECT_EQ(gaussian_weight(1000.001, 1000), 0.0);
    EXPECT_EQ(gaussian_weight(std::numeric_limits<double>::infinity(), 1000), 0.0);
    EXPECT_NEAR(gaussian_weight(500, 1000), 0.7013665732390044, k_tol);  // (0.8824969026 - 0.6065306597) / 0.3934693403
    EXPECT_NEAR(gaussian_weight(800, 1000), 0.3040093982257811, k_tol);  // (0.7261490371 - 0.6065306597) / 0.3934693403
    EXPECT_EQ(lc::app::catchment_weight(lc::app::Catchment::uniform, 1000, 1000), 1.0);
    EXPECT_EQ(lc::app::catchment_weight(lc::app::Catchment::uniform, 1000.5, 1000), 0.0);
}

TEST(Accessibility, HandWorkedExampleOfTheDocs) {
    const City city = example_city(FacilityKind::centre, 0);
    const AccessResult r = measure(city);
    ASSERT_EQ(r.estates.size(), 3u);
    EXPECT_EQ(r.d0_m, 1000.0);
    // G2SFCA (header): A1 = R1, A2 = G(800)(R1 + R2), A3 = G(500) R2.
    EXPECT_NEAR(r.estates[0].g2sfca, 3.7312996671682477, k_tol);
    EXPECT_NEAR(r.estates[1].g2sfca, 4.3054019831797525, k_tol);
    EXPECT_NEAR(r.estates[2].g2sfca, 7.315792732944497, k_tol);
    // 2SFCA: 2, 6, 4.
    EXPECT_NEAR(r.estates[0].fca2, 2.0, k_tol);
    EXPECT_NEAR(r.estates[1].fca2, 6.0, k_tol);
    EXPECT_NEAR(r.estates[2].fca2, 4.0, k_tol);
    // No institution: no beds.
    for (const auto& e : r.estates) EXPECT_EQ(e.beds_g2sfca, 0.0);
    // Means weighted by the elderly: 1600 / 350 for both (supply conserved).
    EXPECT_NEAR(r.city.mean_g2sfca, 1600.0 / 350.0, k_tol);
    EXPECT_NEAR(r.city.mean_2sfca, 1600.0 / 350.0, k_tol);
    EXPECT_EQ(r.city.elderly, 350.0);
    // Gini of G2SFCA, sorted E1 3.7313 (w 100/350), E2 4.3054 (200/350), E3 7.3158 (50/350);
    // value masses 373.130, 861.080, 365.790 of 1600: L = 0.2332081, 0.7713834, 1;
    // Gini = 1 - [100 (0.2332081) + 200 (1.0045915) + 50 (1.7713834)] / 350 = 0.1062650.
    EXPECT_NEAR(r.city.lorenz_access.gini, 0.1062650341906407, k_tol);
    // Gini of the nearest distance: E1 0 (100), E3 500 (50), E2 800 (200); masses 0, 25000,
    // 160000 of 185000: L = 0, 5/37, 1; Gini = 1 - [0 + 50 (5/37) + 200 (42/37)] / 350 = 86/259.
    EXPECT_NEAR(r.city.lorenz_distance.gini, 86.0 / 259.0, k_tol);
    EXPECT_EQ(r.city.estates_unreached, 0u);
    // The Lorenz curve's points: (0,0), then E1, E2, E3 by accessibility.
    ASSERT_EQ(r.city.lorenz_access.points.size(), 4u);
    EXPECT_NEAR(r.city.lorenz_access.points[1].first, 100.0 / 350.0, k_tol);
    EXPECT_NEAR(r.city.lorenz_access.points[1].second, 100 * 3.7312996671682477 / 1600.0, k_tol);
    EXPECT_EQ(r.city.lorenz_access.points[3], (std::pair<double, double>{1.0, 1.0}));

    // District W = {E1, E2}: mean (100 A1 + 200 A2) / 300 = 4.1140345; 2SFCA (200 + 1200) / 300.
    ASSERT_EQ(r.districts.size(), 2u);
    const auto& w = r.districts[0];
    EXPECT_EQ(w.id, "W");
    EXPECT_EQ(w.estates, 2u);
    EXPECT_NEAR(w.mean_g2sfca, (100 * 3.7312996671682477 + 200 * 4.3054019831797525) / 300, k_tol);
    EXPECT_NEAR(w.mean_2sfca, 1400.0 / 300.0, k_tol);
    // Gini of two: 1 - [1/3 L1 + 2/3 (1 + L1)] = 1/3 - L1, L1 = 100 A1 / (100 A1 + 200 A2) = 0.3023228.
    const double l1 = 100 * 3.7312996671682477 / (100 * 3.7312996671682477 + 200 * 4.3054019831797525);
    EXPECT_NEAR(w.lorenz_access.gini, 1.0 / 3.0 - l1, k_tol);
    // Distances 0 (100) and 800 (200): L1 = 0, Gini = 1 - 2/3 (1 + 0) = 1/3.
    EXPECT_NEAR(w.lorenz_distance.gini, 1.0 / 3.0, k_tol);
    // District E = {E3} alone: its own value; one estate is equal to itself (Gini 0).
    const auto& east = r.districts[1];
    EXPECT_NEAR(east.mean_g2sfca, 7.315792732944497, k_tol);
    EXPECT_NEAR(east.lorenz_access.gini, 0.0, k_tol);
}

// F2 an institution with 100 beds: it leaves the floor-area catchments and
// carries the beds. Floor area: F1 alone, R1 = 3.7312996672 as above, A1 = R1,
// A2 = G(800) R1 = 1.1343501664, A3 = 0; 2SFCA R1 = 2: A = 2, 2, 0.
// Beds: R2 = 100 / 95.8702083 = 1.0430769033; A1 = 0, A2 = G(800) R2 = 0.3171051817,
// A3 = G(500) R2 = 0.7315792733.
TEST(Accessibility, InstitutionsCarryBedsNotFloorArea) {
    const AccessResult r = measure(example_city(FacilityKind::institution, 100));
    EXPECT_NEAR(r.estates[0].g2sfca, 3.7312996671682477, k_tol);
    EXPECT_NEAR(r.estates[1].g2sfca, 1.1343501664158764, k_tol);
    EXPECT_EQ(r.estates[2].g2sfca, 0.0);
    EXPECT_NEAR(r.estates[0].fca2, 2.0, k_tol);
    EXPECT_NEAR(r.estates[1].fca2, 2.0, k_tol);
    EXPECT_EQ(r.estates[2].fca2, 0.0);
    EXPECT_EQ(r.estates[0].beds_g2sfca, 0.0);
    EXPECT_NEAR(r.estates[1].beds_g2sfca, 0.31710518167638757, k_tol);
    EXPECT_NEAR(r.estates[2].beds_g2sfca, 0.7315792732944496, k_tol);
    EXPECT_NEAR(r.city.mean_beds_g2sfca, 100.0 / 350.0, k_tol);  // every bed reaches someone
    EXPECT_NEAR(r.city.mean_g2sfca, 600.0 / 350.0, k_tol);
}

// lorenz() on its own: the 2SFCA values of the example (2, 6, 4 weighted 100,
// 200, 50): sorted 2, 4, 6, masses 200, 200, 1200 of 1600, L = 1/8, 1/4, 1;
// Gini = 1 - [100 (1/8) + 50 (3/8) + 200 (5/4)] / 350 = 1 - 281.25/350 = 11/56.
TEST(Accessibility, LorenzAndGini) {
    using lc::app::lorenz;
    EXPECT_NEAR(lorenz({2, 6, 4}, {100, 200, 50}).gini, 11.0 / 56.0, k_tol);
    // Equal values: the line of equality, Gini 0.
    EXPECT_NEAR(lorenz({3, 3, 3}, {1, 5, 2}).gini, 0.0, k_tol);
    // All in one of three equal groups: 1 - (1/3)(1 + 0) = 2/3.
    EXPECT_NEAR(lorenz({0, 0, 1}, {1, 1, 1}).gini, 2.0 / 3.0, k_tol);
    // Zero weights and non-finite values are left out: the same as {2, 6} weighted {100, 200}:
    // L1 = 200/1400 = 1/7, Gini = 1 - [1/3 (1/7) + 2/3 (8/7)] = 1 - 17/21 = 4/21.
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_NEAR(lorenz({2, 6, 9, inf}, {100, 200, 0, 50}).gini, 4.0 / 21.0, k_tol);
    // Undefined: no weight, or nothing to share.
    EXPECT_TRUE(std::isnan(lorenz({}, {}).gini));
    EXPECT_TRUE(std::isnan(lorenz({0, 0}, {1, 2}).gini));
    EXPECT_TRUE(lorenz({0, 0}, {1, 2}).points.empty());
}

// Network mode: the catchments are the walking distances behind nearest_m, on
// the river town of tests/app/test_coverage_town.hpp (threshold 900 m, --max-snap
// 300 m). F1 (300,480) snaps 20 m onto the south street (y = 500), F2 (1900,1120)
// 20 m onto the north street (y = 1100); the footbridge joins them at x = 200.
//   S1 centre (1000,460), 40 m from the south street: F1 20 + 700 + 40 = 760.
//   N1 centre (300,1130), 30 m from the north street: F1 20 + 100 + 600 + 100 + 30 = 850.
//   N2 centre (800,1130): F1 20 + 100 + 600 + 600 + 30 = 1350, F2 20 + 1100 + 30 = 1150: none.
//   FAR centre (1000,2000): 900 m from every street, beyond --max-snap: none.
TEST(Accessibility, NetworkCatchmentsAreTheCoverageDistances) {
    namespace town = lc::test::town;
    namespace ct = lc::test::covtown;
    town::TempDir dir("access_net");
    const ct::RiverFiles f = ct::write_river_town(dir);
    lc::app::InputConfig in;
    in.estates = f.estates;
    in.facilities = f.facilities;
    in.network = f.network;
    const lc::app::CoverageRun run = lc::app::run_coverage(in, lc::app::CoverageConfig{});
    ASSERT_EQ(run.coverage.mode, lc::app::CoverageMode::network);
    const lc::app::SiteReach reach = lc::app::access_reach(run.city, run.coverage);
    ASSERT_EQ(reach.per_site.size(), 2u);
    std::map<std::string, double> f1;
    for (const auto& [i, d] : reach.per_site[0]) f1[run.city.estates[i].id] = d;
    ASSERT_EQ(f1.size(), 2u);
    EXPECT_NEAR(f1.at("S1"), 760.0, 1.0);
    EXPECT_NEAR(f1.at("N1"), 850.0, 1.0);
    EXPECT_TRUE(reach.per_site[1].empty());
    // And each estate's smallest catchment distance is its nearest_m (none: infinite both).
    std::vector<double> smallest(run.city.estates.size(), std::numeric_limits<double>::infinity());
    for (const auto& list : reach.per_site) {
        for (const auto& [i, d] : list) smallest[i] = std::min(smallest[i], d);
    }
    for (std::size_t i = 0; i < smallest.size(); ++i) {
        const double nearest = run.coverage.estates[i].nearest_m;
        if (std::isfinite(nearest)) {
            EXPECT_NEAR(smallest[i], nearest, 1e-6) << run.city.estates[i].id;
        } else {
            EXPECT_FALSE(std::isfinite(smallest[i])) << run.city.estates[i].id;
        }
    }
    // Unreached (N2, FAR) are counted and left out of the distance Gini:
    // sorted S1 760 (300 elderly), N1 850 (100): masses 228000, 85000 of 313000, L1 = 228000/313000;
    // Gini = 1 - [3/4 L1 + 1/4 (1 + L1)] = 3/4 - L1 = 0.0215655.
    const AccessResult r = lc::app::measure_access(run.city, run.coverage, {}, {});
    EXPECT_EQ(r.city.estates_unreached, 2u);
    EXPECT_EQ(r.city.elderly_unreached, 600.0);
    EXPECT_NEAR(r.city.lorenz_distance.gini, 0.75 - 228000.0 / 313000.0, 1e-5);
}
