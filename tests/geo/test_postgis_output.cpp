// The parts of the PostGIS output that need no server: passwords kept out of
// messages, schema names, and which sink --out/--out-schema choose.
#include "lc/error.hpp"
#include "lc/geo/postgis_output.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using lc::geo::check_output_target;
using lc::geo::check_schema_name;
using lc::geo::redact_connection;

TEST(RedactConnection, DropsThePasswordKeyword) {
    EXPECT_EQ(redact_connection("PG:host=db port=5432 dbname=city user=gis password=secret"),
              "PG:host=db port=5432 dbname=city user=gis");
    EXPECT_EQ(redact_connection("PG:password=secret dbname=city"), "PG:dbname=city");
    EXPECT_EQ(redact_connection("PG:dbname=city password = 'a b\\' c' user=x"), "PG:dbname=city user=x");
    EXPECT_EQ(redact_connection("PG:dbname=city PASSWORD=Secret"), "PG:dbname=city");
    EXPECT_EQ(redact_connection("PG:dbname=city user=x"), "PG:dbname=city user=x");
    EXPECT_EQ(redact_connection("data/password=1 .gpkg"), "data/password=1 .gpkg");  // files are left alone
}

TEST(RedactConnection, DropsTheUriPassword) {
    EXPECT_EQ(redact_connection("PG:postgresql://gis:secret@db.example:5432/city"), "PG:postgresql://gis@db.example:5432/city");
    EXPECT_EQ(redact_connection("PG:postgresql://db/city?user=gis&password=secret"), "PG:postgresql://db/city?user=gis");
    EXPECT_EQ(redact_connection("PG:postgresql://db/city?password=secret&sslmode=require"),
              "PG:postgresql://db/city?&sslmode=require");
}

TEST(SchemaName, AcceptsPlainLowercaseIdentifiers) {
    for (const char* ok : {"plan", "plan_2024", "_x", "a"}) EXPECT_NO_THROW(check_schema_name(ok)) << ok;
    EXPECT_NO_THROW(check_schema_name(std::string(63, 'a')));
}

TEST(SchemaName, RefusesWhatNeedsQuotingOrIsReserved) {
    for (const char* bad : {"", "Plan", "1plan", "plan-2024", "plan 2024", "plan;drop", "\"plan\"", "pg_plan", "规划"}) {
        EXPECT_THROW(check_schema_name(bad), lc::ArgumentError) << bad;
    }
    EXPECT_THROW(check_schema_name(std::string(64, 'a')), lc::ArgumentError);
}

TEST(OutputTarget, SchemaGoesWithPgAndPgWithSchema) {
    EXPECT_NO_THROW(check_output_target("out", ""));
    EXPECT_NO_THROW(check_output_target("", ""));
    EXPECT_NO_THROW(check_output_target("PG:dbname=city", "plan"));
    EXPECT_THROW(check_output_target("PG:dbname=city", ""), lc::ArgumentError);
    EXPECT_THROW(check_output_target("out", "plan"), lc::ArgumentError);
    EXPECT_THROW(check_output_target("", "plan"), lc::ArgumentError);
    try {
        check_output_target("PG:dbname=city password=secret", "");
        FAIL();
    } catch (const lc::ArgumentError& e) {
        EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
    }
}

TEST(OutputTarget, AFolderSinkKeepsItsFormat) {
    const auto dir = std::filesystem::temp_directory_path() / "lc_sink_test" / "out";
    std::filesystem::create_directories(dir.parent_path());
    {
        const auto sink = lc::geo::open_output(dir.string(), "", {});
        EXPECT_EQ(sink->layer_format(lc::geo::Format::shp), lc::geo::Format::shp);
        EXPECT_EQ(sink->target(), dir.string());
    }
    std::filesystem::remove_all(dir.parent_path());
}
