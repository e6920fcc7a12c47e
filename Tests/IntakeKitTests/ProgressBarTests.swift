import Foundation
@testable import IntakeCLI
import IntakeKit
import IntakeTestSupport
import Testing

/// The plan/apply progress bar: its line, its throttling, and silence off a terminal.
@Suite struct ProgressBarTests {
    @Test func lineShowsBarPercentRowsRateAndETA() {
        let line = ProgressBar.line(
            file: "Integrations/data/accounts.csv", rows: 1_234_567, bytesRead: 50 << 20, totalBytes: 200 << 20, elapsed: 2.5, colored: false)
        #expect(line == "reading accounts.csv  [======>                 ]   25%  1,234,567 rows  493,827 rows/s  ETA 0:08")
    }

    @Test func lineWithoutASizeHasNoBarOrETA() {
        let line = ProgressBar.line(file: "a.csv", rows: 999, bytesRead: 10, totalBytes: nil, elapsed: 1, colored: false)
        #expect(line == "reading a.csv  999 rows  999 rows/s")
    }

    @Test func lineAtTheEndAndInColour() {
        let done = ProgressBar.line(file: "a.csv", rows: 10, bytesRead: 100, totalBytes: 100, elapsed: 4000, colored: false)
        #expect(done == "reading a.csv  [========================]  100%  10 rows  0 rows/s  ETA 0:00")
        let colored = ProgressBar.line(file: "a.csv", rows: 0, bytesRead: 0, totalBytes: 100, elapsed: 0, colored: true)
        #expect(colored == "reading a.csv  [\u{1B}[36m>                       \u{1B}[0m]    0%  0 rows  0 rows/s  ETA -:--")
    }

    @Test func durationsAndGrouping() {
        #expect(ProgressBar.duration(0.2) == "0:01")
        #expect(ProgressBar.duration(3725) == "1:02:05")
        #expect(ProgressBar.grouped(0) == "0")
        #expect(ProgressBar.grouped(1000) == "1,000")
        #expect(ProgressBar.grouped(-1234567) == "-1,234,567")
    }

    @Test func drawsAfterTheDelayAtMostTenTimesASecondThenClears() {
        let console = Console(capturing: true)
        let clock = Clock()
        let bar = ProgressBar(console: console, colored: false, now: { clock.time })
        func report(at time: Double, bytes: Int) {
            clock.time = time
            bar.update(RunProgress(file: "a.csv", bytesRead: bytes, totalBytes: 100, rows: bytes))
        }
        report(at: 0, bytes: 1)
        report(at: 0.3, bytes: 10)
        #expect(console.stderr.isEmpty, "nothing before the delay")
        report(at: 0.6, bytes: 20)
        report(at: 0.65, bytes: 25)
        report(at: 0.69, bytes: 30)
        report(at: 0.71, bytes: 40)
        let draws = console.stderr.components(separatedBy: "\r").filter { !$0.isEmpty }
        #expect(draws.count == 2, "\(draws)")
        #expect(draws.last?.hasPrefix("reading a.csv  [=========>") == true)
        bar.finish()
        #expect(console.stderr.hasSuffix("\r\u{1B}[K"))
    }

    @Test func finishWithoutADrawWritesNothing() {
        let console = Console(capturing: true)
        let bar = ProgressBar(console: console, colored: false, now: { 0 })
        bar.update(RunProgress(file: "a.csv", bytesRead: 1, totalBytes: 2, rows: 1))
        bar.finish()
        #expect(console.stderr.isEmpty)
    }

    @Test func theReaderReportsOncePerChunk() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = (1...100_000).map { "acct-\($0),Name \($0)" }.joined(separator: "\n")
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/accounts.yaml": "integration: accounts\nobject: account\nmode: one-time\nsource: { file: data.csv }\ncolumns:\n  - { from: id, to: account_id }\n  - { from: name, to: account_name }\n",
            "data.csv": "id,name\n" + rows + "\n",
        ], under: root)
        let reports = Reports()
        var request = RunRequest(name: "accounts", cwd: root)
        request.progress = { reports.append($0) }
        let report = PlanService(project: Project(root: root)).plan(request)
        #expect(!report.failed)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("data.csv").path)[.size] as? Int)
        let seen = reports.all
        #expect(seen.count == (size + (1 << 20) - 1) >> 20 && seen.count > 1, "one report per 1 MiB chunk")
        #expect(seen.last?.bytesRead == size)
        #expect(seen.allSatisfy { $0.totalBytes == size && $0.file == "data.csv" })
        #expect(seen.map(\.rows) == seen.map(\.rows).sorted())
    }

    @Test func aPlanOffATerminalPrintsNoProgress() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/accounts.yaml": "integration: accounts\nobject: account\nmode: one-time\nsource: { file: data.csv }\ncolumns:\n  - { from: id, to: account_id }\n",
            "data.csv": "id\n" + (1...2000).map { "a\($0)" }.joined(separator: "\n") + "\n",
        ], under: root)
        let console = Console(capturing: true)
        var exit: Int32 = 0
        Console.$current.withValue(console) {
            do {
                var command = try IntakeCommand.parseAsRoot(["plan", "accounts", "--project", root.path])
                try command.run()
            } catch { exit = IntakeCommand.exitCode(for: error).rawValue }
        }
        #expect(exit == 0)
        #expect(!console.stderr.contains("\r") && !console.stderr.contains("rows/s"), "\(console.stderr)")
        #expect(console.stdout.contains("2000"), "\(console.stdout)")
    }

    final class Clock: @unchecked Sendable {
        var time = 0.0
    }

    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var reports: [RunProgress] = []
        func append(_ report: RunProgress) { lock.withLock { reports.append(report) } }
        var all: [RunProgress] { lock.withLock { reports } }
    }
}
