/// Renders diagnostics the way compilers do: `file:line:col: error[E012]: message`, the source
/// line, a caret under the column, then `help:` and notes.
public struct TextDiagnosticRenderer: Sendable {
    /// Looks up a line of a file (1-based) so it can be shown under the message.
    public typealias LineProvider = @Sendable (_ file: String, _ line: Int) -> String?

    /// Whether to use ANSI colours.
    public var colored: Bool
    private let lineProvider: LineProvider

    /// Creates a renderer.
    public init(colored: Bool = false, lines: @escaping LineProvider = { _, _ in nil }) {
        self.colored = colored
        self.lineProvider = lines
    }

    /// Renders each diagnostic followed by a summary line, or nothing when there are none.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "" }
        var out = diagnostics.map(render).joined(separator: "\n")
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        out += "\n" + summary(errors: errors, warnings: warnings) + "\n"
        return out
    }

    /// Renders one diagnostic with its excerpt, hint and notes.
    public func render(_ d: Diagnostic) -> String {
        var out = ""
        if let loc = d.location { out += paint("\(loc): ", .bold) }
        out += paint("\(d.severity.rawValue)[\(d.code.rawValue)]", color(d.severity))
        out += paint(": \(d.message)", .bold) + "\n"
        if let loc = d.location { out += excerpt(loc) }
        if let hint = d.hint { out += "  " + paint("help", .cyan) + ": \(hint)\n" }
        for note in d.notes {
            out += "  " + paint("note", .cyan) + ": "
            if let loc = note.location { out += "\(loc): " }
            out += "\(note.message)\n"
            if let loc = note.location { out += excerpt(loc) }
        }
        return out
    }

    /// `2 errors, 1 warning`.
    public func summary(errors: Int, warnings: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }

    private func excerpt(_ loc: SourceLocation) -> String {
        guard let line = lineProvider(loc.file, loc.line) else { return "" }
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Tabs are kept in the caret line so the caret lines up under tab-indented text.
        let lead = line.unicodeScalars.prefix(max(0, loc.column - 1)).map { $0 == "\t" ? "\t" : " " }
        return "\(pad) |\n\(gutter) | \(line)\n\(pad) | \(lead.joined())" + paint("^", .green) + "\n"
    }

    private enum Style: String { case bold = "1", red = "1;31", yellow = "1;33", cyan = "1;36", green = "1;32" }

    private func color(_ s: Severity) -> Style {
        switch s {
        case .error: .red
        case .warning: .yellow
        case .note: .cyan
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
