import IntakeDiagnostics

/// Renders a diff report for a terminal: one block per integration, destructive changes first.
public struct DiffTextRenderer: DiffRenderer {
    /// Whether to use ANSI colours.
    public var color: Bool

    /// Creates a renderer.
    public init(color: Bool = false) {
        self.color = color
    }

    /// The report as text.
    public func render(_ report: DiffReport) -> String {
        var out = "intake diff: \(DiffWords.base(report)) → working tree\n"
        if let note = report.stateNote { out += "note: \(note)\n" }
        if !report.model.isEmpty {
            out += "\nmodel\n"
            out += report.model.ordered().map(line).joined()
        }
        for entry in report.integrations where entry.status != .unchanged {
            out += "\n\(entry.name) (\(entry.status.rawValue)) \(entry.path)\n"
            if entry.status == .broken { out += "  does not compile at one side; see the diagnostics\n" }
            out += entry.changes.map(line).joined()
            if let note = entry.impactNote { out += "  impact: not computed: \(note)\n" }
            if let impact = entry.impact { out += self.impact(impact) }
        }
        let unchanged = report.integrations.filter { $0.status == .unchanged }.map(\.name)
        if !unchanged.isEmpty { out += "\nunchanged: \(unchanged.joined(separator: ", "))\n" }
        out += "\n\(DiffWords.tally(report.changes))\n"
        return out
    }

    private func line(_ change: SemanticChange) -> String {
        let label: String = switch change.severity {
        case .destructive: paint("DESTRUCTIVE", "\u{1B}[1;31m")
        case .review: paint("review     ", "\u{1B}[33m")
        case .safe: paint("safe       ", "\u{1B}[32m")
        }
        var out = "  \(label) \(change.message)\n"
        let place = [change.location.map { "at \($0)" }, change.baseLocation.map { "was at \($0) in the base" }].compactMap { $0 }
        if !place.isEmpty { out += "              \(place.joined(separator: ", "))\n" }
        if let reason = change.reason { out += "              \(reason)\n" }
        return out
    }

    private func impact(_ impact: ImpactReport) -> String {
        var out = "  impact over \(impact.data): \(impact.records) record\(impact.records == 1 ? "" : "s") end differently\n"
        out += "    counts: \(DiffWords.counts(impact))\n"
        if let failure = impact.old.failure { out += "    the base plan fails on this file: \(failure)\n" }
        if let failure = impact.new.failure { out += "    the new plan fails on this file: \(failure)\n" }
        for attribute in impact.attributes {
            out += "    \(DiffWords.attribute(attribute))\n"
            for t in attribute.transitions { out += "      \(DiffWords.transition(t))\n" }
        }
        for o in impact.outcomes {
            out += "    rows \(o.old) → \(o.new): \(o.rows) (lines \(o.lines.map(String.init).joined(separator: ", "))\(o.rows > o.lines.count ? ", …" : ""))\n"
        }
        for sample in impact.samples {
            let parts = sample.attributes.keys.sorted().map { "\($0) \(DiffWords.value(sample.attributes[$0]!.old)) → \(DiffWords.value(sample.attributes[$0]!.new))" }
            out += "    e.g. \(sample.key) (line \(sample.line)): \(parts.joined(separator: "; "))\n"
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\(code)\(text)\u{1B}[0m" : text }
}
