import IntakeRunner

/// Renders a changeset like a good `terraform plan`: a summary line, then `+` creates and `~`
/// updates with only the changed attributes, then rejects; long lists are truncated with a count.
public struct ChangesetTextRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var colored: Bool
    /// Records shown per group before truncating.
    public var limit: Int

    /// Creates a renderer.
    public init(colored: Bool = false, limit: Int = 50) {
        self.colored = colored
        self.limit = limit
    }

    /// The whole rendering, ending with a newline.
    public func render(_ c: Changeset) -> String {
        var out = paint("\(c.integration)", "1") + " (\(c.object)) — \(c.source.path), \(c.source.rows) rows, as of \(c.asOf)\n"
        out += "  " + Self.summary(c.counts) + "\n"
        for warning in c.warnings { out += paint("  warning: ", "1;33") + warning + "\n" }
        out += group(c.changes, .create, sign: "+", color: "32")
        out += group(c.changes, .update, sign: "~", color: "33")
        if !c.appends.isEmpty {
            out += "\n"
            for event in c.appends.prefix(limit) {
                out += paint("+ ", "32") + "line \(event.line): " + event.fields.keys.sorted().map { "\($0)=\(Self.show(event.fields[$0]))" }.joined(separator: " ") + "\n"
            }
            if c.appends.count > limit { out += "  … and \(c.appends.count - limit) more events\n" }
        }
        if !c.rejects.isEmpty {
            out += "\n" + paint("Rejected rows:", "1;31") + "\n"
            for reject in c.rejects.prefix(limit) {
                let cell = reject.column.map { "column \($0)" + (reject.value.map { " \(Self.show($0))" } ?? "") + ": " } ?? ""
                out += "  line \(reject.line): \(cell)\(reject.code) \(reject.reason)\n"
            }
            if c.rejects.count > limit { out += "  … and \(c.rejects.count - limit) more rejected rows (write them all with --rejects FILE)\n" }
        }
        if !c.superseded.isEmpty {
            out += "\nSuperseded rows (a later row with the same key wins):\n"
            for row in c.superseded.prefix(limit) { out += "  line \(row.line): \(row.key) — superseded by line \(row.by)\n" }
            if c.superseded.count > limit { out += "  … and \(c.superseded.count - limit) more\n" }
        }
        return out
    }

    /// `2 to create, 1 to update, 5 unchanged, 1 rejected, 0 superseded` (and appended events when any).
    public static func summary(_ n: ChangesetCounts) -> String {
        var parts = ["\(n.created) to create", "\(n.updated) to update", "\(n.unchanged) unchanged", "\(n.rejected) rejected", "\(n.superseded) superseded"]
        if n.appended > 0 { parts.insert("\(n.appended) events to append", at: 0) }
        return parts.joined(separator: ", ")
    }

    /// The changes of one action, after a blank line; empty when there are none.
    ///
    /// Only `limit` are shown and read: copying 300k changes (into a filtered array, or one by
    /// one) retained and released every one of their strings, and a plan's changes may be on disk.
    private func group(_ all: ChangeList, _ action: RecordChange.Action, sign: String, color: String) -> String {
        let (shown, count) = all.positions(of: action, first: limit)
        var out = ""
        for index in shown {
            let change = all[index]
            out += paint("\(sign) \(change.key)", color) + "  (line \(change.line))\n"
            let names = change.attributes.keys.sorted()
            let width = names.map(\.count).max() ?? 0
            for name in names {
                let a = change.attributes[name]!
                let value = change.action == .create ? Self.show(a.new) : "\(Self.show(a.old)) → \(Self.show(a.new))"
                let fired = a.default.map { "   [empty cell: default \($0)]" } ?? ""
                out += "    \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)\(fired)\n"
            }
        }
        if count > limit { out += "  … and \(count - limit) more\n" }
        return count == 0 ? "" : "\n" + out
    }

    /// A value for display: quoted, or `(none)` when absent.
    static func show(_ value: String?) -> String {
        guard let value else { return "(none)" }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}
