// The main job: audit -> coverage -> optimise -> re-audit with the proposed
// sites -> report. PlanRun holds everything the report and the layers need.
#pragma once

#include "pipeline/plan_config.hpp"
#include "pipeline/run.hpp"
#include "pipeline/solve_record.hpp"
#include "pipeline/whatif.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lc::app {

/// A new station site proposed by the optimiser.
struct ProposedSite {
    std::string id;             ///< candidate id (e.g. C017) or generated id
    std::string name;
    geo::Point point;           ///< working CRS
    int rank = 0;               ///< 1 = largest gain to the headline coverage
    std::string model;          ///< mclp | lscp | pmedian | pcenter
    /// Elderly this site adds to the headline's elderly_covered (area shares),
    /// over the sites ranked before it: the sites' gains add up to the headline gain.
    double added_covered_elderly = 0;
    double serves_elderly = 0;  ///< elderly of the estates it serves (nearest-site allocation), covered before or not
    std::vector<std::string> served_estates;  ///< estates whose nearest site (after the plan) is this one
    double households_served = 0;
    double recommended_area_m2 = 0;  ///< households served x area per 100 households, >= station minimum
};

/// A geometry drawn on the report map but not part of the analysis
/// (rivers, railways, motorways of the network file).
struct Barrier {
    std::string kind;  ///< river | railway | motorway | other
    std::string name;
    geo::Geometry geometry;  ///< working CRS
};

struct PlanRun {
    AuditRun before;            ///< the city as it is
    AuditRun after;             ///< with the proposed sites built as stations
    std::vector<ProposedSite> sites;
    std::vector<Candidate> candidates;  ///< the sites the solve chose from (--candidates, else the grid)
    std::vector<Barrier> barriers;
    SolveRecord solve;            ///< the optimisation, typed until written (solve_record.hpp)
    nlohmann::json summary;       ///< summary.json (before/after figures included)
    WhatIf whatif;                ///< the report's what-if panel (whatif.hpp); empty without a report
    std::vector<std::pair<std::string, double>> stage_seconds;  ///< timing per stage
};

/// Candidate points on a square grid of `spacing` metres that fall inside
/// residential land (the estates' polygons), ids G0001...
std::vector<Candidate> grid_candidates(const City& city, double spacing);

/// Rivers, railways and motorways of an OSM network file, for the report map.
std::vector<Barrier> read_barriers(const std::string& network, const City& city);

/// Proposes new station sites for an audited city: builds the model from the
/// estates (demand = elderly at representative points, load = households), the
/// existing facilities (always open) and the candidates, solves it, ranks the
/// chosen sites by marginal gain and sizes them. Fills sites and solve.
void propose_sites(PlanRun& plan, const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc);

/// Builds the proposed sites as stations of their recommended size, audits the
/// city again (plan.after), and ranks the sites by their credit to the
/// headline coverage (site_credit.hpp).
void reaudit_with_sites(PlanRun& plan, const InputConfig& input, const CoverageConfig& cov);

/// `optimize` from GIS layers: audit, propose sites, re-audit with them.
/// summary = audit summary + the solver keys + before/after figures.
PlanRun run_optimize(const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc, const Progress& progress = {});

/// "Coverage of the elderly within 900 m (network): 82.5% -> 95.1% (+18957
/// elderly) with 12 new stations": the headline before and after.
/// `lang` "zh": the same in Chinese (i18n plan.coverage_line).
[[nodiscard]] std::string coverage_change_line(const PlanRun& plan, const std::string& lang = "en");

/// "1. C017 name: +2400 elderly covered; serves 3100 elderly in 9 estates;
/// build 420 m²": a proposed site's credit (rank order) and its allocation.
[[nodiscard]] std::string site_line(const ProposedSite& site, const std::string& lang = "en");

/// Writes proposed_sites and facilities through `out` (layer_writer.hpp) and
/// summary.json into its folder.
void write_optimize_outputs(const PlanRun& plan, LayerWriter& out);

/// --target-group: checks pc.target_group against the profile's walking groups
/// (lc::ArgumentError naming the flag and listing the ids) and sets cov.speed to
/// the group's speed, so the headline threshold (audit, optimisation, re-audit)
/// becomes minutes x 60 x the group's speed. Nothing when pc.target_group is
/// empty. --radius or --speed with it is an lc::ArgumentError.
void apply_target_group(const InputConfig& input, CoverageConfig& cov, const PlanConfig& pc);

/// The whole main job (audit, optimise, re-audit). Progress optional.
PlanRun run_plan(const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc, const Progress& progress = {});

/// Writes every layer through `out` (layer_writer.hpp): the city before the plan
/// (write_audit_outputs), after it (estates_after, service_areas_after with the
/// proposed sites built), the facilities and the proposed sites; the tables and
/// the report into its folder.
void write_plan_outputs(const PlanRun& plan, LayerWriter& out, const PlanConfig& pc);

}  // namespace lc::app
