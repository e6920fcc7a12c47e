import Foundation
@testable import IntakeRunner
import IntakeTestSupport
import Testing

/// The strict ISO parser against every string vector of JSON-Schema-Test-Suite, and the canonical printer.
struct ISO8601StrictTests {
    /// One string vector of the corpus.
    struct Vector: Sendable, CustomTestStringConvertible {
        let file: String
        let description: String
        let data: String
        let valid: Bool
        var testDescription: String { "\(file): \(description) \(data.debugDescription)" }
    }

    static func vectors(_ file: String) -> [Vector] {
        let url = Fixtures.shared.appendingPathComponent("corpora/json-schema-datetime").appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url),
              let groups = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return groups.flatMap { group in
            (group["tests"] as? [[String: Any]] ?? []).compactMap { test in
                // Non-string data only checks that a format ignores non-strings (SOURCE.md); it is not a date vector.
                guard let value = test["data"] as? String, let valid = test["valid"] as? Bool else { return nil }
                return Vector(file: file, description: test["description"] as? String ?? "", data: value, valid: valid)
            }
        }
    }

    @Test func corpusIsComplete() {
        // SOURCE.md's counts: a missing or truncated copy must not pass as "no failures".
        #expect(Self.vectors("date-time.json").count == 27)
        #expect(Self.vectors("date-time.json").filter(\.valid).count == 8)
        #expect(Self.vectors("date.json").count == 75)
        #expect(Self.vectors("date.json").filter(\.valid).count == 17)
    }

    @Test(arguments: vectors("date-time.json"))
    func dateTimeVector(_ vector: Vector) {
        #expect((ISO8601Strict.parseDateTime(vector.data) != nil) == vector.valid)
    }

    @Test(arguments: vectors("date.json"))
    func dateVector(_ vector: Vector) {
        #expect((ISO8601Strict.parseDate(vector.data) != nil) == vector.valid)
    }

    @Test(arguments: [
        ("1963-06-19T08:30:06.283185Z", "1963-06-19T08:30:06.283Z"),
        ("1963-06-19T08:30:06Z", "1963-06-19T08:30:06Z"),
        ("1937-01-01T12:00:27.87+00:20", "1937-01-01T11:40:27.870Z"),
        ("1990-12-31T15:59:50.123-08:00", "1990-12-31T23:59:50.123Z"),
        // a leap second keeps its day: 23:59:60 is read as 23:59:59, fraction kept
        ("1998-12-31T23:59:60Z", "1998-12-31T23:59:59Z"),
        ("1998-12-31T15:59:60.123-08:00", "1998-12-31T23:59:59.123Z"),
        ("1985-04-12T00:59:59.999999999999999Z", "1985-04-12T00:59:59.999Z"),
        ("1963-06-19t08:30:06.283185z", "1963-06-19T08:30:06.283Z"),
        ("2019-09-17T08:00:00.0Z", "2019-09-17T08:00:00Z"),
        ("2019-09-17T08:00:00.0004Z", "2019-09-17T08:00:00Z"),
        ("2019-09-17T00:00:00-08:00", "2019-09-17T08:00:00Z"),
        ("2019-12-31T23:30:00-01:00", "2020-01-01T00:30:00Z"),
        ("0001-01-01T00:00:00+01:00", "0000-12-31T23:00:00Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
    ])
    func canonicalDateTime(raw: String, expected: String) throws {
        let date = try #require(ISO8601Strict.parseDateTime(raw))
        #expect(ISO8601Strict.canonical(date) == expected)
    }

    @Test(arguments: [
        ("1963-06-19", "1963-06-19T00:00:00Z"), ("0001-01-01", "0001-01-01T00:00:00Z"), ("0400-02-29", "0400-02-29T00:00:00Z"),
        ("1582-10-10", "1582-10-10T00:00:00Z"), ("2020-02-29", "2020-02-29T00:00:00Z"), ("1970-01-01", "1970-01-01T00:00:00Z"),
    ])
    func canonicalDate(raw: String, expected: String) throws {
        let date = try #require(ISO8601Strict.parseDate(raw))
        #expect(ISO8601Strict.canonical(date) == expected)
    }

    @Test func canonicalAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        // Whole seconds from 1601 to 2400, in steps that land on every time of day, month and leap day over the run.
        for seconds in stride(from: -11_644_473_600, to: 13_569_465_600, by: 86_400 * 37 + 3_607) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(ISO8601Strict.canonical(date) == formatter.string(from: date))
        }
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (-0.5, "1969-12-31T23:59:59.500Z"), (0.001, "1970-01-01T00:00:00.001Z"),
        (0.0009, "1970-01-01T00:00:00Z"), (1_568_707_200.123, "2019-09-17T08:00:00.123Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_800.25, "10000-01-01T00:00:00.250Z"), (-62_198_755_200, "-0001-01-01T00:00:00Z"),
    ])
    func canonicalOfDates(interval: Double, expected: String) {
        #expect(ISO8601Strict.canonical(Date(timeIntervalSince1970: interval)) == expected)
    }

    @Test func parseDateIsUTCMidnight() throws {
        let date = try #require(ISO8601Strict.parseDate("2019-09-17"))
        #expect(date == ISO8601Strict.parseDateTime("2019-09-17T00:00:00Z"))
        #expect(ISO8601Strict.parseDate("2019-09-17T00:00:00Z") == nil)
        #expect(ISO8601Strict.parseDateTime("2019-09-17") == nil)
        #expect(ISO8601Strict.parseDateTime("2019-09-17T08:00:00") == nil)
    }
}
