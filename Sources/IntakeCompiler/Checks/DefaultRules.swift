import Foundation
import IntakeDiagnostics
import IntakeSpec

/// The rules of DESIGN §4 for a default on one attribute, shared by the model and spec checks.
enum DefaultRules {
    /// The problem with a default on an attribute, or nil when it is allowed.
    static func problem(
        _ policy: Located<DefaultPolicy>, for attribute: ModelAttribute, configurable: Bool, owner: String
    ) -> Diagnostic? {
        let name = attribute.name.value
        if !configurable && policy.value != .delete {
            return Diagnostic(
                .defaultNotConfigurable, "the default of \(owner) attribute '\(name)' cannot be configured; it is always delete",
                at: policy.location, hint: "only account attributes choose a default; remove this one")
        }
        switch policy.value {
        case .delete, .keep:
            return nil
        case .today:
            guard attribute.type.value != .date else { return nil }
            return Diagnostic(
                .invalidDefault, "'today' is a default for date attributes; '\(name)' is \(attribute.type.value.rawValue)",
                at: policy.location, hint: "use delete, keep or { value: X }")
        case .value(let value):
            guard let reason = valueProblem(value, attribute) else { return nil }
            return Diagnostic(.invalidDefault, "default value '\(value)' for '\(name)' \(reason)", at: policy.location,
                hint: attribute.values.flatMap { values in Suggestions.hint(for: value, in: values.map(\.value)) })
        }
    }

    /// The canonical form of a default value (model casing for lists, canonical numbers and dates).
    static func canonical(_ value: String, _ attribute: ModelAttribute) -> String {
        switch attribute.type.value {
        case .list:
            return attribute.values?.first { $0.value.caseInsensitiveCompare(value) == .orderedSame }?.value ?? value
        case .number, .currency:
            return CanonicalNumber.canonical(value) ?? value
        case .date:
            return CanonicalDate.canonical(value) ?? value
        case .text:
            return value
        }
    }

    private static func valueProblem(_ value: String, _ attribute: ModelAttribute) -> String? {
        switch attribute.type.value {
        case .text:
            return nil
        case .number, .currency:
            return CanonicalNumber.canonical(value) == nil ? "is not a plain number (write 1234.5, no separators)" : nil
        case .date:
            return CanonicalDate.canonical(value) == nil ? "is not an ISO 8601 date (write 2026-01-31 or 2026-01-31T08:00:00Z)" : nil
        case .list:
            let values = attribute.values?.map(\.value) ?? []
            return values.contains { $0.caseInsensitiveCompare(value) == .orderedSame }
                ? nil : "is not one of its values: \(values.joined(separator: ", "))"
        }
    }
}

/// Canonical decimals: no grouping, no leading `+`, no superfluous zeros (`-1000.5`).
public enum CanonicalNumber {
    /// The canonical form of a plain decimal, or nil when the text is not one.
    public static func canonical(_ text: String) -> String? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts.count == 1 || !parts[1].isEmpty
        else { return nil }
        var whole = String(parts[0].drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.last == "0" { fraction.removeLast() }
        let body = fraction.isEmpty ? whole : "\(whole).\(fraction)"
        return negative && body != "0" ? "-" + body : body
    }
}

/// Canonical dates: ISO 8601 in UTC, `2019-09-17T08:00:00Z`.
public enum CanonicalDate {
    /// The canonical form of an ISO 8601 date or date-time, or nil when the text is not one.
    public static func canonical(_ text: String) -> String? {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? fractional.date(from: text) ?? dateOnly.date(from: text) else { return nil }
        return full.string(from: date)
    }
}
