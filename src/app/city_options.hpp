// The city file on the command line: --config FILE fills the options that the
// command line left out (flags given win), and the key table of the file is
// the command line's own option table, section by section, read off the
// option groups of options.hpp, so a new option is a new key without a second
// list of names.
#pragma once

#include "pipeline/city_file.hpp"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lc::app {

/// One key of the city file: an option of the command line.
struct CityKey {
    std::string key;           ///< the long option name without "--"
    std::string help;          ///< its help text
    std::string default_text;  ///< its default as --help shows it ("" when none)
    std::string type;          ///< CLI11's type name (FLOAT, INT, UINT, TEXT); "" for a flag
    bool flag = false;         ///< true/false
    bool list = false;         ///< takes several values (an array)
};

/// A section of the city file and its keys ("" = the top level).
struct CitySection {
    std::string name;
    std::string title;  ///< what it holds, for init's comments
    std::vector<CityKey> keys;
};

/// Every section with its keys, in the order init writes them: the top level
/// (profile, year, crs, lang, ...), [inputs] (the layers' paths), [coverage],
/// [optimize], [output] and [plan] (plan's own options). [fields] and [set]
/// take the --field and --set assignments and have no fixed keys.
const std::vector<CitySection>& city_sections();

/// Declares --config FILE on `sub`.
void add_config_option(CLI::App& sub, std::string& file);

/// Applies the city file `file` to the options of `sub`: each key fills its
/// option unless the command line gave it (CLI11's count()); [fields] and
/// [set] come before the command line's --field and --set (so these win). A
/// key of a section the command does not take (e.g. [optimize] for audit) is
/// checked but left alone. Throws lc::ArgumentError / lc::InputError naming
/// the file, line and key (unknown section or key, wrong type, bad value).
CityFile apply_city_file(CLI::App& sub, const std::string& file);

/// --config of a command: declared by add(), applied once by apply().
class ConfigOption {
public:
    void add(CLI::App& sub) {
        m_sub = &sub;
        add_config_option(sub, m_file);
    }
    /// Applies --config when given (once); a no-op otherwise.
    void apply();
    [[nodiscard]] const std::string& file() const { return m_file; }

private:
    CLI::App* m_sub = nullptr;
    std::string m_file;
    bool m_applied = false;
};

}  // namespace lc::app
