import IntakeRunner

/// Renders a changeset as a pull-request comment: a counts table, then collapsed details.
public struct ChangesetMarkdownRenderer: Sendable {
    /// Records shown per group before truncating.
    public var limit: Int

    /// Creates a renderer.
    public init(limit: Int = 100) {
        self.limit = limit
    }

    /// The Markdown document.
    public func render(_ c: Changeset) -> String {
        let n = c.counts
        var out = "### intake plan: `\(c.integration)` (\(c.object))\n\n"
        out += "Source `\(c.source.path)` — \(c.source.rows) rows, as of \(c.asOf)\n\n"
        out += "| created | updated | unchanged | rejected | superseded | appended |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n"
        out += "| \(n.created) | \(n.updated) | \(n.unchanged) | \(n.rejected) | \(n.superseded) | \(n.appended) |\n"
        for warning in c.warnings { out += "\n> ⚠️ \(escape(warning))\n" }
        for (title, action) in [("Created", RecordChange.Action.create), ("Updated", .update)] {
            // Only the changes shown are read: a plan's changes may be on disk.
            let (shown, count) = c.changes.positions(of: action, first: limit)
            guard count > 0 else { continue }
            out += "\n<details><summary>\(title) (\(count))</summary>\n\n| key | attribute | old | new | default |\n| --- | --- | --- | --- | --- |\n"
            for change in shown.map({ c.changes[$0] }) {
                for name in change.attributes.keys.sorted() {
                    let a = change.attributes[name]!
                    out += "| \(escape(change.key)) | \(escape(name)) | \(cell(a.old)) | \(cell(a.new)) | \(a.default ?? "") |\n"
                }
            }
            if count > limit { out += "\n… and \(count - limit) more\n" }
            out += "\n</details>\n"
        }
        if !c.rejects.isEmpty {
            out += "\n<details><summary>Rejected rows (\(c.rejects.count))</summary>\n\n| line | column | code | reason |\n| ---: | ---: | --- | --- |\n"
            for r in c.rejects.prefix(limit) {
                out += "| \(r.line) | \(r.column.map(String.init) ?? "") | \(r.code) | \(escape(r.reason)) |\n"
            }
            if c.rejects.count > limit { out += "\n… and \(c.rejects.count - limit) more\n" }
            out += "\n</details>\n"
        }
        return out
    }

    private func cell(_ value: String?) -> String { value.map { "`\(escape($0))`" } ?? "—" }

    private func escape(_ text: String) -> String { MarkdownText.escape(text) }
}
