// The lifecircle command line as a library (lc_cli): every command's options on
// one CLI11 app; parse -> validate() -> run(). main() is Cli().main(argc, argv);
// tests parse in-process with parse() and read the bound options.
#pragma once

#include "app/command.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lc::app {

class Cli {
public:
    Cli();
    ~Cli();
    Cli(const Cli&) = delete;
    Cli& operator=(const Cli&) = delete;

    /// Parses `args` (the words after the program name), then the chosen
    /// command's validate(). Throws CLI::ParseError (unknown flag, bad number,
    /// --help) or lc::ArgumentError (bad combination); reads no file.
    Command& parse(const std::vector<std::string>& args);

    /// The whole command line: parse, validate, run. Every error becomes a line
    /// on stderr ("lifecircle: error: ...") and exit status 2; --help and
    /// --version print on stdout and give 0.
    int main(int argc, char** argv);

    /// A command-line error on one line, with where to look for the options.
    [[nodiscard]] std::string parse_error_text(const std::string& what) const;

private:
    [[nodiscard]] Command& chosen() const;

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace lc::app
