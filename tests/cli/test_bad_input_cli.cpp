// Bad input to lifecircle audit: exit status 2, a message naming file, layer,
// feature and field, and (with --out) neither the output folder nor a temporary
// folder left behind. Each case breaks one thing of the hand-made town
// (tests/app/town_fixture.hpp); E03 and the facilities S01, S02, CA are the
// usual victims.
#include "cli_runner.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <functional>

namespace town = lc::test::town;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// A town in its own folder; the layers can be edited before writing.
struct Case {
    explicit Case(const std::string& name) : dir(name) {}
    town::TempDir dir;
    town::Layer estates = town::estates();
    town::Layer facilities = town::facilities();
    town::Layer districts = town::districts();
    town::Files files;

    town::Files& write() {
        files = {dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
        town::write(files.estates, estates, "GeoJSON");
        town::write(files.facilities, facilities, "GeoJSON");
        town::write(files.districts, districts, "GeoJSON");
        return files;
    }
    [[nodiscard]] fs::path out() const { return dir.path() / "out"; }

    /// Runs `audit` with the town's inputs, --out DIR/out --quiet and `extra`.
    lc::test::CliResult audit(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"audit"};
        const auto in = town::cli_inputs(files);
        args.insert(args.end(), in.begin(), in.end());
        args.insert(args.end(), {"--out", out().string(), "--quiet"});
        args.insert(args.end(), extra.begin(), extra.end());
        return lc::test::run_cli(args);
    }

    /// Exit 2, every needle in stderr, nothing on stdout, and no output or
    /// temporary folder left.
    void expect_error(const lc::test::CliResult& r, const std::vector<std::string>& needles) const {
        EXPECT_EQ(r.status, 2) << r.out << r.err;
        for (const auto& n : needles) EXPECT_TRUE(contains(r.err, n)) << "missing '" << n << "' in: " << r.err;
        EXPECT_TRUE(contains(r.err, "lifecircle: error: ")) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_FALSE(fs::exists(out())) << "output folder left behind";
        EXPECT_TRUE(town::entries_starting(dir.path(), ".out.").empty()) << "temporary folder left behind";
    }
};

}  // namespace

TEST(BadInput, MissingFile) {
    Case c("bad_missing_file");
    c.write();
    c.files.estates = c.dir.str("nope.geojson");
    c.expect_error(c.audit(), {"nope.geojson", "file not found"});
}

TEST(BadInput, UnknownLayer) {
    Case c("bad_layer");
    c.write();
    const auto gpkg = c.dir.path() / "town.gpkg";
    town::write(gpkg, c.estates, "GPKG");
    c.files.estates = gpkg.string() + ":nope";
    c.expect_error(c.audit(), {"town.gpkg", "layer 'nope'", "no such layer", "estates"});
}

// The message names the field and lists the layer's fields.
TEST(BadInput, MissingRequiredField) {
    Case c("bad_field");
    c.estates.drop("households");
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "field 'households'", "missing required field",
                               "id, name, population, elderly, community, street, district, is_new",
                               "--field estates.households="});
}

TEST(BadInput, NoCrs) {
    Case c("bad_crs");
    c.write();
    c.estates.epsg = 0;
    const auto csv = c.dir.path() / "estates.csv";
    town::write(csv, c.estates, "CSV", {"GEOMETRY=AS_WKT"});
    c.files.estates = csv.string();
    c.expect_error(c.audit(), {"estates.csv", "layer 'estates'", "no CRS", "--assume-crs"});
    // With the CRS assumed the run succeeds.
    const auto ok = c.audit({"--assume-crs", "EPSG:4544"});
    EXPECT_EQ(ok.status, 0) << ok.err;
}

TEST(BadInput, NegativeHouseholds) {
    Case c("bad_negative");
    c.estates.set("E03", "households", town::i(-5));
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "feature E03", "field 'households'", "-5",
                               "negative"});
}

TEST(BadInput, NonNumericHouseholds) {
    Case c("bad_text");
    c.estates.stringify("households");
    c.estates.set("E03", "households", town::s("abc"));
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "feature E03", "field 'households'",
                               "'abc' is not a number"});
}

TEST(BadInput, NullHouseholds) {
    Case c("bad_null");
    c.estates.set("E03", "households", town::null);
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "feature E03", "field 'households'", "null"});
}

TEST(BadInput, ElderlyAbovePopulation) {
    Case c("bad_elderly");
    c.estates.set("E03", "elderly", town::i(3000));  // population 2500
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "feature E03", "field 'elderly'", "3000", "exceeds population",
                               "2500"});
}

TEST(BadInput, EmptyLayer) {
    Case c("bad_empty");
    c.estates.rows.clear();
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "no features"});
}

TEST(BadInput, DuplicateEstateIds) {
    Case c("bad_dup");
    c.estates.set("E03", "id", town::s("E02"));
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "feature E02", "duplicate estate id"});
}

TEST(BadInput, FacilityKindOutsideTheProfile) {
    Case c("bad_kind");
    c.facilities.set("CA", "kind", town::s("hospital"));
    c.write();
    c.expect_error(c.audit(), {"facilities.geojson", "layer 'facilities'", "feature CA", "field 'kind'",
                               "unknown facility kind 'hospital'", "station"});
}

TEST(BadInput, FacilityEstateIdNamingNoEstate) {
    Case c("bad_estate_id");
    c.facilities.set("S02", "estate_id", town::s("E99"));
    c.write();
    c.expect_error(c.audit(), {"facilities.geojson", "layer 'facilities'", "feature S02", "field 'estate_id'", "E99"});
}

// S01 (400 m², inside E01) without building area.
TEST(BadInput, MissingBuildingAreaUnderMissingError) {
    Case c("bad_area_error");
    c.facilities.set("S01", "building_area", town::null);
    c.write();
    c.expect_error(c.audit({"--missing", "error"}),
                   {"facilities.geojson", "layer 'facilities'", "feature S01", "field 'building_area'", "missing"});
}

// Default --missing zero: S01 counts as 0 m², so E01 (needs 300) fails: 3 of 9 estates meet.
TEST(BadInput, MissingBuildingAreaCountsAsZeroWithAWarning) {
    Case c("bad_area_zero");
    c.facilities.set("S01", "building_area", town::null);
    c.write();
    const auto r = c.audit({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["facilities"], 6);
    EXPECT_EQ(j["facilities_missing_area"], 1);
    EXPECT_EQ(j["estates_meeting_area"], 3);
    ASSERT_FALSE(j["warnings"].empty());
    EXPECT_TRUE(contains(j["warnings"].dump(), "counted as 0 m²: S01")) << j["warnings"].dump();
    // S01 still counts for coverage: E01 stays covered, 4000 of 5300 elderly.
    EXPECT_DOUBLE_EQ(j["coverage_rate"].get<double>(), 0.754717);
}

// --missing skip: S01 is left out. E01 then has no facility (fails); its nearest
// facility is CA at sqrt(700² + 500²) = 860 m from (500,500), still inside 900 m,
// but E01's far corner (200,200) is sqrt(1000² + 800²) = 1281 m from CA: only
// part of E01 is covered, so the coverage figures change; only counts are checked.
TEST(BadInput, MissingBuildingAreaSkipped) {
    Case c("bad_area_skip");
    c.facilities.set("S01", "building_area", town::null);
    c.write();
    const auto r = c.audit({"--json", "--missing", "skip"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["facilities"], 5);
    EXPECT_EQ(j["facilities_skipped"], 1);
    EXPECT_EQ(j["estates_meeting_area"], 3);
    EXPECT_TRUE(contains(j["warnings"].dump(), "skipped: S01")) << j["warnings"].dump();
}

TEST(BadInput, UnwritableOutParent) {
    Case c("bad_out_parent");
    c.write();
    std::vector<std::string> args{"audit"};
    const auto in = town::cli_inputs(c.files);
    args.insert(args.end(), in.begin(), in.end());
    const auto out = c.dir.path() / "no_such_folder" / "out";
    args.insert(args.end(), {"--out", out.string(), "--quiet"});
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "no_such_folder")) << r.err;
    EXPECT_TRUE(contains(r.err, "does not exist")) << r.err;
    EXPECT_FALSE(fs::exists(c.dir.path() / "no_such_folder"));
}

TEST(BadInput, UnwritableOutPermission) {
    if (::geteuid() == 0) GTEST_SKIP() << "running as root: permission checks do not apply";
    Case c("bad_out_perm");
    c.write();
    const auto locked = c.dir.path() / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    std::vector<std::string> args{"audit"};
    const auto in = town::cli_inputs(c.files);
    args.insert(args.end(), in.begin(), in.end());
    args.insert(args.end(), {"--out", (locked / "out").string(), "--quiet"});
    const auto r = lc::test::run_cli(args);
    fs::permissions(locked, fs::perms::owner_all);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "permission denied")) << r.err;
    EXPECT_TRUE(fs::is_empty(locked));
}

// An existing folder that is not a lifecircle output is left untouched.
TEST(BadInput, OutIsAForeignFolder) {
    Case c("bad_out_foreign");
    c.write();
    fs::create_directory(c.out());
    { std::ofstream(c.out() / "keep.txt") << "mine"; }
    const auto r = c.audit();
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "not a lifecircle output folder")) << r.err;
    EXPECT_EQ(town::slurp(c.out() / "keep.txt"), "mine");
    EXPECT_FALSE(fs::exists(c.out() / "summary.json"));
    EXPECT_TRUE(town::entries_starting(c.dir.path(), ".out.").empty());
}

TEST(BadInput, DistrictsGivenAsPoints) {
    Case c("bad_district_points");
    c.districts.geometry_type = wkbPoint;
    c.districts.rows[0].wkt = town::point(2000, 1500);
    c.districts.rows[1].wkt = town::point(5500, 1500);
    c.write();
    c.expect_error(c.audit(), {"districts.geojson", "layer 'districts'", "feature D1", "districts must be polygons",
                               "Point"});
}

// E10 drawn as a bow tie (self-intersection at (6200,500)).
TEST(BadInput, InvalidGeometryStrictAndRepaired) {
    Case c("bad_geometry");
    const double x0 = town::k_x0, y0 = town::k_y0;
    auto p = [&](double x, double y) { return town::num(x0 + x) + " " + town::num(y0 + y); };
    c.estates.rows[9].wkt =
        "POLYGON ((" + p(6000, 200) + ", " + p(6400, 800) + ", " + p(6400, 200) + ", " + p(6000, 800) + ", " +
        p(6000, 200) + "))";
    c.write();
    c.expect_error(c.audit({"--strict"}), {"estates.geojson", "layer 'estates'", "feature E10", "invalid geometry"});

    const auto r = c.audit({"--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["repaired_geometries"], 1);
    EXPECT_TRUE(contains(j["warnings"].dump(), "feature E10")) << j["warnings"].dump();
    EXPECT_TRUE(contains(j["warnings"].dump(), "repaired")) << j["warnings"].dump();
    EXPECT_TRUE(fs::exists(c.out() / "summary.json"));
}

TEST(BadInput, UnknownProfile) {
    Case c("bad_profile");
    c.write();
    c.expect_error(c.audit({"--profile", "atlantis"}), {"atlantis"});
}

TEST(BadInput, BadSet) {
    Case c("bad_set");
    c.write();
    c.expect_error(c.audit({"--set", "estate.area_per_100_households_m2"}), {"--set", "KEY=VALUE"});
    c.expect_error(c.audit({"--set", "estate.no_such_key=1"}), {"estate.no_such_key"});
    c.expect_error(c.audit({"--set", "estate.area_per_100_households_m2=lots"}), {"estate.area_per_100_households_m2"});
}

TEST(BadInput, FractionalHouseholds) {
    Case c("bad_fraction");
    c.estates.fields[c.estates.field("households")].type = town::Type::real;
    c.estates.set("E03", "households", town::d(900.5));
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "feature E03", "field 'households'", "900.5", "not a whole number"});
}

TEST(BadInput, FeatureWithoutGeometry) {
    Case c("bad_nogeom");
    c.estates.rows[2].wkt.clear();  // E03
    c.write();
    c.expect_error(c.audit(), {"estates.geojson", "layer 'estates'", "feature E03", "no geometry"});
}

TEST(BadInput, MissingFacilitiesFile) {
    Case c("bad_missing_facilities");
    c.write();
    c.files.facilities = c.dir.str("missing_facilities.gpkg");
    c.expect_error(c.audit(), {"missing_facilities.gpkg", "file not found"});
}

TEST(BadInput, BadFieldAndMissingArguments) {
    Case c("bad_args");
    c.write();
    c.expect_error(c.audit({"--field", "nowhere.id=编号"}), {"--field", "unknown layer 'nowhere'"});
    c.expect_error(c.audit({"--field", "households"}), {"--field", "KEY=VALUE"});
    c.expect_error(c.audit({"--missing", "maybe"}), {"--missing", "maybe"});
}

// GeoJSON without a "crs" member is WGS84 by definition: projected metres in it
// cannot be transformed, and the message says which feature and asks about the CRS.
TEST(BadInput, ProjectedCoordinatesInAGeoJsonWithoutCrs) {
    Case c("bad_geojson_crs");
    c.facilities.epsg = 0;
    c.write();
    c.expect_error(c.audit(), {"facilities.geojson", "layer 'facilities'", "feature S01", "EPSG:4326",
                               "cannot be transformed", "are they in the layer's CRS?"});
}
