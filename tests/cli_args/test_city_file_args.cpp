// The city file (--config, docs/cli/init.md) in-process: Cli::parse() applies it
// in validate(), so the bound option groups show what a run would get.
#include "app/city_options.hpp"
#include "app/cli.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using lc::app::Cli;
using Args = std::vector<std::string>;

/// A fresh folder holding `city.toml` with `text`.
fs::path city_file(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / ("lc_cityargs_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "city.toml") << text;
    return dir / "city.toml";
}

std::string error_of(const Args& args) {
    Cli cli;
    try {
        (void)cli.parse(args);
    } catch (const lc::Error& e) {
        return e.what();
    } catch (const CLI::ParseError& e) {
        return cli.parse_error_text(e.what());
    }
    return "";
}

const char* k_city = R"(name = "town"
profile = "xian"
year = 2025

[inputs]
estates = "layers/estates.gpkg:小区"
facilities = "/data/facilities.geojson"

[fields]
estates.households = "户数"
elderly = "老年人口"

[set]
estate.area_per_100_households_m2 = 30

[coverage]
radius = 900
thresholds = [720, 1000]
max_snap = 250

[optimize]
model = "mclp"
p = 3
district_floor = "max"

[output]
format = "gpkg"
quiet = true
)";

}  // namespace

// Every key lands on its option; paths are relative to the file's folder
// (layers/estates.gpkg:小区 -> <dir>/layers/estates.gpkg:小区, the layer kept), an
// absolute path stays as it is; max_snap is --max-snap.
TEST(CityFileArgs, FillsTheOptions) {
    const fs::path file = city_file("fills", k_city);
    Cli cli;
    const auto g = cli.parse({"plan", "--config", file.string()}).groups();
    EXPECT_EQ(g.input->estates, (file.parent_path() / "layers/estates.gpkg:小区").string());
    EXPECT_EQ(g.input->facilities, "/data/facilities.geojson");
    EXPECT_EQ(g.input->profile, "xian");
    EXPECT_EQ(g.input->year, 2025);
    EXPECT_EQ(g.input->field_args, (std::vector<std::string>{"estates.households=户数", "elderly=老年人口"}));
    EXPECT_EQ(g.input->set_args, (std::vector<std::string>{"estate.area_per_100_households_m2=30"}));
    EXPECT_EQ(g.coverage->radius, 900.0);
    EXPECT_EQ(g.coverage->thresholds, (std::vector<double>{720, 1000}));
    EXPECT_EQ(g.coverage->max_snap, 250.0);
    EXPECT_EQ(g.solver->model, "mclp");
    EXPECT_EQ(g.solver->p, 3U);
    EXPECT_EQ(g.solver->district_floor, "max");
    EXPECT_EQ(g.output->format, "gpkg");
    EXPECT_TRUE(g.output->quiet);
}

// Flags given on the command line win: --radius 1000 over the file's 900, --p 5
// over 3; what the command line leaves out comes from the file (year 2025,
// model mclp). --field and --set come after the file's, so that for the same
// role the command line's is the one InputConfig keeps (its map takes the last).
TEST(CityFileArgs, CommandLineWins) {
    const fs::path file = city_file("wins", k_city);
    Cli cli;
    const auto g = cli.parse({"plan", "--radius", "1000", "--p", "5", "--config", file.string(), "--field",
                              "estates.households=总户数", "--set", "estate.area_per_100_households_m2=35"})
                       .groups();
    EXPECT_EQ(g.coverage->radius, 1000.0);
    EXPECT_EQ(g.solver->p, 5U);
    EXPECT_EQ(g.input->year, 2025);
    EXPECT_EQ(g.solver->model, "mclp");
    EXPECT_EQ(g.input->field_args,
              (std::vector<std::string>{"estates.households=户数", "elderly=老年人口", "estates.households=总户数"}));
    EXPECT_EQ(g.input->field_for("estates", "households"), "总户数");
    EXPECT_EQ(g.input->set_args.back(), "estate.area_per_100_households_m2=35");
}

// audit has no solver options: the file's [optimize] is checked but left alone.
TEST(CityFileArgs, OtherCommandsTakeTheirPart) {
    const fs::path file = city_file("audit", k_city);
    Cli cli;
    const auto g = cli.parse({"audit", "--config", file.string()}).groups();
    EXPECT_EQ(g.coverage->radius, 900.0);
    EXPECT_EQ(g.input->profile, "xian");
}

// Mistakes name the file, the line and the key (exit 2 in the binary).
TEST(CityFileArgs, MistakesNameFileLineAndKey) {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"[coverage]\nraduis = 900\n", "line 2: key 'coverage.raduis': unknown key (did you mean 'radius'?"},
        {"[output]\nradius = 900\n", "key 'output.radius': 'radius' belongs in [coverage], not in [output]"},
        {"[coverag]\nradius = 900\n", "unknown section [coverag] (did you mean [coverage]?"},
        {"year = \"2025\"\n", "line 1: key 'year': expected a number, not a string"},
        {"year = 2025.5\n", "key 'year': expected a whole number"},
        {"[output]\nquiet = 1\n", "key 'output.quiet': expected true or false"},
        {"[coverage]\nradius = -5\n", "key 'coverage.radius': --radius -5: must be a finite number > 0"},
        {"[coverage]\nradius = [1, 2]\n", "key 'coverage.radius': expected one value, not an array"},
        {"[inputs]\nestates = 5\n", "key 'inputs.estates': expected a string"},
        {"[fields]\nestates.households = 3\n", "key 'fields.estates.households': expected a field name"},
        {"[fields]\nestates.houseolds = \"户数\"\n", "[fields]: --field estates.houseolds=户数: estates has no field role"},
        {"profile = \"xian\"\nprofile = \"x\"\n", "TOML syntax error at line 2"},
        {"[set]\narea_per_100_households_m2 = 30\n", "[set]: profile: --set: unknown key 'area_per_100_households_m2'"},
        {"name = \"a/b\"\n", "key 'name': 'a/b' cannot name the city's output folder"},
        {"[coverage.sub]\nx = 1\n", "key 'coverage.sub': expected a value, not a table"},
    };
    for (const auto& c : cases) {
        const fs::path file = city_file("bad", c.text);
        const std::string err = error_of({"plan", "--config", file.string()});
        EXPECT_NE(err.find(file.string()), std::string::npos) << c.text << "\n" << err;
        EXPECT_NE(err.find(c.expected), std::string::npos) << c.text << "\n" << err;
    }
    EXPECT_NE(error_of({"plan", "--config", "/no/such/city.toml"}).find("/no/such/city.toml: city file: no such file"),
              std::string::npos);
}

// The key table is the command line's own: every option of plan is a key of
// one section (or the command line's alone: --config, --help, and --field and
// --set, which are [fields] and [set]).
TEST(CityFileArgs, EveryPlanOptionIsAKey) {
    std::vector<std::string> keys;
    for (const auto& s : lc::app::city_sections()) {
        for (const auto& k : s.keys) keys.push_back(k.key);
    }
    CLI::App app;
    auto plan = lc::app::make_plan_command();
    plan->setup(app);
    for (const CLI::Option* opt : app.get_options()) {
        std::string name = opt->get_name(false, true);
        if (name.rfind("--", 0) != 0) continue;
        name = name.substr(2);
        if (name == "help" || name == "config" || name == "field" || name == "set") continue;
        EXPECT_NE(std::find(keys.begin(), keys.end(), name), keys.end()) << name;
    }
    // A key is in one section only.
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}
