// Crediting proposed sites with their gain to the headline coverage
// (pipeline/site_credit.hpp), on a town worked by hand. Circle mode, 500 m.
//   F  existing at (0,0)        A  square [-50,50]^2, 100 elderly: inside F's circle
//   B  square x 1950..2050, y -50..50,   200 elderly
//   C  square x 1950..2050, y 550..650,   50 elderly
//   D  square x 3950..4050, y -50..50,    30 elderly
//   G  square x 2450..2550, y -50..50,   100 elderly
//   E  a point estate at (6000,0),        40 elderly
// New sites, in the solver's order:
//   S2 (2000,0):   B whole (corners 70.7 m); C none (nearest 550 m); G in part:
//                  x <= 2000 + sqrt(500² - y²) over y in -50..50 is
//                  ∫ (sqrt(250000 - y²) - 450) dy ≈ ∫ (50 - y²/1000) dy = 5000 - 83.3 = 4916.7 m² of
//                  10000 -> 49.17 elderly (the circle is a 128-gon: ~0.1 less).
//   S1 (2000,300): B and C whole (farthest corners 353.6 m); G none (514.8 m).
//   S3 (4000,0):   D whole.
//   S4 (6000,100): E (100 m).
// Greedy by gain: S1 250 (B + C), then S2 49.2 (G only: B is S1's), S4 40, S3 30.
// Their sum, 369.2, is the headline gain: 100 covered before, 469.2 after.
#include "pipeline/coverage.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/site_credit.hpp"

#include <gtest/gtest.h>

#include <array>

namespace {

using lc::app::City;
using lc::app::Estate;
using lc::app::Facility;
namespace geo = lc::geo;

Estate square(const std::string& id, double x0, double y0, double elderly) {
    Estate e;
    e.id = id;
    e.elderly = elderly;
    const std::array<geo::Point, 4> ring{{{x0, y0}, {x0 + 100, y0}, {x0 + 100, y0 + 100}, {x0, y0 + 100}}};
    e.geometry = geo::Geometry::polygon(ring);
    e.point = {x0 + 50, y0 + 50};
    e.area_m2 = 10000;
    return e;
}

Facility site(const std::string& id, double x, double y) {
    Facility f;
    f.id = id;
    f.point = {x, y};
    f.geometry = geo::Geometry::point(f.point);
    return f;
}

double covered(const City& city, const lc::app::CoverageResult& c) {
    double sum = 0;
    for (std::size_t i = 0; i < city.estates.size(); ++i) sum += city.estates[i].elderly * c.estates[i].covered_share;
    return sum;
}

}  // namespace

TEST(SiteCredit, GreedyMarginalGainsAddUpToTheHeadline) {
    City city;
    city.estates.push_back(square("A", -50, -50, 100));
    city.estates.push_back(square("B", 1950, -50, 200));
    city.estates.push_back(square("C", 1950, 550, 50));
    city.estates.push_back(square("D", 3950, -50, 30));
    city.estates.push_back(square("G", 2450, -50, 100));
    Estate e;
    e.id = "E";
    e.elderly = 40;
    e.point = {6000, 0};
    e.geometry = geo::Geometry::point(e.point);
    city.estates.push_back(std::move(e));
    city.facilities.push_back(site("F", 0, 0));
    const auto before = lc::app::circle_coverage(city, 500);
    for (const auto& [id, x, y] : {std::tuple{"S2", 2000.0, 0.0}, {"S1", 2000.0, 300.0}, {"S3", 4000.0, 0.0},
                                   {"S4", 6000.0, 100.0}}) {
        city.facilities.push_back(site(id, x, y));
    }
    const auto after = lc::app::circle_coverage(city, 500);
    const auto credits = lc::app::credit_sites(city, 1, before, after, lc::app::CoverageConfig{});

    ASSERT_EQ(credits.size(), 4U);
    // Indexes among the new sites: S2 = 0, S1 = 1, S3 = 2, S4 = 3.
    EXPECT_EQ(credits[0].site, 1U);
    EXPECT_NEAR(credits[0].gain, 250.0, 1e-6);
    EXPECT_EQ(credits[1].site, 0U);
    EXPECT_NEAR(credits[1].gain, 49.17, 0.15);
    EXPECT_EQ(credits[2].site, 3U);
    EXPECT_NEAR(credits[2].gain, 40.0, 1e-9);
    EXPECT_EQ(credits[3].site, 2U);
    EXPECT_NEAR(credits[3].gain, 30.0, 1e-6);

    EXPECT_NEAR(covered(city, before), 100.0, 1e-6);
    double sum = 0;
    for (const auto& c : credits) sum += c.gain;
    EXPECT_NEAR(sum, covered(city, after) - covered(city, before), 1e-6);
}

// A site that adds nothing (its estates are covered already) is credited 0, last.
TEST(SiteCredit, ASiteAddingNothingComesLastWithZero) {
    City city;
    city.estates.push_back(square("A", -50, -50, 100));
    city.facilities.push_back(site("F", 0, 0));
    const auto before = lc::app::circle_coverage(city, 500);
    city.facilities.push_back(site("S", 10, 0));
    const auto after = lc::app::circle_coverage(city, 500);
    const auto credits = lc::app::credit_sites(city, 1, before, after, lc::app::CoverageConfig{});
    ASSERT_EQ(credits.size(), 1U);
    EXPECT_EQ(credits[0].site, 0U);
    EXPECT_NEAR(credits[0].gain, 0.0, 1e-9);
}

// Numbers for people: a credit of -0.0001 (geometric noise) reads "0", not "-0".
TEST(FormatNumber, NegativeZeroReadsZero) {
    EXPECT_EQ(lc::app::format_number(-0.0001, 0), "0");
    EXPECT_EQ(lc::app::format_number(-0.004, 2), "0.00");
    EXPECT_EQ(lc::app::format_number(-0.6, 0), "-1");
    EXPECT_EQ(lc::app::format_number(-1234.5, 1), "-1,234.5");
    EXPECT_EQ(lc::app::format_number(12345.0, 0), "12,345");
}
