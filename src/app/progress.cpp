#include "app/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace lc::app {

Progress make_progress(bool quiet) {
    if (quiet) return {};
    auto start = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    return [start, tty](const std::string& stage, const std::string& message) {
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - *start).count();
        char head[48];
        std::snprintf(head, sizeof head, "[%6.2f s] %-9s ", t, stage.c_str());
        if (tty) std::cerr << "\r\033[K";
        std::cerr << head << message << '\n';
    };
}

}  // namespace lc::app
