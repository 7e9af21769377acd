#include "app/signals.hpp"

#include "lc/geo/temp_registry.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <system_error>
#include <thread>

namespace lc::app {
namespace {
const char* signal_name(int sig) {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        default: return "a signal";
    }
}

[[noreturn]] void wait_and_exit(sigset_t set) {
    int sig = 0;
    while (::sigwait(&set, &sig) != 0) {
    }
    // An ordinary thread, not a signal handler: std::filesystem may be used here.
    const std::size_t removed = geo::abandon_temporaries();
    std::string line = "lifecircle: interrupted by ";
    line += signal_name(sig);
    line += removed > 0 ? "; removed the partial output\n" : "\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
    ::_exit(128 + sig);
}
}  // namespace

void start_signal_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    if (const int rc = ::pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
        throw std::system_error(rc, std::generic_category(), "pthread_sigmask");
    }
    std::thread(wait_and_exit, set).detach();
}

}  // namespace lc::app
