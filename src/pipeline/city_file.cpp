#include "pipeline/city_file.hpp"

#include "lc/error.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <sstream>

namespace lc::app {
namespace {
namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, long line, const std::string& key, const std::string& what) {
    std::string where = line > 0 ? "line " + std::to_string(line) + ": " : "";
    if (!key.empty()) where += "key '" + key + "': ";
    throw InputError(InputLocation{file.string(), "", "", ""}, where + what);
}

std::string dotted(const std::string& section, const std::string& key) {
    return section.empty() ? key : section + "." + key;
}

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

std::string number_text(double v) {
    std::array<char, 64> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return {buf.data(), res.ptr};
}

/// The text of a scalar (nullopt for a table or array); `type` set.
std::optional<std::string> scalar_text(const toml::node& node, CityEntry::Type& type) {
    if (const auto* s = node.as_string()) {
        type = CityEntry::Type::string;
        return s->get();
    }
    if (const auto* i = node.as_integer()) {
        type = CityEntry::Type::integer;
        return std::to_string(i->get());
    }
    if (const auto* d = node.as_floating_point()) {
        type = CityEntry::Type::real;
        return number_text(d->get());
    }
    if (const auto* b = node.as_boolean()) {
        type = CityEntry::Type::boolean;
        return b->get() ? "true" : "false";
    }
    return std::nullopt;
}

/// "PATH[:LAYER]" relative to `dir`, unless absolute, empty or a connection string.
std::string resolve_path(const fs::path& dir, const std::string& value) {
    if (value.empty() || value.rfind("PG:", 0) == 0 || value.rfind("/vsi", 0) == 0 || fs::path(value).is_absolute()) {
        return value;
    }
    return (dir / value).lexically_normal().string();
}

/// A profile given as a file (as Profile::load tells a file from a name).
bool profile_is_file(const std::string& s) {
    return s.find('/') != std::string::npos || (s.size() > 5 && s.substr(s.size() - 5) == ".toml");
}

std::string option_key(std::string key) {
    std::replace(key.begin(), key.end(), '_', '-');
    return key;
}

/// Sorts `items` by their `lines`.
void in_file_order(std::vector<std::string>& items, std::vector<long>& lines) {
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lines[a] < lines[b]; });
    std::vector<std::string> sorted_items;
    std::vector<long> sorted_lines;
    for (const std::size_t i : order) {
        sorted_items.push_back(items[i]);
        sorted_lines.push_back(lines[i]);
    }
    items = std::move(sorted_items);
    lines = std::move(sorted_lines);
}

/// [fields]: ROLE = NAME (every layer) or LAYER.ROLE = NAME / [fields.LAYER].
void read_fields(const fs::path& file, const toml::table& tbl, CityFile& out) {
    for (auto&& [k, v] : tbl) {
        const std::string key(k.str());
        if (const auto* layer = v.as_table()) {
            for (auto&& [rk, rv] : *layer) {
                const std::string role(rk.str());
                const auto* name = rv.as_string();
                if (name == nullptr) {
                    fail(file, line_of(rv), std::string(k_fields_section) + "." + key + "." + role,
                         "expected a field name (a string), e.g. " + role + " = \"...\"");
                }
                out.field_args.push_back(key + "." + role + "=" + name->get());
                out.field_lines.push_back(line_of(rv));
            }
            continue;
        }
        const auto* name = v.as_string();
        if (name == nullptr) {
            fail(file, line_of(v), std::string(k_fields_section) + "." + key,
                 "expected a field name (a string) or a table of a layer's roles");
        }
        out.field_args.push_back(key + "=" + name->get());
        out.field_lines.push_back(line_of(v));
    }
}

/// [set]: profile keys (dotted keys and sub-tables flattened: a.b = 1 is "a.b=1").
void read_set(const fs::path& file, const toml::table& tbl, const std::string& prefix, CityFile& out) {
    for (auto&& [k, v] : tbl) {
        const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const auto* sub = v.as_table()) {
            read_set(file, *sub, key, out);
            continue;
        }
        CityEntry::Type type{};
        const auto text = scalar_text(v, type);
        if (!text) fail(file, line_of(v), std::string(k_set_section) + "." + key, "expected a number, string or boolean");
        out.set_args.push_back(key + "=" + *text);
        out.set_lines.push_back(line_of(v));
    }
}

CityEntry read_entry(const fs::path& file, const std::string& section, const std::string& key, const toml::node& v) {
    CityEntry e;
    e.section = section;
    e.key = option_key(key);
    e.line = line_of(v);
    if (const auto* arr = v.as_array()) {
        e.type = CityEntry::Type::array;
        for (const auto& item : *arr) {
            CityEntry::Type item_type{};
            const auto text = scalar_text(item, item_type);
            if (!text) fail(file, e.line, dotted(section, key), "an array may hold numbers and strings only");
            e.values.push_back(*text);
        }
    } else {
        const auto text = scalar_text(v, e.type);
        if (!text) fail(file, e.line, dotted(section, key), "expected a value, not a table");
        e.values.push_back(*text);
    }
    if (is_path_key(section, e.key) || (section.empty() && e.key == "profile" && profile_is_file(e.values.front()))) {
        for (auto& p : e.values) p = resolve_path(file.parent_path(), p);
    }
    return e;
}

}  // namespace

std::string CityEntry::where(const fs::path& file) const {
    return file.string() + ", line " + std::to_string(line) + ": key '" + dotted(section, key) + "'";
}

bool is_path_key(const std::string& section, const std::string& key) {
    if (section == k_inputs_section) return true;
    return key == "out" || key == "parcels" || key == "projection";
}



void check_city_name(const fs::path& file, const std::string& name) {
    const bool control = std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos || control || name.front() == '.') {
        fail(file, 0, "name",
             "'" + name + "' cannot name the city's output folder (no '/', no leading '.', not empty)");
    }
}

CityFile read_city_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw InputError(InputLocation{file.string(), "", "", ""}, "city file: no such file");
    }
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << "city file: TOML syntax error at line " << e.source().begin.line << ", column "
            << e.source().begin.column << ": " << e.description();
        throw InputError(InputLocation{file.string(), "", "", ""}, msg.str());
    }
    CityFile out;
    out.file = file;
    out.name = file.stem().string();
    for (auto&& [k, v] : root) {
        const std::string key(k.str());
        if (key == "name") {
            const auto* s = v.as_string();
            if (s == nullptr) fail(file, line_of(v), key, "expected the city's name (a string)");
            out.name = s->get();
            check_city_name(file, out.name);
            continue;
        }
        const auto* tbl = v.as_table();
        if (tbl == nullptr) {
            out.entries.push_back(read_entry(file, "", key, v));
            continue;
        }
        if (key == k_fields_section) {
            read_fields(file, *tbl, out);
        } else if (key == k_set_section) {
            read_set(file, *tbl, "", out);
        } else {
            for (auto&& [sk, sv] : *tbl) {
                if (sv.is_table()) {
                    fail(file, line_of(sv), key + "." + std::string(sk.str()), "expected a value, not a table");
                }
                out.entries.push_back(read_entry(file, key, std::string(sk.str()), sv));
            }
        }
    }
    // toml++ iterates keys in sorted order: put everything back in the file's order.
    in_file_order(out.field_args, out.field_lines);
    in_file_order(out.set_args, out.set_lines);
    std::stable_sort(out.entries.begin(), out.entries.end(),
                     [](const CityEntry& a, const CityEntry& b) { return a.line < b.line; });
    return out;
}

std::string toml_quote(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            std::array<char, 8> buf{};
            std::snprintf(buf.data(), buf.size(), "\\u%04x", u);
            out += buf.data();
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace lc::app
