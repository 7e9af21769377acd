#include "app/city_options.hpp"

#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"
#include "lc/suggest.hpp"
#include "standards/profile.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <set>

namespace lc::app {
namespace {

CityKey key_of(const CLI::Option& opt) {
    CityKey k;
    k.key = opt.get_name(false, true);  // the long name with its dashes
    if (k.key.rfind("--", 0) == 0) k.key = k.key.substr(2);
    k.help = opt.get_description();
    k.default_text = opt.get_default_str();
    k.flag = opt.get_expected_max() == 0;
    k.type = k.flag ? "" : opt.get_type_name();
    k.type = k.type.substr(0, k.type.find(':'));  // "FLOAT:finite > 0": the type, without its checks
    k.list = !k.flag && opt.get_items_expected_max() > 1;
    return k;
}

bool is_long_option(const CLI::Option& opt) {
    return !opt.get_lnames().empty() && opt.get_name() != "--help";
}

/// The long options of a scratch app, in declaration order.
std::vector<CityKey> keys_of(const CLI::App& app) {
    std::vector<CityKey> out;
    for (const CLI::Option* opt : app.get_options()) {
        if (is_long_option(*opt)) out.push_back(key_of(*opt));
    }
    return out;
}

std::vector<CityKey> without(std::vector<CityKey> keys, const std::set<std::string>& drop) {
    keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const CityKey& k) { return drop.count(k.key) != 0; }),
               keys.end());
    return keys;
}

std::vector<CitySection> build_sections() {
    // Scratch apps bound to scratch configs: only the option table is read.
    InputConfig input;
    CLI::App in_app;
    add_input_options(in_app, input);
    std::string lang;
    add_lang_option(in_app, lang);

    std::set<std::string> paths;
    for (const auto& r : run_inputs(input)) {
        if (r.flag != "--profile") paths.insert(r.flag.substr(2));
    }
    CitySection inputs{k_inputs_section, "The layers, PATH[:LAYER], relative to this file's folder", {}};
    for (const auto& k : keys_of(in_app)) {
        if (paths.count(k.key) != 0) inputs.keys.push_back(k);
    }
    std::set<std::string> drop = paths;
    drop.insert({"field", "set"});
    CitySection top{"", "", without(keys_of(in_app), drop)};

    CoverageConfig coverage;
    CLI::App cov_app;
    add_coverage_options(cov_app, coverage);
    SolverConfig solver;
    CLI::App opt_app;
    add_solver_options(opt_app, solver);
    OutputConfig output;
    CLI::App out_app;
    add_output_options(out_app, output);

    std::vector<CitySection> sections = {
        top,
        inputs,
        {"coverage", "Coverage (as the options of the same names)", keys_of(cov_app)},
        {"optimize", "The new sites' solve (plan, optimize)", keys_of(opt_app)},
        {"output", "Outputs (batch gives each city its own --out)", keys_of(out_app)},
    };
    // [plan]: plan's own options, whatever the groups above do not hold.
    std::set<std::string> taken{"config", "demo", "field", "set"};
    for (const auto& s : sections) {
        for (const auto& k : s.keys) taken.insert(k.key);
    }
    const auto plan = make_plan_command();
    CLI::App plan_app;
    plan->setup(plan_app);
    sections.push_back({"plan", "plan's own options (--layout and its inputs)", without(keys_of(plan_app), taken)});
    return sections;
}

std::string key_list(const std::vector<CityKey>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k.key;
    return out;
}

std::string section_label(const std::string& name) { return name.empty() ? "the top level" : "[" + name + "]"; }

[[noreturn]] void unknown_key(const CityFile& city, const CityEntry& e, const CitySection* section) {
    const std::string where = e.where(city.file);
    if (section == nullptr) {
        std::vector<std::string> names{k_fields_section, k_set_section};
        for (const auto& s : city_sections()) {
            if (!s.name.empty()) names.push_back(s.name);
        }
        const std::string best = closest_word(e.section, names);
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "[" : ", [") + n + "]";
        throw ArgumentError(where + ": unknown section [" + e.section + "] (" +
                            (best.empty() ? "" : "did you mean [" + best + "]? ") + "sections: " + list + ")");
    }
    for (const auto& s : city_sections()) {
        for (const auto& k : s.keys) {
            if (k.key == e.key) {
                throw ArgumentError(where + ": '" + e.key + "' belongs in " + section_label(s.name) + ", not in " +
                                    section_label(section->name));
            }
        }
    }
    std::vector<std::string> words;
    for (const auto& k : section->keys) words.push_back(k.key);
    if (section->name.empty()) words.emplace_back("name");
    const std::string best = closest_word(e.key, words);
    throw ArgumentError(where + ": unknown key (" + (best.empty() ? "" : "did you mean '" + best + "'? ") + "keys of " +
                        section_label(section->name) + ": " + key_list(section->keys) + (section->name.empty() ? ", name" : "") +
                        (section->name.empty() ? "; sections: [inputs], [fields], [set], [coverage], [optimize], [output], [plan]" : "") +
                        ")");
}

/// Checks the TOML type of `e` against what its option takes; throws naming it.
void check_type(const CityFile& city, const CityEntry& e, const CityKey& k) {
    using T = CityEntry::Type;
    const std::string where = e.where(city.file);
    if (k.flag) {
        if (e.type != T::boolean) throw ArgumentError(where + ": expected true or false (as --" + k.key + ")");
        return;
    }
    if (e.type == T::array && !k.list) {
        throw ArgumentError(where + ": expected one value, not an array (as --" + k.key + " takes)");
    }
    if (e.type == T::boolean) throw ArgumentError(where + ": expected " + (k.type == "TEXT" ? "a string" : "a number") +
                                                  ", not true/false (as --" + k.key + " takes)");
    const bool numeric = k.type == "FLOAT" || k.type == "INT" || k.type == "UINT";
    if (e.type == T::array) return;  // items: checked by the option's own check (numbers) as it parses them
    if (numeric && e.type == T::string) {
        throw ArgumentError(where + ": expected a number, not a string (as --" + k.key + " takes)");
    }
    if (!numeric && e.type != T::string) {
        throw ArgumentError(where + ": expected a string, e.g. " + e.key + " = \"" + e.values.front() + "\" (as --" +
                            k.key + " takes)");
    }
    if ((k.type == "INT" || k.type == "UINT") && e.type == T::real) {
        throw ArgumentError(where + ": expected a whole number (as --" + k.key + " takes)");
    }
}

/// Feeds `values` to `opt` as if given on the command line (checks and conversion included).
void feed(CLI::Option& opt, const std::vector<std::string>& values, const std::string& where) {
    try {
        opt.add_result(values);
        opt.run_callback();
    } catch (const CLI::Error& e) {
        throw ArgumentError(where + ": " + e.what());
    }
}

/// [fields] / [set] before the command line's own --field / --set.
void feed_first(CLI::App& sub, const std::string& flag, const std::vector<std::string>& from_file,
                const std::string& where) {
    if (from_file.empty()) return;
    CLI::Option* opt = sub.get_option_no_throw(flag);
    if (opt == nullptr) return;
    std::vector<std::string> values = from_file;
    const auto given = opt->results();
    values.insert(values.end(), given.begin(), given.end());
    opt->clear();
    feed(*opt, values, where);
}

}  // namespace

const std::vector<CitySection>& city_sections() {
    static const std::vector<CitySection> sections = build_sections();
    return sections;
}

void add_config_option(CLI::App& sub, std::string& file) {
    sub.add_option("--config", file,
                   "City file (TOML, see 'lifecircle init'): its settings fill the options not given on the command "
                   "line");
}

CityFile apply_city_file(CLI::App& sub, const std::string& file) {
    CityFile city = read_city_file(file);
    for (const CityEntry& e : city.entries) {
        const CitySection* section = nullptr;
        for (const auto& s : city_sections()) {
            if (s.name == e.section) section = &s;
        }
        if (section == nullptr) unknown_key(city, e, nullptr);
        const auto k = std::find_if(section->keys.begin(), section->keys.end(),
                                    [&](const CityKey& key) { return key.key == e.key; });
        if (k == section->keys.end()) unknown_key(city, e, section);
        check_type(city, e, *k);
        CLI::Option* opt = sub.get_option_no_throw("--" + e.key);
        if (opt == nullptr || opt->count() > 0) continue;  // not this command's, or given on the command line
        feed(*opt, e.values, e.where(city.file));
    }
    feed_first(sub, "--field", city.field_args, city.file.string() + ": [fields]");
    try {  // here, so that a wrong key names the file
        check_overrides(parse_overrides(city.set_args));
    } catch (const ArgumentError& e) {
        throw ArgumentError(city.file.string() + ": [set]: " + e.what());
    }
    feed_first(sub, "--set", city.set_args, city.file.string() + ": [set]");
    return city;
}

void ConfigOption::apply() {
    if (m_applied || m_file.empty() || m_sub == nullptr) return;
    m_applied = true;
    (void)apply_city_file(*m_sub, m_file);
}

}  // namespace lc::app
