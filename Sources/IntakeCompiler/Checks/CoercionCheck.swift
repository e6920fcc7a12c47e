import IntakeDiagnostics
import Foundation
import IntakeSpec

/// Coercion options fit the target's type and are themselves valid.
struct CoercionCheck: SpecCheck {
    static let thousandsSeparators = [",", ".", " ", "'", "_", "\u{00A0}"]

    func check(_ context: CheckContext) {
        // Options are checked on their own even when the target is unknown, so all mistakes show at once.
        for column in context.spec.columns {
            if let number = column.number { checkNumber(number, context) }
            if let date = column.date { checkDate(date, context) }
            if let pattern = column.pattern, (try? NSRegularExpression(pattern: pattern.value)) == nil {
                context.emit(.invalidPattern, "'\(pattern.value)' is not a valid regular expression", at: pattern.location)
            }
        }
        for (column, target) in context.resolvedColumns {
            checkFit(column, target, context)
            if let map = column.map, let values = target.values { checkMapTargets(map, values, target, context) }
        }
    }

    private func checkFit(_ column: ColumnMapping, _ target: ResolvedTarget, _ context: CheckContext) {
        let type = target.type.rawValue
        if let number = column.number, !target.type.isNumeric {
            context.emit(
                .coercionMismatch, "'number' options do not apply to '\(target.name)', which is \(type)", at: number.location,
                hint: "remove 'number', or map the column to a number or currency attribute")
        }
        if let date = column.date, target.type != .date {
            context.emit(
                .coercionMismatch, "'date' options do not apply to '\(target.name)', which is \(type)", at: date.location,
                hint: "remove 'date', or map the column to a date attribute")
        }
        guard !target.type.isTextual else {
            if let textCase = column.textCase, target.type == .list {
                context.emit(
                    .redundantOption, "'case' has no effect on list '\(target.name)': values match case-insensitively and are stored in the model's casing",
                    at: textCase.location, hint: "remove 'case'")
            }
            return
        }
        let textOptions: [(String, SourceLocation?)] = [
            ("trim", column.trim?.location), ("case", column.textCase?.location), ("map", column.mapLocation),
            ("pattern", column.pattern?.location),
        ]
        for (option, location) in textOptions {
            guard let location else { continue }
            context.emit(
                .coercionMismatch, "'\(option)' applies to text, not to '\(target.name)', which is \(type)", at: location,
                hint: target.type == .date ? "use date: { formats: [...] } to read other spellings" : "use number: { thousands, decimal }")
        }
    }

    private func checkNumber(_ number: NumberOptions, _ context: CheckContext) {
        if let decimal = number.decimal, decimal.value != "." && decimal.value != "," {
            context.emit(.invalidValue, "'decimal' must be \".\" or \",\", found \"\(decimal.value)\"", at: decimal.location)
        }
        if let thousands = number.thousands, !Self.thousandsSeparators.contains(thousands.value) {
            context.emit(
                .invalidValue, "'thousands' must be one of \",\" \".\" \" \" \"'\" \"_\", found \"\(thousands.value)\"",
                at: thousands.location)
        }
        if let thousands = number.thousands, thousands.value == (number.decimal?.value ?? ".") {
            context.emit(
                .invalidValue, "'thousands' and 'decimal' are both \"\(thousands.value)\"", at: thousands.location,
                hint: "for 1.234,5 write number: { thousands: \".\", decimal: \",\" }")
        }
    }

    private func checkDate(_ date: DateOptions, _ context: CheckContext) {
        for format in date.formats {
            do {
                _ = try DateFormatPattern(parsing: format.value)
            } catch {
                var location = format.location
                location.column += error.offset + (isQuoted(format, context) ? 1 : 0)
                context.emit(.invalidDateFormat, "invalid date format '\(format.value)': \(error.message)", at: location, hint: error.hint)
            }
        }
        if let zone = date.timezone, TimeZone(identifier: zone.value) == nil {
            let known = TimeZone.knownTimeZoneIdentifiers
            context.emit(
                .invalidTimeZone, "unknown time zone '\(zone.value)'", at: zone.location,
                hint: Suggestions.hint(for: zone.value, in: known) ?? "use an IANA name such as America/New_York or UTC")
        }
    }

    private func checkMapTargets(_ map: [LocatedPair<String>], _ values: [String], _ target: ResolvedTarget, _ context: CheckContext) {
        for pair in map where !pair.value.value.isEmpty {
            guard !values.contains(where: { $0.caseInsensitiveCompare(pair.value.value) == .orderedSame }) else { continue }
            context.emit(
                .mapTargetNotInValues, "'\(pair.value.value)' is not a value of '\(target.name)'", at: pair.value.location,
                hint: Suggestions.hint(for: pair.value.value, in: values) ?? "values: \(values.joined(separator: ", "))")
        }
    }

    private func isQuoted(_ value: Located<String>, _ context: CheckContext) -> Bool {
        guard let line = context.spec.file.line(value.location.line) else { return false }
        let scalars = Array(line.unicodeScalars)
        let index = value.location.column - 1
        return index < scalars.count && (scalars[index] == "\"" || scalars[index] == "'")
    }
}
