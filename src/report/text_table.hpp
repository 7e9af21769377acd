// Aligned plain-text tables for terminals, aware of East Asian wide characters:
// a CJK character takes two columns, so 西安市 is 6 columns wide, not 3 (or 9 bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lc::app {

/// Terminal columns taken by one code point: 0 (combining, zero-width, control),
/// 2 (East Asian Wide / Fullwidth: CJK, Hangul, fullwidth forms, CJK punctuation) or 1.
[[nodiscard]] int code_point_width(char32_t cp);

/// Display width of UTF-8 text in terminal columns. Invalid bytes count as one column each.
[[nodiscard]] std::size_t display_width(std::string_view utf8);

/// `text` padded with spaces to `width` columns (left-aligned, or right-aligned).
[[nodiscard]] std::string pad_to_width(std::string_view text, std::size_t width, bool right = false);

enum class Align { left, right };

/// A table printed with columns aligned by display width.
///
///     TextTable t({"name", "place"});
///     t.add_row({"xian", "西安市"});
///     std::cout << t.render();
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header = {});
    /// Adds a row; missing cells are empty, extra cells widen the table.
    void add_row(std::vector<std::string> cells);
    void set_align(std::size_t column, Align align);
    /// Text between columns (default two spaces).
    void set_separator(std::string separator);
    /// Cells wider than `width` columns are cut with "…" (0 = never cut, the default).
    void set_max_width(std::size_t column, std::size_t width);
    /// Rule of '-' under the header (default on when there is a header).
    void set_header_rule(bool on);

    [[nodiscard]] std::size_t columns() const;
    [[nodiscard]] std::size_t rows() const { return m_rows.size(); }
    /// The table, one line per row, each ending in '\n', no trailing spaces.
    [[nodiscard]] std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<Align> m_align;
    std::vector<std::size_t> m_max_width;
    std::string m_separator = "  ";
    bool m_header_rule = true;
};

/// Cuts UTF-8 text to at most `width` columns, ending in "…" when cut.
[[nodiscard]] std::string truncate_to_width(std::string_view utf8, std::size_t width);

}  // namespace lc::app
