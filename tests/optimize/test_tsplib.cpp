// TSPLIB-style point files (readers.hpp: read_tsplib_points, tsplib_problem) and the
// published optima they carry: p-median on TSPLIB points (Duran-Mateluna, Ales &
// Elloumi 2023), MCLP on real city points (Maximo, Cordeau & Nascimento 2023) and the
// vertex p-center radii of OR-Library pmed1-40. Tests with shared data skip when
// ../shared/datasets is absent.
#include "lc/error.hpp"
#include "lc/optimize/readers.hpp"
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using lc::opt::TsplibDistance;

const fs::path k_shared = LC_SHARED_DATASETS;

fs::path write_temp(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "lc_test_tsplib";
    fs::create_directories(dir);
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// Six points in two clusters, demands 3,1,1 | 1,1,3:
//   1 (0,0)   2 (1.2,1.2)   3 (2.4,0)   |   4 (10,0)   5 (11.2,1.2)   6 (12.4,0)
// Rounded-down distances inside a cluster: d12 = floor(1.697) = 1, d13 = floor(2.4) = 2,
// d23 = 1 (the same on the right: d45 = 1, d46 = 2, d56 = 1); across, at least
// floor(sqrt(7.6^2)) = d34 = 7. With p = 2 one median per cluster is best (a pair in
// one cluster leaves 5 weight at >= 7). Left: at 1, 1*1 + 1*2 = 3; at 2, 3*1 + 1*1 = 4;
// at 3, 3*2 + 1*1 = 7. Right: at 4, 1*1 + 3*2 = 7; at 5, 1*1 + 3*1 = 4; at 6, 1*2 + 1*1 = 3.
// Optimum 3 + 3 = 6 with sites 1 and 6. (TSPLIB's nearest-integer rounding would make
// d12 = 2 and the optimum 8; real distances 8.19: the rule matters.)
// Without the DEMAND_SECTION (all weights 1): left at 2 costs 1 + 1 = 2, right at 5
// costs 2: optimum 4 with sites 2 and 5.
constexpr const char* k_tiny =
    "NAME : tiny\nTYPE : TSP\nDIMENSION : 6\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
    "1 0 0\n2 1.2 1.2\n3 2.4e+00 0\n4 10 0\n5 11.2 1.2\n6 1.24000e+01 0\n";
constexpr const char* k_tiny_demand = "DEMAND_SECTION\n1 3\n2 1\n3 1\n4 1\n5 1\n6 3\nEOF\n";

lc::opt::Result solve(const lc::opt::Problem& pb, lc::opt::Model m, std::size_t p, double time_limit = 30.0,
                      std::optional<double> radius = std::nullopt) {
    lc::opt::Options o;
    o.model = m;
    o.p = p;
    o.radius = radius;
    o.solver = lc::opt::SolverKind::exact;
    o.time_limit = time_limit;
    return lc::opt::solve(pb, o);
}

TEST(Tsplib, HandMadeRoundedDownDistances) {
    const auto pts = lc::opt::read_tsplib_points(write_temp("tiny.tsp", std::string(k_tiny) + k_tiny_demand).string());
    EXPECT_EQ(pts.name, "tiny");
    ASSERT_EQ(pts.x.size(), 6u);
    EXPECT_TRUE(pts.has_demand);
    EXPECT_EQ(pts.weight, (std::vector<double>{3, 1, 1, 1, 1, 3}));
    EXPECT_EQ(lc::opt::tsplib_distance(pts, 0, 1, TsplibDistance::floor), 1.0);
    EXPECT_EQ(lc::opt::tsplib_distance(pts, 0, 2, TsplibDistance::floor), 2.0);
    EXPECT_EQ(lc::opt::tsplib_distance(pts, 2, 3, TsplibDistance::floor), 7.0);
    EXPECT_EQ(lc::opt::tsplib_distance(pts, 5, 4, TsplibDistance::floor), 1.0);
    const auto pb = lc::opt::tsplib_problem(pts, TsplibDistance::floor);
    EXPECT_TRUE(pb.costs.is_dense());
    const auto r = solve(pb, lc::opt::Model::pmedian, 2);
    EXPECT_EQ(r.status, lc::opt::Status::optimal);
    EXPECT_EQ(r.objective, 6.0);
    EXPECT_EQ(r.sites, (std::vector<std::string>{"1", "6"}));
}

TEST(Tsplib, HandMadeUnitWeights) {
    const auto pts = lc::opt::read_tsplib_points(write_temp("tiny_unit.tsp", std::string(k_tiny) + "EOF\n").string());
    EXPECT_FALSE(pts.has_demand);
    EXPECT_EQ(pts.weight, std::vector<double>(6, 1.0));
    const auto r = solve(lc::opt::tsplib_problem(pts, TsplibDistance::floor), lc::opt::Model::pmedian, 2);
    EXPECT_EQ(r.objective, 4.0);
    EXPECT_EQ(r.sites, (std::vector<std::string>{"2", "5"}));
}

// The MCLP city format: "lat lon" lines without numbers, then bare demands. Four points
// on the meridian 120 E at latitudes 30.000, 30.001, 30.002, 30.010, demands 1, 2, 3, 4.
// Along a meridian the law of cosines gives the latitude difference: 0.001 deg =
// 1.7453293e-5 rad x 6,378,100 m = 111.3195 m (acos near 1 loses about a millimetre: within 1 cm);
// 0.002 deg = 222.6 m; 30.002 -> 30.010 = 890.556 m.
// Radius 120: point 2 covers 1, 2, 3 (weight 6), point 4 only itself (4). p = 1: 6; p = 2: 10.
TEST(Tsplib, GeoCoverageByHand) {
    const auto path = write_temp("geo.txt",
                                 "NAME : line\nTYPE : MCLP\nEDGE_WEIGHT_TYPE : COORD\nDIMENSION : 4\nNODE_COORD_SECTION\t\n"
                                 "30.000 120.0\n30.001 120.0\n30.002 120.0\n30.010 120.0\nDEMAND_SECTION\n1\n2\n3\n4\n");
    const auto pts = lc::opt::read_tsplib_points(path.string());
    EXPECT_NEAR(lc::opt::tsplib_distance(pts, 0, 1, TsplibDistance::geo), 111.3195, 0.01);
    EXPECT_NEAR(lc::opt::tsplib_distance(pts, 2, 3, TsplibDistance::geo), 890.556, 0.01);
    EXPECT_EQ(lc::opt::tsplib_distance(pts, 2, 2, TsplibDistance::geo), 0.0);
    const auto pb = lc::opt::tsplib_problem(pts, TsplibDistance::geo, 120.0);
    EXPECT_FALSE(pb.costs.is_dense());
    EXPECT_EQ(pb.costs.n_links(), 4u + 2u * 2u);  // four selves, pairs (1,2) and (2,3) both ways
    const auto one = solve(pb, lc::opt::Model::mclp, 1, 30.0, 120.0);
    EXPECT_EQ(one.objective, 6.0);
    EXPECT_EQ(one.sites, (std::vector<std::string>{"2"}));
    EXPECT_EQ(solve(pb, lc::opt::Model::mclp, 2, 30.0, 120.0).objective, 10.0);
}

TEST(Tsplib, BadInputNamesTheLine) {
    const auto expect_error = [](const std::string& name, const std::string& text, const std::string& needle) {
        try {
            (void)lc::opt::read_tsplib_points(write_temp(name, text).string());
            ADD_FAILURE() << name << ": no error";
        } catch (const lc::InputError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << name << ": " << e.what();
        }
    };
    expect_error("none.tsp", "NAME : x\nDIMENSION : 2\n", "no points");
    expect_error("dim.tsp", "DIMENSION : 3\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n", "DIMENSION is 3");
    expect_error("num.tsp", "NODE_COORD_SECTION\n1 0 0\n2 1 abc\n", "line 3");
    expect_error("order.tsp", "NODE_COORD_SECTION\n1 0 0\n3 1 1\n", "node number '3'");
    expect_error("dem.tsp", "NODE_COORD_SECTION\n1 0 0\n2 1 1\nDEMAND_SECTION\n1 5\n", "DEMAND_SECTION has 1 lines");
    expect_error("neg.tsp", "NODE_COORD_SECTION\n0 0\n1 1\nDEMAND_SECTION\n5\n-1\n", "negative demand");
    EXPECT_THROW((void)lc::opt::parse_tsplib_distance("euclid"), lc::ArgumentError);
}

// --- Published values (../shared/datasets) ------------------------------------------

/// optima.csv rows of tsplib-pmedian: instance,N,p,value,...
std::map<std::pair<std::string, std::size_t>, double> tsplib_optima() {
    std::map<std::pair<std::string, std::size_t>, double> out;
    std::ifstream in(k_shared / "tsplib-pmedian/optima.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string inst, n, p, value;
        std::getline(ss, inst, ',');
        std::getline(ss, n, ',');
        std::getline(ss, p, ',');
        std::getline(ss, value, ',');
        out[{inst, std::stoul(p)}] = std::stod(value);
    }
    return out;
}

// The smallest instances the paper proves that lifecircle proves in a few seconds here
// (scripts/bench/bench_tsplib.sh; docs/performance.md): rl1304 p = 5, 20, 50.
TEST(TsplibPublished, Rl1304PmedianProven) {
    const fs::path file = k_shared / "tsplib-pmedian/rl1304.tsp";
    if (!fs::exists(file)) GTEST_SKIP() << "shared/datasets/tsplib-pmedian is absent (" << file << ")";
    const auto optima = tsplib_optima();
    const auto pb = lc::opt::tsplib_problem(lc::opt::read_tsplib_points(file.string()), TsplibDistance::floor);
    for (const std::size_t p : {5u, 20u, 50u}) {
        const auto r = solve(pb, lc::opt::Model::pmedian, p, 60.0);
        EXPECT_EQ(r.status, lc::opt::Status::optimal) << "p = " << p << ": " << r.method;
        EXPECT_EQ(r.objective, optima.at({"rl1304", p})) << "p = " << p;
        EXPECT_EQ(r.bound, r.objective) << "p = " << p;
    }
}

/// optima.csv rows of mclp-real-city: instance,N_points,p,radius_m,optimum,...
struct MclpOptimum {
    std::string city;
    std::size_t p = 0;
    double radius = 0.0;
    double value = 0.0;
};

std::vector<MclpOptimum> mclp_optima() {
    std::vector<MclpOptimum> out;
    std::ifstream in(k_shared / "mclp-real-city/optima.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string f[5];
        for (auto& x : f) std::getline(ss, x, ',');
        out.push_back({f[0], std::stoul(f[2]), std::stod(f[3]), std::stod(f[4])});
    }
    return out;
}

// The distance rule itself: the authors' optimal site lists (optima/<City>_<p>_<r>.txt,
// 0-based "Facilidade:" indexes) re-scored with tsplib_distance(geo) give the
// published value, for all 18 (a wrong rule or a lat/lon swap changes them).
TEST(MclpRealCity, PublishedSiteListsReproduceTheirValues) {
    const fs::path dir = k_shared / "mclp-real-city";
    if (!fs::exists(dir / "optima.csv")) GTEST_SKIP() << "shared/datasets/mclp-real-city is absent (" << dir << ")";
    std::map<std::string, lc::opt::Problem> problems;
    for (const auto& o : mclp_optima()) {
        const std::string key = o.city + "_" + std::to_string(static_cast<int>(o.radius));
        if (!problems.count(key)) {
            const auto pts = lc::opt::read_tsplib_points((dir / "instances" / (o.city + ".txt")).string());
            problems.emplace(key, lc::opt::tsplib_problem(pts, TsplibDistance::geo, o.radius));
        }
        std::ifstream in(dir / "optima" / (key.substr(0, key.rfind('_')) + "_" + std::to_string(o.p) + "_" +
                                           std::to_string(static_cast<int>(o.radius)) + ".txt"));
        std::string word;
        std::vector<lc::opt::Index> sites;
        while (in >> word && word != "Facilidade:") {
        }
        lc::opt::Index s = 0;
        while (in >> s) sites.push_back(s);
        ASSERT_EQ(sites.size(), o.p) << o.city << " p = " << o.p;
        lc::opt::Options opt;
        opt.model = lc::opt::Model::mclp;
        opt.p = o.p;
        opt.radius = o.radius;
        EXPECT_EQ(lc::opt::evaluate(problems.at(key), opt, sites), o.value) << o.city << " p = " << o.p;
    }
}

// The MCLP optima lifecircle proves fastest here (scripts/bench/bench_mclp_real.sh).
TEST(MclpRealCity, NewYorkP50Proven) {
    const fs::path file = k_shared / "mclp-real-city/instances/NewYork.txt";
    if (!fs::exists(file)) GTEST_SKIP() << "shared/datasets/mclp-real-city is absent (" << file << ")";
    const auto pb = lc::opt::tsplib_problem(lc::opt::read_tsplib_points(file.string()), TsplibDistance::geo, 400.0);
    const auto r = solve(pb, lc::opt::Model::mclp, 50, 120.0, 400.0);
    EXPECT_EQ(r.status, lc::opt::Status::optimal) << r.method;
    EXPECT_EQ(r.objective, 1153640.0);
}

// Vertex p-center on OR-Library graphs (orlib-pcenter/optima.txt): the instances that
// take under a second each here (scripts/bench/bench_pcenter.sh proves all 40).
class OrlibPcenter : public ::testing::TestWithParam<std::string> {};

TEST_P(OrlibPcenter, ProvesPublishedRadius) {
    const fs::path table = k_shared / "orlib-pcenter/optima.txt";
    if (!fs::exists(table) || !fs::exists(k_shared / "orlib-pmed"))
        GTEST_SKIP() << "shared/datasets/orlib-pcenter or orlib-pmed is absent (" << k_shared << ")";
    std::map<std::string, double> radius;
    std::ifstream in(table);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        std::string name;
        double v = 0.0;
        ss >> name >> v;
        radius[name] = v;
    }
    const std::string name = GetParam();
    const auto inst = lc::opt::read_orlib_pmed((k_shared / "orlib-pmed" / (name + ".txt")).string());
    lc::opt::Options o;
    o.model = lc::opt::Model::pcenter;
    o.p = inst.p;
    o.time_limit = 30.0;
    const auto r = lc::opt::solve(inst.problem, o);
    EXPECT_EQ(r.status, lc::opt::Status::optimal) << r.method;
    EXPECT_EQ(r.objective, radius.at(name));
    EXPECT_EQ(r.bound, r.objective);
    EXPECT_EQ(r.sites.size(), inst.p);
}

INSTANTIATE_TEST_SUITE_P(Pmed, OrlibPcenter,
                         ::testing::Values("pmed1", "pmed2", "pmed3", "pmed4", "pmed5", "pmed6", "pmed7", "pmed8", "pmed9",
                                           "pmed10", "pmed11", "pmed12", "pmed13", "pmed14", "pmed15", "pmed16", "pmed17",
                                           "pmed18", "pmed19", "pmed20", "pmed21", "pmed23", "pmed24", "pmed25", "pmed27",
                                           "pmed29", "pmed30", "pmed31", "pmed34"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
