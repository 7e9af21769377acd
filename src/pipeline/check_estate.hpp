// Completion-acceptance review (竣工验收) of single estates: the rules of the
// profile that apply to one estate, with the reasons in plain words.
#pragma once

#include "pipeline/run.hpp"

#include <string>
#include <vector>

namespace lc::app {

struct EstateVerdict {
    std::size_t index = 0;  ///< into City::estates
    bool pass = false;
    std::string summary;               ///< one line: "E017 新华苑: needs ... ; short by 84 m²"
    std::vector<std::string> reasons;  ///< why it fails (empty when it passes)
    std::vector<std::string> notes;    ///< information that is not a pass/fail rule
};

/// Reviews the estates named by `ids` (in that order), or every estate with
/// is_new = 1 when `all_new`; the texts are in `lang` ("zh" or "en"; Chinese
/// reasons cite the rule as the clause reads, e.g. 每百户不低于20平方米). Throws
/// lc::ArgumentError for an unknown id or when nothing is selected.
std::vector<EstateVerdict> check_estates(const AuditRun& run, const std::vector<std::string>& ids, bool all_new,
                                         const std::string& lang = "en");

/// A printable review, one page per estate: Markdown or self-contained HTML, in
/// `lang` (the verdicts' own texts are in the language check_estates was given).
std::string review_markdown(const AuditRun& run, const std::vector<EstateVerdict>& verdicts, const std::string& lang = "en");
std::string review_html(const AuditRun& run, const std::vector<EstateVerdict>& verdicts, const std::string& lang = "en");

}  // namespace lc::app
