import ArgumentParser
import Foundation
import IntakeKit

/// The options `plan` and `apply` share.
struct RunOptions: ParsableArguments {
    @Option(help: "The CSV file to read (default: the spec's source).") var data: String?
    @Option(help: "The run's date and time (ISO 8601), for reproducible 'today' defaults.") var asOf: String?
    @Option(help: "Output: text, json or markdown.") var format: ChangesetFormat = .text
    @Option(help: "Write rejected rows, with their errors, to this CSV file.") var rejects: String?
    @Flag(help: "Run even if the file is identical to the last applied one.") var force = false
    @Option(help: "Allow this guard of the spec to be exceeded (repeatable; recorded in the run history).") var overrideGuard: [String] = []
    @Flag(help: "Never show the progress bar (shown only when stderr is a terminal).") var noProgress = false
    @Option(help: ArgumentHelp(
        "Memory for evaluated rows and changes (e.g. 512M, 2G); past it they are set aside in TMPDIR (default: a quarter of RAM).",
        valueName: "size")) var memoryBudget: ByteSize?

    /// The service request for `name`, and the progress bar it reports to, if one is shown.
    func request(name: String, global: GlobalOptions) throws -> (RunRequest, ProgressBar?) {
        var request = RunRequest(
            name: name, data: data, asOf: try AsOf.parse(asOf), force: force, cwd: global.cwd, verbose: global.verbose, overrides: overrideGuard)
        request.memoryBudget = memoryBudget?.bytes
        guard !noProgress, Console.current.stderrIsTTY else { return (request, nil) }
        let bar = ProgressBar(console: Console.current, colored: global.colored)
        request.progress = { bar.update($0) }
        return (request, bar)
    }
}
