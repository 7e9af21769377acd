// Bad option values, refused where they are parsed: exit status 2, one line
// "lifecircle: error: ..." on stderr naming the flag and the value, nothing on
// stdout and no --out created. The numeric cases are generated from the
// declarations in src/app (options.cpp add_coverage_options/add_input_options,
// cmd_plan.cpp, cmd_optimize.cpp, cmd_profiles.cpp): each numeric option of each
// command with nan, inf, a value just outside its range and a non-number, the
// expected text being "FLAG VALUE: must be RANGE" with the range of its
// declaration. Every run is limited to k_cpu_limit_s seconds of CPU (RLIMIT_CPU,
// inherited by the lifecircle process), so an endless loop (--candidate-spacing
// nan used to loop in grid_candidates) is killed by SIGXCPU and fails the test
// instead of stalling the suite.
#include "cli_runner.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <fstream>

namespace fs = std::filesystem;
namespace town = lc::test::town;

namespace {

constexpr rlim_t k_cpu_limit_s = 60;

/// Runs lifecircle with at most k_cpu_limit_s seconds of CPU time: the limit is
/// set on this process only for the spawn (the child inherits it, counting from
/// zero) and raised back afterwards.
lc::test::CliResult run_limited(const std::vector<std::string>& args) {
    rlimit old{};
    ::getrlimit(RLIMIT_CPU, &old);
    rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    const auto used = static_cast<rlim_t>(self.ru_utime.tv_sec + self.ru_stime.tv_sec);
    rlimit lim = old;
    lim.rlim_cur = std::min(old.rlim_max, used + k_cpu_limit_s);  // this process keeps its own margin
    ::setrlimit(RLIMIT_CPU, &lim);
    auto r = lc::test::run_cli(args);
    ::setrlimit(RLIMIT_CPU, &old);
    return r;
}

struct BadFlag {
    std::vector<std::string> args;       ///< command line (without --out)
    std::vector<std::string> fragments;  ///< each must appear on stderr
};

/// A numeric option, a value outside its range and the range's wording.
struct Numeric {
    std::string flag;
    std::string out_of_range;
    std::string range;  ///< "a finite number > 0", ...
};

const std::vector<std::string> k_city_commands = {"plan", "audit", "coverage", "optimize", "check-estate"};

/// add_coverage_options and add_input_options (--year): on every command reading a city.
const std::vector<Numeric> k_shared = {
    {"--radius", "0", "a finite number > 0"},          {"--minutes", "-15", "a finite number > 0"},
    {"--speed", "0", "a finite number > 0"},           {"--max-snap", "-1", "a finite number >= 0"},
    {"--service-buffer", "0", "a finite number > 0"},  {"--thresholds", "-720", "a finite number > 0"},
    {"--year", "1989", "a whole number in 1990..2100"},
};

/// The options of plan (cmd_plan.cpp) and optimize (cmd_optimize.cpp) beyond the shared ones.
const std::vector<Numeric> k_plan = {
    {"--p", "-1", "a whole number >= 0"},
    {"--target", "1.5", "a finite number > 0 and <= 1"},
    {"--time-limit", "0", "a finite number > 0"},
    {"--seed", "-1", "a whole number >= 0"},
    {"--candidate-spacing", "0", "a finite number > 0"},
    {"--elderly-growth", "-1", "a finite number > -1 and <= 1"},
    {"--phase-budget", "0", "a finite number > 0"},
};
const std::vector<Numeric> k_optimize = {
    {"--p", "-1", "a whole number >= 0"},
    {"--target", "0", "a finite number > 0 and <= 1"},
    {"--time-limit", "-60", "a finite number > 0"},
    {"--seed", "2.5", "a whole number >= 0"},
    {"--candidate-spacing", "-200", "a finite number > 0"},
};

void add_numeric_cases(std::vector<BadFlag>& cases, const std::vector<std::string>& head, const Numeric& n) {
    for (const std::string& v : {std::string("nan"), std::string("inf"), n.out_of_range, std::string("12abc")}) {
        auto args = head;
        args.insert(args.end(), {n.flag, v});
        cases.push_back({args, {n.flag + " " + v + ": must be " + n.range}});
    }
}

std::vector<BadFlag> numeric_cases() {
    std::vector<BadFlag> cases;
    for (const auto& cmd : k_city_commands) {
        for (const auto& n : k_shared) add_numeric_cases(cases, {cmd}, n);
    }
    for (const auto& n : k_plan) add_numeric_cases(cases, {"plan"}, n);
    for (const auto& n : k_optimize) add_numeric_cases(cases, {"optimize"}, n);
    add_numeric_cases(cases, {"profiles", "national"}, {"--year", "1899", "a whole number in 1900..2100"});
    return cases;
}

/// The cases of issue 12, each as reported.
std::vector<BadFlag> named_cases() {
    return {
        {{"plan", "--p", "-1"}, {"--p -1: must be a whole number >= 0"}},
        {{"plan", "--p", "2.5"}, {"--p 2.5: must be a whole number >= 0"}},
        {{"optimize", "--p", "99999999999999999999"}, {"--p 99999999999999999999", "(at most 18446744073709551615)"}},
        {{"plan", "--year", "99999999999"}, {"--year 99999999999: must be a whole number in 1990..2100"}},
        {{"coverage", "--demo", "--max-snap", "-1"}, {"--max-snap -1: must be a finite number >= 0"}},
        {{"coverage", "--demo", "--thresholds", "720,nan"}, {"--thresholds nan: must be a finite number > 0"}},
        {{"coverage", "--demo", "--service-buffer", "inf"}, {"--service-buffer inf"}},
        {{"plan", "--candidate-spacing", "nan"}, {"--candidate-spacing nan: must be a finite number > 0"}},
        {{"optimize", "--demo", "--candidate-spacing", "inf"}, {"--candidate-spacing inf"}},
        {{"coverage", "--demo", "--speed", "1e400"}, {"--speed 1e400: must be a finite number > 0"}},
        {{"plan", "--layout", "--phases", "2025,nan"}, {"--phases nan: must be a whole number in 1900..2100"}},
        // --field: unknown roles, roles of another layer, typos (with the suggestion), unknown layers.
        {{"audit", "--demo", "--field", "estates.nonsense=id"},
         {"--field estates.nonsense=id", "estates has no field role 'nonsense'", "roles of estates: id, households"}},
        {{"audit", "--demo", "--field", "districts.beds=population"},
         {"--field districts.beds=population", "roles of districts: id, name, population", "'beds' is a role of facilities"}},
        {{"audit", "--demo", "--field", "estates.elderyl=老年人口"},
         {"--field estates.elderyl=老年人口", "did you mean 'elderly'?"}},
        {{"coverage", "--demo", "--field", "elderyl=老年人口"},
         {"--field elderyl=老年人口", "no layer has a field role 'elderyl'", "did you mean 'elderly'?"}},
        {{"plan", "--field", "parcel.area=面积"}, {"unknown layer 'parcel'", "did you mean 'parcels'?"}},
        {{"audit", "--demo", "--encoding", "KLINGON"},
         {"--encoding KLINGON: unknown encoding", "GBK", "GB18030", "BIG5", "UTF-8", "CP1252"}},
        // Profile values (--set), checked by the profile against each key's kind.
        {{"audit", "--demo", "--set", "walking.speed_mps=nan"}, {"--set walking.speed_mps=nan", "not a number"}},
        {{"audit", "--demo", "--set", "walking.speed_mps=inf"}, {"--set walking.speed_mps=inf", "not a number"}},
        {{"audit", "--demo", "--set", "walking.speed_mps=1e400"}, {"--set walking.speed_mps=1e400", "not a number"}},
        {{"audit", "--demo", "--set", "walking.speed_mps=-1"}, {"--set walking.speed_mps=-1", "must not be negative"}},
        {{"audit", "--demo", "--set", "coverage.target_15min=1.5"}, {"--set coverage.target_15min=1.5", "share"}},
        {{"profiles", "national", "--set", "walking.minutes=nan"}, {"--set walking.minutes=nan", "not a number"}},
        // Parse errors of CLI11 itself: the same prefix, naming what was wrong.
        {{"audit", "--no-such-option"}, {"--no-such-option"}},
        {{"profiles", "national", "--year"}, {"--year", "missing"}},
        {{"profiles", "national", "extra"}, {"extra"}},
        {{"--quiet"}, {"subcommand"}},  // options but no command (no arguments at all print the help)
    };
}

bool takes_out(const std::vector<std::string>& args) {
    return !args.empty() && args[0] != "profiles" && args[0] != "check-estate";
}

void expect_refused(const BadFlag& c, const fs::path& dir) {
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    SCOPED_TRACE(line);
    const fs::path out = dir / "out";
    auto args = c.args;
    if (takes_out(args)) args.insert(args.end(), {"--out", out.string(), "--quiet"});
    if (!args.empty() && args[0] == "check-estate") args.insert(args.end(), {"--new", "--report", out.string() + ".md"});
    const auto r = run_limited(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err.rfind("lifecircle: error: ", 0), 0U) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected: " << r.err;
    for (const auto& f : c.fragments) EXPECT_NE(r.err.find(f), std::string::npos) << "missing '" << f << "' in " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(out)) << "--out created";
    EXPECT_FALSE(fs::exists(out.string() + ".md")) << "--report created";
}

}  // namespace

TEST(BadFlags, EveryNumericOptionRefusesNanInfOutOfRangeAndText) {
    const auto dir = lc::test::fresh_dir("flags", "numeric");
    const auto cases = numeric_cases();
    EXPECT_GT(cases.size(), 180U);  // 5 commands x 7 shared options x 4 values, plus plan, optimize and profiles
    for (const auto& c : cases) expect_refused(c, dir);
    fs::remove_all(dir);
}

TEST(BadFlags, IssueCasesFieldsEncodingProfileAndParseErrors) {
    const auto dir = lc::test::fresh_dir("flags", "named");
    for (const auto& c : named_cases()) expect_refused(c, dir);
    fs::remove_all(dir);
}

// optimize --cost-matrix: --capacity must be a number there (no facilities layer
// to take a role from); from_chars used to accept "nan".
TEST(BadFlags, CapacityNumberOfPrecomputedProblems) {
    const auto dir = lc::test::fresh_dir("flags", "capacity");
    std::ofstream(dir / "costs.csv") << "candidate_id,demand_id,cost\nA,x,100\nA,y,400\nB,z,50\nB,y,200\n";
    std::ofstream(dir / "demand.csv") << "id,weight\nx,3\ny,2\nz,1\n";
    const std::vector<std::string> head{"optimize", "--cost-matrix", (dir / "costs.csv").string(), "--demand",
                                        (dir / "demand.csv").string(), "--radius", "300", "--p", "2"};
    for (const char* bad : {"nan", "-1", "households"}) {
        auto c = head;
        c.insert(c.end(), {"--capacity", bad});
        expect_refused({c, {std::string("--capacity ") + bad + ": must be a finite number >= 0"}}, dir);
    }
    // The same matrix as OptimizeCli.CostMatrixByHand: p = 2 covers x, y and z (weight 6);
    // a capacity of 10 per site does not bind (the total load is 6).
    auto ok = head;
    ok.insert(ok.end(), {"--capacity", "10"});
    const auto r = run_limited(ok);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["capacitated"].get<bool>());
    EXPECT_DOUBLE_EQ(j["covered_weight"].get<double>(), 6.0);
    fs::remove_all(dir);
}

// Valid values still work: numbers in range, a list, and a --field mapping the
// renamed elderly field of the hand-made town (tests/app/town_fixture.hpp). The
// town's coverage rate 0.754717 is the one of AuditCliForms.ChineseFieldsAndGbkShapefile
// (same layers, only the field renamed), so the mapping was read, not ignored.
TEST(BadFlags, ValidValuesStillWork) {
    town::TempDir dir("flags_valid");
    auto est = town::estates();
    est.rename("elderly", "老年人口");
    const auto r = run_limited(town::command_line(
        "audit", town::write_plain(dir.path(), est),
        {"--field", "estates.elderly=老年人口", "--year", "2025", "--max-snap", "0", "--thresholds", "720,900", "--encoding",
         "GB18030", "--json", "--quiet"}));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);

    const auto p = run_limited({"profiles", "national", "--year", "2030"});
    EXPECT_EQ(p.status, 0) << p.err;
}

TEST(BadFlags, HelpAndVersionStayOnStdout) {
    const auto v = lc::test::run_cli({"--version"});
    EXPECT_EQ(v.status, 0) << v.err;
    EXPECT_EQ(v.out, "lifecircle " LC_VERSION "\n");  // the project VERSION of CMakeLists.txt, e.g. "lifecircle 0.1.0"
    EXPECT_TRUE(v.err.empty()) << v.err;
    const auto h = lc::test::run_cli({"coverage", "--help"});
    EXPECT_EQ(h.status, 0) << h.err;
    EXPECT_NE(h.out.find("--radius FLOAT:> 0"), std::string::npos) << h.out;  // the range shows in the help
    EXPECT_TRUE(h.err.empty()) << h.err;
}
