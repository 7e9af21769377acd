#include "report/text_table.hpp"

#include <algorithm>
#include <utility>

namespace lc::app {
namespace detail {
namespace {

/// Decodes one UTF-8 code point at `i`; advances `i`. Invalid bytes yield U+FFFD and advance one byte.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t len = 0;
    char32_t cp = 0;
    if (c < 0x80) {
        ++i;
        return c;
    }
    if ((c & 0xE0U) == 0xC0U) {
        len = 2;
        cp = c & 0x1FU;
    } else if ((c & 0xF0U) == 0xE0U) {
        len = 3;
        cp = c & 0x0FU;
    } else if ((c & 0xF8U) == 0xF0U) {
        len = 4;
        cp = c & 0x07U;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6U) | (byte(i + k) & 0x3FU);
    }
    i += len;
    return cp;
}

}  // namespace
}  // namespace detail

int code_point_width(char32_t cp) {
    if (cp == 0) return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;  // control characters
    // Combining marks and zero-width characters.
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200F) ||
        cp == 0x2060 || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F)) {
        return 0;
    }
    // East Asian Wide (W) and Fullwidth (F) ranges.
    if ((cp >= 0x1100 && cp <= 0x115F) ||   // Hangul Jamo initials
        (cp >= 0x2E80 && cp <= 0x303E) ||   // CJK radicals, Kangxi, CJK symbols and punctuation
        (cp >= 0x3041 && cp <= 0x33FF) ||   // Hiragana .. CJK compatibility
        (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
        (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
        (cp >= 0xA000 && cp <= 0xA4CF) ||   // Yi
        (cp >= 0xAC00 && cp <= 0xD7A3) ||   // Hangul syllables
        (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility ideographs
        (cp >= 0xFE10 && cp <= 0xFE19) ||   // vertical forms
        (cp >= 0xFE30 && cp <= 0xFE6F) ||   // CJK compatibility forms, small forms
        (cp >= 0xFF00 && cp <= 0xFF60) ||   // fullwidth forms
        (cp >= 0xFFE0 && cp <= 0xFFE6) ||   // fullwidth signs
        (cp >= 0x1F300 && cp <= 0x1F64F) || // pictographs, emoticons
        (cp >= 0x1F900 && cp <= 0x1F9FF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD)) { // CJK extensions B..
        return 2;
    }
    return 1;
}

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        width += static_cast<std::size_t>(code_point_width(detail::next_code_point(utf8, i)));
    }
    return width;
}

std::string pad_to_width(std::string_view text, std::size_t width, bool right) {
    const std::size_t w = display_width(text);
    const std::string pad(w < width ? width - w : 0, ' ');
    return right ? pad + std::string{text} : std::string{text} + pad;
}

std::string truncate_to_width(std::string_view utf8, std::size_t width) {
    if (display_width(utf8) <= width) return std::string{utf8};
    if (width == 0) return {};
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < utf8.size()) {
        std::size_t j = i;
        const auto w = static_cast<std::size_t>(code_point_width(detail::next_code_point(utf8, j)));
        if (used + w > width - 1) break;  // keep one column for the ellipsis
        used += w;
        i = j;
    }
    return std::string{utf8.substr(0, i)} + "\u2026";
}

TextTable::TextTable(std::vector<std::string> header) : m_header(std::move(header)) {}

void TextTable::add_row(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }

void TextTable::set_align(std::size_t column, Align align) {
    if (m_align.size() <= column) m_align.resize(column + 1, Align::left);
    m_align[column] = align;
}

void TextTable::set_separator(std::string separator) { m_separator = std::move(separator); }

void TextTable::set_max_width(std::size_t column, std::size_t width) {
    if (m_max_width.size() <= column) m_max_width.resize(column + 1, 0);
    m_max_width[column] = width;
}

void TextTable::set_header_rule(bool on) { m_header_rule = on; }

std::size_t TextTable::columns() const {
    std::size_t n = m_header.size();
    for (const auto& r : m_rows) n = std::max(n, r.size());
    return n;
}

std::string TextTable::render() const {
    const std::size_t ncol = columns();
    auto cell_text = [&](const std::vector<std::string>& row, std::size_t c) -> std::string {
        if (c >= row.size()) return {};
        const std::size_t max = c < m_max_width.size() ? m_max_width[c] : 0;
        return max > 0 ? truncate_to_width(row[c], max) : row[c];
    };
    std::vector<std::size_t> widths(ncol, 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < ncol; ++c) widths[c] = std::max(widths[c], display_width(cell_text(row, c)));
    };
    if (!m_header.empty()) measure(m_header);
    for (const auto& r : m_rows) measure(r);

    std::string out;
    auto emit = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < ncol; ++c) {
            if (c > 0) line += m_separator;
            const bool right = c < m_align.size() && m_align[c] == Align::right;
            line += pad_to_width(cell_text(row, c), widths[c], right);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line;
        out += '\n';
    };
    if (!m_header.empty()) {
        emit(m_header);
        if (m_header_rule) {
            std::vector<std::string> rule;
            for (std::size_t c = 0; c < ncol; ++c) rule.emplace_back(widths[c], '-');
            emit(rule);
        }
    }
    for (const auto& r : m_rows) emit(r);
    return out;
}

}  // namespace lc::app
