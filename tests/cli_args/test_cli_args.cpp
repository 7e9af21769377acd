// Argument handling of every command, in-process: Cli::parse() binds the
// options and runs the command's validate() without starting a process or
// reading a file (the paths below need not exist). Expected defaults come from
// the option declarations (app/options.cpp, pipeline/config.hpp,
// pipeline/plan_config.hpp); expected messages from the CLI contract
// ("FLAG VALUE: must be ..." for numbers, docs/cli/<command>.md for the rest).
#include "app/cli.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using lc::app::Cli;
using Args = std::vector<std::string>;

/// The ArgumentError or CLI11 parse error text of parsing `args`; "" when it parses.
std::string error_of(const Args& args) {
    Cli cli;
    try {
        (void)cli.parse(args);
    } catch (const lc::ArgumentError& e) {
        return e.what();
    } catch (const CLI::ParseError& e) {
        return cli.parse_error_text(e.what());
    }
    return "";
}

// --- Defaults: one declaration of each option group --------------------------

// The solver options are declared once (add_solver_options) for optimize and
// plan: both commands get the same defaults.
TEST(CliArgs, SolverDefaultsAreTheSameInOptimizeAndPlan) {
    Cli plan_cli;
    const auto* plan = plan_cli.parse({"plan"}).groups().solver;
    Cli opt_cli;
    const auto* optimize = opt_cli.parse({"optimize", "--orlib", "pmed1.txt"}).groups().solver;
    ASSERT_NE(plan, nullptr);
    ASSERT_NE(optimize, nullptr);
    for (const auto* s : {plan, optimize}) {
        EXPECT_EQ(s->model, "");  // the command's default model
        EXPECT_FALSE(s->p);
        EXPECT_FALSE(s->target);
        EXPECT_EQ(s->capacity, "");
        EXPECT_EQ(s->solver, "auto");
        EXPECT_DOUBLE_EQ(s->time_limit, 60.0);
        EXPECT_EQ(s->seed, 1u);
        EXPECT_DOUBLE_EQ(s->candidate_spacing, 200.0);
    }
}

TEST(CliArgs, CityOptionDefaults) {
    Cli cli;
    const auto groups = cli.parse({"audit", "--estates", "e.geojson", "--facilities", "f.geojson"}).groups();
    ASSERT_NE(groups.input, nullptr);
    EXPECT_EQ(groups.input->estates, "e.geojson");
    EXPECT_EQ(groups.input->profile, "national");
    EXPECT_EQ(groups.input->missing, "zero");
    EXPECT_FALSE(groups.input->strict);
    EXPECT_EQ(groups.output->format, "geojson");
    EXPECT_FALSE(groups.output->out_given);
    EXPECT_EQ(groups.coverage->mode, "");
    EXPECT_DOUBLE_EQ(groups.coverage->max_snap, 300.0);
    EXPECT_DOUBLE_EQ(groups.coverage->service_buffer, 100.0);
    EXPECT_EQ(groups.solver, nullptr);  // audit solves nothing
}

TEST(CliArgs, ValuesAreBound) {
    Cli cli;
    const auto groups = cli.parse({"plan", "--model", "mclp", "--p", "3", "--time-limit", "5", "--seed", "42",
                                   "--radius", "800", "--format", "gpkg", "--out", "o", "--set",
                                   "estate.area_per_100_households_m2=30", "--field", "estates.population=pop"})
                            .groups();
    EXPECT_EQ(groups.solver->model, "mclp");
    EXPECT_EQ(*groups.solver->p, 3u);
    EXPECT_DOUBLE_EQ(groups.solver->time_limit, 5.0);
    EXPECT_EQ(groups.solver->seed, 42u);
    EXPECT_DOUBLE_EQ(*groups.coverage->radius, 800.0);
    EXPECT_EQ(groups.output->format, "gpkg");
    EXPECT_TRUE(groups.output->out_given);
    // validate() parsed --set and --field into their typed forms.
    ASSERT_EQ(groups.input->overrides.size(), 1u);
    EXPECT_EQ(groups.input->overrides[0].first, "estate.area_per_100_households_m2");
    EXPECT_EQ(groups.input->overrides[0].second, "30");
    EXPECT_EQ(groups.input->field_for("estates", "population"), "pop");
    EXPECT_EQ(groups.input->field_for("districts", "population"), "population");  // only the estates' renamed
}

TEST(CliArgs, HelpIsASuccessNotAnError) {
    for (const char* command : {"plan", "audit", "coverage", "optimize", "check-estate", "profiles"}) {
        Cli cli;
        EXPECT_THROW((void)cli.parse({command, "--help"}), CLI::CallForHelp) << command;
    }
}

// --- --set keys: checked before any file is opened ----------------------------

TEST(CliArgs, SetKeysAreChecked) {
    EXPECT_EQ(error_of({"audit", "--demo", "--set", "estate.area_per_100_households_m2=25"}), "");
    EXPECT_EQ(error_of({"audit", "--demo", "--set", "estate.area_per_100_households_m2.2025=25"}), "");  // KEY.YYYY
    const std::string unknown = error_of({"audit", "--demo", "--set", "estate.area_per_100_household_m2=25"});
    EXPECT_NE(unknown.find("unknown key 'estate.area_per_100_household_m2'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("did you mean: estate.area_per_100_households_m2"), std::string::npos) << unknown;
    const std::string value = error_of({"plan", "--set", "estate.area_per_100_households_m2=lots"});
    EXPECT_NE(value.find("--set estate.area_per_100_households_m2=lots"), std::string::npos) << value;
    const std::string year = error_of({"coverage", "--demo", "--set", "estate.area_per_100_households_m2.1800=25"});
    EXPECT_NE(year.find("year 1800 is out of range"), std::string::npos) << year;
    const std::string form = error_of({"audit", "--demo", "--set", "novalue"});
    EXPECT_NE(form.find("--set"), std::string::npos) << form;
    EXPECT_NE(error_of({"profiles", "national", "--set", "nokey=1"}).find("unknown key 'nokey'"), std::string::npos);
}

// --- Bad combinations: validate() ---------------------------------------------

struct BadCase {
    std::string name;
    Args args;
    std::string message;  ///< a fragment of the expected error
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadArguments : public testing::TestWithParam<BadCase> {};

TEST_P(BadArguments, AreRefusedWithTheFlagNamed) {
    const std::string error = error_of(GetParam().args);
    EXPECT_NE(error.find(GetParam().message), std::string::npos) << "got: " << error;
}

INSTANTIATE_TEST_SUITE_P(
    Commands, BadArguments,
    testing::Values(
        BadCase{"OrlibAndCostMatrix", {"optimize", "--orlib", "a.txt", "--cost-matrix", "c.csv", "--demand", "d.csv"},
                "give one of --orlib, --cost-matrix and --tsplib"},
        BadCase{"OrlibAndTsplib", {"optimize", "--orlib", "a.txt", "--tsplib", "b.tsp"},
                "give one of --orlib, --cost-matrix and --tsplib"},
        BadCase{"DistanceWithoutTsplib", {"optimize", "--orlib", "a.txt", "--distance", "geo"},
                "--distance applies to --tsplib only"},
        BadCase{"TsplibUnknownDistance", {"optimize", "--tsplib", "b.tsp", "--distance", "l1", "--p", "2"},
                "--distance 'l1' is not floor or geo"},
        BadCase{"CostMatrixWithoutDemand", {"optimize", "--cost-matrix", "c.csv", "--p", "2"},
                "--cost-matrix needs --demand"},
        BadCase{"CostMatrixMclpWithoutP", {"optimize", "--cost-matrix", "c.csv", "--demand", "d.csv"},
                "--model mclp needs --p N"},
        BadCase{"CostFieldsRole", {"optimize", "--cost-matrix", "c.csv", "--demand", "d.csv", "--p", "1",
                                   "--cost-fields", "site=s"},
                "--cost-fields role 'site' is not candidate, demand or cost"},
        BadCase{"CostFieldsForm", {"optimize", "--cost-matrix", "c.csv", "--demand", "d.csv", "--p", "1",
                                   "--cost-fields", "candidate"},
                "--cost-fields wants ROLE=NAME"},
        BadCase{"PrecomputedCapacityNotANumber", {"optimize", "--orlib", "a.txt", "--capacity", "households"},
                "--capacity households: must be"},
        BadCase{"OptimizeWithoutInputs", {"optimize"}, "give --estates and --facilities"},
        BadCase{"OptimizeEstatesOnly", {"optimize", "--estates", "e.geojson"}, "give --estates and --facilities"},
        BadCase{"LayersPmedianWithoutP", {"optimize", "--demo", "--model", "pmedian"}, "--model pmedian needs --p N"},
        BadCase{"PlanPcenterWithoutP", {"plan", "--model", "pcenter"}, "--model pcenter needs --p N"},
        BadCase{"PlanPWithTheDefaultLscp", {"plan", "--p", "2"}, "--p 2: the default model, lscp, opens the fewest sites"},
        BadCase{"OptimizePWithLscp", {"optimize", "--demo", "--model", "lscp", "--p", "2"}, "give --model mclp"},
        BadCase{"LayersCapacityNumber", {"plan", "--capacity", "120"}, "--capacity: only 'households'"},
        BadCase{"UnknownModel", {"plan", "--model", "p-medians"}, "p-medians"},
        BadCase{"UnknownSolver", {"optimize", "--orlib", "a.txt", "--solver", "fast"}, "fast"},
        BadCase{"PlanLang", {"plan", "--lang", "fr"}, "--lang: expected zh or en, got 'fr'"},
        BadCase{"ParcelsWithoutLayout", {"plan", "--parcels", "p.geojson"}, "need --layout"},
        BadCase{"GrowthWithoutLayout", {"plan", "--elderly-growth", "0.02"}, "need --layout"},
        BadCase{"PhasesNotIncreasing", {"plan", "--layout", "--phases", "2035,2030"}, "--phases"},
        BadCase{"Format", {"audit", "--demo", "--format", "kml"}, "--format: expected geojson, gpkg or shp, got 'kml'"},
        BadCase{"EmptyOut", {"audit", "--demo", "--out", ""}, "--out: an empty path is not an output folder"},
        BadCase{"Missing", {"audit", "--demo", "--missing", "ignore"}, "--missing: expected error, zero or skip"},
        BadCase{"FieldRole", {"audit", "--demo", "--field", "estates.elderlies=n"}, "elderlies"},
        BadCase{"CheckEstateNothingNamed", {"check-estate", "--demo"}, "name estates with --estate ID or use --new"},
        BadCase{"CheckEstateReportKind", {"check-estate", "--demo", "--new", "--report", "review.pdf"},
                "--report: the file must end in .md or .html"},
        BadCase{"ProfilesYearWithoutName", {"profiles", "--year", "2020"}, "--year needs a profile NAME"},
        BadCase{"ProfilesSetWithoutName", {"profiles", "--set", "a=1"}, "--set needs a profile NAME"},
        // Numbers: CLI11 checks the raw text through add_number's range.
        BadCase{"RadiusNan", {"audit", "--demo", "--radius", "nan"}, "--radius nan: must be a finite number > 0"},
        BadCase{"NegativeP", {"plan", "--model", "mclp", "--p", "-1"}, "--p -1: must be"},
        BadCase{"FractionalP", {"plan", "--model", "mclp", "--p", "2.5"}, "--p 2.5: must be"},
        BadCase{"TargetAboveOne", {"plan", "--target", "1.5"}, "--target 1.5: must be"},
        BadCase{"ZeroTimeLimit", {"optimize", "--orlib", "a.txt", "--time-limit", "0"}, "--time-limit 0: must be"},
        BadCase{"UnknownFlag", {"audit", "--demo", "--radiuss", "900"}, "(see 'lifecircle audit --help')"}),
    [](const testing::TestParamInfo<BadCase>& param) { return param.param.name; });

// A run that parses is not refused for files it has not read yet: validate()
// opens nothing (missing files are the run's input errors, exit 2 with the file named).
TEST(CliArgs, ValidateReadsNoFile) {
    EXPECT_EQ(error_of({"optimize", "--orlib", "/nonexistent/pmed1.txt"}), "");
    EXPECT_EQ(error_of({"audit", "--estates", "/nonexistent/e.shp", "--facilities", "/nonexistent/f.shp"}), "");
    EXPECT_EQ(error_of({"check-estate", "--estates", "/nonexistent/e.shp", "--facilities", "/nonexistent/f.shp",
                        "--estate", "E1"}),
              "");
}

}  // namespace
