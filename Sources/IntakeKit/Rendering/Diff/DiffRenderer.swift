import Foundation

/// Turns a diff report into one output format; every format (text, markdown, github, json) is one of these.
public protocol DiffRenderer: Sendable {
    /// The whole output.
    func render(_ report: DiffReport) -> String
}

/// Words shared by the diff renderers.
enum DiffWords {
    /// `main (1a2b3c4)`.
    static func base(_ report: DiffReport) -> String {
        report.baseCommit.map { "\(report.base) (\($0.prefix(7)))" } ?? report.base
    }

    /// `2 destructive, 1 review, 3 safe`, or `no changes`.
    static func tally(_ changes: [SemanticChange]) -> String {
        let parts = SemanticChange.Severity.allCases.reversed().compactMap { severity -> String? in
            let n = changes.count { $0.severity == severity }
            return n == 0 ? nil : "\(n) \(severity.rawValue)"
        }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }

    /// `created 3 → 4, rejected 1 → 0`: only the counts that differ, or that both runs are alike.
    static func counts(_ impact: ImpactReport) -> String {
        let order = ["created", "updated", "unchanged", "rejected", "superseded", "appended"]
        let parts = order.compactMap { name -> String? in
            let a = impact.old.counts[name] ?? 0
            let b = impact.new.counts[name] ?? 0
            return a == b ? nil : "\(name) \(a) → \(b)"
        }
        return parts.isEmpty ? "same counts" : parts.joined(separator: ", ")
    }

    /// `Healthy`, or `(none)` for no value.
    static func value(_ value: String?) -> String { value.map { "'\($0)'" } ?? "(none)" }

    /// One attribute's impact in a sentence: `Health Segment: 312 records change ('green' → 'Healthy' …); 41 lose it`.
    static func attribute(_ a: AttributeImpact) -> String {
        var text = "\(a.attribute): \(a.records) record\(a.records == 1 ? "" : "s") end differently"
        if a.lost > 0 { text += "; \(a.lost) would lose their value" }
        if a.gained > 0 { text += "; \(a.gained) would gain one" }
        return text
    }

    /// `'Critical' under the old plan → 'Healthy' under the new: 300`.
    static func transition(_ t: AttributeImpact.Transition) -> String {
        "\(value(t.old)) → \(value(t.new)): \(t.records)"
    }
}
