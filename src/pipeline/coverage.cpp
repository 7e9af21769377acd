#include "pipeline/coverage.hpp"

#include "lc/geo/coverage.hpp"
#include "lc/geo/spatial_index.hpp"

namespace lc::app {

std::vector<DemandCoverage> circle_coverage_of(const std::vector<const geo::Geometry*>& areas,
                                               const std::vector<geo::Point>& points,
                                               const std::vector<geo::Point>& sites,
                                               const std::vector<std::string>& site_ids, double threshold_m,
                                               const std::vector<geo::Geometry>& service_areas) {
    const geo::PointIndex index(sites);
    const geo::ShareCalculator shares(service_areas);
    std::vector<DemandCoverage> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        DemandCoverage& c = out[i];
        const geo::Nearest n = index.nearest(points[i]);
        if (n.found) {
            c.nearest_m = n.distance;
            c.straight_m = n.distance;
            c.nearest_facility = site_ids[n.index];
            c.covered = n.distance <= threshold_m;
        }
        const geo::Geometry* area = areas[i];
        if (area && area->kind() == geo::GeometryKind::polygon) {
            c.covered_share = shares.covered_share(*area);
        } else {
            c.covered_share = c.covered ? 1.0 : 0.0;
        }
    }
    return out;
}

CoverageResult circle_coverage(const City& city, double threshold_m) {
    CoverageResult r;
    r.mode = "circle";
    r.threshold_m = threshold_m;
    std::vector<geo::Point> sites;
    std::vector<std::string> ids;
    for (const auto& f : city.facilities) {
        sites.push_back(f.point);
        ids.push_back(f.id);
        r.service_areas.push_back(geo::circle(f.point, threshold_m, 32));
    }
    std::vector<const geo::Geometry*> areas;
    std::vector<geo::Point> points;
    for (const auto& e : city.estates) {
        areas.push_back(&e.geometry);
        points.push_back(e.point);
    }
    r.estates = circle_coverage_of(areas, points, sites, ids, threshold_m, r.service_areas);
    return r;
}

}  // namespace lc::app
