import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeStore
import Testing

@testable import IntakeRunner

/// Rows past the memory budget are set aside on disk in sorted runs, deduplicated and checked
/// on their skeletons, and compared with the store part by part: the changeset, rejects and
/// diagnostics are exactly those of the run that held every row in memory.
@Suite struct SetAsideTests {
    static let header = "Account ID,Name,Parent,Region,ARR,Renewal,Tier,Synced\n"

    /// The stored accounts: `acct-00000` to `acct-11999`, the even ones under `acct-00000`.
    static var state: String {
        header + (0..<12_000).map { n in
            "acct-\(pad(n)),Name \(n),\(n % 2 == 0 && n > 0 ? "acct-00000" : ""),EMEA,\(n * 10),01/0\(n % 9 + 1)/2027,green,\n"
        }.joined()
    }

    /// 20,000 rows over two read batches, not in key order: unchanged, updated and new
    /// accounts; a key given three times (the last row wins, one of them rejected); bad dates;
    /// parents in the file, only in the store, nowhere, one rejected itself, and a cycle.
    static var file: String {
        var lines: [String] = []
        for n in stride(from: 19_999, through: 0, by: -1) {
            let key = "acct-\(pad(n))"
            var name = "Name \(n)", parent = n % 2 == 0 && n > 0 && n < 12_000 ? "acct-00000" : "", renewal = "01/0\(n % 9 + 1)/2027"
            if n % 7 == 0 { name = "Renamed \(n)" }
            if n % 11 == 0 { renewal = "13/45/2027" }
            if n >= 12_000 && n % 5 == 0 { parent = "acct-\(pad(n - 12_000))" }
            if n >= 12_000 && n % 5 == 1 { parent = "acct-\(pad(n + 1))" }
            if n == 19_998 { parent = "nowhere-1" }
            // Rejected in a later round: its parent is rejected in the first.
            if n == 19_996 { parent = "acct-19998" }
            if n == 13_006 { parent = "acct-13008" }
            if n == 13_008 { parent = "acct-13006" }
            lines.append("\(key),\(name),\(parent),EMEA,\(n * 10),\(renewal),green,\n")
            if n % 1_000 == 3 { lines.append("\(key),Again \(n),,APAC,1,02/02/2027,red,\n") }
        }
        lines.insert("acct-12345,First of three,,EMEA,5,01/01/2027,green,\n", at: 100)
        lines.append("acct-12345,Rejected last,,EMEA,5,99/99/2027,green,\n")
        return header + lines.joined()
    }

    private static func pad(_ n: Int) -> String { String(repeating: "0", count: 5 - String(n).count) + String(n) }

    private static func run(_ plan: Plan, _ store: any StateStore, budget: Int?, partMinimum: Int = 131_072, directory: URL? = nil) -> RunOutcome {
        var runner = Runner(plan: plan, store: store, memoryBudget: budget, spillDirectory: directory)
        runner.partMinimum = partMinimum
        let reader = CSVReader(data: Data(file.utf8), delimiter: 44, footer: .reject)
        return runner.run(reader, sourcePath: "data.csv", asOf: RunnerHarness.asOf)
    }

    /// The outcome with rows set aside, in parts of `partMinimum` rows, equals the held one.
    @Test(arguments: [(1, 300), (1, 4_000), (400_000, 131_072)])
    func rowsSetAsideGiveTheSameOutcome(budget: Int, partMinimum: Int) throws {
        let h = try RunnerHarness()
        try h.apply(RunnerHarness.accounts, Self.state)
        let plan = try h.plan(RunnerHarness.accounts)
        let held = Self.run(plan, h.store, budget: nil)
        let aside = Self.run(plan, h.store, budget: budget, partMinimum: partMinimum)
        #expect(held.rowsSetAside == 0)
        let expected = try #require(held.changeset)
        let rejectedAlone = expected.rejects.filter { $0.code == RejectCode.invalidDate.rawValue }.count
        #expect(aside.rowsSetAside == 20_022 - rejectedAlone, "every row that passed its own checks goes to disk once")
        let counts = expected.counts
        #expect(counts.created > 0 && counts.updated > 0 && counts.unchanged > 0 && counts.superseded > 0, "\(counts)")
        #expect(Set(expected.rejects.map(\.code)) == Set([RejectCode.invalidDate, .unknownParent, .parentCycle].map(\.rawValue)))
        let changeset = try #require(aside.changeset)
        #expect(!expected.changes.isSetAside && changeset.changes.isSetAside, "the changes outgrew a quarter of the budget too")
        #expect(try ChangesetEncoder.encode(changeset) == ChangesetEncoder.encode(expected))
        #expect(changeset == expected)
        #expect(aside.diagnostics.map(\.message) == held.diagnostics.map(\.message))
        #expect(aside.rejectedCells == held.rejectedCells)
    }

    /// Other objects' checks on rows set aside: users whose account is unknown (checked from
    /// their references), Totango users without names or with unknown managers (checked on
    /// every skeleton), and a one-time file's duplicated keys; each exactly as held.
    @Test(arguments: ["users", "totango users", "one-time duplicates"])
    func otherChecksOnRowsSetAsideGiveTheSameOutcome(kind: String) throws {
        let h = try RunnerHarness()
        try h.apply(RunnerHarness.accounts, "Account ID\n" + (0..<50).map { "acct-\($0)\n" }.joined())
        let (spec, file): (String, String)
        switch kind {
        case "users":
            spec = "integration: u\nobject: user\nmode: recurring\nschedule: \"0 3 * * *\"\nmax_rejected_rows: 100%\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: T, to: Title }\n"
            file = "U,A,T\n" + (0..<3_000).map { n in "u\(n % 2_500)@x.example,acct-\(n % 60),T\(n)\n" }.joined()
        case "totango users":
            spec = "integration: t\nobject: totango_user\nmode: recurring\nschedule: \"0 3 * * *\"\nmax_rejected_rows: 100%\ncolumns:\n  - { from: E, to: email }\n  - { from: F, to: first_name }\n  - { from: L, to: last_name }\n  - { from: Lic, to: license }\n  - { from: M, to: manager_id }\n"
            file = "E,F,L,Lic,M\n" + (0..<3_000).map { n in
                "u\(n)@v.example,\(n % 13 == 0 ? "" : "F\(n)"),L,Zoe,\(n % 5 == 0 ? "" : "u\((n * 7 + 11) % 3_100)@v.example")\n"
            }.joined()
        default:
            spec = RunnerHarness.accounts.replacingOccurrences(of: "mode: recurring\nschedule: \"0 3 * * *\"", with: "mode: one-time")
            file = "Account ID,Name\n" + (0..<3_000).map { n in "acct-\(n % 2_900),N\(n)\n" }.joined()
        }
        let plan = try h.plan(spec)
        let outcomes = [nil, 1].map { budget in
            var runner = Runner(plan: plan, store: h.store, memoryBudget: budget)
            runner.partMinimum = 300
            return runner.run(CSVReader(data: Data(file.utf8), delimiter: 44, footer: .reject), sourcePath: "data.csv", asOf: RunnerHarness.asOf)
        }
        let (held, aside) = (outcomes[0], outcomes[1])
        #expect(held.rowsSetAside == 0 && aside.rowsSetAside > 0)
        #expect(aside.diagnostics.map(\.message) == held.diagnostics.map(\.message))
        if kind == "one-time duplicates" {
            #expect(held.diagnostics.contains { $0.code == .duplicateKeys } && held.changeset == nil && aside.changeset == nil)
            return
        }
        let expected = try #require(held.changeset)
        #expect(!expected.rejects.isEmpty && expected.counts.created > 0, "\(expected.counts)")
        #expect(try ChangesetEncoder.encode(#require(aside.changeset)) == ChangesetEncoder.encode(expected))
    }

    /// A file of more rows or lines than a plan reads (its checks number rows and keep lines in
    /// 32 bits) fails at the first row past the limit, held or set aside, with nothing planned;
    /// one row or line fewer passes.
    @Test(arguments: [nil, 1])
    func rowsPastTheLimitFailTheRunAtTheFirstOnePast(budget: Int?) throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        func run(rows: Int = .max, lines: Int = .max) -> RunOutcome {
            var runner = Runner(plan: plan, store: h.store, memoryBudget: budget)
            (runner.rowLimit, runner.lineLimit) = (rows, lines)
            return runner.run(CSVReader(data: Data(Self.file.utf8), delimiter: 44, footer: .reject), sourcePath: "data.csv", asOf: RunnerHarness.asOf)
        }
        // 20,022 rows, one a line after the header (lines 2 to 20,023), read in two batches.
        for whole in [run(rows: 20_022), run(lines: 20_023)] {
            #expect(whole.changeset != nil && !whole.diagnostics.contains { $0.code == .dataFileInvalid })
        }
        for (failed, line, what) in [
            (run(rows: 20_021), 20_023, "20021 data rows"), (run(rows: 3), 5, "3 data rows"),
            (run(lines: 20_022), 20_023, "20022 lines"), (run(lines: 17_000), 17_001, "17000 lines"),
        ] {
            #expect(failed.changeset == nil)
            let diagnostic = try #require(failed.diagnostics.first)
            #expect(failed.diagnostics.count == 1 && diagnostic.code == .dataFileInvalid)
            #expect(diagnostic.location?.line == line && diagnostic.message.contains("more than \(what), more than one plan reads"), "\(diagnostic)")
        }
    }

    /// Nine runs sharing keys, one row longer than a cursor's buffer: the merge gives every row
    /// once, in `RowOrder`, with its values.
    /// A row whose line reads back past what a plan reads (a damaged file) fails the merge
    /// with an error, not a trap.
    @Test(arguments: [UInt64(UInt32.max) + 1, UInt64.max])
    func aDamagedLineFailsTheMerge(line: UInt64) throws {
        let spill = try RowSpill(directory: FileManager.default.temporaryDirectory)
        try spill.write((0..<3).map { EvaluatedRow(line: $0 + 2, key: "k-\($0)", actions: [.set("v", fired: nil)]) })
        var damaged = line.littleEndian
        #expect(pwrite(spill.descriptorForTests, &damaged, 8, 0) == 8)
        let error = #expect(throws: RowSpill.Failure.self) {
            var merged = try SpilledRows(spill, bufferBytes: 1)
            while try merged.next() != nil {}
        }
        #expect(error?.message.hasSuffix("do not read back") == true, "\(String(describing: error))")
    }

    @Test func runsMergeBackInRowOrder() throws {
        let spill = try RowSpill(directory: FileManager.default.temporaryDirectory)
        var all: [EvaluatedRow] = []
        for run in 0..<9 {
            var rows = (0..<500).map { i -> EvaluatedRow in
                let value = run == 4 && i == 250 ? String(repeating: "v", count: 100_000) : "value \(run)-\(i) é"
                var row = EvaluatedRow(line: run * 1_000 + i + 2, key: "k-\((i * 7 + run * 13) % 800)", actions: [.set(value, fired: nil), .delete(fired: .delete)])
                row.values.attach(i % 3 == 0 ? .none : RowFingerprint(high: UInt64(run + 1) << 32 | UInt64(i), low: UInt64(i) &* 31))
                return row
            }
            RowOrder.sort(&rows)
            try spill.write(rows)
            all += rows
        }
        var merged = try SpilledRows(spill, bufferBytes: 1)
        var out: [EvaluatedRow] = []
        while let row = try merged.next() { out.append(row) }
        RowOrder.sort(&all)
        #expect(spill.rowCount == 4_500 && spill.runs.count == 9)
        #expect(out.map(\.line) == all.map(\.line))
        #expect(out.map(\.key) == all.map(\.key))
        #expect(out.map(\.fingerprint) == all.map(\.fingerprint))
        #expect(out.map { [$0.values.action(0), $0.values.action(1)] } == all.map { [$0.values.action(0), $0.values.action(1)] })
    }

    /// Whether a file past the budget fails when its directory cannot take the rows.
    @Test func aDirectoryThatCannotTakeTheRowsFailsTheRunNamingIt() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("intake-no-such-\(UUID().uuidString)")
        let outcome = Self.run(plan, h.store, budget: 1, directory: missing)
        #expect(outcome.failed && outcome.changeset == nil)
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .spillFailed)
        #expect(diagnostic.message.contains(missing.path) && diagnostic.message.contains("No such file"), "\(diagnostic.message)")
    }

    /// Rows that fit the budget but changes that outgrow their quarter of it: a directory that
    /// cannot take the changes fails the run the same way, naming it.
    @Test func aDirectoryThatCannotTakeTheChangesFailsTheRunNamingIt() throws {
        let h = try RunnerHarness()
        try h.apply(RunnerHarness.accounts, Self.state)
        let plan = try h.plan(RunnerHarness.accounts)
        // The smallest budget the rows fit in while the changes do not.
        let budget = try #require([1, 2, 4, 8, 16, 32].map { $0 << 20 }.first { budget in
            let outcome = Self.run(plan, h.store, budget: budget)
            return outcome.rowsSetAside == 0 && outcome.changeset?.changes.isSetAside == true
        })
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("intake-no-such-\(UUID().uuidString)")
        let outcome = Self.run(plan, h.store, budget: budget, directory: missing)
        #expect(outcome.failed && outcome.changeset == nil && outcome.rowsSetAside == 0)
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .spillFailed)
        #expect(diagnostic.message.contains(missing.path) && diagnostic.message.contains("changes"), "\(diagnostic.message)")
    }

    /// The temporary file is gone from the directory as soon as it is open.
    @Test func nothingIsLeftInTheDirectory() throws {
        let h = try RunnerHarness()
        let plan = try h.plan(RunnerHarness.accounts)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("intake-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = Self.run(plan, h.store, budget: 1, directory: directory)
        #expect(outcome.rowsSetAside > 0 && outcome.changeset != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
