// lifecircle: the one catch site is Cli::main (app/cli.cpp). Exit status 0
// success, 1 "not compliant" (check-estate), 2 any error (bad argument, bad
// input, CRS, GDAL, output).
#include "app/cli.hpp"
#include "app/signals.hpp"

#include <clocale>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    try {
        lc::app::start_signal_thread();  // first: every later thread inherits the blocked signals
        std::setlocale(LC_ALL, "C");
        return lc::app::Cli().main(argc, argv);
    } catch (const std::exception& e) {  // setting up the command line itself failed
        std::cerr << "lifecircle: internal error: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "lifecircle: internal error\n";
    }
    return 2;
}
