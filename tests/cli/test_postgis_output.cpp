// `--out PG:… --out-schema NAME` against a throw-away PostGIS cluster
// (postgis_cluster.hpp): the tables equal the folder run's layers and CSVs, the
// other files land in NAME.lifecircle_files, a re-run replaces the tables, and a
// failure anywhere (a table refused late in the load, permission denied, a
// foreign table in the schema, a bad connection) is exit 2 with nothing changed.
#include "cli_runner.hpp"
#include "layer_table.hpp"
#include "postgis_cluster.hpp"
#include "lc/geo/io.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using lc::test::run_cli;
using lc::test::slurp;

namespace {

class PostgisOutput : public lc::test::PostgisTest {
protected:
    void SetUp() override {
        PostgisTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_tmp = fs::temp_directory_path() / ("lc_pgout_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
        fs::remove_all(m_tmp);
        fs::create_directories(m_tmp);
    }
    void TearDown() override {
        std::error_code ec;
        if (!m_tmp.empty()) fs::remove_all(m_tmp, ec);
    }

    /// The tables of `schema`, "a,b,c" ("" when none or no schema).
    static std::string tables(const std::string& schema) {
        return cluster().query("SELECT coalesce(string_agg(c.relname, ',' ORDER BY c.relname), '') FROM pg_class c "
                               "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema +
                               "' AND c.relkind = 'r'");
    }
    static bool schema_exists(const std::string& schema) {
        return cluster().query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'") == "1";
    }
    static std::string file_names(const std::string& schema) {
        return cluster().query("SELECT string_agg(name, ',' ORDER BY name) FROM " + schema + ".lifecircle_files");
    }

    /// Runs lifecircle with `args` plus --out <the cluster's lc database> --out-schema `schema`.
    static lc::test::CliResult run_into(const std::string& schema, std::vector<std::string> args) {
        args.insert(args.end(), {"--out", cluster().connection(), "--out-schema", schema});
        return run_cli(args);
    }

    /// Runs into `schema` and expects exit 0, then exactly `want_tables` in the
    /// schema and `want_files` in its lifecircle_files (comma-separated, sorted).
    static void expect_run_writes(const std::string& schema, const std::vector<std::string>& args,
                                  const std::string& want_tables, const std::string& want_files) {
        const auto r = run_into(schema, args);
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(tables(schema), want_tables);
        EXPECT_EQ(file_names(schema), want_files);
    }

    /// Runs SQL statements as postgres; false (and the error in the test log) when psql fails.
    static bool exec(const std::string& sql) {
        const std::string out = cluster().query(sql);
        const bool ok = out.rfind("<psql failed>", 0) == std::string::npos;
        EXPECT_TRUE(ok) << sql << ": " << out;
        return ok;
    }

    fs::path m_tmp;
};

/// Runs `sql` when it goes out of scope (drops what a test created, also when an assertion returns early).
struct Cleanup {
    explicit Cleanup(std::string statements) : sql(std::move(statements)) {}
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    ~Cleanup() { lc::test::postgis_cluster().query(sql); }
    std::string sql;
};

/// An event trigger running the PL/pgSQL `action` when a table named streets
/// is created (the second CSV table a run loads, after all its layers), so a
/// run fails in the middle of its transaction; dropped with the returned guard.
[[nodiscard]] Cleanup at_create_streets(const std::string& name, const std::string& action) {
    lc::test::postgis_cluster().query(
        "CREATE FUNCTION " + name + "() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity LIKE '%.streets') THEN " +
        action + "; END IF; END $$; CREATE EVENT TRIGGER " + name +
        " ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION " + name + "()");
    return Cleanup("DROP EVENT TRIGGER IF EXISTS " + name + "; DROP FUNCTION IF EXISTS " + name + "()");
}

std::string without_trailing_newlines(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

/// CSV cells read as text by GDAL equal the typed PostgreSQL values: the same
/// text, the same number, or empty = NULL.
bool same_cell(const std::string& csv, const std::string& pg) {
    if (csv == pg || (csv.empty() && pg == "<null>")) return true;
    char* end1 = nullptr;
    char* end2 = nullptr;
    const double a = std::strtod(csv.c_str(), &end1);
    const double b = std::strtod(pg.c_str(), &end2);
    return !csv.empty() && !pg.empty() && *end1 == '\0' && *end2 == '\0' && a == b;
}

/// EPSG code of the first layer of a GeoPackage.
std::string epsg_of(const fs::path& gpkg) {
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
        static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)),
        [](GDALDataset* p) { GDALClose(p); });
    if (!ds) return "<cannot open>";
    const OGRSpatialReference* srs = ds->GetLayer(0)->GetSpatialRef();
    const char* code = srs ? srs->GetAuthorityCode(nullptr) : nullptr;
    return code ? code : "<none>";
}

}  // namespace

TEST_F(PostgisOutput, PlanIntoASchemaEqualsTheFolderRun) {
    const fs::path folder = m_tmp / "folder";
    const std::string pg = cluster().connection();
    const auto files = run_cli({"plan", "--quiet", "--out", folder.string(), "--format", "gpkg"});
    ASSERT_EQ(files.status, 0) << files.err;
    // The demo's profile is Chinese, so the folder's CSVs have Chinese headers;
    // database tables keep the English column names (docs/language.md): their
    // rows are those of the --lang en CSVs.
    const fs::path folder_en = m_tmp / "folder_en";
    const auto files_en = run_cli({"plan", "--quiet", "--lang", "en", "--out", folder_en.string(), "--format", "gpkg"});
    ASSERT_EQ(files_en.status, 0) << files_en.err;
    const auto db = run_into("plan_demo", {"plan", "--quiet"});
    ASSERT_EQ(db.status, 0) << db.err;
    EXPECT_NE(db.out.find("schema 'plan_demo'"), std::string::npos) << db.out;
    EXPECT_TRUE(db.err.empty()) << db.err;

    std::set<std::string> expected_tables{"lifecircle_files"};
    std::set<std::string> expected_files;
    for (const auto& e : fs::directory_iterator(folder)) {
        const fs::path& p = e.path();
        if (p.filename() == lc::geo::k_manifest_name) continue;  // a folder's list of its files, not an output
        // The QGIS project and a layer's CSV copy (estates.csv beside estates.gpkg)
        // are for a folder's users; in the database the layer is the table.
        if (p.filename() == "lifecircle.qgs") continue;
        const std::string stem = p.stem().string();
        if (p.extension() == ".csv" && fs::exists(folder / (stem + ".gpkg"))) continue;
        if (p.extension() == ".gpkg") {
            expected_tables.insert(stem);
            SCOPED_TRACE("layer " + stem);
            // same rows, fields and values (Chinese names included), geometry type
            const lc::test::Table want = lc::test::read_table(p.string());
            const lc::test::Table got = lc::test::read_table(pg, "plan_demo." + stem);
            EXPECT_EQ(got, want);
            EXPECT_EQ(cluster().query("SELECT count(*) FROM plan_demo." + stem), std::to_string(want.size()));
            // the output CRS as SRID, a GiST index, the lifecircle mark
            EXPECT_EQ(cluster().query("SELECT Find_SRID('plan_demo', '" + stem + "', 'geom')"), epsg_of(p));
            EXPECT_EQ(cluster().query("SELECT count(*) FROM pg_indexes WHERE schemaname = 'plan_demo' AND tablename = '" +
                                      stem + "' AND indexdef LIKE '%USING gist (geom)%'"),
                      "1");
            EXPECT_EQ(cluster().query("SELECT obj_description('plan_demo." + stem + "'::regclass, 'pg_class')"),
                      "lifecircle output: " + stem + ".gpkg");
        } else if (p.extension() == ".csv") {
            expected_tables.insert(stem);
            SCOPED_TRACE("table " + stem);
            const lc::test::Table want = lc::test::read_table((folder_en / p.filename()).string());
            const lc::test::Table got = lc::test::read_table(pg, "plan_demo." + stem);
            ASSERT_EQ(got.size(), want.size());
            for (const auto& [key, row] : want) {
                ASSERT_TRUE(got.count(key)) << key;
                for (const auto& [field, value] : row) {
                    if (field == "<geometry>") continue;
                    ASSERT_TRUE(got.at(key).count(field)) << field;
                    EXPECT_TRUE(same_cell(value, got.at(key).at(field))) << key << " " << field << ": " << value
                                                                           << " vs " << got.at(key).at(field);
                }
            }
        } else {
            expected_files.insert(p.filename().string());
        }
    }
    std::string want_tables;
    for (const auto& t : expected_tables) want_tables += (want_tables.empty() ? "" : ",") + t;
    EXPECT_EQ(tables("plan_demo"), want_tables);
    std::string want_files;
    for (const auto& f : expected_files) want_files += (want_files.empty() ? "" : ",") + f;
    EXPECT_EQ(file_names("plan_demo"), want_files);
    EXPECT_NE(want_files.find("report.html"), std::string::npos);

    // Chinese text survives byte for byte (read with psql, not GDAL)
    const lc::test::Table estates = lc::test::read_table((folder / "estates.gpkg").string());
    int checked = 0;
    for (const auto& [id, row] : estates) {
        const std::string& name = row.at("name");
        if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
            EXPECT_EQ(cluster().query("SELECT name FROM plan_demo.estates WHERE id = '" + id + "'"), name);
            if (++checked == 3) break;
        }
    }
    EXPECT_GT(checked, 0) << "the demo has Chinese estate names";
    // typed CSV columns; styles and report byte for byte; the summary's figures
    EXPECT_EQ(cluster().query("SELECT data_type FROM information_schema.columns WHERE table_schema = 'plan_demo' AND "
                              "table_name = 'communities' AND column_name = 'elderly'"),
              "bigint");
    EXPECT_EQ(cluster().query("SELECT content FROM plan_demo.lifecircle_files WHERE name = 'estates.qml'"),
              without_trailing_newlines(slurp(folder / "estates.qml")));
    EXPECT_EQ(cluster().query("SELECT media_type FROM plan_demo.lifecircle_files WHERE name = 'report.html'"), "text/html");
    EXPECT_EQ(cluster().query("SELECT octet_length(content) FROM plan_demo.lifecircle_files WHERE name = 'report.html'"),
              std::to_string(fs::file_size(folder / "report.html")));
    const auto summary_db = nlohmann::json::parse(
        cluster().query("SELECT content FROM plan_demo.lifecircle_files WHERE name = 'summary.json'"));
    const auto summary_files = nlohmann::json::parse(slurp(folder / "summary.json"));
    for (const char* key : {"estates", "facilities", "elderly_total", "coverage_rate", "crs", "districts"}) {
        EXPECT_EQ(summary_db[key], summary_files[key]) << key;
    }
}

TEST_F(PostgisOutput, ReRunReplacesTheTables) {
    expect_run_writes("rerun", {"optimize", "--demo", "--quiet", "--model", "mclp", "--p", "2"},
                      "facilities,lifecircle_files,proposed_sites", "facilities.qml,proposed_sites.qml,summary.json");
    // the audit's tables and styles only: optimize's proposed_sites, facilities and their styles are gone
    // (service_areas_groups: the walking groups' service areas, docs/walking_groups.md)
    expect_run_writes("rerun", {"audit", "--demo", "--quiet"},
                      "communities,districts,estates,lifecircle_files,service_areas,service_areas_groups,streets,summary",
                      "districts.qml,estates.qml,service_areas.qml,service_areas_groups.qml,summary.json");
}

TEST_F(PostgisOutput, ALateFailureLeavesTheEarlierRunUntouched) {
    expect_run_writes("kept", {"coverage", "--demo", "--quiet"}, "estates,lifecircle_files,service_areas",
                      "estates.qml,service_areas.qml,summary.json");
    // what must survive: the coverage run's tables, columns, rows and summary
    const std::string state_sql =
        "SELECT (SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns "
        "WHERE table_schema = 'kept' AND table_name = 'estates'), (SELECT count(*) FROM kept.estates), "
        "(SELECT md5(content) FROM kept.lifecircle_files WHERE name = 'summary.json')";
    const std::string before = tables("kept") + " " + cluster().query(state_sql);

    // PostgreSQL refuses the streets table, in the middle of the transaction
    // (after the layers and the communities table)
    lc::test::CliResult failed, fresh;
    {
        const Cleanup refuse = at_create_streets("lc_refuse_streets", "RAISE EXCEPTION 'lc test: no streets table'");
        failed = run_into("kept", {"audit", "--demo", "--quiet"});
        fresh = run_into("fresh_fail", {"audit", "--demo", "--quiet"});
    }
    EXPECT_EQ(failed.status, 2) << failed.err;
    EXPECT_TRUE(failed.out.empty()) << failed.out;
    EXPECT_EQ(failed.err.rfind("lifecircle: error: output: ", 0), 0U) << failed.err;
    for (const char* part : {"dbname=lc", "schema 'kept'", "table 'streets'", "ERROR: lc test: no streets table"}) {
        EXPECT_NE(failed.err.find(part), std::string::npos) << part << " in " << failed.err;
    }
    EXPECT_EQ(tables("kept") + " " + cluster().query(state_sql), before);
    EXPECT_EQ(fresh.status, 2) << fresh.err;
    EXPECT_FALSE(schema_exists("fresh_fail"));

    // the connection lost half-way (the server ends the session at the same point)
    lc::test::CliResult lost;
    {
        const Cleanup kill = at_create_streets("lc_kill_at_streets", "PERFORM pg_terminate_backend(pg_backend_pid())");
        lost = run_into("kept", {"audit", "--demo", "--quiet"});
    }
    EXPECT_EQ(lost.status, 2) << lost.err;
    EXPECT_NE(lost.err.find("terminating connection"), std::string::npos) << lost.err;
    EXPECT_EQ(lost.err.find("CREATE TABLE"), std::string::npos) << "GDAL's statement echo: " << lost.err;
    EXPECT_EQ(tables("kept") + " " + cluster().query(state_sql), before);
}

// SIGTERM while the load is under way (an event trigger sleeps when the streets
// table is created, in the middle of the transaction): exit 143, the temporary
// folder removed, and the schema keeps the earlier run: no COMMIT was sent, the
// connection dropped and the server rolled the transaction back
// (client_connection_check_interval, set through the connection's options,
// makes the sleeping backend notice within 0.1 s instead of after its 20 s).
TEST_F(PostgisOutput, SigtermDuringTheLoadKeepsTheEarlierRun) {
    expect_run_writes("kept_sig", {"coverage", "--demo", "--quiet"}, "estates,lifecircle_files,service_areas",
                      "estates.qml,service_areas.qml,summary.json");
    const std::string state_sql =
        "SELECT (SELECT count(*) FROM kept_sig.estates), "
        "(SELECT md5(content) FROM kept_sig.lifecircle_files WHERE name = 'summary.json')";
    const std::string before = tables("kept_sig") + " " + cluster().query(state_sql);
    const auto sleeping = [] {
        return cluster().query("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") != "0";
    };
    const fs::path tmpdir = m_tmp / "tmpdir";  // the run's TMPDIR: its temporary folder goes there
    fs::create_directories(tmpdir);
    lc::test::CliResult r;
    bool killed = true;
    {
        const Cleanup sleep = at_create_streets("lc_sleep_at_streets", "PERFORM pg_sleep(20)");
        const char* old_tmpdir = std::getenv("TMPDIR");
        const std::string saved = old_tmpdir ? old_tmpdir : "";
        ::setenv("TMPDIR", tmpdir.c_str(), 1);
        const auto p = lc::test::start_cli({"audit", "--demo", "--quiet", "--out",
                                            cluster().connection() + " options='-c client_connection_check_interval=100'",
                                            "--out-schema", "kept_sig"});
        if (old_tmpdir) ::setenv("TMPDIR", saved.c_str(), 1);
        else ::unsetenv("TMPDIR");
        for (int i = 0; i < 600 && !sleeping(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_TRUE(sleeping()) << "the run never reached the streets table";
        EXPECT_FALSE(fs::is_empty(tmpdir));  // the run's temporary folder, while it loads
        ::kill(p.pid, SIGTERM);
        r = lc::test::finish_cli(p, &killed);
        for (int i = 0; i < 200 && sleeping(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_FALSE(killed);
    EXPECT_EQ(r.status, 143) << r.err;
    EXPECT_NE(r.err.find("lifecircle: interrupted by SIGTERM; removed the partial output"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(tmpdir));
    EXPECT_FALSE(sleeping());
    EXPECT_EQ(tables("kept_sig") + " " + cluster().query(state_sql), before);
}

TEST_F(PostgisOutput, PermissionDeniedLeavesNoSchemaAndNoPassword) {
    const Cleanup drop_role("DROP ROLE IF EXISTS lc_reader");
    ASSERT_TRUE(exec("CREATE ROLE lc_reader LOGIN"));
    const std::string pg = cluster().connection("lc_reader") + " password=s3cret-pw";
    const auto r = run_cli({"audit", "--demo", "--quiet", "--out", pg, "--out-schema", "denied"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("permission denied: role lc_reader may not create schema 'denied'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'denied'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("user=lc_reader"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
    EXPECT_FALSE(schema_exists("denied"));
}

TEST_F(PostgisOutput, AForeignTableInTheSchemaIsRefused) {
    const Cleanup drop_schema("DROP SCHEMA IF EXISTS theirs CASCADE");
    ASSERT_TRUE(exec("CREATE SCHEMA theirs; CREATE TABLE theirs.roads (id int); INSERT INTO theirs.roads VALUES (1)"));
    const auto r = run_cli({"audit", "--demo", "--quiet", "--out", cluster().connection(), "--out-schema", "theirs"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("'roads'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("did not write"), std::string::npos) << r.err;
    EXPECT_EQ(tables("theirs"), "roads");
    EXPECT_EQ(cluster().query("SELECT count(*) FROM theirs.roads"), "1");
}

TEST_F(PostgisOutput, EveryCommandWritesItsTables) {
    expect_run_writes("cov", {"coverage", "--demo", "--quiet"}, "estates,lifecircle_files,service_areas",
                      "estates.qml,service_areas.qml,summary.json");
    expect_run_writes("opt", {"optimize", "--demo", "--quiet", "--model", "mclp", "--p", "2"},
                      "facilities,lifecircle_files,proposed_sites", "facilities.qml,proposed_sites.qml,summary.json");
    EXPECT_EQ(cluster().query("SELECT count(*) FROM opt.proposed_sites"), "2");
    // an OR-Library instance (no layers): its summary.json only
    const fs::path pmed = m_tmp / "pmed_tiny.txt";
    std::ofstream(pmed) << "3 3 1\n1 2 5\n2 3 5\n1 3 7\n";
    expect_run_writes("orlib", {"optimize", "--orlib", pmed.string()}, "lifecircle_files", "summary.json");
}

TEST_F(PostgisOutput, PlanLayoutWritesThePlanSites) {
    const auto r = run_into("layout", {"plan", "--layout", "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string t = tables("layout");
    for (const char* table : {"plan_sites", "plan_districts", "plan_unmet", "proposed_sites", "estates"}) {
        EXPECT_NE(t.find(table), std::string::npos) << table << " in " << t;
    }
    EXPECT_NE(cluster().query("SELECT count(*) FROM layout.plan_sites"), "0");
}

// Without a server: the flags are checked before anything is connected.
TEST(PostgisOutputFlags, OutSchemaGoesWithPgOnly) {
    const auto no_schema = run_cli({"audit", "--demo", "--out", "PG:dbname=lc"});
    EXPECT_EQ(no_schema.status, 2);
    EXPECT_NE(no_schema.err.find("--out-schema"), std::string::npos) << no_schema.err;
    const auto plan_no_schema = run_cli({"plan", "--out", "PG:dbname=lc password=pw123"});
    EXPECT_EQ(plan_no_schema.status, 2);
    EXPECT_NE(plan_no_schema.err.find("--out-schema"), std::string::npos) << plan_no_schema.err;
    EXPECT_EQ(plan_no_schema.err.find("pw123"), std::string::npos) << plan_no_schema.err;
    const auto folder = run_cli({"audit", "--demo", "--out", "some-folder", "--out-schema", "s"});
    EXPECT_EQ(folder.status, 2);
    EXPECT_NE(folder.err.find("--out-schema needs --out PG:"), std::string::npos) << folder.err;
    EXPECT_FALSE(fs::exists("some-folder"));
    for (const char* bad : {"Bad-Name", "1abc", "pg_temp2", "with space", "plan;drop"}) {
        const auto r = run_cli({"coverage", "--demo", "--out", "PG:dbname=lc", "--out-schema", bad});
        EXPECT_EQ(r.status, 2) << bad;
        EXPECT_NE(r.err.find("--out-schema"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
    }
}

TEST(PostgisOutputFlags, ABadConnectionNamesHostAndDatabaseButNotThePassword) {
    const auto r = run_cli({"audit", "--demo", "--quiet", "--out",
                            "PG:host=/nonexistent-lc port=5999 dbname=nodb user=someone password='hunter 2'",
                            "--out-schema", "s"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find("host=/nonexistent-lc"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("dbname=nodb"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hunter"), std::string::npos) << r.err;
}

TEST_F(PostgisOutput, AnEmptyLayerIsAnEmptyTable) {
    // everyone within 100 km: no new station, proposed_sites has no feature
    const auto r = run_into("empty_sites", {"plan", "--quiet", "--no-report", "--mode", "circle", "--radius", "100000"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(cluster().query("SELECT count(*) FROM empty_sites.proposed_sites"), "0");
    EXPECT_EQ(cluster().query("SELECT Find_SRID('empty_sites', 'proposed_sites', 'geom')"),
              cluster().query("SELECT Find_SRID('empty_sites', 'estates', 'geom')"));
    // the layer's declared kind (OutLayer::kind), not a generic geometry column
    EXPECT_EQ(cluster().query("SELECT type FROM geometry_columns WHERE f_table_schema = 'empty_sites' AND "
                              "f_table_name = 'proposed_sites'"),
              "POINT");
    EXPECT_EQ(cluster().query("SELECT obj_description('empty_sites.proposed_sites'::regclass, 'pg_class')"),
              "lifecircle output: proposed_sites.gpkg");
}
