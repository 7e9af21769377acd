// What a run writes: layers (estates, districts, service areas), the summary
// JSON and the CSV tables, all into an OutputSink's folder so a failed run leaves nothing.
#pragma once

#include "lc/geo/io.hpp"
#include "pipeline/audit.hpp"
#include "pipeline/city.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lc::app {

/// Rounds for stable, readable output (6 significant decimals after the point).
double round6(double v);
/// A summary number: round6, or null when it is not finite.
nlohmann::json jnum(double v);

geo::OutLayer estates_layer(const City& city, const AuditResult& audit);
geo::OutLayer districts_layer(const City& city, const AuditResult& audit);
geo::OutLayer service_areas_layer(const City& city, const CoverageResult& coverage);

/// The CRS a run's layers are written in: `requested` (--out-crs) when given;
/// else WGS 84 for GeoJSON (RFC 7946); else (GeoPackage, Shapefile, PostGIS)
/// the estates' own CRS, or the working CRS when they have none.
geo::Crs layer_output_crs(const City& city, geo::Format format, const geo::Crs& requested);

/// The summary of an audit (the DESIGN.md fields and more).
nlohmann::json audit_summary(const City& city, const AuditResult& audit);

/// CSV text (UTF-8 with BOM, RFC 4180 quoting) from a header and rows.
std::string csv_text(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

/// The audit's tables. `lang` "en": English keys as headers (the files' contract);
/// "zh": Chinese headers, verdicts, labels, reasons and sources (docs/language.md).
std::string summary_csv(const AuditResult& audit, const std::string& lang = "en");
std::string communities_csv(const AuditResult& audit, const std::string& lang = "en");
std::string streets_csv(const AuditResult& audit, const std::string& lang = "en");

/// Number formatting for tables and reports: fixed decimals, thousands separators.
std::string format_number(double v, int decimals = 0, bool thousands = true);

/// "1 estate", "2 estates": a count with its noun in the right number (`plural`
/// defaults to the singular + "s").
std::string count_of(std::size_t n, std::string_view singular, std::string_view plural = {});

}  // namespace lc::app
