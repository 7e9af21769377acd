// Porto Alegre walking coverage benchmark (compare with shared/bench/networkx_peer.md).
//
//   bench_network_poa [DATASET_DIR] [--reps N] [--lcc] [--no-contraction] [--areas-only] [--cell M] [--detour F]
//                     [--export-edges F --export-sample F]
//
// Network: poa_osm.pbf (pedestrian filter, UTM 22S, EPSG:32722). Facilities: the 40
// hexes with the highest `healthcare` (ties by id ascending), at the hex centres.
// Demand: all 1,227 hex centres. Threshold 900 m (15 min x 1 m/s).
#include "bench_network_common.hpp"

#include "lc/geo/crs.hpp"
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/geo/network/service_area.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace lc::geo;
using lc::bench::median;
using lc::bench::print_row;
using lc::bench::time_runs;

namespace {

struct Cell {
    std::string id;
    double lon = 0, lat = 0, population = 0, healthcare = 0;
    Point xy;
};

std::vector<Cell> read_cells(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);  // id,lon,lat,population,schools,jobs,healthcare
    std::vector<Cell> cells;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string item;
        while (std::getline(ss, item, ',')) f.push_back(item);
        while (f.size() < 7) f.emplace_back();
        auto num = [](const std::string& s) { return s.empty() ? 0.0 : std::stod(s); };
        cells.push_back({f[0], num(f[1]), num(f[2]), num(f[3]), num(f[6]), {}});
    }
    return cells;
}

}  // namespace

int main(int argc, char** argv) try {
    std::string dir = std::string(LC_SHARED_DATASETS) + "/porto-alegre-r5r";
    int reps = 5;
    bool lcc = false;
    bool no_contraction = false;
    bool areas_only = false;
    double cell_m = ServiceAreaOptions{}.cell_m;        // grid service areas: cell (m)
    double detour = ServiceAreaOptions{}.separation_detour;  // profiling: build, snap, then only the grid service areas (--reps times)
    std::string export_edges;
    std::string export_sample;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (a == "--lcc") lcc = true;
        else if (a == "--no-contraction") no_contraction = true;
        else if (a == "--areas-only") areas_only = true;
        else if (a == "--cell" && i + 1 < argc) cell_m = std::atof(argv[++i]);
        else if (a == "--detour" && i + 1 < argc) detour = std::atof(argv[++i]);
        else if (a == "--export-edges" && i + 1 < argc) export_edges = argv[++i];
        else if (a == "--export-sample" && i + 1 < argc) export_sample = argv[++i];
        else dir = a;
    }
    const std::string pbf = dir + "/poa_osm.pbf";
    auto cells = read_cells(dir + "/poa_hexgrid.csv");
    const Transformer to_utm(Crs::wgs84(), Crs::from_epsg(32722));
    for (auto& c : cells) {
        c.xy = {c.lon, c.lat};
        to_utm.transform(c.xy.x, c.xy.y);
    }
    std::vector<std::size_t> order(cells.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (cells[a].healthcare != cells[b].healthcare) return cells[a].healthcare > cells[b].healthcare;
        return cells[a].id < cells[b].id;
    });
    std::vector<Point> fac_pts;
    for (std::size_t i = 0; i < 40; ++i) fac_pts.push_back(cells[order[i]].xy);
    std::vector<Point> cell_pts;
    double pop_total = 0;
    for (const auto& c : cells) {
        cell_pts.push_back(c.xy);
        pop_total += c.population;
    }
    const double threshold = 900.0;
    const double max_snap = 1000.0;

    OsmReadOptions ro;
    ro.build.largest_component_only = lcc;
    ro.build.contract_chains = !no_contraction;
    std::printf("Porto Alegre walking coverage (%s, %zu cells, 40 facilities, %.0f m, reps=%d%s)\n", pbf.c_str(),
                cells.size(), threshold, reps, lcc ? ", largest component only" : "");
    if (no_contraction) std::printf("(every OSM vertex a graph node: chains not contracted)\n");

    WalkNetwork net;
    const auto t_build = time_runs(reps, [&] { net = read_osm_network(pbf, to_utm, ro); });
    std::vector<SnappedPoint> fac;
    std::vector<SnappedPoint> dem;
    const auto t_snap = time_runs(reps, [&] {
        const SnapIndex index(net);
        fac = index.snap(fac_pts, max_snap);
        dem = index.snap(cell_pts, max_snap);
    });
    WalkDistanceOptions opt;
    opt.threshold = threshold;
    NearestSource near;
    const auto t_multi = time_runs(reps, [&] { near = nearest_source(net, fac, dem, opt); });
    CoverageLists lists;
    opt.threads = 1;
    const auto t_lists1 = time_runs(reps, [&] { lists = coverage_lists(net, fac, dem, opt); });
    opt.threads = 2;
    const auto t_lists2 = time_runs(reps, [&] { lists = coverage_lists(net, fac, dem, opt); });
    ServiceAreaOptions sa;
    sa.threshold = threshold;
    sa.buffer_m = 50;
    sa.cell_m = cell_m;
    sa.separation_detour = detour;
    std::vector<lc::geo::Geometry> areas;
    if (areas_only) {
        print_row("service areas, 40 polygons (50 m buffer)", time_runs(reps, [&] { areas = service_areas(net, fac, sa); }));
        return 0;
    }
    const auto t_areas = time_runs(reps, [&] { areas = service_areas(net, fac, sa); });
    // The reference method (GEOS buffer union) and the plain grid (no separation rule, no barriers).
    ServiceAreaOptions sa_geos = sa;
    sa_geos.method = ServiceAreaMethod::geos_buffer;
    std::vector<lc::geo::Geometry> areas_geos;
    const auto t_areas_geos = time_runs(std::min(reps, 3), [&] { areas_geos = service_areas(net, fac, sa_geos); });
    ServiceAreaOptions sa_plain = sa;
    sa_plain.separate_unreached = false;
    sa_plain.use_barriers = false;
    std::vector<lc::geo::Geometry> areas_plain;
    const auto t_areas_plain = time_runs(reps, [&] { areas_plain = service_areas(net, fac, sa_plain); });
    // Where the GEOS method spends its time (one thread): the searches and reached
    // lines, the buffers of the pieces, their union.
    std::vector<std::vector<std::vector<Point>>> reach_lines(fac.size());
    const auto t_reach = time_runs(std::min(reps, 3), [&] {
        DijkstraWorkspace ws(net);
        for (std::size_t f = 0; f < fac.size(); ++f) reach_lines[f] = reachable_lines(net, fac[f], sa, ws);
    });
    std::vector<std::vector<lc::geo::Geometry>> pieces(fac.size());
    const auto t_buffers = time_runs(std::min(reps, 3), [&] {
        for (std::size_t f = 0; f < fac.size(); ++f) {
            pieces[f].clear();
            for (const auto& l : reach_lines[f]) pieces[f].push_back(lc::geo::Geometry::line(l).buffer(sa.buffer_m, 8));
        }
    });
    const auto t_union = time_runs(1, [&] {
        for (auto& p : pieces) (void)lc::geo::Geometry::union_all(std::move(p));
    });
    lc::geo::Geometry combined;
    const auto t_combined = time_runs(std::min(reps, 3), [&] { combined = combined_service_area(net, fac, sa); });

    const auto& s = net.stats();
    std::printf("graph: %zu highway ways, %zu kept (dropped: motor %zu, construction %zu, foot=no %zu, access %zu, "
                "area %zu, other %zu); %zu nodes, %zu edges (%s), %.1f km, %zu components, largest "
                "%zu nodes; %.1f MiB of arrays\n",
                s.ways_highway, s.ways_kept, s.dropped_motor_road, s.dropped_construction, s.dropped_foot_no,
                s.dropped_access, s.dropped_area, s.dropped_other_highway, s.nodes, s.edges,
                no_contraction ? "every vertex a node" : "chains contracted", s.total_length_m / 1000,
                s.components, s.largest_component_nodes, static_cast<double>(net.memory_bytes()) / 1048576.0);
    std::vector<double> legs;
    for (const auto& d : dem) legs.push_back(d.distance);
    std::sort(legs.begin(), legs.end());
    std::printf("snap legs, cells: median %.1f m, p95 %.1f m, max %.1f m; %zu cells > 300 m from the network\n",
                legs[legs.size() / 2], legs[legs.size() * 95 / 100], legs.back(),
                static_cast<std::size_t>(std::count_if(legs.begin(), legs.end(), [](double d) { return d > 300; })));

    std::printf("timings (wall, single process; coverage lists also with 2 threads):\n");
    print_row("graph build (read pbf + filter + UTM + CSR)", t_build);
    print_row("snapping (R-tree build + 1,267 snaps)", t_snap);
    print_row("multi-source bounded Dijkstra (40 -> 1,227)", t_multi);
    print_row("coverage lists, 40 sources, 1 thread", t_lists1);
    print_row("coverage lists, 40 sources, 2 threads", t_lists2);
    print_row("service areas, 40 polygons (50 m buffer)", t_areas);
    print_row("  same, plain grid (no separation, barriers)", t_areas_plain);
    print_row("  same, GEOS buffer union (reference)", t_areas_geos);
    print_row("  GEOS stages, 1 thread: searches + lines", t_reach);
    print_row("  GEOS stages, 1 thread: buffer each piece", t_buffers);
    print_row("  GEOS stages, 1 thread: union of buffers", t_union);
    print_row("combined service area of the 40 (one pass)", t_combined);
    const double total = median(t_build) + median(t_snap) + median(t_multi) + median(t_lists1);
    std::printf("  %-44s %8.4f s  (build + snap + multi-source + lists; peer: 5.892 + 0.093 + 0.068 + 0.076 = "
                "6.129 s)\n",
                "TOTAL full network coverage of all cells", total);

    // Coverage counts: door to door (snap legs included) and projected point to projected point.
    auto count = [&](const NearestSource& r) {
        std::size_t n = 0;
        double pop = 0;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (r.distance[i] <= threshold) {
                ++n;
                pop += cells[i].population;
            }
        }
        std::printf("%zu of %zu cells (%.1f%%), population %.0f of %.0f (%.1f%%)\n", n, cells.size(),
                    100.0 * static_cast<double>(n) / static_cast<double>(cells.size()), pop, pop_total,
                    100.0 * pop / pop_total);
    };
    std::printf("covered, walk door to door (+ snap legs): ");
    count(near);
    WalkDistanceOptions no_legs = opt;
    no_legs.include_snap_legs = false;
    std::printf("covered, walk on the network only (no legs): ");
    count(nearest_source(net, fac, dem, no_legs));
    // Straight line, centre to nearest facility centre.
    NearestSource straight;
    straight.distance.assign(cells.size(), unreachable);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        for (const auto& f : fac_pts) {
            const double d = std::hypot(f.x - cell_pts[i].x, f.y - cell_pts[i].y);
            if (d <= threshold) straight.distance[i] = std::min(straight.distance[i], d);
        }
    }
    std::printf("covered, straight line: ");
    count(straight);
    // Consistency: the union/min of the coverage lists equals the multi-source answer.
    std::vector<double> from_lists(cells.size(), unreachable);
    std::size_t min_list = cells.size(), max_list = 0;
    for (std::size_t f = 0; f < lists.source_count(); ++f) {
        min_list = std::min(min_list, lists.targets_of(f).size());
        max_list = std::max(max_list, lists.targets_of(f).size());
        for (std::size_t k = 0; k < lists.targets_of(f).size(); ++k) {
            const auto t = lists.targets_of(f)[k];
            from_lists[t] = std::min(from_lists[t], lists.distances_of(f)[k]);
        }
    }
    bool same = true;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (std::abs(from_lists[i] - near.distance[i]) > 1e-6 && !(std::isinf(from_lists[i]) && std::isinf(near.distance[i]))) {
            same = false;
        }
    }
    std::printf("coverage lists: %zu (facility, cell) pairs, list sizes %zu..%zu; min over lists == multi-source: "
                "%s\n",
                lists.pair_count(), min_list, max_list, same ? "true" : "FALSE");
    double area_km2 = 0;
    for (const auto& a : areas) area_km2 += a.area() / 1e6;
    std::printf("service areas: %zu polygons, mean %.2f km2; combined %.2f km2\n", areas.size(),
                area_km2 / static_cast<double>(areas.size()), combined.area() / 1e6);
    // Shapes: symmetric difference of the grid polygons against the GEOS ones.
    auto symdiff = [&](const std::vector<lc::geo::Geometry>& a, const char* what) {
        double worst = 0, sum = 0;
        std::size_t n = 0;
        for (std::size_t f = 0; f < a.size(); ++f) {
            const double ref = areas_geos[f].area();
            if (ref <= 0) continue;
            const double sd = a[f].area() + ref - 2 * a[f].intersection(areas_geos[f]).area();
            worst = std::max(worst, sd / ref);
            sum += sd / ref;
            ++n;
        }
        std::printf("%s vs GEOS buffer union: symmetric difference / area: mean %.3f%%, max %.3f%% (%zu polygons)\n",
                    what, 100 * sum / static_cast<double>(std::max<std::size_t>(n, 1)), 100 * worst, n);
    };
    {
        std::size_t grid_bytes = 0, geos_bytes = 0;
        for (const auto& a : areas) grid_bytes += a.wkb().size();
        for (const auto& a : areas_geos) geos_bytes += a.wkb().size();
        std::printf("service area vertices (WKB / 16 bytes): grid %zu, GEOS %zu\n", grid_bytes / 16, geos_bytes / 16);
    }
    symdiff(areas_plain, "plain grid");
    symdiff(areas, "grid (default: separation, barriers)");
    {
        double worst = 0, sum = 0;
        std::size_t worst_f = 0;
        for (std::size_t f = 0; f < areas.size(); ++f) {
            const double plain = areas_plain[f].area();
            if (plain <= 0) continue;
            const double cut = (plain - areas[f].area()) / plain;
            sum += cut;
            if (cut > worst) {
                worst = cut;
                worst_f = f;
            }
        }
        std::printf("separation rule and barriers remove %.3f%% of the plain grid area on average, %.3f%% at most (facility %zu "
                    "at %.0f, %.0f)\n",
                    100 * sum / static_cast<double>(std::max<std::size_t>(areas.size(), 1)), 100 * worst, worst_f,
                    fac_pts[worst_f].x, fac_pts[worst_f].y);
    }
    std::printf("peak RSS %.1f MiB\n", lc::bench::peak_rss_mib());
    if (!export_edges.empty() && !export_sample.empty()) {
        // The 40 facilities as nodes: the nearer end of the edge each snapped to.
        std::vector<NodeId> sample;
        for (const auto& f : fac) {
            if (!f.snapped) continue;
            const double len = net.edge_length(f.edge);
            sample.push_back(f.offset <= len - f.offset ? net.edge_from(f.edge) : net.edge_to(f.edge));
        }
        lc::bench::side_by_side(net, sample, threshold, export_edges, export_sample, std::max(reps, 5));
    }
    return same ? 0 : 1;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_network_poa: %s\n", e.what());
    return 2;
}
