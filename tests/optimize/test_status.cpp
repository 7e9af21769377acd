// Solver outcomes as values: every status has a name, says whether it carries a
// solution, and (unless optimal) one warning sentence for summaries and reports.
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lc::opt::Model;
using lc::opt::Result;
using lc::opt::Status;

Result result_with(Status status, double gap) {
    Result r;
    r.model = Model::mclp;
    r.status = status;
    r.gap = gap;
    r.method = "exact (CBC)";
    return r;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST(SolverStatus, NamesAndSolutions) {
    EXPECT_EQ(lc::opt::to_string(Status::no_solution), "no_solution");
    EXPECT_TRUE(result_with(Status::optimal, 0).has_solution());
    EXPECT_TRUE(result_with(Status::feasible, 0.1).has_solution());
    EXPECT_TRUE(result_with(Status::time_limit, 0.1).has_solution());
    EXPECT_FALSE(result_with(Status::infeasible, 0).has_solution());
    EXPECT_FALSE(result_with(Status::no_solution, 0).has_solution());
}

TEST(SolverStatus, WarningUnlessOptimal) {
    EXPECT_EQ(lc::opt::status_warning(result_with(Status::optimal, 0)), "");
    // gap 0.015 is printed as a percentage with two decimals: 1.50%.
    const std::string tl = lc::opt::status_warning(result_with(Status::time_limit, 0.015));
    EXPECT_TRUE(contains(tl, "mclp: stopped at the time limit")) << tl;
    EXPECT_TRUE(contains(tl, "1.50%")) << tl;
    EXPECT_TRUE(contains(lc::opt::status_warning(result_with(Status::feasible, 0.015)), "not proven optimal"));
    EXPECT_TRUE(contains(lc::opt::status_warning(result_with(Status::infeasible, 0)), "has no solution"));
    EXPECT_TRUE(contains(lc::opt::status_warning(result_with(Status::no_solution, 0)), "no solution was found"));
    // An unknown gap (no bound) is said as such, not as "inf%".
    EXPECT_TRUE(contains(lc::opt::status_warning(result_with(Status::time_limit, lc::opt::no_link)), "unknown"));
}

TEST(SolverStatus, CapacitatedInfeasibleHasNoSolution) {
    // Two demands of load 10 each, one candidate of capacity 5: a capacitated
    // p-median must assign every demand whole, which no site can take.
    lc::opt::Problem pb;
    pb.demands = {{"a", 10.0, 10.0}, {"b", 10.0, 10.0}};
    pb.sites = {{"s", false, 5.0}};
    pb.costs = lc::opt::CostTable::dense(1, 2, {1.0, 2.0});
    lc::opt::Options o;
    o.model = Model::pmedian;
    o.p = 1;
    o.capacitated = true;
    const Result r = lc::opt::solve(pb, o);
    EXPECT_EQ(r.status, Status::infeasible);
    EXPECT_FALSE(r.has_solution());
    EXPECT_FALSE(lc::opt::status_warning(r).empty());
}

}  // namespace
