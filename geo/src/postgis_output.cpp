// PostgisOutput: a run's output folder loaded into a PostGIS schema in one
// transaction. GDAL's PostgreSQL driver does the talking; DDL is transactional
// in PostgreSQL, so CREATE SCHEMA, DROP TABLE and CREATE TABLE all roll back
// with the rows when anything fails.
#include "lc/geo/postgis_output.hpp"

#include "gdal_common.hpp"
#include "lc/error.hpp"
#include "lc/geo/temp_registry.hpp"

#include <cpl_string.h>
#include <ogr_spatialref.h>
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

namespace lc::geo {

using detail::DatasetPtr;
using detail::FeaturePtr;

namespace {

// A `password=value` pair of a conninfo (value quoted or bare, ending at a
// blank or a URI's '&'), and the `:secret@` of a postgresql:// URI.
const std::regex& password_pair() {
    static const std::regex re(R"((^|[\s?&:])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]*))", std::regex::icase);
    return re;
}
const std::regex& uri_password() {
    static const std::regex re(R"((://[^:/@\s]*):[^@/\s]*@)");
    return re;
}

/// `message` with every password of `connection` replaced by "***" (libpq
/// quotes the connection's parts in some messages).
std::string scrub(std::string message, const std::string& connection) {
    std::vector<std::string> secrets;
    for (std::sregex_iterator it(connection.begin(), connection.end(), password_pair()), end; it != end; ++it) {
        std::string v = (*it)[2].str();
        if (v.size() >= 2 && v.front() == '\'') v = v.substr(1, v.size() - 2);
        if (!v.empty()) secrets.push_back(v);
    }
    std::smatch m;
    if (std::regex_search(connection, m, uri_password())) {
        const std::string whole = m[0].str();
        const auto colon = whole.find(':', 3);
        if (colon != std::string::npos && whole.size() > colon + 2) secrets.push_back(whole.substr(colon + 1, whole.size() - colon - 2));
    }
    for (const auto& s : secrets) {
        for (auto pos = message.find(s); pos != std::string::npos; pos = message.find(s, pos + 3)) message.replace(pos, s.size(), "***");
    }
    return message;
}

std::string quote_ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// E'…' literal: right whatever standard_conforming_strings says.
std::string quote_literal(std::string_view text) {
    std::string out = "E'";
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\'') out += "''";
        else out += c;
    }
    return out + "'";
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) throw OutputError("output: cannot read back " + file.string());
    return ss.str();
}

std::string media_type(const std::filesystem::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".json") return "application/json";
    if (ext == ".html") return "text/html";
    if (ext == ".qml") return "application/xml";
    if (ext == ".csv") return "text/csv";
    return "text/plain";
}

/// A column of a CSV: integer when every value is one (no leading zeros, so
/// codes like "0101" stay text), else real when every value is a plain decimal
/// number, else text. Empty cells are NULL and do not vote.
OGRFieldType column_type(const std::vector<std::vector<std::optional<std::string>>>& rows, std::size_t col) {
    static const std::regex integer(R"(-?(0|[1-9][0-9]{0,17}))");
    static const std::regex real(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
    bool all_int = true, all_real = true, any = false;
    for (const auto& row : rows) {
        if (col >= row.size() || !row[col]) continue;
        any = true;
        if (all_int && !std::regex_match(*row[col], integer)) all_int = false;
        if (all_real && !std::regex_match(*row[col], real)) all_real = false;
        if (!all_real) break;
    }
    if (!any) return OFTString;
    return all_int ? OFTInteger64 : all_real ? OFTReal : OFTString;
}

/// One connection with one transaction. Closing a GDAL PostgreSQL dataset with
/// a transaction open COMMITs it, so the destructor rolls back first.
class Connection {
public:
    Connection(const std::string& connection, std::string label) : m_conn(connection), m_label(std::move(label)) {
        detail::ensure_gdal();
        CPLErrorReset();
        const char* const drivers[] = {"PostgreSQL", nullptr};
        m_ds.reset(static_cast<GDALDataset*>(
            GDALOpenEx(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
        if (!m_ds) fail("cannot connect");
    }
    ~Connection() {
        if (m_in_transaction) m_ds->RollbackTransaction();
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    [[noreturn]] void fail(const std::string& what) const {
        std::string details = scrub(detail::gdal_error(), m_conn);
        // One line, from PostgreSQL's "ERROR:" or "FATAL:" on (GDAL echoes the
        // statement first), without CONTEXT and LINE lines.
        if (details.rfind("PQconnectdb failed.", 0) == 0) details.erase(0, 19);
        std::size_t from = std::min(details.find("ERROR:"), details.find("FATAL:"));
        if (from == std::string::npos) from = 0;
        std::istringstream lines(details.substr(from));
        std::string line, text;
        while (std::getline(lines, line)) {
            if (line.rfind("CONTEXT:", 0) == 0 || line.rfind("LINE ", 0) == 0 ||
                line.find_first_not_of(" \t^") == std::string::npos) {
                continue;
            }
            for (char ch : line) {
                if (ch == '\t') ch = ' ';
                if (ch == ' ' && (text.empty() || text.back() == ' ')) continue;
                text += ch;
            }
            if (!text.empty() && text.back() != ' ') text += ' ';
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        details = text.empty() ? "no details" : text;
        throw OutputError("output: " + m_label + ": " + what + " (" + details + ")");
    }

    GDALDataset& ds() { return *m_ds; }

    void begin() {
        CPLErrorReset();
        if (m_ds->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
        m_in_transaction = true;
    }
    void commit() {
        CPLErrorReset();
        const OGRErr err = m_ds->CommitTransaction();
        m_in_transaction = false;  // committed, or rolled back by the server
        if (err != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) fail("cannot commit; nothing was written");
    }

    /// Runs a statement; throws naming `what` when PostgreSQL refuses it.
    void exec(const std::string& sql, const std::string& what) {
        CPLErrorReset();
        OGRLayer* result = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (result) m_ds->ReleaseResultSet(result);
        if (CPLGetLastErrorType() >= CE_Failure) fail(what);
    }
    /// Runs a query; every row's values as text ("" for NULL).
    std::vector<std::vector<std::string>> query(const std::string& sql, const std::string& what) {
        CPLErrorReset();
        OGRLayer* result = m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (!result || CPLGetLastErrorType() >= CE_Failure) {
            if (result) m_ds->ReleaseResultSet(result);
            fail(what);
        }
        std::vector<std::vector<std::string>> rows;
        for (FeaturePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature())) {
            std::vector<std::string> row;
            row.reserve(static_cast<std::size_t>(std::max(0, f->GetFieldCount())));
            for (int i = 0; i < f->GetFieldCount(); ++i) row.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
            rows.push_back(std::move(row));
        }
        m_ds->ReleaseResultSet(result);
        return rows;
    }

private:
    std::string m_conn;
    std::string m_label;
    DatasetPtr m_ds;
    bool m_in_transaction = false;
};

/// The tables lifecircle wrote into `schema` earlier (to replace). Throws when
/// the schema holds a table, view or other relation lifecircle did not write.
std::vector<std::string> earlier_tables(Connection& c, const std::string& schema, const std::string& where) {
    const auto rows = c.query(
        "SELECT c.relname, c.relkind, coalesce(obj_description(c.oid, 'pg_class'), '') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = " + quote_literal(schema) + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1",
        "cannot list the tables of schema '" + schema + "'");
    std::vector<std::string> ours;
    for (const auto& r : rows) {
        if (r.size() == 3 && r[1] == "r" && r[2].rfind(k_table_comment, 0) == 0) {
            ours.push_back(r[0]);
            continue;
        }
        const std::string kind = r.size() > 1 && r[1] == "v" ? "view" : r.size() > 1 && r[1] == "m" ? "materialized view" : "table";
        throw OutputError("output: " + where + " holds " + kind + " '" + (r.empty() ? "" : r[0]) +
                          "' that lifecircle did not write; choose a new or empty schema (--out-schema) "
                          "or drop it");
    }
    return ours;
}

/// Layer creation options for every table: in `schema`, names as written
/// (no laundering), plain int8 / float8 / varchar columns, `geom` + GiST.
CPLStringList table_options(const std::string& schema) {
    CPLStringList lco;
    lco.SetNameValue("SCHEMA", schema.c_str());
    lco.SetNameValue("LAUNDER", "NO");
    lco.SetNameValue("PRECISION", "NO");
    lco.SetNameValue("GEOMETRY_NAME", "geom");
    lco.SetNameValue("SPATIAL_INDEX", "GIST");
    lco.SetNameValue("FID", "fid");
    return lco;
}

class Loader {
public:
    Loader(Connection& c, std::string schema, std::string where)
        : m_c(c), m_schema(std::move(schema)), m_where(std::move(where)) {}

    [[noreturn]] void fail_table(const std::string& table, const std::string& what) const {
        m_c.fail("schema '" + m_schema + "', table '" + table + "': " + what);
    }

    /// A GeoPackage layer into a table of the same name.
    void load_layer(const std::filesystem::path& file) {
        const std::string table = file.stem().string();
        CPLErrorReset();
        const char* const drivers[] = {"GPKG", nullptr};
        DatasetPtr src(static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr)));
        if (!src || src->GetLayerCount() != 1) throw OutputError("output: cannot read back " + file.string());
        OGRLayer* in = src->GetLayer(0);
        OGRFeatureDefn* def = in->GetLayerDefn();
        OGRLayer* out = create(table, in->GetSpatialRef(), in->GetGeomType());
        for (int i = 0; i < def->GetFieldCount(); ++i) add_field(out, table, *def->GetFieldDefn(i));
        for (FeaturePtr f(in->GetNextFeature()); f; f.reset(in->GetNextFeature())) {
            FeaturePtr g(OGRFeature::CreateFeature(out->GetLayerDefn()));
            if (g->SetFrom(f.get(), FALSE) != OGRERR_NONE) fail_table(table, "cannot convert a feature");
            g->SetFID(f->GetFID());
            insert(out, table, *g);
        }
        finish(table, file);
    }

    /// A CSV (UTF-8, maybe with a BOM) into a table with typed columns.
    void load_csv(const std::filesystem::path& file) {
        const std::string table = file.stem().string();
        CPLStringList oo;
        oo.SetNameValue("EMPTY_STRING_AS_NULL", "YES");
        oo.SetNameValue("HEADERS", "YES");
        const char* const drivers[] = {"CSV", nullptr};
        CPLErrorReset();
        DatasetPtr src(static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, drivers, oo.List(), nullptr)));
        if (!src || src->GetLayerCount() != 1) throw OutputError("output: cannot read back " + file.string());
        OGRLayer* in = src->GetLayer(0);
        OGRFeatureDefn* def = in->GetLayerDefn();
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (FeaturePtr f(in->GetNextFeature()); f; f.reset(in->GetNextFeature())) {
            std::vector<std::optional<std::string>> row;
            for (int i = 0; i < def->GetFieldCount(); ++i) {
                if (f->IsFieldSetAndNotNull(i)) row.emplace_back(f->GetFieldAsString(i));
                else row.emplace_back();
            }
            rows.push_back(std::move(row));
        }
        OGRLayer* out = create(table, nullptr, wkbNone);
        for (int i = 0; i < def->GetFieldCount(); ++i) {
            OGRFieldDefn fd(def->GetFieldDefn(i)->GetNameRef(), column_type(rows, static_cast<std::size_t>(i)));
            add_field(out, table, fd);
        }
        for (const auto& row : rows) {
            FeaturePtr g(OGRFeature::CreateFeature(out->GetLayerDefn()));
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (row[i]) g->SetField(static_cast<int>(i), row[i]->c_str());
                else g->SetFieldNull(static_cast<int>(i));
            }
            insert(out, table, *g);
        }
        finish(table, file);
    }

    /// Every other file: a row of lifecircle_files.
    void load_files(const std::vector<std::filesystem::path>& files, const std::filesystem::path& root) {
        const std::string table(k_files_table);
        m_c.exec("CREATE TABLE " + qualified(table) +
                     " (name text PRIMARY KEY, media_type text NOT NULL, content text NOT NULL)",
                 "schema '" + m_schema + "', table '" + table + "': cannot create the table");
        for (const auto& file : files) {
            const std::string content = read_file(file);
            if (content.find('\0') != std::string::npos) {
                throw OutputError("output: " + file.filename().string() + " is not text; it cannot go into " + table);
            }
            const std::string name = file.lexically_relative(root).generic_string();
            m_c.exec("INSERT INTO " + qualified(table) + " VALUES (" + quote_literal(name) + ", " +
                         quote_literal(media_type(file)) + ", " + quote_literal(content) + ")",
                     "schema '" + m_schema + "', table '" + table + "': cannot store " + name);
        }
        comment(table, "the files of the run that are not tables");
    }

private:
    [[nodiscard]] std::string qualified(const std::string& table) const {
        return quote_ident(m_schema) + "." + quote_ident(table);
    }

    OGRLayer* create(const std::string& table, const OGRSpatialReference* srs, OGRwkbGeometryType type) {
        if (table == k_files_table || !m_tables.insert(table).second) {
            throw OutputError("output: two outputs would become table '" + table + "' in " + m_where);
        }
        CPLErrorReset();
        OGRSpatialReference* copy = srs ? srs->Clone() : nullptr;
        OGRLayer* out = m_c.ds().CreateLayer(table.c_str(), copy, type, table_options(m_schema).List());
        if (copy) copy->Release();
        if (!out) fail_table(table, "cannot create the table");
        return out;
    }
    void add_field(OGRLayer* out, const std::string& table, const OGRFieldDefn& fd) {
        CPLErrorReset();
        OGRFieldDefn copy(&fd);
        if (out->CreateField(&copy) != OGRERR_NONE) fail_table(table, std::string("cannot create column ") + fd.GetNameRef());
    }
    void insert(OGRLayer* out, const std::string& table, OGRFeature& f) {
        CPLErrorReset();
        if (out->CreateFeature(&f) != OGRERR_NONE) fail_table(table, "cannot create or fill the table");
    }
    /// Creates the table now (GDAL defers it to the first row; an empty layer
    /// has none) and marks it as ours.
    void finish(const std::string& table, const std::filesystem::path& file) {
        comment(table, file.filename().string());
    }
    void comment(const std::string& table, const std::string& what) {
        m_c.exec("COMMENT ON TABLE " + qualified(table) + " IS " + quote_literal(std::string(k_table_comment) + ": " + what),
                 "schema '" + m_schema + "', table '" + table + "': cannot create the table");
    }

    Connection& m_c;
    std::string m_schema;
    std::string m_where;
    std::set<std::string> m_tables;
};

}  // namespace

std::string redact_connection(std::string_view connection) {
    if (connection.substr(0, 3) != "PG:") return std::string(connection);
    std::string s = std::regex_replace(std::string(connection), password_pair(), "$1");
    s = std::regex_replace(s, uri_password(), "$1@");
    // tidy the blanks a removed pair leaves
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == ':')) continue;
        out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '?' || out.back() == '&')) out.pop_back();
    return out;
}

void check_schema_name(std::string_view name) {
    static const std::regex ident("[a-z_][a-z0-9_]*");
    const std::string n(name);
    if (n.empty()) throw ArgumentError("--out-schema: a schema name is required with --out PG:…");
    if (n.size() > 63 || !std::regex_match(n, ident)) {
        throw ArgumentError("--out-schema: '" + n +
                            "' is not a schema name lifecircle writes (lowercase letters a-z, digits and _, "
                            "starting with a letter or _, at most 63 characters)");
    }
    if (n.rfind("pg_", 0) == 0) {
        throw ArgumentError("--out-schema: '" + n + "': names starting with pg_ are reserved by PostgreSQL");
    }
}

PostgisOutput::PostgisOutput(std::string connection, std::string schema)
    : m_connection(std::move(connection)), m_label(redact_connection(m_connection)), m_schema(std::move(schema)) {
    check_schema_name(m_schema);
    {  // fail early: the connection works and the schema holds nothing foreign
        Connection c(m_connection, m_label);
        earlier_tables(c, m_schema, target());
        const auto rows = c.query(
            "SELECT CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE') "
            "ELSE has_schema_privilege(n.oid, 'CREATE') END::text, n.oid IS NULL, current_user, current_database() "
            "FROM (SELECT 1) AS one LEFT JOIN pg_namespace n ON n.nspname = " + quote_literal(m_schema),
            "cannot check the privileges on schema '" + m_schema + "'");
        if (rows.size() == 1 && rows[0].size() == 4 && rows[0][0] != "true") {
            const bool missing = rows[0][1] == "true" || rows[0][1] == "1";
            throw OutputError("output: " + m_label + ": permission denied: role " + rows[0][2] + " may not create " +
                              (missing ? "schema '" + m_schema + "' in database " + rows[0][3]
                                       : "tables in schema '" + m_schema + "'") +
                              " (GRANT CREATE ON " + (missing ? "DATABASE " + rows[0][3] : "SCHEMA " + m_schema) +
                              " TO " + rows[0][2] + ", or choose another --out-schema)");
        }
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "lifecircle-pg-XXXXXX").string();
    const TempGuard guard;  // created and registered at once: an interrupted run removes it
    if (!::mkdtemp(tmpl.data())) throw OutputError("output: cannot create a temporary folder in " + std::filesystem::temp_directory_path().string());
    m_tmp = tmpl;
    register_temporary(m_tmp, guard);
}

PostgisOutput::~PostgisOutput() { remove_temporary(); }

void PostgisOutput::remove_temporary() noexcept {
    if (m_tmp.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(m_tmp, ec);
    const TempGuard guard;
    unregister_temporary(m_tmp, guard);
    m_tmp.clear();
}

std::string PostgisOutput::target() const { return "schema '" + m_schema + "' of " + m_label; }

void PostgisOutput::commit() {
    namespace fs = std::filesystem;
    std::vector<fs::path> layers, csvs, files;
    for (const auto& e : fs::recursive_directory_iterator(m_tmp)) {
        if (!e.is_regular_file()) continue;
        const fs::path& p = e.path();
        const bool top = p.parent_path() == m_tmp;
        if (top && p.extension() == ".gpkg") layers.push_back(p);
        else if (top && p.extension() == ".csv") csvs.push_back(p);
        else files.push_back(p);
    }
    std::sort(layers.begin(), layers.end());
    std::sort(csvs.begin(), csvs.end());
    std::sort(files.begin(), files.end());

    Connection c(m_connection, m_label);
    c.begin();
    const std::string where = target();
    for (const auto& t : earlier_tables(c, m_schema, where)) {
        c.exec("DROP TABLE " + quote_ident(m_schema) + "." + quote_ident(t),
               "cannot replace table '" + t + "' of schema '" + m_schema + "' (an earlier run's)");
    }
    c.exec("CREATE SCHEMA IF NOT EXISTS " + quote_ident(m_schema), "cannot create schema '" + m_schema + "'");
    Loader loader(c, m_schema, where);
    for (const auto& f : layers) loader.load_layer(f);
    for (const auto& f : csvs) loader.load_csv(f);
    loader.load_files(files, m_tmp);
    {
        // An interrupting signal either comes before the COMMIT (the run exits,
        // the connection drops and the server rolls back) or waits until it is done.
        const TempGuard guard;
        c.commit();
    }
    remove_temporary();
}

std::unique_ptr<OutputSink> open_postgis_output(const std::string& out, const std::string& schema) {
    return std::make_unique<PostgisOutput>(out, schema);
}

}  // namespace lc::geo
