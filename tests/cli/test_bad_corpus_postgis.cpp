// PostGIS round trip: the corpus's good town (tests/data/bad/base) loaded into a
// throw-away PostgreSQL + PostGIS cluster with ogr2ogr, then `lifecircle audit`
// reading `PG:…:estates` etc. must give the same figures as the file-based run;
// and a missing table is a clean error naming the connection and the table.
//
// The cluster lives in a temporary folder: initdb, then pg_ctl with a private
// Unix socket in that folder (no TCP: listen_addresses=''), stopped and removed
// after the suite. PostgreSQL refuses to run as root, so as root the server
// commands run through `runuser -u postgres`. Where the server cannot be started
// (no Debian postgresql-15 / postgresql-15-postgis-3, no postgres user) the tests
// skip with the reason, except under CI (CI set): there it is a failure.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path k_pg_bin = "/usr/lib/postgresql/15/bin";
const fs::path k_base = fs::path(LC_TEST_DATA_DIR) / "bad" / "base";

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

class PostgisCluster {
public:
    PostgisCluster() {
        m_dir = fs::temp_directory_path() / ("lc_pg_" + std::to_string(::getpid()));
        m_port = 20000 + static_cast<int>(::getpid() % 20000);
        m_error = start();
    }
    ~PostgisCluster() {
        if (m_started) run_as_server(quote((k_pg_bin / "pg_ctl").string()) + " -D " + quote((m_dir / "data").string()) +
                                     " -m immediate -w stop");
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    PostgisCluster(const PostgisCluster&) = delete;
    PostgisCluster& operator=(const PostgisCluster&) = delete;

    /// Empty when the server runs, else why not.
    [[nodiscard]] const std::string& error() const { return m_error; }
    /// The GDAL connection string (without a layer).
    [[nodiscard]] std::string connection() const {
        return "PG:host=" + m_dir.string() + " port=" + std::to_string(m_port) + " dbname=lc user=postgres";
    }

private:
    int run_as_server(const std::string& cmd) const {
        const std::string log = quote((m_dir / "commands.log").string());
        const std::string full = ::geteuid() == 0 ? "runuser -u postgres -- sh -c " + quote(cmd) : cmd;
        return std::system((full + " >>" + log + " 2>&1").c_str());
    }
    std::string tail_log() const {
        std::ifstream in(m_dir / "commands.log");
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string s = ss.str();
        return s.size() > 600 ? s.substr(s.size() - 600) : s;
    }
    std::string start() {
        if (!fs::exists(k_pg_bin / "initdb")) return "no " + (k_pg_bin / "initdb").string() + " (Debian postgresql-15)";
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        fs::permissions(m_dir, fs::perms::all);  // the postgres user writes here when we are root
        const std::string data = quote((m_dir / "data").string());
        if (run_as_server(quote((k_pg_bin / "initdb").string()) + " -D " + data +
                          " -A trust -U postgres -E UTF8 --locale=C --no-sync") != 0) {
            return "initdb failed: " + tail_log();
        }
        const std::string opts = "-k " + m_dir.string() + " -p " + std::to_string(m_port) +
                                 " -c listen_addresses='' -c fsync=off";
        if (run_as_server(quote((k_pg_bin / "pg_ctl").string()) + " -D " + data + " -o " + quote(opts) + " -l " +
                          quote((m_dir / "server.log").string()) + " -w start") != 0) {
            return "pg_ctl start failed: " + tail_log();
        }
        m_started = true;
        const std::string psql = "psql -h " + quote(m_dir.string()) + " -p " + std::to_string(m_port) + " -U postgres -v ON_ERROR_STOP=1 ";
        if (run_as_server(psql + "-d postgres -c 'CREATE DATABASE lc'") != 0 ||
            run_as_server(psql + "-d lc -c 'CREATE EXTENSION postgis'") != 0) {
            return "cannot create the database with PostGIS (Debian postgresql-15-postgis-3): " + tail_log();
        }
        for (const char* layer : {"estates", "facilities", "districts"}) {
            const std::string cmd = "ogr2ogr -f PostgreSQL " + quote(connection()) + " " +
                                    quote((k_base / (std::string(layer) + ".geojson")).string()) + " -nln " + layer +
                                    " >>" + quote((m_dir / "commands.log").string()) + " 2>&1";
            if (std::system(cmd.c_str()) != 0) return std::string("ogr2ogr into PostGIS failed for ") + layer + ": " + tail_log();
        }
        return {};
    }

    fs::path m_dir;
    int m_port = 0;
    bool m_started = false;
    std::string m_error;
};

class Postgis : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_cluster = new PostgisCluster(); }
    static void TearDownTestSuite() {
        delete s_cluster;
        s_cluster = nullptr;
    }
    void SetUp() override {
        if (!s_cluster->error().empty()) {
            if (std::getenv("CI") != nullptr) FAIL() << "PostGIS server: " << s_cluster->error();
            GTEST_SKIP() << "PostGIS server cannot be started here: " << s_cluster->error();
        }
    }
    static PostgisCluster* s_cluster;
};
PostgisCluster* Postgis::s_cluster = nullptr;

nlohmann::json audit_json(const std::string& estates, const std::string& facilities, const std::string& districts) {
    const auto r = lc::test::run_cli({"audit", "--estates", estates, "--facilities", facilities, "--districts", districts,
                                      "--json", "--quiet"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

}  // namespace

TEST_F(Postgis, AuditFromPostgisEqualsTheFileRun) {
    const std::string pg = s_cluster->connection();
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
    const std::string pg = s_cluster->connection();
    const auto r = lc::test::run_cli({"audit", "--estates", pg + ":no_such_table", "--facilities", pg + ":facilities",
                                      "--quiet"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("no_such_table"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("dbname=lc"), std::string::npos) << r.err;
}
