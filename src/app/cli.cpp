#include "app/cli.hpp"

#include "lc/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

namespace lc::app {

struct Cli::Impl {
    CLI::App app{"lifecircle: plan elderly-care service facilities against Chinese planning standards"};
    std::vector<std::unique_ptr<Command>> commands;
};

Cli::Cli() : m_impl(std::make_unique<Impl>()) {
    CLI::App& app = m_impl->app;
    app.name("lifecircle");  // "Usage: lifecircle ...", whatever path started it
    app.set_version_flag("--version", "lifecircle " LC_VERSION);  // "lifecircle 0.1.0"
    app.require_subcommand(1);
    app.fallthrough(false);
    auto& commands = m_impl->commands;
    commands.push_back(make_plan_command());
    commands.push_back(make_audit_command());
    commands.push_back(make_coverage_command());
    commands.push_back(make_optimize_command());
    commands.push_back(make_check_estate_command());
    commands.push_back(make_profiles_command());
    commands.push_back(make_init_command());
    commands.push_back(make_batch_command());
    for (auto& cmd : commands) cmd->setup(*app.add_subcommand(cmd->name(), cmd->description()));
}

Cli::~Cli() = default;

Command& Cli::chosen() const {
    for (const auto& cmd : m_impl->commands) {
        if (m_impl->app.got_subcommand(cmd->name())) return *cmd;
    }
    throw std::logic_error("cli: no command was parsed");  // require_subcommand(1) makes this unreachable
}

Command& Cli::parse(const std::vector<std::string>& args) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    m_impl->app.parse(reversed);
    Command& cmd = chosen();
    cmd.validate();
    return cmd;
}

std::string Cli::parse_error_text(const std::string& what) const {
    std::string text = what;
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') text.pop_back();
    const auto used = m_impl->app.get_subcommands();
    const std::string command = used.empty() ? "" : used.front()->get_name() + " ";
    return text + " (see 'lifecircle " + command + "--help')";
}

int Cli::main(int argc, char** argv) {
    CLI::App& app = m_impl->app;
    if (argc <= 1) {  // no command: the overview of the commands, as --help gives it
        std::cout << app.help();
        return 0;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version: on stdout, exit 0
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "lifecircle: error: " << parse_error_text(e.what()) << '\n';
        return 2;
    }
    try {
        Command& cmd = chosen();
        cmd.validate();
        return cmd.run();
    } catch (const lc::Error& e) {
        std::cerr << "lifecircle: error: " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "lifecircle: internal error: " << e.what() << '\n';
    }
    return 2;
}

}  // namespace lc::app
