import ArgumentParser
import Foundation
import IntakeDiagnostics
import IntakeKit
import IntakeSpec

/// When to colour output.
enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Output formats for diagnostics.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The project folder (default: the nearest parent with intake.yaml or Integrations/).")
    var project: String?

    @Option(help: "Colour: auto (terminal only, never with NO_COLOR), always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Show the state store's own error detail, which may include row values.")
    var verbose = false

    /// Finds the project, printing why not (in `format`) and exiting 1 when there is none.
    func resolveProject(format: DiagnosticFormat = .text) throws -> Project {
        let engine = DiagnosticEngine()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let explicit = project.map { URL(fileURLWithPath: $0, relativeTo: cwd) }
        guard let found = Project.discover(from: cwd, explicit: explicit, into: engine), !engine.hasErrors else {
            report(engine.diagnostics, files: [:], format: format)
            throw ExitCode.failure
        }
        return found
    }

    /// The working directory.
    var cwd: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// Whether to colour stdout.
    var coloredStdout: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Console.current.stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }

    /// Whether to colour stderr.
    var colored: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Console.current.stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }

    /// A text renderer that shows excerpts from the given files.
    func renderer(files: [String: SourceFile]) -> TextDiagnosticRenderer {
        TextDiagnosticRenderer(colored: colored) { file, line in files[file]?.line(line) }
    }

    /// Prints diagnostics to stderr as text, or to stdout as JSON.
    func report(_ diagnostics: [Diagnostic], files: [String: SourceFile], format: DiagnosticFormat = .text) {
        switch format {
        case .text: Console.current.err(renderer(files: files).render(diagnostics))
        case .json: Console.current.out(JSONDiagnosticRenderer().render(diagnostics))
        }
    }
}
