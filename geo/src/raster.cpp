#include "lc/geo/raster.hpp"

#include "gdal_common.hpp"
#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lc::geo {

bool is_raster(const std::string& path) {
    detail::ensure_gdal();
    detail::DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    return ds && ds->GetRasterCount() > 0;
}

namespace {

struct OpenedRaster {
    detail::DatasetPtr ds;
    Crs crs;
    double gt[6] = {0, 1, 0, 0, 0, 1};
};

OpenedRaster open_raster(const std::string& path, const std::string& assume_crs) {
    detail::ensure_gdal();
    OpenedRaster r;
    r.ds.reset(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!r.ds || r.ds->GetRasterCount() < 1) {
        throw InputError(InputLocation{path, {}, {}, {}}, "GDAL cannot open it as a raster (" + detail::gdal_error() + ")");
    }
    if (const OGRSpatialReference* srs = r.ds->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        r.crs = Crs::from_wkt(wkt ? wkt : "");
        CPLFree(wkt);
    } else if (!assume_crs.empty()) {
        r.crs = Crs::from_user_input(assume_crs);
    } else {
        throw CrsError(InputLocation{path, {}, {}, {}}, "the raster has no CRS (give one with --assume-crs)");
    }
    if (r.ds->GetGeoTransform(r.gt) != CE_None) {
        throw InputError(InputLocation{path, {}, {}, {}}, "the raster has no geotransform (cell positions unknown)");
    }
    return r;
}

/// Residents per square metre above which a cell is no real population: the
/// densest real city districts hold about 0.1 persons/m² (e.g. Hong Kong's
/// Kwun Tong, ~60,000 per km²), so 1 person/m² leaves a factor of ten.
constexpr double k_max_persons_per_m2 = 1.0;

/// "band 1, cell rRcC (row R, column C, from 0) at (X, Y) in CRS": where a cell is
/// (its centre, in the raster's CRS), for messages; rRcC is the cell's feature id.
std::string cell_name(int y, int x, const double* gt, const Crs& crs) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "band 1, cell r%dc%d (row %d, column %d, from 0) at (%.3f, %.3f) in ", y, x, y, x,
                  gt[0] + (x + 0.5) * gt[1] + (y + 0.5) * gt[2], gt[3] + (x + 0.5) * gt[4] + (y + 0.5) * gt[5]);
    return buf + crs.label();
}

/// Throws for a value that is not a head count: NaN, infinite or negative
/// (when not the band's nodata value, which callers skip first).
void check_cell_value(double v, const std::string& path, const std::string& cell) {
    if (std::isfinite(v) && v >= 0) return;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    throw InputError(InputLocation{path, {}, {}, {}},
                     cell + ": value " + buf + " is not a population (" +
                         (std::isfinite(v) ? "negative" : "not a finite number") +
                         "; mark empty cells with the band's nodata value)");
}

/// Throws when a cell of `area_m2` holds more than k_max_persons_per_m2.
void check_cell_density(double v, double area_m2, const std::string& path, const std::string& cell) {
    if (!(area_m2 > 0) || v / area_m2 <= k_max_persons_per_m2) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, ": value %g is implausible: %.3g persons per m² in a cell of %.6g m²", v,
                  v / area_m2, area_m2);
    throw InputError(InputLocation{path, {}, {}, {}},
                     cell + buf + " (more than 1 person per m²; the densest real districts hold about 0.1)");
}

bool is_nodata(double v, int has_nodata, double nodata) {
    return has_nodata && (v == nodata || (std::isnan(v) && std::isnan(nodata)));
}

}  // namespace

LayerInfo probe_raster(const std::string& path, const std::string& assume_crs) {
    OpenedRaster r = open_raster(path, assume_crs);
    const double nx = r.ds->GetRasterXSize(), ny = r.ds->GetRasterYSize();
    double xs[4], ys[4];
    const double corners[4][2] = {{0, 0}, {nx, 0}, {nx, ny}, {0, ny}};
    for (int k = 0; k < 4; ++k) {
        xs[k] = r.gt[0] + corners[k][0] * r.gt[1] + corners[k][1] * r.gt[2];
        ys[k] = r.gt[3] + corners[k][0] * r.gt[4] + corners[k][1] * r.gt[5];
    }
    const Transformer t(r.crs, Crs::wgs84());
    t.transform(std::span<double>(xs, 4), std::span<double>(ys, 4));
    LayerInfo info;
    info.crs = r.crs;
    info.feature_count = static_cast<std::int64_t>(nx * ny);
    info.extent_lonlat = Box{*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
                             *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
    return info;
}

namespace {

/// Cells [x0, x1) x [y0, y1) of band 1: what read_cells reads.
struct PixelWindow {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// The pixels overlapping `box` (in `target`), with one cell of margin (the
/// caller keeps the cells that overlap the box); the whole raster when the
/// raster is rotated or the box cannot be transformed.
PixelWindow pixel_window(const OpenedRaster& r, const Crs& target, const Box& box) {
    const int nx = r.ds->GetRasterXSize(), ny = r.ds->GetRasterYSize();
    PixelWindow all{0, 0, nx, ny};
    if (r.gt[2] != 0 || r.gt[4] != 0 || r.gt[1] == 0 || r.gt[5] == 0) return all;
    // Corners and edge midpoints: enough for the gently curved edges of a city-sized box.
    double xs[8] = {box.min_x, box.max_x, box.max_x, box.min_x, (box.min_x + box.max_x) / 2, box.max_x,
                    (box.min_x + box.max_x) / 2, box.min_x};
    double ys[8] = {box.min_y, box.min_y, box.max_y, box.max_y, box.min_y, (box.min_y + box.max_y) / 2,
                    box.max_y, (box.min_y + box.max_y) / 2};
    try {
        Transformer(target, r.crs).transform(std::span<double>(xs, 8), std::span<double>(ys, 8));
    } catch (const CrsError&) {
        return all;
    }
    const auto [min_x, max_x] = std::minmax_element(xs, xs + 8);
    const auto [min_y, max_y] = std::minmax_element(ys, ys + 8);
    const double c0 = (*min_x - r.gt[0]) / r.gt[1], c1 = (*max_x - r.gt[0]) / r.gt[1];
    const double r0 = (*min_y - r.gt[3]) / r.gt[5], r1 = (*max_y - r.gt[3]) / r.gt[5];
    const auto clamp = [](double v, int hi) { return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(hi))); };
    PixelWindow w;
    w.x0 = clamp(std::floor(std::min(c0, c1)) - 1, nx);
    w.x1 = clamp(std::ceil(std::max(c0, c1)) + 1, nx);
    w.y0 = clamp(std::floor(std::min(r0, r1)) - 1, ny);
    w.y1 = clamp(std::ceil(std::max(r0, r1)) + 1, ny);
    return w;
}

/// Reads the cells of `w` with a value > 0 (nodata and 0 left out) as polygons
/// and centres in `target`. Negative cells are an error, or read too when
/// `keep_negative` (for the caller to skip and count).
std::vector<RasterCell> read_cells(const std::string& path, const OpenedRaster& opened, const Crs& target,
                                   const PixelWindow& w, bool keep_negative) {
    const Crs& crs = opened.crs;
    const double* gt = opened.gt;
    GDALRasterBand* band = opened.ds->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const Transformer t(crs, target.empty() ? crs : target);
    const bool metric = (target.empty() ? crs : target).is_projected_metric();  // cell areas in m²
    const int width = w.x1 - w.x0;
    std::vector<double> row(static_cast<std::size_t>(std::max(width, 0)));
    std::vector<RasterCell> out;
    for (int y = w.y0; y < w.y1 && width > 0; ++y) {
        if (band->RasterIO(GF_Read, w.x0, y, width, 1, row.data(), width, 1, GDT_Float64, 0, 0) != CE_None) {
            throw InputError(InputLocation{path, {}, "row " + std::to_string(y), {}},
                             "cannot read the raster (" + detail::gdal_error() + ")");
        }
        for (int x = w.x0; x < w.x1; ++x) {
            const double v = row[static_cast<std::size_t>(x - w.x0)];
            if (is_nodata(v, has_nodata, nodata)) continue;
            if (!(keep_negative && v < 0)) check_cell_value(v, path, cell_name(y, x, gt, crs));
            if (v == 0) continue;
            double xs[5], ys[5];
            const double corners[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
            for (int k = 0; k < 4; ++k) {
                const double px = x + corners[k][0], py = y + corners[k][1];
                xs[k] = gt[0] + px * gt[1] + py * gt[2];
                ys[k] = gt[3] + px * gt[4] + py * gt[5];
            }
            xs[4] = gt[0] + (x + 0.5) * gt[1] + (y + 0.5) * gt[2];
            ys[4] = gt[3] + (x + 0.5) * gt[4] + (y + 0.5) * gt[5];
            t.transform(std::span<double>(xs, 5), std::span<double>(ys, 5));
            RasterCell cell;
            cell.id = "r" + std::to_string(y) + "c" + std::to_string(x);
            cell.value = v;
            const Point ring[4] = {{xs[0], ys[0]}, {xs[1], ys[1]}, {xs[2], ys[2]}, {xs[3], ys[3]}};
            cell.polygon = Geometry::polygon(ring);
            if (metric && v > 0) check_cell_density(v, cell.polygon.area(), path, cell_name(y, x, gt, crs));
            cell.centre = {xs[4], ys[4]};
            out.push_back(std::move(cell));
        }
    }
    return out;
}

/// Shares of `cell` inside each of the polygons `hits` (indices into
/// `polygons`), scaled down together when overlapping polygons claim more than
/// the whole cell.
std::vector<double> cell_shares(const Geometry& cell, const std::vector<std::size_t>& hits,
                                std::span<const Geometry* const> polygons) {
    const double cell_area = cell.area();
    std::vector<double> shares(hits.size(), 0.0);
    double sum = 0;
    for (std::size_t k = 0; k < hits.size(); ++k) {
        const Geometry& poly = *polygons[hits[k]];
        if (!cell_area || !poly.intersects(cell)) continue;
        shares[k] = std::min(1.0, poly.intersection(cell).area() / cell_area);
        sum += shares[k];
    }
    if (sum > 1.0) {
        for (double& s : shares) s /= sum;
    }
    return shares;
}

}  // namespace

std::vector<RasterCell> read_raster_cells(const std::string& path, const Crs& target, const std::string& assume_crs) {
    const OpenedRaster opened = open_raster(path, assume_crs);
    const PixelWindow all{0, 0, opened.ds->GetRasterXSize(), opened.ds->GetRasterYSize()};
    return read_cells(path, opened, target, all, false);
}

ZonalSums areal_weighting(const std::string& path, const Crs& target, const std::string& assume_crs,
                          std::span<const Geometry* const> polygons) {
    ZonalSums z;
    z.inside.assign(polygons.size(), 0.0);
    std::vector<Box> boxes;
    for (const Geometry* g : polygons) boxes.push_back(g->bounds());
    if (boxes.empty()) return z;
    Box extent = boxes.front();
    for (const Box& b : boxes) extent = extent.united(b);
    const OpenedRaster opened = open_raster(path, assume_crs);
    std::vector<RasterCell> cells = read_cells(path, opened, target, pixel_window(opened, target, extent), true);
    const BoxIndex index(boxes);
    for (RasterCell& cell : cells) {
        const Box cb = cell.polygon.bounds();
        // Cells of the margin that miss the polygons' extent are outside the study area.
        if (cb.max_x < extent.min_x || cb.min_x > extent.max_x || cb.max_y < extent.min_y || cb.min_y > extent.max_y) {
            continue;
        }
        if (cell.value < 0) {
            ++z.negative_skipped;
            continue;
        }
        ++z.cells;
        const std::vector<std::size_t> hits = index.intersecting(cb);
        const std::vector<double> shares = cell_shares(cell.polygon, hits, polygons);
        double inside = 0;
        for (std::size_t k = 0; k < hits.size(); ++k) {
            z.inside[hits[k]] += cell.value * shares[k];
            inside += shares[k];
        }
        const double rest = cell.value * std::max(0.0, 1.0 - inside);
        // A sliver under 0.01 % of a cell (where a cell edge and an estate edge
        // part in projection) is no one's: left out of the total too.
        if (rest > cell.value * 1e-4) {
            cell.value = rest;
            z.outside += rest;
            z.outside_cells.push_back(std::move(cell));
        }
    }
    for (const double v : z.inside) z.inside_total += v;
    z.total = z.inside_total + z.outside;
    return z;
}

}  // namespace lc::geo
