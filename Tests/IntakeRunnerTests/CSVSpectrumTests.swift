import Foundation
import IntakeTestSupport
import Testing

@testable import IntakeRunner

/// Every case of the csv-spectrum corpus gives exactly its expected rows (a JSON array of objects keyed by header).
@Suite struct CSVSpectrumTests {
    static let corpus = Fixtures.shared.appendingPathComponent("corpora/csv-spectrum")

    static func caseNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("csvs").path)) ?? []
        return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func corpusIsPresent() {
        #expect(Self.caseNames().count == 11)
    }

    @Test(arguments: caseNames()) func matchesExpectedJSON(_ name: String) throws {
        let csv = try Data(contentsOf: Self.corpus.appendingPathComponent("csvs/\(name).csv"))
        let json = try Data(contentsOf: Self.corpus.appendingPathComponent("json/\(name).json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: String]])
        let outcome = CSVRead.all(Array(csv))
        #expect(outcome.error == nil)
        #expect(outcome.rows.allSatisfy { $0.fields.count == outcome.header.count && $0.invalidUTF8Column == nil })
        let actual = outcome.rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(outcome.header, row.fields))
        }
        #expect(actual == expected)
    }
}
