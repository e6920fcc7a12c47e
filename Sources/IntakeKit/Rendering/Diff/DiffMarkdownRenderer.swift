import IntakeDiagnostics

/// Renders a diff report as a pull-request comment: a summary table, then one section per
/// integration with destructive changes first and marked, impact numbers, long lists collapsed.
public struct DiffMarkdownRenderer: DiffRenderer {
    /// Changes shown before the rest are folded into a details block.
    public var openLimit: Int

    /// Creates a renderer.
    public init(openLimit: Int = 10) {
        self.openLimit = openLimit
    }

    /// The Markdown document.
    public func render(_ report: DiffReport) -> String {
        let all = report.changes
        var out = "## intake diff: `\(escape(DiffWords.base(report)))` → this branch\n\n"
        let destructive = all.count { $0.severity == .destructive }
        out += destructive > 0
            ? "> [!CAUTION]\n> **\(destructive) destructive change\(destructive == 1 ? "" : "s")**: stored data can be cleared or misread. Read the ⛔ items before merging.\n\n"
            : "\(DiffWords.tally(all)).\n\n"
        if let note = report.stateNote { out += "_Note: \(escape(note))._\n\n" }
        out += problems(report)
        out += summary(report)
        if !report.model.isEmpty {
            out += "\n### Model\n\n" + list(report.model.ordered())
        }
        for entry in report.integrations where entry.status != .unchanged {
            out += "\n### `\(escape(entry.name))` (\(entry.status.rawValue))\n\n"
            if entry.status == .broken { out += "Does not compile at one side; see Problems above.\n" }
            out += list(entry.changes)
            if let note = entry.impactNote { out += "\nImpact not computed: \(escape(note))\n" }
            if let impact = entry.impact { out += self.impact(impact) }
        }
        return out
    }

    private func summary(_ report: DiffReport) -> String {
        var out = "| | status | ⛔ destructive | review | safe | records ending differently |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
        func row(_ name: String, _ status: String, _ changes: [SemanticChange], _ records: String) {
            let n = { (s: SemanticChange.Severity) in changes.count { $0.severity == s } }
            out += "| \(name) | \(status) | \(n(.destructive)) | \(n(.review)) | \(n(.safe)) | \(records) |\n"
        }
        if !report.model.isEmpty { row("model", "changed", report.model, "") }
        for entry in report.integrations where entry.status != .unchanged {
            row("`\(escape(entry.name))`", entry.status.rawValue, entry.changes, entry.impact.map { String($0.records) } ?? "")
        }
        let unchanged = report.integrations.filter { $0.status == .unchanged }.map { "`\(escape($0.name))`" }
        if !unchanged.isEmpty { out += "\nUnchanged: \(unchanged.joined(separator: ", ")).\n" }
        return out
    }

    private func problems(_ report: DiffReport) -> String {
        let errors = report.diagnostics + report.baseDiagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return "" }
        var out = "### Problems\n\n"
        for d in report.diagnostics {
            out += "- **\(d.severity == .error ? "error" : "warning") \(d.code.rawValue)** \(place(d.location))\(escape(d.message))\n"
        }
        for d in report.baseDiagnostics where d.severity == .error {
            out += "- at `\(escape(report.base))`: **\(d.code.rawValue)** \(place(d.location))\(escape(d.message))\n"
        }
        return out + "\n"
    }

    private func list(_ changes: [SemanticChange]) -> String {
        func item(_ c: SemanticChange) -> String {
            let mark = switch c.severity {
            case .destructive: "⛔ **destructive**"
            case .review: "⚠️ review"
            case .safe: "✅ safe"
            }
            var text = "- \(mark): \(escape(c.message)) \(place(c.location))".trimmingCharacters(in: .whitespaces)
            if let reason = c.reason { text += "  \n  _\(escape(reason))_" }
            return text + "\n"
        }
        var out = changes.prefix(openLimit).map(item).joined()
        if changes.count > openLimit {
            out += "\n<details><summary>\(changes.count - openLimit) more change\(changes.count - openLimit == 1 ? "" : "s")</summary>\n\n"
            out += changes.dropFirst(openLimit).map(item).joined() + "\n</details>\n"
        }
        return out
    }

    private func impact(_ impact: ImpactReport) -> String {
        var out = "\n**Impact** over `\(escape(impact.data))`: **\(impact.records)** record\(impact.records == 1 ? "" : "s") end differently (\(escape(DiffWords.counts(impact)))).\n"
        for failure in [impact.old.failure.map { "the base plan fails on this file: \($0)" }, impact.new.failure.map { "the new plan fails on this file: \($0)" }] {
            if let failure { out += "\n> [!WARNING]\n> \(escape(failure))\n" }
        }
        if !impact.attributes.isEmpty {
            out += "\n| attribute | records | lose value | gain value | most common (old plan → new plan) |\n| --- | ---: | ---: | ---: | --- |\n"
            for a in impact.attributes {
                let top = a.transitions.prefix(3).map { "\(code($0.old)) → \(code($0.new)) ×\($0.records)" }.joined(separator: "<br>")
                out += "| \(escape(a.attribute)) | \(a.records) | \(a.lost) | \(a.gained) | \(top) |\n"
            }
        }
        if !impact.outcomes.isEmpty {
            out += "\n| rows | old plan | new plan | lines |\n| ---: | --- | --- | --- |\n"
            for o in impact.outcomes {
                out += "| \(o.rows) | \(o.old) | \(o.new) | \(o.lines.map(String.init).joined(separator: ", "))\(o.rows > o.lines.count ? ", …" : "") |\n"
            }
        }
        if !impact.samples.isEmpty {
            out += "\n<details><summary>Sample records (\(impact.samples.count))</summary>\n\n| key | line | attribute | old plan | new plan |\n| --- | ---: | --- | --- | --- |\n"
            for sample in impact.samples {
                for name in sample.attributes.keys.sorted() {
                    let t = sample.attributes[name]!
                    out += "| \(escape(sample.key)) | \(sample.line) | \(escape(name)) | \(code(t.old)) | \(code(t.new)) |\n"
                }
            }
            out += "\n</details>\n"
        }
        return out
    }

    private func place(_ location: SourceLocation?) -> String { location.map { "(`\($0.file):\($0.line)`) " } ?? "" }

    private func code(_ value: String?) -> String { value.map { "`\(escape($0))`" } ?? "—" }

    private func escape(_ text: String) -> String { MarkdownText.escape(text) }
}
