import Foundation
import IntakeCompiler
import IntakeTestSupport
import Testing

@testable import IntakeRunner

/// The runner reads cells as bytes (`CSVBatch`, `coerce(bytes:)`, `evaluate(batch, row)`); these
/// check that path against the `String` one it shortcuts, on the inputs where they could part.
struct CellBytesTests {
    /// Cells that reach every branch of the byte path and of its fallbacks.
    static let cells = [
        "", " ", "\t", "  \t ", "\u{00A0}", " \u{2003} ", "x", " x ", "\tx\t", "x\u{00A0}", "\u{3000}x",
        "acct-1", " acct-1", "acct 1", "ACCT-1", "Green", "green", " green ", "e\u{301}", "\u{E9}", "K", "\u{212A}",
        "1,234.50", " 1,234.50 ", "-0", "+7", "1.2.3", "$1,000", "(12)", "12%", "1e5", "１２",
        "04/21/2025", " 04/21/2025 ", "4/21/2025", "02/30/2025", "2025-04-21", "2025-04-21T10:00:00Z",
        "a@b.co", "a@b", "user-7", "a;b; c", "x;;y", "Ünïcödé", "日本",
    ]

    /// Coercers of every kind, with and without the options the byte path declines (case, map).
    static let coercers: [Coercer] = [
        Coercer(type: .text), Coercer(type: .text, trim: true), Coercer(type: .text, textCase: "lower"),
        Coercer(type: .text, map: [.init(from: "green", to: "Healthy"), .init(from: "K", to: "Kelvin")]),
        Coercer(type: .text, pattern: "[a-z]+"), Coercer(type: .id), Coercer(type: .email), Coercer(type: .userID),
        Coercer(type: .list, values: ["Green", "Red"]), Coercer(type: .number, thousands: ",", decimal: "."),
        Coercer(type: .currency, thousands: ",", decimal: ".", stripCurrency: true), Coercer(type: .number, pattern: "1.*"),
        Coercer(type: .date, formats: ["MM/dd/yyyy"], timezone: "UTC"), Coercer(type: .date, formats: ["iso8601"]),
        Coercer(type: .date, formats: ["MM/dd/yyyy"], timezone: "America/New_York"),
        Coercer(type: .textList, separator: ";"), Coercer(type: .userList, separator: ";"),
    ]

    @Test(arguments: coercers) func bytesCoerceAsTheString(_ coercer: Coercer) throws {
        // `coerce` (the test helper) compares both paths on every call.
        for cell in Self.cells { _ = try coerce(cell, coercer) }
    }

    /// Date-shaped cells with every field in and out of range: the in-place reads (a canonical
    /// value read as itself, a sole UTC pattern written without a `String`) against `coerce`.
    @Test func dateShapedCellsReadInPlaceAsTheString() throws {
        var random = SplitMix64(state: 7)
        func digits(_ count: Int, upTo bound: Int) -> String {
            String(format: "%0\(count)d", Int.random(in: 0...bound, using: &random))
        }
        let iso = Coercer(type: .date, formats: ["iso8601"])
        let isoInZone = Coercer(type: .date, formats: ["iso8601"], timezone: "America/New_York")
        let us = Coercer(type: .date, formats: ["MM/dd/yyyy"], timezone: "UTC")
        let zoned = Coercer(type: .date, formats: ["yyyy-MM-dd HH:mm Z"], timezone: "UTC")
        for _ in 0..<3_000 {
            let (year, month, day) = (digits(4, upTo: 9_999), digits(2, upTo: 13), digits(2, upTo: 32))
            let time = "\(digits(2, upTo: 24)):\(digits(2, upTo: 60)):\(digits(2, upTo: 61))"
            let canonical = "\(year)-\(month)-\(day)T\(time)Z"
            for cell in [canonical, canonical.lowercased(), canonical.replacingOccurrences(of: "Z", with: "+00:00")] {
                _ = try coerce(cell, iso)
                _ = try coerce(cell, isoInZone)
            }
            _ = try coerce("\(month)/\(day)/\(year)", us)
            _ = try coerce("\(year)-\(month)-\(day) \(time.prefix(5)) +0\(digits(1, upTo: 9))00", zoned)
        }
        for cell in ["2024-02-29T23:59:60Z", "2023-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "2025-04-21T10:00:00.000Z"] {
            _ = try coerce(cell, iso)
        }
        #expect(try outcome(coerce("2025-04-21T10:00:00Z", iso)) == "2025-04-21T10:00:00Z")
        #expect(try outcome(coerce("02/29/2024", us)) == "2024-02-29T00:00:00Z")
    }

    @Test func aSoleUTCFormatReadsAsTheGeneralPath() throws {
        // Two copies of one format never disagree, but they take the loop over formats.
        let format = "yyyy-MM-dd HH:mm:ss.SSS"
        let sole = try DateReader(formats: [format], timezone: "UTC")
        let general = try DateReader(formats: [format, format], timezone: "UTC")
        let values = [
            "2026-03-04 10:00:00.250", "1970-01-01 00:00:00.000", "1969-12-31 23:59:59.700", "1969-12-31 23:59:59.001",
            "0001-01-01 00:00:00.999", "9999-12-31 23:59:59.999", "2024-02-29 12:00:00.000", "2023-02-29 12:00:00.000",
        ]
        // Rejects word the format list differently; their codes must agree.
        for value in values { #expect(outcome(sole.read(value)) == outcome(general.read(value)), "\(value)") }
        #expect(outcome(sole.read("1969-12-31 23:59:59.700")) == "1969-12-31T23:59:59.700Z")
        let zoned = try DateReader(formats: ["yyyy-MM-dd HH:mm Z"], timezone: "UTC")
        let zonedGeneral = try DateReader(formats: ["yyyy-MM-dd HH:mm Z", "yyyy-MM-dd HH:mm Z"], timezone: "UTC")
        #expect(zoned.read("2026-03-04 10:00 +0530") == zonedGeneral.read("2026-03-04 10:00 +0530"))
    }

    @Test func batchRowsEvaluateAsTheirRows() throws {
        let spec = """
            integration: t
            object: task
            mode: one-time
            unmapped: ignore
            columns:
              - { from: ID, to: task_id }
              - { from: Account, to: account_id }
              - { from: Title, to: title }
              - { from: Body, to: description }
              - { from: Due, to: due_date, date: { formats: ["MM/dd/yyyy"] } }

            """
        let csv = """
            ID,Account,Title,Body,Due
            t1,a1,Call,,04/21/2025
            t2,a1, , ,04/21/2025
            t3,a1,Call,x,02/30/2025
            t4,,Call,x,
            t5,a1,Ünïcödé,\u{00A0}x,
            t6,a1,short
            t7,a1,"multi
            line",x,04/21/2025
            t 8,a1,Call,x,04/21/2025

            """
        let (diagnostics, compiled) = SpecHarness.compile(spec, model: SpecHarness.model())
        let plan = try #require(compiled, "\(diagnostics)")
        let reader = CSVReader(data: Data(csv.utf8))
        let header = try reader.readHeader()
        let binding = ColumnBinding(plan: plan, header: header, file: "data.csv")
        let layout = RowLayout(fields: binding.bound.map(\.column.to), key: plan.key)
        let evaluator = RowEvaluator(
            plan: plan, binding: binding, layout: layout, slots: binding.bound.map { layout.slots[$0.column.to]! },
            headerCount: header.names.count, today: "2026-11-26T00:00:00Z", day: "2026-11-26")
        var batch = CSVBatch()
        _ = try reader.read(into: &batch, rows: 100)
        #expect(batch.count == 8)
        var kinds: Set<String> = []
        for index in 0..<batch.count {
            let fromBytes = Self.describe(evaluator.evaluate(batch, index))
            #expect(fromBytes == Self.describe(evaluator.evaluate(batch.row(index))), "line \(batch.lines[index])")
            kinds.insert(String(fromBytes.prefix(6)))
        }
        #expect(kinds == ["row li", "reject"], "both outcomes are covered")
    }

    /// An outcome as comparable text.
    private static func describe(_ outcome: RowEvaluator.Outcome) -> String {
        switch outcome {
        case .row(let row): "row line \(row.line) key \(row.key) \((0..<row.values.count).map(row.values.action))"
        case .reject(let reject, let key): "reject \(reject) key \(key ?? "-")"
        }
    }
}
