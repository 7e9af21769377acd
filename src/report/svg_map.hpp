// The report's map: an inline SVG drawn from the plan's data in the working
// metric CRS (estates by area rule and coverage, facilities by kind, service
// areas, barriers, proposed sites by rank), with a scale bar and a north arrow.
// The legend is HTML beside it (map_legend_html).
#pragma once

#include "lc/geo/geometry.hpp"
#include "pipeline/plan.hpp"

#include <string>
#include <vector>

namespace lc::app {

struct MapOptions {
    double width_px = 1000;    ///< nominal display width: symbol and text sizes are set for it
    double precision_m = 0.5;  ///< coordinates are rounded to this many metres
    double margin = 0.03;      ///< margin around the data, as a share of its extent
};

/// How working-CRS coordinates become SVG user units: x - min_x, max_y - y
/// (y flipped), rounded to `precision_m`. One unit is one metre.
struct MapFrame {
    geo::Box box;              ///< the mapped extent in the working CRS
    double precision_m = 0.5;
    [[nodiscard]] double width() const { return box.max_x - box.min_x; }
    [[nodiscard]] double height() const { return box.max_y - box.min_y; }
    [[nodiscard]] geo::Point to_svg(geo::Point p) const;
    /// A coordinate rounded to the precision, printed without trailing zeros.
    [[nodiscard]] std::string number(double v) const;
};

/// SVG path data ("M x y x y ... Z") of a polygonal or linear geometry (rings
/// closed with Z, lines left open; points give ""). Repeated points after
/// rounding are dropped.
[[nodiscard]] std::string svg_path_data(const geo::Geometry& g, const MapFrame& frame);

/// The scale bar's length: the largest 1, 2, 2.5 or 5 x 10^k metres not longer
/// than `max_m` (at least 1 m).
[[nodiscard]] double scale_bar_length(double max_m);

/// "500 m", "1 km", "2.5 km".
[[nodiscard]] std::string distance_label(double metres);

/// The map as an <svg> element (no XML declaration), self-contained.
/// Elements tests and the browser check look for: path.estate (one per estate),
/// g.proposed-site (one per site, with its rank as text), g#scale-bar,
/// g#north-arrow, path.service-area, .facility.
[[nodiscard]] std::string svg_map(const PlanRun& run, const std::string& lang, const MapOptions& options = {});

/// The legend as an HTML block (<div class="legend" id="legend">) with a small
/// inline SVG swatch per entry; only the facility kinds and barrier kinds that
/// appear on the map are listed.
[[nodiscard]] std::string map_legend_html(const PlanRun& run, const std::string& lang);


}  // namespace lc::app
