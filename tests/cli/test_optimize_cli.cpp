// `lifecircle optimize`: OR-Library, cost-matrix and GIS front ends, and bad input.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::run_cli;

namespace {
const fs::path k_shared = LC_SHARED_DATASETS;
const fs::path k_demo = fs::path(LC_TEST_SOURCE_DIR) / "datasets/demo";

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}
}  // namespace

// pmed1: n = 100, p = 5, published optimum 5819 (shared/datasets/orlib-pmed/optimum.csv).
TEST(OptimizeCli, OrlibPmed1ProvenOptimal) {
    const fs::path file = k_shared / "orlib-pmed/pmed1.txt";
    if (!fs::exists(file)) GTEST_SKIP() << "shared/datasets/orlib-pmed is absent";
    const fs::path dir = fresh_dir("opt", "orlib");
    const auto r = run_cli({"optimize", "--orlib", file.string(), "--out", (dir / "o").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["model"], "pmedian");
    EXPECT_EQ(j["objective"].get<double>(), 5819.0);
    EXPECT_EQ(j["bound"].get<double>(), 5819.0);
    EXPECT_EQ(j["gap"].get<double>(), 0.0);
    EXPECT_EQ(j["status"], "optimal");
    EXPECT_EQ(j["sites"].size(), 5u);
    // optimum.csv beside the instance gives the published optimum and the gap to it.
    EXPECT_EQ(j["published_optimum"].get<double>(), 5819.0);
    EXPECT_EQ(j["gap_to_published"].get<double>(), 0.0);
    EXPECT_TRUE(fs::exists(dir / "o" / "summary.json"));
}

// San Francisco (spopt's test data): MCLP, 5000 m, p = 4, POP2000 covers 875,247
// (confirmed by enumerating all C(16,4) = 1,820 four-site sets; docs/optimize.md).
TEST(OptimizeCli, SanFranciscoMclp) {
    const fs::path sf = k_shared / "san-francisco-spopt";
    if (!fs::exists(sf)) GTEST_SKIP() << "shared/datasets/san-francisco-spopt is absent";
    const auto r = run_cli({"optimize", "--cost-matrix",
                            (sf / "SF_network_distance_candidateStore_16_censusTract_205_new.csv").string(),
                            "--demand", (sf / "SF_demand_205_centroid_uniform_weight.csv").string(), "--demand-id",
                            "NAME", "--weight", "POP2000", "--cost-fields",
                            "candidate=name,demand=DestinationName,cost=distance", "--model", "mclp", "--radius", "5000",
                            "--p", "4"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_NEAR(j["objective"].get<double>(), 875247.0, 0.5);
    EXPECT_EQ(j["status"], "optimal");
}

// Hand-made cost matrix: sites A and B, demands x (w 3), y (w 2), z (w 1).
// A reaches x (100) and y (400); B reaches z (50) and y (200). Radius 300, p = 1:
// A covers x only (3), B covers y and z (3): a tie at 3; p = 2 covers all 6.
TEST(OptimizeCli, CostMatrixByHand) {
    const fs::path dir = fresh_dir("opt", "matrix");
    write(dir / "costs.csv", "candidate_id,demand_id,cost\nA,x,100\nA,y,400\nB,z,50\nB,y,200\n");
    write(dir / "demand.csv", "id,weight\nx,3\ny,2\nz,1\n");
    const auto r = run_cli({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                            (dir / "demand.csv").string(), "--radius", "300", "--p", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["objective"].get<double>(), 6.0);
    const auto one = run_cli({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                              (dir / "demand.csv").string(), "--radius", "300", "--p", "1"});
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_EQ(nlohmann::json::parse(one.out)["objective"].get<double>(), 3.0);
}

// A solve that is not optimal is an answer, not an error: exit 0, its status in
// the summary and one warning. Capacity 2 per site (--capacity 2) against
// demands of weight 3, 2 and 1 (loads = weights): a p-median with p = 1 must
// give every demand whole to one site, which no site can hold -> infeasible.
TEST(OptimizeCli, NotOptimalIsAWarning) {
    const fs::path dir = fresh_dir("opt", "infeasible");
    write(dir / "costs.csv", "candidate_id,demand_id,cost\nA,x,100\nA,y,400\nB,z,50\nB,y,200\n");
    write(dir / "demand.csv", "id,weight\nx,3\ny,2\nz,1\n");
    const auto r = run_cli({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                            (dir / "demand.csv").string(), "--model", "pmedian", "--p", "1", "--capacity", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["status"], "infeasible");
    ASSERT_EQ(j["warnings"].size(), 1u) << j.dump(2);
    EXPECT_NE(j["warnings"][0].get<std::string>().find("pmedian: the model has no solution"), std::string::npos);
}

TEST(OptimizeCli, BadInputExits2WithLineNumbers) {
    const fs::path dir = fresh_dir("opt", "bad");
    write(dir / "costs.csv", "candidate_id,demand_id,cost\nA,x,100\nA,y,-4\n");
    write(dir / "demand.csv", "id,weight\nx,3\ny,2\n");
    auto r = run_cli({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                      (dir / "demand.csv").string(), "--radius", "300", "--p", "1", "--out", (dir / "o").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("costs.csv"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("3"), std::string::npos) << r.err;  // line 3
    EXPECT_FALSE(fs::exists(dir / "o"));
    write(dir / "costs2.csv", "candidate_id,demand_id,cost\nA,x,100\nA,q,50\n");
    r = run_cli({"optimize", "--cost-matrix", (dir / "costs2.csv").string(), "--demand", (dir / "demand.csv").string(),
                 "--radius", "300", "--p", "1"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("q"), std::string::npos) << r.err;  // unknown demand id
    write(dir / "costs3.csv", "candidate_id,demand_id,cost\nA,x,100\n");
    r = run_cli({"optimize", "--cost-matrix", (dir / "costs3.csv").string(), "--demand", (dir / "demand.csv").string(),
                 "--radius", "300", "--p", "5"});
    EXPECT_EQ(r.status, 2);  // p larger than the number of candidates
    write(dir / "bad.txt", "10 3 2\n1 2 5\n2 x 4\n");
    r = run_cli({"optimize", "--orlib", (dir / "bad.txt").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("bad.txt"), std::string::npos) << r.err;
}

// --tsplib: six points in two clusters, demands 3,1,1 | 1,1,3:
//   1 (0,0)   2 (1.2,1.2)   3 (2.4,0)   |   4 (10,0)   5 (11.2,1.2)   6 (12.4,0)
// Rounded-down distances: d12 = floor(1.697) = 1, d13 = 2, d23 = 1 (the same on the
// right), across at least d34 = 7. p = 2: one median per cluster; left at 1 costs
// 1*1 + 1*2 = 3 (at 2: 3 + 1 = 4; at 3: 6 + 1 = 7), right at 6 costs 2*1 + 1*1 = 3.
// Optimum 6 with sites 1 and 6 (nearest-integer rounding would give 8).
TEST(OptimizeCli, TsplibByHand) {
    const fs::path dir = fresh_dir("opt", "tsplib");
    write(dir / "tiny.tsp",
          "NAME : tiny\nTYPE : TSP\nDIMENSION : 6\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
          "1 0 0\n2 1.2 1.2\n3 2.4 0\n4 1.0e+01 0\n5 11.2 1.2\n6 12.4 0\n"
          "DEMAND_SECTION\n1 3\n2 1\n3 1\n4 1\n5 1\n6 3\nEOF\n");
    auto r = run_cli({"optimize", "--tsplib", (dir / "tiny.tsp").string(), "--model", "pmedian", "--p", "2", "--out",
                      (dir / "o").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["objective"].get<double>(), 6.0);
    EXPECT_EQ(j["bound"].get<double>(), 6.0);
    EXPECT_EQ(j["gap"].get<double>(), 0.0);
    EXPECT_EQ(j["status"], "optimal");
    EXPECT_EQ(j["sites"], nlohmann::json::array({"1", "6"}));
    EXPECT_EQ(j["candidate_source"], "tsplib");
    EXPECT_EQ(j["weight"], "demand");
    EXPECT_EQ(j["total_weight"].get<double>(), 10.0);
    EXPECT_TRUE(fs::exists(dir / "o" / "summary.json"));
    // MCLP on the same points, radius 1: each cluster's middle point covers its
    // cluster (d21 = d23 = 1), so p = 1 covers 5 (the left: 3+1+1; the right: 1+1+3).
    // Point 1 covers 1 and 2 only (d13 = 2): 4. p = 2 covers all 10.
    r = run_cli({"optimize", "--tsplib", (dir / "tiny.tsp").string(), "--model", "mclp", "--p", "2", "--radius", "1"});
    ASSERT_EQ(r.status, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["objective"].get<double>(), 10.0);
    EXPECT_EQ(j["sites"], nlohmann::json::array({"2", "5"}));
}

// --tsplib bad input and arguments: exit 2 with a message naming the file or flag.
TEST(OptimizeCli, TsplibBadInputExits2) {
    const fs::path dir = fresh_dir("opt", "tsplib_bad");
    write(dir / "bad.tsp", "NAME : bad\nNODE_COORD_SECTION\n1 0 0\n2 1 x\nEOF\n");
    auto r = run_cli({"optimize", "--tsplib", (dir / "bad.tsp").string(), "--p", "1"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("bad.tsp"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("line 4"), std::string::npos) << r.err;
    write(dir / "ok.tsp", "NODE_COORD_SECTION\n1 0 0\n2 3 4\n");
    r = run_cli({"optimize", "--tsplib", (dir / "ok.tsp").string(), "--distance", "manhattan", "--p", "1"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--distance"), std::string::npos) << r.err;
    r = run_cli({"optimize", "--orlib", (dir / "ok.tsp").string(), "--distance", "geo"});
    EXPECT_EQ(r.status, 2);  // --distance applies to --tsplib only
    EXPECT_NE(r.err.find("--distance"), std::string::npos) << r.err;
    r = run_cli({"optimize", "--tsplib", (dir / "ok.tsp").string(), "--model", "pmedian"});
    EXPECT_EQ(r.status, 2);  // --p is required
    // 7,400 points: a p-median's dense table and lists would take 7400^2 x 40 bytes =
    // 2.19 GB, over the 2 GiB limit: refused before anything is allocated.
    std::string big = "NAME : big\nNODE_COORD_SECTION\n";
    for (int i = 1; i <= 7400; ++i) big += std::to_string(i) + " " + std::to_string(i % 100) + " " + std::to_string(i / 100) + "\n";
    write(dir / "big.tsp", big);
    r = run_cli({"optimize", "--tsplib", (dir / "big.tsp").string(), "--model", "pmedian", "--p", "10", "--out",
                 (dir / "o").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("big.tsp"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("7400 points"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "o"));
}

// The GIS front end on the demo city: MCLP with p = 2 over its walking network, demand =
// elderly at representative points.
TEST(OptimizeCli, GisFrontEndOnTheDemo) {
    if (!fs::exists(k_demo / "estates.geojson")) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("opt", "gis");
    const auto r = run_cli({"optimize", "--demo", "--model", "mclp", "--p", "2", "--json", "--quiet", "--out",
                            (dir / "o").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["model"], "mclp");
    EXPECT_LE(j["objective"].get<double>(), j["bound"].get<double>() + 1e-6);
    EXPECT_EQ(j["proposed_sites"].size(), j["sites"].size());
    EXPECT_TRUE(fs::exists(dir / "o" / "proposed_sites.geojson"));
    EXPECT_TRUE(fs::exists(dir / "o" / "summary.json"));
    const auto nop = run_cli({"optimize", "--demo", "--model", "mclp", "--quiet"});
    EXPECT_EQ(nop.status, 2);
    EXPECT_NE(nop.err.find("--p"), std::string::npos) << nop.err;
}
