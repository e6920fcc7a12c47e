import IntakeCompiler
@testable import IntakeRunner
import Testing

/// `map` and `list` looked up on an ASCII cell's bytes: the same results as the `String` path.
struct ByteTableTests {
    private func found(_ table: ByteTable, _ cell: String, folding: Bool = false) -> String {
        var cell = cell
        return cell.withUTF8 { bytes in
            switch table.match(bytes, folding: folding) {
            case .none: "none"
            case .slow: "slow"
            case .output(let output): "=" + String(decoding: output, as: UTF8.self)
            }
        }
    }

    @Test func findsKeysFirstEntryWinningAndFoldsOnlyWhenAsked() {
        let table = ByteTable([("b", "2"), ("a", "1"), ("ab", nil), ("a", "ignored"), ("abc", ""), ("red", "Critical")])
        defer { table.deallocate() }
        #expect(found(table, "a") == "=1")
        #expect(found(table, "b") == "=2")
        #expect(found(table, "ab") == "slow")
        #expect(found(table, "abc") == "=")
        #expect(found(table, "red") == "=Critical")
        #expect(found(table, "RED") == "none")
        #expect(found(table, "RED", folding: true) == "=Critical")
        #expect(found(table, "") == "none")
        #expect(found(table, "abcd") == "none")
        #expect(found(table, "c") == "none")
        let empty = ByteTable([])
        defer { empty.deallocate() }
        #expect(found(empty, "a") == "none")
    }

    /// Cells around the keys and values of each column: exact, other cases, padded, cut short,
    /// extended, unknown. `coerce` fails the test where the byte path and the `String` path differ.
    @Test(arguments: [
        Coercer(type: .list, map: [.init(from: "green", to: "Healthy"), .init(from: "yellow", to: "At Risk"), .init(from: "red", to: "Critical")],
                values: ["Healthy", "At Risk", "Critical"]),
        Coercer(type: .list, values: ["Healthy", "healthy", "HEALTHY", "At Risk"]),
        Coercer(type: .list, map: [.init(from: "g", to: "nope"), .init(from: "n/a", to: ""), .init(from: "h", to: "healthy")], values: ["Healthy"]),
        Coercer(type: .list, trim: true, map: [.init(from: "K", to: "Healthy")], values: ["Healthy", "\u{212A}elvin"]),
        Coercer(type: .text, map: [.init(from: "\u{212A}", to: "kelvin"), .init(from: "k", to: "small")]),
        Coercer(type: .list, pattern: "[A-Z].*", values: ["Healthy", "At Risk"]),
        Coercer(type: .number, map: [.init(from: "none", to: "0"), .init(from: "lots", to: "1,000"), .init(from: "bad", to: "x")],
                thousands: ","),
        Coercer(type: .date, map: [.init(from: "epoch", to: "1970-01-01"), .init(from: "never", to: "")], formats: ["yyyy-MM-dd"]),
    ])
    func bytesAndStringsAgree(coercer: Coercer) throws {
        let words = (coercer.map ?? []).flatMap { [$0.from, $0.to] } + (coercer.values ?? []) + ["K", "k", "zzz", "", "1,000", "2026-01-02"]
        var cells: [String] = []
        for word in words {
            cells += [word, word.lowercased(), word.uppercased(), " \(word) ", "\(word)x", String(word.dropLast()), "\t\(word)"]
        }
        for cell in cells { _ = try coerce(cell, coercer) }
    }

    @Test func mappedValuesGoThroughTheType() throws {
        let tier = Coercer(type: .list, map: [.init(from: "green", to: "healthy"), .init(from: "grey", to: "Unknown")], values: ["Healthy", "At Risk"])
        #expect(try outcome(coerce("green", tier)) == "Healthy")
        #expect(try outcome(coerce("grey", tier)) == "R006")
        #expect(try outcome(coerce("Green", tier)) == "R006", "a map key matches exactly, case and all")
        #expect(try outcome(coerce("AT RISK", tier)) == "At Risk")
        // Canonical equivalence: KELVIN SIGN is "K", so a byte lookup would miss this key.
        let kelvin = Coercer(type: .text, map: [.init(from: "\u{212A}", to: "kelvin")])
        #expect(try outcome(coerce("K", kelvin)) == "kelvin")
    }
}
