import ArgumentParser
import Foundation
import IntakeKit

/// Output formats of `intake diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, github
}

/// The severity from which `intake diff` fails.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case destructive, review, never
}

/// `intake diff --base REV [NAME…]`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Review a change by meaning: what the specs and model at REV vs the working tree would do.",
        discussion: """
            Compiles the model and specs at git revision REV (read from git, no checkout) and in the \
            working tree, and lists each change classified safe, review or destructive. --impact runs \
            the old and the new plan over the same file and state and shows which records would end \
            differently.

            Exit status: 0 ok, 1 error (a spec that does not compile in the working tree, an unknown \
            revision), 2 a change at or above --fail-on.

            Examples:
              intake diff --base main
              intake diff --base origin/main --impact --format markdown > comment.md
              intake diff --base HEAD~1 accounts-crm --impact --data export.csv
              intake diff --base origin/main --format github --fail-on destructive
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The git revision to compare with (branch, tag or commit).") var base: String
    @Argument(help: "Integrations to compare (default: all, and the model).") var names: [String] = []
    @Flag(help: "Run the old and the new plan over the data and compare the records.") var impact = false
    @Option(help: "The CSV file for --impact (default: each integration's source).") var data: String?
    @Flag(help: "Fetch network sources for --impact (off: a pull request's spec could point them, with its ${ENV} headers, anywhere).")
    var fetch = false
    @Option(help: "The runs' date and time (ISO 8601) for --impact.") var asOf: String?
    @Option(help: "Sample records shown by --impact (0: none; samples show values from the file).") var samples = 10
    @Option(help: "Output: text, json, markdown (a pull-request comment) or github (workflow annotations).") var format: DiffFormat = .text
    @Option(help: "Exit 2 when a change is at least this severe: destructive, review or never.") var failOn: FailOn = .never
    @Option(help: "Write the output to this file instead of stdout.") var out: String?

    func run() throws {
        let project = try global.resolveProject()
        let request = DiffRequest(
            base: base, names: names, impact: impact, data: data, cwd: global.cwd, asOf: try AsOf.parse(asOf), samples: max(0, samples),
            fetch: fetch)
        let report = DiffService(project: project).run(request)
        let renderer: any DiffRenderer = switch format {
        case .text: DiffTextRenderer(color: out == nil && global.coloredStdout)
        case .json: DiffJSONRenderer()
        case .markdown: DiffMarkdownRenderer()
        case .github: DiffGitHubRenderer()
        }
        // Text and markdown show diagnostics with excerpts on stderr; json and github carry them.
        if format == .text || format == .markdown {
            global.report(report.diagnostics, files: report.files)
            global.report(report.baseDiagnostics.filter { $0.severity == .error }.map { $0.atRevision(base) }, files: report.baseFiles)
        }
        let output = renderer.render(report)
        if let out {
            try Data(output.utf8).write(to: PathResolver.resolve(out, against: global.cwd), options: .atomic)
        } else {
            Console.current.out(output)
        }
        if report.failed { throw ExitCode.failure }
        if let worst = report.worst, let threshold = failOn.severity, worst >= threshold { throw ExitCode(2) }
    }
}

extension FailOn {
    /// The threshold, or nil for never.
    var severity: SemanticChange.Severity? {
        switch self {
        case .destructive: .destructive
        case .review: .review
        case .never: nil
        }
    }
}
