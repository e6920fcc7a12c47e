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
