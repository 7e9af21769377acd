// A PlanRun for the report tests and the browser check, built without the plan
// pipeline: the demo city audited as it is (before); a greedy maximal-coverage
// pick of `n_sites` demo candidates added as stations and audited again (after);
// the demo network's river, railway and motorway as barriers (read_barriers).
#pragma once

#include "lc/geo/io.hpp"
#include "pipeline/audit.hpp"
#include "pipeline/coverage.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/run.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

namespace lc::app::testing {

inline std::vector<Barrier> demo_barriers(const City& city) {
    return read_barriers((demo_dir() / "network.osm").string(), city);
}

/// The demo city with `n_sites` proposed stations; nullopt when the demo is absent.
inline std::optional<PlanRun> demo_plan(std::size_t n_sites = 3) {
    InputConfig input;
    if (!use_demo_inputs(input)) return std::nullopt;
    const CoverageConfig cov;
    PlanRun run;
    run.before = run_audit(input, cov);
    run.after = run_audit(input, cov);

    const City& city = run.before.city;
    const AuditResult& a = run.before.audit;
    const double threshold = a.coverage.threshold_m;
    const Standards& st = run.before.standards;
    std::vector<bool> covered(city.estates.size());
    for (std::size_t i = 0; i < covered.size(); ++i) covered[i] = a.estates[i].coverage.covered;
    std::set<std::size_t> used;
    for (std::size_t rank = 1; rank <= n_sites; ++rank) {
        double best_gain = 0;
        std::size_t best = SIZE_MAX;
        for (std::size_t c = 0; c < city.candidates.size(); ++c) {
            if (used.count(c)) continue;
            double gain = 0;
            for (std::size_t i = 0; i < city.estates.size(); ++i) {
                if (covered[i]) continue;
                const auto& p = city.estates[i].point;
                const auto& q = city.candidates[c].point;
                if (std::hypot(p.x - q.x, p.y - q.y) <= threshold) gain += city.estates[i].elderly;
            }
            if (gain > best_gain) {
                best_gain = gain;
                best = c;
            }
        }
        if (best == SIZE_MAX) break;
        used.insert(best);
        const Candidate& cand = city.candidates[best];
        ProposedSite site;
        site.id = cand.id;
        site.name = cand.name;
        site.point = cand.point;
        site.rank = static_cast<int>(rank);
        site.model = "mclp";
        site.added_covered_elderly = best_gain;
        for (std::size_t i = 0; i < city.estates.size(); ++i) {
            const auto& p = city.estates[i].point;
            if (!covered[i] && std::hypot(p.x - cand.point.x, p.y - cand.point.y) <= threshold) {
                covered[i] = true;
                site.served_estates.push_back(city.estates[i].id);
                site.households_served += city.estates[i].households;
            }
        }
        site.recommended_area_m2 =
            std::max(site.households_served / 100.0 * st.area_per_100_households_m2, st.station_min_area_m2);
        run.sites.push_back(std::move(site));
    }

    // After: the sites built as stations of their recommended area.
    City& after = run.after.city;
    for (const auto& site : run.sites) {
        Facility f;
        f.id = site.id;
        f.name = site.name;
        f.kind = FacilityKind::station;
        f.building_area = site.recommended_area_m2;
        f.geometry = geo::Geometry::point(site.point);
        f.point = site.point;
        after.facilities.push_back(std::move(f));
    }
    run.after.audit = audit(after, run.after.profile, run.after.standards, circle_coverage(after, threshold),
                            input.facilities);
    run.after.summary = audit_summary(after, run.after.audit);
    run.barriers = demo_barriers(city);
    run.solve.options.model = opt::Model::mclp;
    run.solve.result.model = opt::Model::mclp;
    run.solve.result.method = "heuristic";
    run.solve.result.status = opt::Status::optimal;
    run.solve.result.objective = run.after.audit.elderly_covered;
    run.summary = run.before.summary;
    run.whatif = build_whatif(run, city.candidates, cov);
    return run;
}

}  // namespace lc::app::testing
