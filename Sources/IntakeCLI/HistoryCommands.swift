import ArgumentParser
import Foundation
import IntakeKit
import IntakeRunner

/// `intake runs [NAME]`.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Show the run history: when, what, file SHA-256, digests, counts, outcome.",
        discussion: """
            Examples:
              intake runs
              intake runs accounts-crm --limit 5
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only this integration.", completion: .integrationNames) var name: String?
    @Option(help: "How many runs, newest first.") var limit = 20

    func run() throws {
        let project = try global.resolveProject()
        switch HistoryService(project: project).runs(integration: name, limit: limit) {
        case .failure(let diagnostic):
            global.report([diagnostic], files: [:])
            throw ExitCode.failure
        case .success(let runs):
            if runs.isEmpty { Console.current.out("no runs yet\n") }
            for run in runs {
                let counts = run.counts.map { ChangesetTextRenderer.summary($0) } ?? "-"
                Console.current.out("#\(run.id)  \(run.startedAt)  \(run.integration)  \(run.command)  \(run.outcome)\n")
                Console.current.out("    file \(run.source ?? "-")  \(run.fileSHA256 ?? "")\n    spec \(run.specDigest ?? "-")  model \(run.modelDigest ?? "-")\n    \(counts)\n")
                if let object = run.sourceObject { Console.current.out("    object \(object)\n") }
                if let reason = run.reason { Console.current.out("    reason: \(reason)\n") }
            }
        }
    }
}

/// `intake state export|show`.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Look at what the state store holds.",
        discussion: """
            Examples:
              intake state export account > accounts.csv
              intake state show account acme-1
            """,
        subcommands: [StateExport.self, StateShow.self])
}

/// `intake state export OBJECT`.
struct StateExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every stored record of an object as CSV or JSON.",
        discussion: """
            OBJECT is an object kind (account, user, totango_user, task, …) or collection:NAME.

            Examples:
              intake state export account
              intake state export collection:Opportunities --format json
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The object (account, user, collection:NAME…).") var object: String
    @Option(help: "csv or json.") var format: ExportFormat = .csv

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func run() throws {
        let project = try global.resolveProject()
        switch HistoryService(project: project).records(object: object) {
        case .failure(let diagnostic):
            global.report([diagnostic], files: [:])
            throw ExitCode.failure
        case .success(let records):
            Console.current.out(format == .json ? RecordExport.json(records) : RecordExport.csv(records))
        }
    }
}

/// `intake state show OBJECT KEY`.
struct StateShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one stored record.",
        discussion: """
            Composite keys are written with ' / ' between their fields, as plans show them.

            Examples:
              intake state show account acme-1
              intake state show user "acme-1 / jane@acme.com"
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The object.") var object: String
    @Argument(help: "The record key.") var key: String

    func run() throws {
        let project = try global.resolveProject()
        switch HistoryService(project: project).record(object: object, key: key) {
        case .failure(let diagnostic):
            global.report([diagnostic], files: [:])
            throw ExitCode.failure
        case .success(nil):
            Console.current.err("no \(object) record with key '\(key)'\n")
            throw ExitCode.failure
        case .success(let record?):
            Console.current.out(RecordExport.json([record]))
        }
    }
}
