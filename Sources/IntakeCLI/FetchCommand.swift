import ArgumentParser
import Foundation
import IntakeKit

/// `intake fetch NAME`.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download an integration's source file into .intake/downloads/ without planning it.",
        discussion: """
            Fetches the spec's source (http, s3 or sftp; a file source is only located) and prints, \
            per file, where it came from, its size, its SHA-256 and where it went. Secrets come from \
            the environment variables the spec names and never appear in the output.

            Examples:
              intake fetch accounts-http
              AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… intake fetch accounts-s3
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration.") var name: String

    func run() throws {
        let project = try global.resolveProject()
        let report = FetchService(project: project).run(name: name)
        global.report(report.diagnostics, files: report.files)
        for file in report.fetched {
            Console.current.out("""
                \(name): \(file.source)
                  object  \(file.object)
                  size    \(file.size) bytes
                  sha256  \(file.sha256.replacingOccurrences(of: "sha256:", with: ""))
                  saved   \(project.relativePath(file.url))

                """)
        }
        if report.failed { throw ExitCode.failure }
    }
}
