// The city file (docs/cli/init.md): one TOML file holding a city's inputs,
// field mapping, profile and options, run by `plan --config FILE` and
// `batch`. This module reads it into a flat list of typed entries (paths made
// relative to the file's folder); which keys exist is the command line's
// business (app/city_options.cpp checks every entry against the options the
// commands declare, so there is no second list of option names).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lc::app {

/// One option of the file: `[section] key = value` (section "" = top level).
struct CityEntry {
    enum class Type { boolean, integer, real, string, array };
    std::string section;
    std::string key;                  ///< as the option's long name: '_' read as '-' ("max_snap" = "max-snap")
    Type type = Type::string;
    std::vector<std::string> values;  ///< the value's text (one per array item); paths resolved
    long line = 0;
    /// "FILE, line N: key 'coverage.radius'" for messages.
    [[nodiscard]] std::string where(const std::filesystem::path& file) const;
};

struct CityFile {
    std::filesystem::path file;
    std::string name;                      ///< `name`, else the file's stem
    std::vector<CityEntry> entries;        ///< every option, in file order
    std::vector<std::string> field_args;   ///< [fields]: "LAYER.ROLE=NAME" / "ROLE=NAME", as --field takes them
    std::vector<std::string> set_args;     ///< [set]: "KEY=VALUE", as --set takes them
    std::vector<long> field_lines;         ///< the line of each field_args entry
    std::vector<long> set_lines;           ///< the line of each set_args entry
};

/// The sections holding LAYER.ROLE = NAME and profile overrides.
inline constexpr const char* k_fields_section = "fields";
inline constexpr const char* k_set_section = "set";
inline constexpr const char* k_inputs_section = "inputs";

/// Reads and checks the file's structure (TOML syntax; values are scalars or
/// arrays of scalars; [fields] and [set] hold names and values). Paths (every
/// [inputs] key, `out`, `parcels`, `projection`, a `profile` that is a file)
/// are taken relative to the file's folder. Throws lc::InputError naming the
/// file, line and key.
CityFile read_city_file(const std::filesystem::path& file);

/// True for a key whose value is a path read relative to the file's folder.
[[nodiscard]] bool is_path_key(const std::string& section, const std::string& key);

/// The name of a city: a file name's stem or `name`, checked to be usable as
/// a folder name (not empty, no '/', not "." or "..", no control characters).
/// Throws lc::InputError naming `file`.
void check_city_name(const std::filesystem::path& file, const std::string& name);

/// `text` as a TOML basic string ("..." with escapes).
[[nodiscard]] std::string toml_quote(const std::string& text);

}  // namespace lc::app
