// lifecircle init: writes a commented city file (docs/cli/init.md) from the
// input options: the layers, a field mapping guessed from their fields' names
// (pipeline/field_guess.hpp), the profile, year and CRS, and every other option
// of the file commented with its default (from the option table itself,
// app/city_options.hpp).
#include "app/city_options.hpp"
#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/city_file.hpp"
#include "pipeline/field_guess.hpp"
#include "pipeline/field_roles.hpp"
#include "pipeline/run.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <sstream>

namespace lc::app {
namespace {
namespace fs = std::filesystem;

/// A value as TOML: strings quoted, numbers and booleans as they are.
std::string toml_value(const CityKey& k, const std::string& text) {
    if (k.flag) return text.empty() ? "false" : text;
    if (k.type == "TEXT") return toml_quote(text);
    return text;
}

/// "# key = example   # help (default ...)" for an option left to its default.
std::string commented_key(const CityKey& k) {
    std::string example;
    if (k.flag) {
        example = "true";
    } else if (!k.default_text.empty()) {
        example = toml_value(k, k.default_text);
    } else {
        example = k.type == "TEXT" ? "\"<text>\"" : k.type == "FLOAT" ? "<number>" : "<whole number>";
        if (k.list) example = "[" + example + ", ...]";
    }
    return "# " + k.key + " = " + example + "    # " + k.help + "\n";
}

class InitCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "init"; }
    [[nodiscard]] std::string description() const override {
        return "Write a commented city file (TOML) for 'plan --config' and 'batch': the inputs, a field mapping "
               "guessed from the layers' field names, the profile and the options";
    }
    void setup(CLI::App& sub) override {
        m_sub = &sub;
        add_input_options(sub, m_input);
        add_lang_option(sub, m_lang);
        sub.add_flag("--demo", m_demo, "The embedded demo city's file");
        sub.add_option("-o,--output", m_output, "Write the file here (default: stdout); an existing file is kept unless --force");
        sub.add_flag("--force", m_force, "Replace an existing -o file");
        sub.add_option("--name", m_name, "The city's name, its folder in a batch (default: the -o file's name)");
    }
    void validate() override {
        m_input.validate();
        if (!m_name.empty()) check_city_name("--name", m_name);
        if (!m_output.empty() && fs::exists(m_output) && !m_force) {
            throw ArgumentError("init: " + m_output + " exists (--force replaces it)");
        }
        if (m_force && m_output.empty()) throw ArgumentError("init: --force needs -o FILE");
    }
    int run() override {
        apply_demo(m_demo, m_input);
        if (m_input.estates.empty() && m_input.facilities.empty() && m_input.from_osm.empty()) {
            throw ArgumentError("init: give the layers (--estates, --facilities, ...), --from-osm or --demo");
        }
        const std::string text = file_text();
        if (m_output.empty()) {
            std::cout << text;
            return 0;
        }
        geo::write_text_file(m_output, text);
        std::cerr << "lifecircle: wrote " << m_output << " (run it: lifecircle plan --config " << m_output << ")\n";
        return 0;
    }

private:
    /// A path as the file holds it: relative to the file's folder (-o), else absolute.
    [[nodiscard]] std::string file_path(const std::string& source) const {
        if (source.empty() || source.rfind("PG:", 0) == 0) return source;
        const geo::Source src = geo::parse_source(source);
        const fs::path abs = fs::absolute(src.path).lexically_normal();
        std::string out = abs.string();
        if (!m_output.empty()) {
            const fs::path base = fs::absolute(m_output).parent_path();
            const fs::path rel = abs.lexically_relative(base);
            // Relative when the two share a folder other than the root (../data/x.shp, not ../../work/...).
            const bool share = abs.begin() != abs.end() && base.begin() != base.end() &&
                               *std::next(abs.begin()) == *std::next(base.begin());
            if (!rel.empty() && share) out = rel.string();
        }
        return src.layer.empty() ? out : out + ":" + src.layer;
    }

    /// The value init's own command line gave `key` (top level and [inputs]), if any.
    [[nodiscard]] std::optional<std::string> given(const CityKey& k) const {
        if (k.key == "profile") {
            if (m_sub->count("--profile") == 0 && m_input.profile == "national") return std::nullopt;
            const std::string& p = m_input.profile;  // a file (as Profile::load tells one from a name): its path
            const bool file = p.find('/') != std::string::npos || (p.size() > 5 && p.substr(p.size() - 5) == ".toml");
            return toml_quote(file ? file_path(p) : p);
        }
        for (const auto& r : run_inputs(m_input)) {  // the layers: --demo's too
            // The network --from-osm supplies is not written: it follows from-osm when that is edited.
            if (k.key == "network" && r.flag == "--network" && !m_input.from_osm.empty() &&
                r.source == m_input.from_osm && m_sub->count("--network") == 0) {
                return std::nullopt;
            }
            if (r.flag == "--" + k.key) {
                return r.source.empty() ? std::nullopt : std::optional<std::string>(toml_quote(file_path(r.source)));
            }
        }
        const CLI::Option* opt = m_sub->get_option_no_throw("--" + k.key);
        if (opt == nullptr || opt->count() == 0) return std::nullopt;
        if (k.flag) return "true";
        const auto& r = opt->results();
        return r.empty() ? std::nullopt : std::optional<std::string>(toml_value(k, r.back()));
    }

    /// [fields]: the guesses for each layer, then --field as given (which win).
    [[nodiscard]] std::string fields_text() const {
        std::ostringstream o;
        std::map<std::string, std::string> given_fields;  // "LAYER.ROLE" -> NAME
        for (const auto& a : m_input.field_args) {
            const FieldArg f = parse_field_arg(a);
            given_fields[(f.layer.empty() ? "" : f.layer + ".") + f.role] = f.name;
        }
        const std::vector<std::pair<std::string, std::string>> layers = {{"estates", m_input.estates},
                                                                         {"facilities", m_input.facilities},
                                                                         {"districts", m_input.districts},
                                                                         {"population", m_input.population},
                                                                         {"candidates", m_input.candidates}};
        for (const auto& [layer, source] : layers) {
            if (source.empty()) continue;
            std::vector<std::string> names;
            try {
                geo::ReadOptions ro;
                ro.encoding = m_input.encoding;
                ro.assume_crs = m_input.assume_crs;
                ro.allow_empty = true;
                for (const auto& f : geo::read_layer(geo::parse_source(source), ro).fields) names.push_back(f.name);
            } catch (const lc::Error& e) {
                o << "# " << layer << ": fields not read (" << e.what() << ")\n";
                continue;
            }
            const LayerGuess g = guess_fields(layer, names);
            std::string as_is;
            for (const auto& f : g.found) {
                if (f.as_is) as_is += (as_is.empty() ? "" : ", ") + f.role;
            }
            o << "# " << layer << " (" << file_path(source) << "): fields ";
            for (std::size_t i = 0; i < names.size(); ++i) o << (i ? ", " : "") << names[i];
            o << "\n";
            if (!as_is.empty()) o << "#   read under their own names: " << as_is << "\n";
            for (const auto& f : g.found) {
                if (f.as_is || given_fields.count(layer + "." + f.role) != 0) continue;
                o << layer << "." << f.role << " = " << toml_quote(f.field) << "    # guessed from the field '" << f.field
                  << "'\n";
            }
            std::string missing;
            for (const auto& r : g.missing) {
                if (given_fields.count(layer + "." + r) == 0 && given_fields.count(r) == 0) {
                    missing += (missing.empty() ? "" : ", ") + r;
                }
            }
            if (!missing.empty()) {
                o << "#   no field found for: " << missing << " (map one with " << layer << ".ROLE = \"FIELD\")\n";
            }
        }
        for (const auto& [key, name] : given_fields) o << key << " = " << toml_quote(name) << "    # --field\n";
        return o.str();
    }

    [[nodiscard]] std::string file_text() const {
        std::ostringstream o;
        o << "# lifecircle city file, written by 'lifecircle init' (docs/cli/init.md).\n"
             "# Run it:        lifecircle plan --config THIS.toml [options, which win over the file]\n"
             "# Many cities:   lifecircle batch a.toml b.toml ... --out DIR\n"
             "# Every key is the option of the same name (lifecircle plan --help); paths are relative to\n"
             "# this file's folder. Lines starting with '#' are left to their defaults.\n\n";
        std::string city = m_name;
        if (city.empty()) city = m_output.empty() ? (m_demo ? "demo" : "city") : fs::path(m_output).stem().string();
        o << "name = " << toml_quote(city) << "    # the city's folder in a batch\n";
        for (const auto& s : city_sections()) {
            if (!s.name.empty()) o << "\n[" << s.name << "]\n# " << s.title << "\n";
            for (const auto& k : s.keys) {
                const fs::path demo_parcels = demo_dir() / "parcels.geojson";
                if (const auto v = given(k)) {
                    o << k.key << " = " << *v << "\n";
                } else if (m_demo && k.key == "parcels" && fs::exists(demo_parcels)) {  // the demo's, for layout = true
                    o << "# " << k.key << " = " << toml_quote(file_path(demo_parcels.string())) << "    # " << k.help << "\n";
                } else if (s.name != k_inputs_section) {
                    o << commented_key(k);
                }
            }
            if (s.name == k_inputs_section) {
                o << "\n[" << k_fields_section << "]\n"
                  << "# LAYER.ROLE = \"FIELD\": the field of a layer holding a role (as --field); ROLE = \"FIELD\" for "
                     "every layer\n"
                  << fields_text();
                o << "\n[" << k_set_section << "]\n"
                  << "# Profile overrides, KEY = VALUE (as --set; keys: lifecircle profiles NAME)\n";
                for (const auto& a : m_input.set_args) {
                    const auto eq = a.find('=');
                    const std::string value = a.substr(eq + 1);
                    const bool number = !value.empty() && value.find_first_not_of("0123456789.-+eE") == std::string::npos;
                    o << a.substr(0, eq) << " = " << (number ? value : toml_quote(value)) << "\n";
                }
            }
        }
        return o.str();
    }

    CLI::App* m_sub = nullptr;
    InputConfig m_input;
    std::string m_lang;
    bool m_demo = false;
    std::string m_output;
    bool m_force = false;
    std::string m_name;
};

}  // namespace

std::unique_ptr<Command> make_init_command() { return std::make_unique<InitCommand>(); }

}  // namespace lc::app
