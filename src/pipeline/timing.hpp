// Elapsed-time helpers for the progress lines of the pipeline stages.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace lc::app {

class Stopwatch {
public:
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

/// "1.23 s"
inline std::string format_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}

}  // namespace lc::app
