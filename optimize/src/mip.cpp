#include "mip.hpp"

#include "lc/error.hpp"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <ClpSolve.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lc::opt::detail {

int MipModel::add_col(double lb, double ub, double obj, bool integer) {
    col_lb.push_back(lb);
    col_ub.push_back(ub);
    m_obj.push_back(obj);
    is_int.push_back(integer ? 1 : 0);
    return static_cast<int>(m_obj.size()) - 1;
}

void MipModel::add_row(const std::vector<int>& idx, const std::vector<double>& val, double lb, double ub) {
    m_idx.insert(m_idx.end(), idx.begin(), idx.end());
    m_val.insert(m_val.end(), val.begin(), val.end());
    m_starts.push_back(static_cast<int>(m_idx.size()));
    m_row_lb.push_back(lb);
    m_row_ub.push_back(ub);
}

namespace {

void load(OsiClpSolverInterface& solver, const MipModel& m, bool integers) {
    std::vector<int> lengths(static_cast<std::size_t>(m.n_rows()));
    for (std::size_t r = 0; r < lengths.size(); ++r) lengths[r] = m.m_starts[r + 1] - m.m_starts[r];
    CoinPackedMatrix matrix(false, m.n_cols(), m.n_rows(), static_cast<CoinBigIndex>(m.m_idx.size()), m.m_val.data(),
                            m.m_idx.data(), m.m_starts.data(), lengths.data());
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(matrix, m.col_lb.data(), m.col_ub.data(), m.m_obj.data(), m.m_row_lb.data(),
                       m.m_row_ub.data());
    solver.setObjSense(m.maximize() ? -1.0 : 1.0);
    if (integers)
        for (int c = 0; c < m.n_cols(); ++c)
            if (m.is_int[static_cast<std::size_t>(c)]) solver.setInteger(c);
}

int quiet_callback(CbcModel* /*model*/, int /*where*/) { return 0; }

}  // namespace

std::optional<double> solve_lp(const MipModel& m, std::vector<double>* x) {
    OsiClpSolverInterface solver;
    load(solver, m, false);
    solver.initialSolve();
    if (!solver.isProvenOptimal()) return std::nullopt;
    if (x) x->assign(solver.getColSolution(), solver.getColSolution() + m.n_cols());
    return solver.getObjValue();
}

std::optional<LpSolution> solve_lp_duals(const MipModel& m, double time_limit) {
    OsiClpSolverInterface solver;
    load(solver, m, false);
    solver.getModelPtr()->setMaximumWallSeconds(std::max(0.05, time_limit));
    // Primal simplex after presolve: on the real-city MCLP LPs 1.2-8.6 s where the
    // dual took 2.4-40 s (San Francisco p = 50: 6.8 s against 40.6 s).
    ClpSolve how;
    how.setSolveType(ClpSolve::usePrimal);
    how.setPresolveType(ClpSolve::presolveOn);
    solver.setSolveOptions(how);
    solver.initialSolve();
    if (!solver.isProvenOptimal()) return std::nullopt;
    LpSolution out;
    out.objective = solver.getObjValue();
    out.duals.assign(solver.getRowPrice(), solver.getRowPrice() + m.n_rows());
    return out;
}

MipOutcome solve_mip(const MipModel& m, double time_limit, std::optional<double> cutoff, MipSearch search) {
    MipOutcome out;
    if (m.n_cols() == 0) {
        out.status = MipStatus::optimal;
        out.has_solution = true;
        return out;
    }
    const auto t0 = std::chrono::steady_clock::now();
    OsiClpSolverInterface solver;
    load(solver, m, true);
    // CBC's -sec is checked between its stages and nodes; a root LP of thousands of rows
    // could run on past it (a 60 s limit took 172 s on a 5,000-point MCLP), so Clp gets
    // the limit too.
    solver.getModelPtr()->setMaximumWallSeconds(std::max(0.05, time_limit));
    CbcModel model(solver);
    CbcSolverUsefulData data;
    CbcMain0(model, data);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    data.noPrinting_ = true;

    const std::string sec = std::to_string(std::max(0.05, time_limit));
    std::vector<std::string> args = {"lifecircle", "-log", "0", "-slog", "0", "-timeMode", "elapsed", "-sec", sec};
    if (cutoff) {
        // CBC's sense: with maximisation the cutoff is given in the original (max) sense.
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.12g", *cutoff);
        args.insert(args.end(), {"-cutoff", buf});
    }
    if (search == MipSearch::plain)  // measured on OR-Library pmed: 5-15x faster on the radius formulation
        args.insert(args.end(), {"-preprocess", "off", "-cuts", "off", "-heuristicsOnOff", "off", "-strong", "0"});
    else if (search == MipSearch::no_heuristics)  // cbc, MCLP New York p = 60: 14 s, and 90 s with them
        args.insert(args.end(), {"-heuristicsOnOff", "off"});
    args.insert(args.end(), {"-solve", "-quit"});
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const auto& a : args) argv.push_back(a.c_str());
    try {
        CbcMain1(static_cast<int>(argv.size()), argv.data(), model, quiet_callback, data);
    } catch (const CoinError& e) {
        throw SolverError("optimize: CBC failed: " + e.message());
    }
    const double* best = model.bestSolution();
    if (best && model.getNumCols() >= m.n_cols()) {
        out.has_solution = true;
        out.x.assign(best, best + m.n_cols());
        // Recompute in the original sense (independent of CBC's internal sign).
        double obj = 0.0;
        for (int c = 0; c < m.n_cols(); ++c) obj += m.m_obj[static_cast<std::size_t>(c)] * out.x[static_cast<std::size_t>(c)];
        out.objective = obj;
    }
    out.bound = model.getBestPossibleObjValue();
    if (model.isProvenOptimal()) {
        out.status = out.has_solution ? MipStatus::optimal : MipStatus::infeasible;
    } else if (model.isProvenInfeasible()) {
        out.status = MipStatus::infeasible;
    } else if (model.isSecondsLimitReached() || model.status() == 1) {
        out.status = MipStatus::time_limit;
    } else {
        out.status = MipStatus::other;
    }
    // Stopped by the clock inside an LP, CBC may see an abandoned LP as infeasible: a
    // run that used its whole time proves nothing.
    const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (out.status == MipStatus::infeasible && used >= 0.98 * time_limit) out.status = MipStatus::time_limit;
    if (out.status == MipStatus::optimal) out.bound = out.objective;
    return out;
}

}  // namespace lc::opt::detail
