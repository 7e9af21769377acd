// A small MIP builder and the one place CBC is called (CbcMain0/CbcMain1 with
// CbcSolverUsefulData, logs silenced). Internal to lc_optimize.
#pragma once

#include <optional>
#include <vector>

namespace lc::opt::detail {

class MipModel {
public:
    /// Adds a column; returns its index.
    int add_col(double lb, double ub, double obj, bool integer);
    /// Adds lb <= sum val*x[idx] <= ub.
    void add_row(const std::vector<int>& idx, const std::vector<double>& val, double lb, double ub);
    void set_maximize(bool yes) { m_maximize = yes; }

    [[nodiscard]] int n_cols() const { return static_cast<int>(m_obj.size()); }
    [[nodiscard]] int n_rows() const { return static_cast<int>(m_row_lb.size()); }
    [[nodiscard]] bool maximize() const { return m_maximize; }

    std::vector<double> col_lb, col_ub;
    std::vector<char> is_int;
    std::vector<double> m_obj;
    std::vector<int> m_starts{0}, m_idx;
    std::vector<double> m_val, m_row_lb, m_row_ub;
    bool m_maximize = false;
};

enum class MipStatus { optimal, infeasible, time_limit, other };

struct MipOutcome {
    MipStatus status = MipStatus::other;
    bool has_solution = false;
    std::vector<double> x;
    double objective = 0.0;  ///< in the model's sense, without constants
    double bound = 0.0;      ///< best possible, model's sense
};

/// How much of CBC's machinery a search uses.
enum class MipSearch {
    full,           ///< CBC's defaults
    no_heuristics,  ///< no primal heuristics: the caller's incumbent is the cutoff
    plain,          ///< no preprocessing, cuts, heuristics or strong branching
};

/// Solves with CBC. `cutoff`: only solutions strictly better than it are wanted
/// (status infeasible then means "none better"). Throws lc::SolverError when CBC fails.
MipOutcome solve_mip(const MipModel& model, double time_limit, std::optional<double> cutoff,
                     MipSearch search = MipSearch::full);

/// The LP relaxation's value and the rows' duals, as Clp reports them (their sign
/// follows Clp's convention for the model's sense; callers take what they need).
struct LpSolution {
    double objective = 0.0;
    std::vector<double> duals;
};

/// Solves the LP relaxation with Clp within `time_limit` seconds; nullopt if
/// infeasible or stopped by the clock.
std::optional<LpSolution> solve_lp_duals(const MipModel& model, double time_limit);

/// Solves the LP relaxation with Clp; returns the objective (model's sense) or nullopt if infeasible.
std::optional<double> solve_lp(const MipModel& model, std::vector<double>* x = nullptr);

}  // namespace lc::opt::detail
