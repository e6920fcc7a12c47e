import IntakeDiagnostics

/// Renders a diff report as GitHub Actions workflow commands, so changes annotate the pull request's lines.
///
/// Destructive changes and errors become `::error`, review changes and warnings `::warning`,
/// safe changes `::notice`.
public struct DiffGitHubRenderer: DiffRenderer {
    /// Creates a renderer.
    public init() {}

    /// One workflow command per line.
    public func render(_ report: DiffReport) -> String {
        var out = ""
        for d in report.diagnostics {
            out += command(d.severity == .error ? "error" : "warning", at: d.location, title: "intake \(d.code.rawValue)", "\(d.message)\(d.hint.map { " — \($0)" } ?? "")")
        }
        for change in report.changes {
            let level = switch change.severity {
            case .destructive: "error"
            case .review: "warning"
            case .safe: "notice"
            }
            let subject = change.integration.map { "\($0): " } ?? "model: "
            out += command(
                level, at: change.location, title: "intake diff: \(change.severity.rawValue) (\(change.kind))",
                subject + change.message + (change.reason.map { " — \($0)" } ?? ""))
        }
        for entry in report.integrations {
            guard let impact = entry.impact, impact.records > 0 else { continue }
            let top = impact.attributes.prefix(3).map(DiffWords.attribute).joined(separator: "; ")
            out += command(
                "notice", at: nil, title: "intake diff: impact of \(entry.name)",
                "\(impact.records) records end differently over \(impact.data): \(top)")
        }
        return out
    }

    private func command(_ level: String, at location: SourceLocation?, title: String, _ message: String) -> String {
        var properties: [String] = []
        if let location {
            properties += ["file=\(property(location.file))", "line=\(location.line)", "col=\(location.column)"]
        }
        properties.append("title=\(property(title))")
        return "::\(level) \(properties.joined(separator: ","))::\(data(message))\n"
    }

    // GitHub's escaping: data escapes %, CR and LF; property values also ':' and ','.
    private func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
