// OR-Library pmed instances at their published optimum (pmedopt.txt / optimum.csv
// in ../shared/datasets/orlib-pmed), proven with gap 0.
#include "lc/optimize/readers.hpp"
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace {

namespace fs = std::filesystem;

const fs::path orlib_dir = fs::path(LC_SHARED_DATASETS) / "orlib-pmed";

std::map<std::string, double> optima() { return lc::opt::read_orlib_optima((orlib_dir / "optimum.csv").string()); }

class Orlib : public ::testing::TestWithParam<std::string> {};

TEST_P(Orlib, ProvesPublishedOptimum) {
    if (!fs::exists(orlib_dir / "optimum.csv")) GTEST_SKIP() << "OR-Library data not found at " << orlib_dir;
    const std::string name = GetParam();
    const auto inst = lc::opt::read_orlib_pmed((orlib_dir / (name + ".txt")).string());
    lc::opt::Options opt;
    opt.model = lc::opt::Model::pmedian;
    opt.p = inst.p;
    opt.solver = lc::opt::SolverKind::exact;
    opt.time_limit = 30.0;
    const auto res = lc::opt::solve(inst.problem, opt);
    EXPECT_EQ(res.status, lc::opt::Status::optimal) << res.method;
    EXPECT_DOUBLE_EQ(res.objective, optima().at(name));
    EXPECT_DOUBLE_EQ(res.bound, res.objective);
    EXPECT_EQ(res.gap, 0.0);
    EXPECT_EQ(res.sites.size(), inst.p);
}

// The CBC radius formulation path on the small instances (same published optima).
TEST(OrlibRadiusCbc, ProvesPmed1To5) {
    if (!fs::exists(orlib_dir / "optimum.csv")) GTEST_SKIP() << "OR-Library data not found at " << orlib_dir;
    for (const std::string name : {"pmed1", "pmed2", "pmed3", "pmed4", "pmed5"}) {
        const auto inst = lc::opt::read_orlib_pmed((orlib_dir / (name + ".txt")).string());
        lc::opt::Options opt;
        opt.model = lc::opt::Model::pmedian;
        opt.p = inst.p;
        opt.solver = lc::opt::SolverKind::exact;
        opt.pmedian_radius_cbc = true;
        opt.time_limit = 30.0;
        const auto res = lc::opt::solve(inst.problem, opt);
        EXPECT_EQ(res.status, lc::opt::Status::optimal) << name;
        EXPECT_DOUBLE_EQ(res.objective, optima().at(name)) << name;
    }
}

INSTANTIATE_TEST_SUITE_P(Pmed, Orlib, ::testing::Values("pmed1", "pmed2", "pmed3", "pmed4", "pmed5", "pmed6", "pmed7",
                                                             "pmed8", "pmed11", "pmed12", "pmed16", "pmed21"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
