// Writes the demo city's report.html (and the .qml styles) for the browser
// check, until `lifecircle plan --out DIR` writes them itself:
//
//     make_demo_report OUT_DIR [--lang zh|en] [--sites N]
//
// The plan is the test fixture's (tests/app/test_report_fixture.hpp): a greedy
// pick of demo candidates, audited again as stations. Exit 77 (ctest "skipped")
// when the demo city is absent, 2 on an error.
#include "report/html_report.hpp"
#include "report/qml_style.hpp"
#include "test_report_fixture.hpp"

#include "lc/geo/io.hpp"

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    std::string out, lang = "zh";
    std::size_t sites = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--lang" && i + 1 < argc) {
            lang = argv[++i];
        } else if (a == "--sites" && i + 1 < argc) {
            sites = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
        } else if (a == "-h" || a == "--help") {
            std::cout << "usage: make_demo_report OUT_DIR [--lang zh|en] [--sites N]\n";
            return 0;
        } else if (out.empty()) {
            out = a;
        } else {
            std::cerr << "make_demo_report: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (out.empty()) {
        std::cerr << "make_demo_report: OUT_DIR is required\n";
        return 2;
    }
    try {
        auto run = lc::app::testing::demo_plan(sites);
        if (!run) {
            std::cerr << "make_demo_report: demo city not found (datasets/demo or $LIFECIRCLE_DEMO)\n";
            return 77;
        }
        std::filesystem::create_directories(out);
        const std::filesystem::path dir(out);
        lc::geo::write_text_file(dir / "report.html", lc::app::report_html(*run, lang));
        for (const auto& layer : lc::app::qml_layer_names()) {
            lc::geo::write_text_file(dir / (layer + ".qml"), lc::app::qml_for_layer(layer));
        }
        std::cout << (dir / "report.html").string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "make_demo_report: " << e.what() << "\n";
        return 2;
    }
}
