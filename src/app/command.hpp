// One class per subcommand (osmium-tool style): setup() declares and binds the
// options into config structs, validate() checks the parsed options against
// each other before any file is opened, run() calls one library entry.
// Cli (cli.hpp) drives them: parse -> validate() -> run().
#pragma once

#include "pipeline/config.hpp"
#include "pipeline/plan_config.hpp"

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lc::app {

/// The option groups a command takes, each declared once (options.hpp) and
/// bound here; null for a group the command does not take. Tests read the
/// parsed values through it.
struct OptionGroups {
    const InputConfig* input = nullptr;
    const OutputConfig* output = nullptr;
    const CoverageConfig* coverage = nullptr;
    const SolverConfig* solver = nullptr;
};

class Command {
public:
    virtual ~Command() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual std::string description() const = 0;
    /// Declares the options on the subcommand `sub` (created by Cli).
    virtual void setup(CLI::App& sub) = 0;
    /// Checks the parsed options (ranges, names, combinations) without reading
    /// any file; throws lc::ArgumentError naming the flag.
    virtual void validate() = 0;
    /// Runs; returns the exit status (0, or 1 for "not compliant"). Throws lc::Error.
    virtual int run() = 0;
    [[nodiscard]] virtual OptionGroups groups() const { return {}; }
};

std::unique_ptr<Command> make_plan_command();
std::unique_ptr<Command> make_audit_command();
std::unique_ptr<Command> make_coverage_command();
std::unique_ptr<Command> make_optimize_command();
std::unique_ptr<Command> make_check_estate_command();
std::unique_ptr<Command> make_profiles_command();
std::unique_ptr<Command> make_init_command();
std::unique_ptr<Command> make_batch_command();

}  // namespace lc::app
