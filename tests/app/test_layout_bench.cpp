// Layout benchmark on a synthetic large city (disabled by default; run with
//   tests/test_app --gtest_also_run_disabled_tests --gtest_filter='*LayoutBench*'
// [LC_LAYOUT_BENCH_N=80]). It prints the time per level and phase.
//
// The city: an N x N grid of 250 m blocks. Every block whose row and column are
// not both multiples of 4 is a 200 m square estate (800 households, 2400
// residents, 480 elderly); the others hold a 150 m square parcel (vacant,
// 22500 m²). Communities are 4 x 4 blocks, streets 12 x 12, districts three
// vertical bands. One 200 m² station stands in every ninth community (no land)
// and one institution (100 beds, 5000 m² of land) in each district.
#include "app/town_fixture.hpp"

#include "pipeline/layout.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace town = lc::test::town;

namespace {

TEST(LayoutBench, DISABLED_SyntheticLargeCity) {
    int n = 60;
    if (const char* e = std::getenv("LC_LAYOUT_BENCH_N")) n = std::max(8, std::atoi(e));
    const double pitch = 250;
    town::TempDir dir("layout_bench");
    town::Layer est;
    est.name = "estates";
    est.geometry_type = wkbPolygon;
    est.fields = {{"id", town::Type::string},         {"households", town::Type::integer}, {"population", town::Type::integer},
                  {"elderly", town::Type::integer},   {"community", town::Type::string},   {"street", town::Type::string},
                  {"district", town::Type::string}};
    town::Layer par;
    par.name = "parcels";
    par.geometry_type = wkbPolygon;
    par.fields = {{"id", town::Type::string}, {"land_use", town::Type::string}, {"area", town::Type::real}};
    town::Layer fac;
    fac.name = "facilities";
    fac.geometry_type = wkbPoint;
    fac.fields = {{"id", town::Type::string},          {"kind", town::Type::string}, {"building_area", town::Type::real},
                  {"land_area", town::Type::real},     {"beds", town::Type::integer}, {"nursing_beds", town::Type::integer}};
    auto district_of = [&](int col) { return "D" + std::to_string(1 + col * 3 / n); };
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const double x = c * pitch, y = r * pitch;
            const std::string cell = std::to_string(r) + "_" + std::to_string(c);
            if (r % 4 == 0 && c % 4 == 0) {
                par.rows.push_back({town::rect(x + 50, y + 50, x + 200, y + 200),
                                    {town::s(("P" + cell).c_str()), town::s("vacant"), town::d(22500)}});
                continue;
            }
            const std::string community = "C" + std::to_string(r / 4) + "_" + std::to_string(c / 4);
            const std::string street = "S" + std::to_string(r / 12) + "_" + std::to_string(c / 12);
            est.rows.push_back({town::rect(x + 25, y + 25, x + 225, y + 225),
                                {town::s(("E" + cell).c_str()), town::i(800), town::i(2400), town::i(480),
                                 town::s(community.c_str()), town::s(street.c_str()), town::s(district_of(c).c_str())}});
            if (r % 12 == 1 && c % 12 == 1) {
                fac.rows.push_back({town::point(x + 125, y + 125),
                                    {town::s(("F" + cell).c_str()), town::s("station"), town::d(200), town::d(0), town::null,
                                     town::null}});
            }
        }
    }
    for (int k = 0; k < 3; ++k) {
        const int c = k * n / 3 + 1, r = 2;
        fac.rows.push_back({town::point(c * pitch + 10, r * pitch + 10),
                            {town::s(("I" + std::to_string(k)).c_str()), town::s("institution"), town::d(3500),
                             town::d(5000), town::i(100), town::i(0)}});
    }
    const std::string fe = dir.str("estates.geojson"), ff = dir.str("facilities.geojson"), fp = dir.str("parcels.geojson");
    town::write(fe, est, "GeoJSON");
    town::write(ff, fac, "GeoJSON");
    town::write(fp, par, "GeoJSON");

    lc::app::InputConfig in;
    in.estates = fe;
    in.facilities = ff;
    in.validate();
    const auto t0 = std::chrono::steady_clock::now();
    const auto run = lc::app::run_audit(in, {});
    const double t_audit = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    lc::app::LayoutConfig cfg;
    cfg.parcels = fp;
    cfg.phases = {2025, 2030, 2035};
    cfg.elderly_growth = 0.03;
    const auto progress = [](const std::string& stage, const std::string& msg) {
        std::printf("  %-8s %s\n", stage.c_str(), msg.c_str());
    };
    const auto layout = lc::app::run_layout(run, in, {}, cfg, progress);
    std::printf("synthetic city %dx%d blocks: %zu estates, %zu parcels, %zu facilities; audit %.2f s\n", n, n,
                est.rows.size(), par.rows.size(), fac.rows.size(), t_audit);
    for (const auto& [what, secs] : layout.timing) std::printf("  %-16s %.3f s\n", what.c_str(), secs);
    std::printf("  sites %zu, unmet %zu\n", layout.sites.size(), layout.unmet.size());
    EXPECT_FALSE(layout.sites.empty());
}

}  // namespace
