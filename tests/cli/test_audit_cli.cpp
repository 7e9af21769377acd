// lifecircle audit on the hand-made town (tests/app/town_fixture.hpp): the
// figures of tests/app/test_audit_town.cpp must reach summary.json, stdout
// (--json), the estates/districts layers and the CSV tables.
#include "cli_runner.hpp"
#include "layer_table.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace town = lc::test::town;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

using lc::test::read_table;
using lc::test::Table;

double num(const std::string& s) { return std::stod(s); }

class AuditCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("audit_cli");
        s_files = town::write_plain(s_dir->path());
        s_out = s_dir->path() / "out";
        auto args = town::cli_inputs(s_files);
        args.insert(args.begin(), "audit");
        args.insert(args.end(), {"--out", s_out.string(), "--json", "--quiet"});
        s_result = lc::test::run_cli(args);
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline town::Files s_files;
    static inline fs::path s_out;
    static inline lc::test::CliResult s_result;
};

}  // namespace

TEST_F(AuditCli, ExitsZeroQuietlyAndPrintsTheSummaryJson) {
    ASSERT_EQ(s_result.status, 0) << s_result.err;
    EXPECT_TRUE(s_result.err.empty()) << s_result.err;
    const auto printed = nlohmann::json::parse(s_result.out);
    const auto stored = nlohmann::json::parse(town::slurp(s_out / "summary.json"));
    EXPECT_EQ(printed, stored);
    // No temporary folder is left beside the output.
    EXPECT_TRUE(town::entries_starting(s_dir->path(), ".out.").empty());
}

// Figures worked out in tests/app/test_audit_town.cpp.
TEST_F(AuditCli, SummaryJsonHoldsTheTownFigures) {
    ASSERT_EQ(s_result.status, 0) << s_result.err;
    const auto j = nlohmann::json::parse(town::slurp(s_out / "summary.json"));
    EXPECT_EQ(j["profile"], "national");
    EXPECT_EQ(j["mode"], "circle");
    EXPECT_DOUBLE_EQ(j["threshold_m"].get<double>(), 900.0);
    EXPECT_EQ(j["estates"], 10);
    EXPECT_DOUBLE_EQ(j["elderly_total"].get<double>(), 5300.0);
    EXPECT_DOUBLE_EQ(j["elderly_covered"].get<double>(), 4000.0);      // E01..E07
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);      // 4000 / 5300
    EXPECT_EQ(j["estates_meeting_area"], 4);                           // E01 E02 E05 E07
    EXPECT_DOUBLE_EQ(j["area_compliance_rate"].get<double>(), 0.444444);  // 4 / 9 (E06 has no households)
    EXPECT_EQ(j["districts_meeting_land"], 1);                         // D1 0.25 m²; D2 0
    EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
    ASSERT_EQ(j["districts"].size(), 2U);
    EXPECT_DOUBLE_EQ(j["districts"][1]["population"].get<double>(), 11500.0);  // summed from E07..E10
    EXPECT_EQ(j["districts"][1]["population_from_estates"], true);
    std::map<std::string, nlohmann::json> targets;
    for (const auto& t : j["targets"]) targets[t["key"]] = t;
    EXPECT_DOUBLE_EQ(targets["land_per_capita_m2"]["value"].get<double>(), 0.194175);  // 10000 / 51500
    EXPECT_DOUBLE_EQ(targets["beds_per_1000_elderly"]["value"].get<double>(), 22.641509);  // 120 / 5.3
    EXPECT_EQ(targets["beds_per_1000_elderly"]["pass"], false);
    EXPECT_TRUE(targets["nursing_bed_share"]["target"].is_null());
}

TEST_F(AuditCli, EstatesLayerFields) {
    ASSERT_EQ(s_result.status, 0) << s_result.err;
    const Table t = read_table(s_out / "estates.geojson");
    ASSERT_EQ(t.size(), 10U);
    struct Row {
        const char* id;
        double required, provided;
        int meets;
        double nearest;
        int covered;
        double share, covered_elderly;
    };
    // required = households/100 x 20; nearest = straight line from the centre (see test_audit_town.cpp).
    const Row rows[] = {
        {"E01", 300, 400, 1, 0, 1, 1, 800},     {"E02", 264, 300, 1, 500, 1, 1, 700},
        {"E03", 180, 0, 0, 200, 1, 1, 500},     {"E04", 200, 0, 0, 310, 1, 1, 600},
        {"E05", 250, 250, 1, 290, 1, 1, 400},   {"E06", 0, 0, 1, 600, 1, 1, 0},
        {"E07", 400, 1500, 1, 600, 1, 1, 1000}, {"E08", 264, 0, 0, 1600, 0, 0, 0},
        {"E09", 160, 0, 0, 2000, 0, 0, 0},      {"E10", 120, 0, 0, 2500, 0, 0, 0},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.id);
        const auto& f = t.at(r.id);
        EXPECT_DOUBLE_EQ(num(f.at("required_area_m2")), r.required);
        EXPECT_DOUBLE_EQ(num(f.at("provided_area_m2")), r.provided);
        EXPECT_EQ(f.at("meets_area"), std::to_string(r.meets));
        EXPECT_NEAR(num(f.at("nearest_m")), r.nearest, 1e-6);
        EXPECT_EQ(f.at("covered"), std::to_string(r.covered));
        EXPECT_NEAR(num(f.at("covered_share")), r.share, 1e-6);
        EXPECT_NEAR(num(f.at("covered_elderly")), r.covered_elderly, 1e-6);
    }
    EXPECT_EQ(t.at("E08").at("name"), "新华苑");
    EXPECT_EQ(t.at("E02").at("facilities"), "S02");
}

TEST_F(AuditCli, DistrictsLayerFields) {
    ASSERT_EQ(s_result.status, 0) << s_result.err;
    const Table t = read_table(s_out / "districts.geojson");
    ASSERT_EQ(t.size(), 2U);
    // D1: 10000 m² / 40000 = 0.25; D2: 0 m² / 11500 (summed from its estates).
    EXPECT_EQ(t.at("D1").at("population"), "40000");
    EXPECT_DOUBLE_EQ(num(t.at("D1").at("facility_land_m2")), 10000.0);
    EXPECT_DOUBLE_EQ(num(t.at("D1").at("land_per_capita_m2")), 0.25);
    EXPECT_EQ(t.at("D1").at("meets_land"), "1");
    EXPECT_EQ(t.at("D1").at("within_range"), "1");
    EXPECT_EQ(t.at("D2").at("population"), "11500");
    EXPECT_DOUBLE_EQ(num(t.at("D2").at("facility_land_m2")), 0.0);
    EXPECT_DOUBLE_EQ(num(t.at("D2").at("land_per_capita_m2")), 0.0);
    EXPECT_EQ(t.at("D2").at("meets_land"), "0");
    EXPECT_EQ(t.at("D2").at("within_range"), "0");
    EXPECT_EQ(read_table(s_out / "service_areas.geojson").size(), 6U);  // one circle per facility
}

TEST_F(AuditCli, CsvTablesAreUtf8WithBom) {
    ASSERT_EQ(s_result.status, 0) << s_result.err;
    const std::string bom = "\xEF\xBB\xBF";
    const std::string summary = town::slurp(s_out / "summary.csv");
    ASSERT_EQ(summary.rfind(bom, 0), 0U) << "summary.csv must start with a UTF-8 BOM";
    EXPECT_TRUE(contains(summary, bom + "figure,label,target,value,result,source\r\n"));
    EXPECT_TRUE(contains(summary, "\r\ncoverage_15min,elderly within the 15-minute walk,1.000000,0.754717,fail,"));
    EXPECT_TRUE(contains(summary, "\r\ndistrict_land_per_capita_m2:D1,西城区,0.100000,0.250000,pass,"));
    EXPECT_TRUE(contains(summary, "\r\ndistrict_land_per_capita_m2:D2,东城区,0.100000,0.000000,fail,"));

    // Communities: 东风社区 S01 400 ok; 朝阳社区 P03 250 < 300; 新华社区 none.
    EXPECT_EQ(town::slurp(s_out / "communities.csv"),
              bom +
                  "community,street,district,estates,households,elderly,station,station_area_m2,"
                  "has_compliant_station,reason\r\n"
                  "东风社区,北街街道,西城区,3,3720,2000,S01,400.0,1,\r\n"
                  "朝阳社区,北街街道,西城区,3,2250,1000,P03,250.0,0,largest station P03 has 250 m² < 300 m²\r\n"
                  "新华社区,东湖街道,东城区,4,4720,2300,,0.0,0,no station\r\n");
    // Streets: 北街街道 CA (1600 m², 40 beds, 75 %) ok; 东湖街道 CB 20/30 = 67 % < 70 %.
    EXPECT_EQ(town::slurp(s_out / "streets.csv"),
              bom +
                  "street,district,estates,households,elderly,centre,centre_area_m2,has_compliant_centre,reason\r\n"
                  "北街街道,西城区,6,5970,3000,CA,1600.0,1,\r\n"
                  "东湖街道,东城区,4,4720,2300,CB,1500.0,0,CB: nursing 67% < 70%\r\n");
}

// A second run into the same folder replaces the earlier lifecircle output.
TEST(AuditCliRerun, ReplacesAnEarlierOutputFolder) {
    town::TempDir dir("audit_cli_rerun");
    const auto files = town::write_plain(dir.path());
    auto args = town::cli_inputs(files);
    args.insert(args.begin(), "audit");
    args.insert(args.end(), {"--out", dir.str("out"), "--quiet"});
    ASSERT_EQ(lc::test::run_cli(args).status, 0);
    const auto second = lc::test::run_cli(args);
    EXPECT_EQ(second.status, 0) << second.err;
    EXPECT_TRUE(fs::exists(dir.path() / "out" / "summary.json"));
    EXPECT_TRUE(contains(second.out, "Outputs in"));
    EXPECT_TRUE(town::entries_starting(dir.path(), ".out.").empty());
}

namespace {

/// The town with its estates as a GBK (CP936) shapefile without .cpg, so its
/// Chinese field names read right only with --encoding GBK.
town::Files gbk_town(const town::TempDir& dir, const town::Layer& est) {
    const auto shp = dir.path() / "estates.shp";
    town::write(shp, est, "ESRI Shapefile", {"ENCODING=CP936"});
    fs::remove(dir.path() / "estates.cpg");
    town::Files f{shp.string(), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    return f;
}

}  // namespace

// The same figures through --field with Chinese names and a GBK shapefile, on the CLI.
TEST(AuditCliForms, ChineseFieldsAndGbkShapefile) {
    town::TempDir dir("audit_cli_forms");
    auto est = town::estates();
    est.rename("households", "户数");
    est.rename("id", "编号");
    const auto r = lc::test::run_cli(town::command_line("audit", gbk_town(dir, est),
                                                        {"--encoding", "GBK", "--field", "estates.households=户数",
                                                         "--field", "estates.id=编号", "--json", "--quiet"}));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);
    EXPECT_EQ(j["estates_meeting_area"], 4);
    EXPECT_EQ(j["communities_with_station"], 1);
    EXPECT_EQ(j["coverage_by_street"][0]["street"], "北街街道");
}

// The same GBK shapefile without .cpg and without --encoding: the names come
// through as GBK bytes that are not UTF-8, so 户数 is not found; the message says
// the names look mis-decoded and suggests --encoding GBK (issue 14).
TEST(AuditCliForms, GbkShapefileWithoutEncodingSuggestsIt) {
    town::TempDir dir("audit_cli_gbk_hint");
    auto est = town::estates();
    est.rename("households", "户数");
    const auto r = lc::test::run_cli(
        town::command_line("audit", gbk_town(dir, est), {"--field", "estates.households=户数", "--quiet"}));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("look mis-decoded"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--encoding GBK"), std::string::npos) << r.err;
    // A layer with plain names gets no such hint.
    fs::create_directories(dir.path() / "plain");
    const auto plain = lc::test::run_cli(
        town::command_line("audit", town::write_plain(dir.path() / "plain", town::estates()),
                           {"--field", "estates.households=hh", "--quiet"}));
    EXPECT_EQ(plain.status, 2);
    EXPECT_EQ(plain.err.find("mis-decoded"), std::string::npos) << plain.err;
}

// --field ROLE=NAME without a layer applies to the layers that have a field NAME
// (issue 14): the estates' ids are in 编号, the facilities' and districts' in id;
// `--field id=编号` reads both. Same town, same figures (town_fixture.hpp: 4,000 of
// 5,300 elderly covered = 0.754717).
TEST(AuditCliForms, FieldForEveryLayerAppliesWhereTheLayerHasIt) {
    town::TempDir dir("audit_cli_field_all");
    auto est = town::estates();
    est.rename("id", "编号");
    const auto r = lc::test::run_cli(
        town::command_line("audit", town::write_plain(dir.path(), est), {"--field", "id=编号", "--json", "--quiet"}));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);
    EXPECT_EQ(j["facilities"], 6);  // S01, S02, P03, CA, CB, I01 read by their own id
}

// ... and when no layer has NAME, the mapping is a mistake: exit 2 naming it
// (the plain town's layers all use `id`).
TEST(AuditCliForms, FieldForEveryLayerThatNoLayerHasIsAnError) {
    town::TempDir dir("audit_cli_field_none");
    const auto r = lc::test::run_cli(
        town::command_line("audit", town::write_plain(dir.path()), {"--field", "id=编号", "--quiet"}));
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.err.find("--field id=编号: no input layer has a field '编号'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("estates.id=编号"), std::string::npos) << r.err;
}

// --format gpkg keeps the field names; --format shp writes a UTF-8 .cpg, so the
// Chinese names read back (shapefile field names are cut to 10 characters).
TEST(AuditCliFormats, GeoPackageAndShapefile) {
    town::TempDir dir("audit_cli_formats");
    const auto files = town::write_plain(dir.path());
    for (const char* format : {"gpkg", "shp"}) {
        SCOPED_TRACE(format);
        auto args = town::cli_inputs(files);
        args.insert(args.begin(), "audit");
        const auto out = dir.path() / (std::string("out_") + format);
        args.insert(args.end(), {"--out", out.string(), "--format", format, "--quiet"});
        const auto r = lc::test::run_cli(args);
        ASSERT_EQ(r.status, 0) << r.err;
        const Table t = read_table(out / (std::string("estates.") + format));
        ASSERT_EQ(t.size(), 10U);
        EXPECT_EQ(t.at("E08").at("name"), "新华苑");
        if (std::string(format) == "gpkg") {
            EXPECT_DOUBLE_EQ(num(t.at("E08").at("required_area_m2")), 264.0);
            EXPECT_DOUBLE_EQ(num(t.at("E08").at("nearest_m")), 1600.0);
            EXPECT_DOUBLE_EQ(num(t.at("E07").at("covered_share")), 1.0);
            const Table d = read_table(out / "districts.gpkg");
            EXPECT_DOUBLE_EQ(num(d.at("D1").at("land_per_capita_m2")), 0.25);
        }
    }
}

// A failing run into an earlier output folder leaves that output as it was.
TEST(AuditCliRerun, FailedRunKeepsTheEarlierOutput) {
    town::TempDir dir("audit_cli_keep");
    const auto files = town::write_plain(dir.path());
    auto args = town::cli_inputs(files);
    args.insert(args.begin(), "audit");
    args.insert(args.end(), {"--out", dir.str("out"), "--quiet"});
    ASSERT_EQ(lc::test::run_cli(args).status, 0);
    const std::string before = town::slurp(dir.path() / "out" / "summary.json");
    auto bad = args;
    bad.insert(bad.end(), {"--profile", "atlantis"});
    const auto r = lc::test::run_cli(bad);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(town::slurp(dir.path() / "out" / "summary.json"), before);
    EXPECT_TRUE(fs::exists(dir.path() / "out" / "estates.geojson"));
    EXPECT_TRUE(town::entries_starting(dir.path(), ".out.").empty());
}
