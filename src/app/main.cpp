// lifecircle: the one catch site is Cli::main (app/cli.cpp). Exit status 0
// success, 1 "not compliant" (check-estate), 2 any error (bad argument, bad
// input, CRS, GDAL, output).
#include "app/cli.hpp"
#include "app/signals.hpp"

#include <clocale>

int main(int argc, char** argv) {
    lc::app::start_signal_thread();  // first: every later thread inherits the blocked signals
    std::setlocale(LC_ALL, "C");
    return lc::app::Cli().main(argc, argv);
}
