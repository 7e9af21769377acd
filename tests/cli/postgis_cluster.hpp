// A throw-away PostgreSQL + PostGIS cluster for the CLI tests: one per test
// process, shared by every test of the process (postgis_cluster()).
//
// The cluster lives in a temporary folder: a copy of a template made once per
// build tree (initdb, CREATE EXTENSION postgis; build/tests/postgis-template),
// started with pg_ctl on a private Unix socket in that folder (no TCP:
// listen_addresses=''), stopped and removed at exit. PostgreSQL refuses to run as root, so as root the server commands
// run through `runuser -u postgres`. Database `lc` has PostGIS and the corpus's
// good town (tests/data/bad/base) as tables estates, facilities and districts.
// Where the server cannot be started (no Debian postgresql-15 /
// postgresql-15-postgis-3, no postgres user) the tests of a PostgisTest fixture
// skip with the reason, except under CI (CI set): there they fail.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lc::test {

/// `s` in single quotes for sh.
inline std::string shell_quote(const std::string& s) {
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
        m_dir = std::filesystem::temp_directory_path() / ("lc_pg_" + std::to_string(::getpid()));
        m_port = 20000 + static_cast<int>(::getpid() % 20000);
        m_error = start();
    }
    ~PostgisCluster() {
        if (m_started) run_as_server(bin("pg_ctl") + " -D " + shell_quote((m_dir / "data").string()) + " -m immediate -w stop");
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    PostgisCluster(const PostgisCluster&) = delete;
    PostgisCluster& operator=(const PostgisCluster&) = delete;

    /// Empty when the server runs, else why not.
    [[nodiscard]] const std::string& error() const { return m_error; }
    /// The GDAL connection string (without a layer) for `user`.
    [[nodiscard]] std::string connection(const std::string& user = "postgres") const {
        return "PG:host=" + m_dir.string() + " port=" + std::to_string(m_port) + " dbname=lc user=" + user;
    }
    /// Runs `sql` with psql as postgres on database lc; stdout (unaligned,
    /// fields separated by '|', no header), or "<psql failed>" plus the error.
    std::string query(const std::string& sql) const {
        const std::string cmd = psql() + "-d lc -At -c " + shell_quote(sql) + " 2>&1";
        std::string out;
        FILE* p = ::popen(cmd.c_str(), "r");
        if (!p) return "<psql failed>";
        std::array<char, 4096> buf{};
        std::size_t n = 0;
        while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        const int rc = ::pclose(p);
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return rc == 0 ? out : "<psql failed> " + out;
    }

private:
    static std::string bin(const char* name) {
        return shell_quote((std::filesystem::path("/usr/lib/postgresql/15/bin") / name).string());
    }
    [[nodiscard]] std::string psql() const {
        return "PGCLIENTENCODING=UTF8 psql -h " + shell_quote(m_dir.string()) + " -p " + std::to_string(m_port) + " -U postgres -v ON_ERROR_STOP=1 ";
    }
    int run_as_server(const std::string& cmd) const {
        const std::string log = shell_quote((m_dir / "commands.log").string());
        const std::string full = ::geteuid() == 0 ? "runuser -u postgres -- sh -c " + shell_quote(cmd) : cmd;
        return std::system((full + " >>" + log + " 2>&1").c_str());
    }
    [[nodiscard]] std::string tail_log() const {
        std::ifstream in(m_dir / "commands.log");
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string s = ss.str();
        return s.size() > 600 ? s.substr(s.size() - 600) : s;
    }
    std::string start() {
        namespace fs = std::filesystem;
        if (!fs::exists("/usr/lib/postgresql/15/bin/initdb")) return "no /usr/lib/postgresql/15/bin/initdb (Debian postgresql-15)";
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        fs::permissions(m_dir, fs::perms::all);  // the postgres user writes here when we are root
        const fs::path data = m_dir / "data";
        const fs::path tmpl = fs::path(LC_TEST_BINARY_DIR) / "postgis-template";
        bool fresh = false;
        if (!fs::exists(tmpl / "PG_VERSION")) {
            if (std::string error = make_template(tmpl); !error.empty()) return error;
            fresh = true;
        }
        for (;;) {
            fs::remove_all(data);
            if (std::system(("cp -a " + shell_quote(tmpl.string()) + " " + shell_quote(data.string())).c_str()) != 0) {
                return "cannot copy " + tmpl.string();
            }
            if (start_server()) break;
            if (fresh) return "pg_ctl start failed: " + tail_log();
            fs::remove_all(tmpl);  // made by another PostgreSQL version? make it again
            if (std::string error = make_template(tmpl); !error.empty()) return error;
            fresh = true;
        }
        m_started = true;
        const fs::path base = fs::path(LC_TEST_DATA_DIR) / "bad" / "base";
        for (const char* layer : {"estates", "facilities", "districts"}) {
            const std::string cmd = "ogr2ogr -f PostgreSQL " + shell_quote(connection()) + " " +
                                    shell_quote((base / (std::string(layer) + ".geojson")).string()) + " -nln " + layer +
                                    " >>" + shell_quote((m_dir / "commands.log").string()) + " 2>&1";
            if (std::system(cmd.c_str()) != 0) return std::string("ogr2ogr into PostGIS failed for ") + layer + ": " + tail_log();
        }
        return {};
    }
    bool start_server() const {
        const std::string opts = "-k " + m_dir.string() + " -p " + std::to_string(m_port) +
                                 " -c listen_addresses='' -c fsync=off";
        return run_as_server(bin("pg_ctl") + " -D " + shell_quote((m_dir / "data").string()) + " -o " + shell_quote(opts) +
                             " -l " + shell_quote((m_dir / "server.log").string()) + " -w start") == 0;
    }
    /// initdb and CREATE EXTENSION postgis take seconds, so they are done once
    /// per build tree: a stopped cluster with database lc (PostGIS) in
    /// `tmpl`, copied by every test process. Made in this process's folder,
    /// copied beside `tmpl` and renamed into place (a concurrent process that
    /// loses the race keeps its copy out of the way).
    std::string make_template(const std::filesystem::path& tmpl) {
        namespace fs = std::filesystem;
        const std::string data = shell_quote((m_dir / "data").string());
        fs::remove_all(m_dir / "data");
        if (run_as_server(bin("initdb") + " -D " + data + " -A trust -U postgres -E UTF8 --locale=C --no-sync") != 0) {
            return "initdb failed: " + tail_log();
        }
        if (!start_server()) return "pg_ctl start failed: " + tail_log();
        const bool made = run_as_server(psql() + "-d postgres -c 'CREATE DATABASE lc'") == 0 &&
                          run_as_server(psql() + "-d lc -c 'CREATE EXTENSION postgis'") == 0;
        run_as_server(bin("pg_ctl") + " -D " + data + " -m fast -w stop");
        if (!made) return "cannot create the database with PostGIS (Debian postgresql-15-postgis-3): " + tail_log();
        const fs::path staging = tmpl.string() + ".tmp-" + std::to_string(::getpid());
        fs::remove_all(staging);
        if (std::system(("cp -a " + data + " " + shell_quote(staging.string())).c_str()) != 0) {
            return "cannot copy the cluster to " + staging.string();
        }
        std::error_code ec;
        fs::rename(staging, tmpl, ec);
        if (ec) fs::remove_all(staging, ec);  // another process was first
        return {};
    }

    std::filesystem::path m_dir;
    int m_port = 0;
    bool m_started = false;
    std::string m_error;
};

/// The process's cluster, started on first use and stopped at exit.
inline PostgisCluster& postgis_cluster() {
    static PostgisCluster cluster;
    return cluster;
}

/// Fixture for tests that need the server: skips (or fails under CI) when it
/// cannot be started.
class PostgisTest : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string& error = postgis_cluster().error();
        if (!error.empty()) {
            if (std::getenv("CI") != nullptr) FAIL() << "PostGIS server: " << error;
            GTEST_SKIP() << "PostGIS server cannot be started here: " << error;
        }
    }
    static PostgisCluster& cluster() { return postgis_cluster(); }
};

}  // namespace lc::test
