// PostGIS round trip: the corpus's good town (tests/data/bad/base) loaded into a
// throw-away PostgreSQL + PostGIS cluster with ogr2ogr, then `lifecircle audit`
// reading `PG:…:estates` etc. must give the same figures as the file-based run;
// and a missing table is a clean error naming the connection (not its password)
// and the table.
//
// The cluster: tests/cli/postgis_cluster.hpp.
#include "cli_runner.hpp"
#include "postgis_cluster.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path k_base = fs::path(LC_TEST_DATA_DIR) / "bad" / "base";

using Postgis = lc::test::PostgisTest;

nlohmann::json audit_json(const std::string& estates, const std::string& facilities, const std::string& districts) {
    const auto r = lc::test::run_cli({"audit", "--estates", estates, "--facilities", facilities, "--districts", districts,
                                      "--json", "--quiet"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

}  // namespace

TEST_F(Postgis, AuditFromPostgisEqualsTheFileRun) {
    const std::string pg = cluster().connection();
    const auto files = audit_json((k_base / "estates.geojson").string(), (k_base / "facilities.geojson").string(),
                                  (k_base / "districts.geojson").string());
    const auto db = audit_json(pg + ":estates", pg + ":facilities", pg + ":districts");
    ASSERT_FALSE(files.empty());
    ASSERT_FALSE(db.empty());
    for (const char* key : {"estates", "facilities", "elderly_total", "elderly_covered", "coverage_rate",
                            "estates_meeting_area", "area_compliance_rate", "new_estates", "new_estates_meeting_area",
                            "districts_meeting_land", "beds", "nursing_beds", "crs", "districts", "targets",
                            "communities_with_station", "streets_with_centre", "repaired_geometries"}) {
        EXPECT_EQ(db[key], files[key]) << key;
    }
}

TEST_F(Postgis, MissingTableIsACleanError) {
    const std::string pg = cluster().connection() + " password=top-secret";  // ignored by trust auth; never shown
    const auto r = lc::test::run_cli({"audit", "--estates", pg + ":no_such_table", "--facilities", pg + ":facilities",
                                      "--quiet"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("no_such_table"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("dbname=lc"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("top-secret"), std::string::npos) << r.err;
}
