#include "app/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace lc::app {

Progress make_progress(bool quiet, int total_stages) {
    if (quiet) return {};
    struct State {
        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        int done = 0;
    };
    auto state = std::make_shared<State>();
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    return [state, tty, total_stages](const std::string& stage, const std::string& message) {
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - state->start).count();
        if (tty) std::cerr << "\r\033[K";  // clear the live bar
        if (stage == "done") {
            std::cerr << std::flush;
            return;
        }
        char head[48];
        std::snprintf(head, sizeof head, "[%6.2f s] %-9s ", t, stage.c_str());
        std::cerr << head << message << '\n';
        ++state->done;
        if (tty && total_stages > 0 && state->done < total_stages) {
            // A live bar under the stage lines: one cell per stage.
            std::string bar = "[";
            for (int i = 0; i < total_stages; ++i) bar += i < state->done ? "#" : "-";
            bar += "] " + std::to_string(state->done) + "/" + std::to_string(total_stages) + " stages";
            std::cerr << bar << std::flush;
        }
    };
}

}  // namespace lc::app
