// lc::Error and its family: every failure the library reports is one of these.
// The library never prints or exits; the CLI's main() catches once and maps
// each kind to an exit status (2 for all of these; 1 is reserved for
// "not compliant" answers of check-estate, which are values, not errors).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace lc {

/// Base of every error lifecircle throws. Messages read "component: what (hint)".
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A command-line argument or configuration value is wrong.
class ArgumentError : public Error {
public:
    using Error::Error;
};

/// Where in the user's data a problem was found. Empty parts are left out of messages.
struct InputLocation {
    std::string file;
    std::string layer;
    std::string feature;  ///< feature id (the `id` field, else the OGR FID)
    std::string field;
};

/// Formats "file, layer 'L', feature F, field 'X'" from the parts that are set.
inline std::string describe(const InputLocation& loc) {
    std::string out = loc.file;
    auto add = [&out](const std::string& part) {
        if (!out.empty()) out += ", ";
        out += part;
    };
    if (!loc.layer.empty()) add("layer '" + loc.layer + "'");
    if (!loc.feature.empty()) add("feature " + loc.feature);
    if (!loc.field.empty()) add("field '" + loc.field + "'");
    return out;
}

/// The user's data is unusable as given (missing field, bad value, no CRS, ...).
class InputError : public Error {
public:
    InputError(InputLocation where, const std::string& what)
        : Error(describe(where).empty() ? what : describe(where) + ": " + what),
          m_where(std::move(where)) {}
    explicit InputError(const std::string& what) : Error(what) {}
    [[nodiscard]] const InputLocation& where() const noexcept { return m_where; }

private:
    InputLocation m_where;
};

/// A coordinate reference system is missing, unknown or cannot be transformed.
class CrsError : public InputError {
public:
    using InputError::InputError;
};

/// GDAL/OGR, GEOS or PROJ reported a failure that is not the user's data.
class GdalError : public Error {
public:
    using Error::Error;
};

/// Output could not be written (unwritable folder, full disk, ...).
class OutputError : public Error {
public:
    using Error::Error;
};

/// A solver failed to run (not: a model that is infeasible; that is an answer).
class SolverError : public Error {
public:
    using Error::Error;
};

}  // namespace lc
