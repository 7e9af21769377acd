// summary.json against its documentation (docs/summary.md): for each command,
// every top-level key written is documented in a section that command writes,
// and every key marked "always" there is written. The solver section is also
// compared with the code's list (solve_keys()), so the one writer of the solver
// result and its documentation cannot drift apart.
#include "cli_runner.hpp"
#include "pipeline/solve_record.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::run_cli;

namespace {

const fs::path k_source = LC_TEST_SOURCE_DIR;

struct Key {
    std::string name;
    bool always = false;
};

/// docs/summary.md: section title -> its keys, from rows "| `key` | type | unit | when | meaning |".
std::map<std::string, std::vector<Key>> documented_sections() {
    std::ifstream in(k_source / "docs/summary.md");
    std::map<std::string, std::vector<Key>> sections;
    std::string line, section;
    static const std::regex row(R"(^\| `([a-z_0-9]+)` \|[^|]*\|[^|]*\| ([^|]*) \|)");
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) section = line.substr(3);
        std::smatch m;
        if (!section.empty() && std::regex_search(line, m, row)) sections[section].push_back({m[1], m[2] == "always"});
    }
    return sections;
}

/// Checks `summary`'s keys against the union of `sections`.
void expect_documented(const nlohmann::json& summary, const std::vector<std::string>& sections) {
    const auto doc = documented_sections();
    std::set<std::string> allowed, required;
    for (const auto& name : sections) {
        const auto it = doc.find(name);
        ASSERT_NE(it, doc.end()) << "docs/summary.md has no section '" << name << "'";
        for (const auto& k : it->second) {
            allowed.insert(k.name);
            if (k.always) required.insert(k.name);
        }
    }
    ASSERT_TRUE(summary.is_object());
    for (auto it = summary.begin(); it != summary.end(); ++it) {
        EXPECT_TRUE(allowed.count(it.key())) << "'" << it.key() << "' is written but not in docs/summary.md";
    }
    for (const auto& k : required) EXPECT_TRUE(summary.contains(k)) << "'" << k << "' is documented as always written";
}

nlohmann::json run_json(const std::vector<std::string>& args) {
    const auto r = run_cli(args, k_source.string());
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

using lc::test::demo_present;

const std::vector<std::string> k_town = {"--estates", "tests/data/bad/base/estates.geojson", "--facilities",
                                         "tests/data/bad/base/facilities.geojson", "--districts",
                                         "tests/data/bad/base/districts.geojson", "--quiet", "--json"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST(SummaryKeys, SolverSectionIsTheCodesList) {
    const auto doc = documented_sections();
    ASSERT_TRUE(doc.count("Solver result"));
    std::vector<std::string> listed;
    for (const auto& k : doc.at("Solver result")) {
        listed.push_back(k.name);
        EXPECT_TRUE(k.always) << k.name << ": every solver key is always written";
    }
    EXPECT_EQ(listed, lc::app::solve_keys());
}

TEST(SummaryKeys, Audit) {
    expect_documented(run_json(with({"audit"}, k_town)), {"Every summary", "Audit", "Coverage extras"});
}

TEST(SummaryKeys, Coverage) {
    expect_documented(run_json(with({"coverage", "--thresholds", "300,600"}, k_town)), {"Every summary", "Coverage"});
}

// A four-vertex OR-Library instance (path 1-2-3-4, costs 1, 2, 3; p = 1):
// vertex 2 or 3 is the median (objective 1 + 2 + 5 = 8 from 2; 3 + 2 + 3 = 8 from 3).
TEST(SummaryKeys, OptimizeOrlib) {
    const fs::path dir = fresh_dir("keys", "orlib");
    write(dir / "tiny.txt", "4 3 1\n1 2 1\n2 3 2\n3 4 3\n");
    const auto j = run_json({"optimize", "--orlib", (dir / "tiny.txt").string()});
    expect_documented(j, {"Every summary", "Solver result"});
    EXPECT_EQ(j["objective"].get<double>(), 8.0);
    EXPECT_EQ(j["candidate_source"], "orlib");
    EXPECT_TRUE(j["radius"].is_null());  // p-median: no coverage radius
    EXPECT_TRUE(j["covered_weight"].is_null());
    // With optimum.csv beside it, the published optimum is added.
    write(dir / "optimum.csv", "instance,p,optimum\ntiny,1,8\n");
    const auto k = run_json({"optimize", "--orlib", (dir / "tiny.txt").string()});
    expect_documented(k, {"Every summary", "Solver result", "Published optimum"});
    EXPECT_EQ(k["published_optimum"].get<double>(), 8.0);
}

// The hand-made matrix of OptimizeCli.CostMatrixByHand: p = 2 covers all 6.
TEST(SummaryKeys, OptimizeCostMatrix) {
    const fs::path dir = fresh_dir("keys", "matrix");
    write(dir / "costs.csv", "candidate_id,demand_id,cost\nA,x,100\nA,y,400\nB,z,50\nB,y,200\n");
    write(dir / "demand.csv", "id,weight\nx,3\ny,2\nz,1\n");
    const auto j = run_json({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                             (dir / "demand.csv").string(), "--radius", "300", "--p", "2"});
    expect_documented(j, {"Every summary", "Solver result", "Before and after"});
    EXPECT_EQ(j["covered_weight"].get<double>(), 6.0);
    EXPECT_EQ(j["weight"], "weight");
    EXPECT_EQ(j["radius"].get<double>(), 300.0);
    // No existing site: nothing covered before; A and B together cover all 6 after.
    EXPECT_EQ(j["before"]["covered_weight"].get<double>(), 0.0);
    EXPECT_EQ(j["after"]["covered_weight"].get<double>(), 6.0);
    EXPECT_EQ(j["after"]["coverage_rate"].get<double>(), 1.0);
    // With A existing, p = 1: before, A covers x (100 <= 300; y at 400 is beyond) = 3
    // of 6; B is opened and adds z and y (50, 200): 6 after.
    const auto k = run_json({"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                             (dir / "demand.csv").string(), "--radius", "300", "--p", "1", "--existing", "A"});
    EXPECT_EQ(k["before"]["covered_weight"].get<double>(), 3.0);
    EXPECT_EQ(k["before"]["coverage_rate"].get<double>(), 0.5);
    EXPECT_EQ(k["after"]["covered_weight"].get<double>(), 6.0);
}

TEST(SummaryKeys, OptimizeLayersAndPlanShareTheSolverShape) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const auto opt = run_json({"optimize", "--demo", "--json", "--quiet"});
    expect_documented(opt, {"Every summary", "Audit", "Coverage extras", "Solver result", "Before and after", "Proposed sites"});
    const fs::path dir = fresh_dir("keys", "plan");
    const auto plan = run_json({"plan", "--json", "--quiet", "--no-report", "--out", (dir / "o").string()});
    expect_documented(plan, {"Every summary", "Audit", "Coverage extras", "Solver result", "Before and after", "Proposed sites", "Plan"});
    for (const char* key : {"before", "after"}) {  // GIS layers: always, in both commands
        EXPECT_TRUE(opt.contains(key)) << key;
        EXPECT_TRUE(plan.contains(key)) << key;
    }
    for (const auto& key : lc::app::solve_keys()) {
        EXPECT_TRUE(opt.contains(key)) << key;
        EXPECT_TRUE(plan.contains(key)) << key;
    }
}
