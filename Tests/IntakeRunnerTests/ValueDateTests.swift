import IntakeCompiler
@testable import IntakeRunner
import Testing

/// Dates: declared formats in order, zone-less values in the spec's zone, ambiguity reported and never guessed.
struct ValueDateTests {
    private static let iso = Coercer(type: .date, formats: ["iso8601"], timezone: "UTC")
    private static let newYork = Coercer(type: .date, formats: ["iso8601"], timezone: "America/New_York")
    private static let bothOrders = Coercer(type: .date, formats: ["MM/dd/yyyy", "dd/MM/yyyy"], timezone: "UTC")

    @Test(arguments: [
        ("2019-09-17T08:00:00Z", "2019-09-17T08:00:00Z"),
        ("2019-09-17T08:00:00.0Z", "2019-09-17T08:00:00Z"),
        ("2019-09-17T00:00:00-08:00", "2019-09-17T08:00:00Z"),
        ("2019-09-17T10:30:00+02:30", "2019-09-17T08:00:00Z"),
        ("2019-09-17t08:00:00z", "2019-09-17T08:00:00Z"),
        ("2019-09-17T08:00:00.123456Z", "2019-09-17T08:00:00.123Z"),
        ("2019-09-17T08:00:00.5+01:00", "2019-09-17T07:00:00.500Z"),
        ("2019-09-17", "2019-09-17T00:00:00Z"),
        ("2019-09-17T08:00:00", "2019-09-17T08:00:00Z"),
        ("2019-09-17T08:00:00.25", "2019-09-17T08:00:00.250Z"),
        (" 2019-09-17 ", "2019-09-17T00:00:00Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("1998-12-31T23:59:60Z", "1998-12-31T23:59:59Z"),
        ("1998-12-31T23:59:60", "1998-12-31T23:59:59Z"),
        ("2019-09-17 08:00:00", "R004"), ("2019-09-17T08:00", "R004"), ("2019-9-17", "R004"), ("20190917", "R004"),
        ("17/09/2019", "R004"), ("2019-02-29", "R004"), ("2019-09-17T08:00:00+01", "R004"), ("2019-09-17T24:00:00Z", "R004"),
        ("1998-12-31T23:58:60Z", "R004"), ("2019-09-17Z", "R004"), ("yesterday", "R004"),
    ])
    func isoInUTC(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.iso)) == expected)
    }

    @Test func defaultsAreISOInUTC() throws {
        #expect(try outcome(coerce("2019-09-17T08:00:00", Coercer(type: .date))) == "2019-09-17T08:00:00Z")
        #expect(try outcome(coerce("2019-09-17T08:00:00", Coercer(type: .date, formats: []))) == "2019-09-17T08:00:00Z")
    }

    @Test(arguments: [
        ("2026-01-15T09:00:00", "2026-01-15T14:00:00Z"),
        ("2026-07-15T09:00:00", "2026-07-15T13:00:00Z"),
        ("2026-07-15", "2026-07-15T04:00:00Z"),
        ("2026-07-15T09:00:00Z", "2026-07-15T09:00:00Z"),
        ("2026-07-15T09:00:00+02:00", "2026-07-15T07:00:00Z"),
        // either side of the spring-forward gap (2026-03-08 02:00 → 03:00) and the fall-back overlap (2026-11-01 02:00 → 01:00)
        ("2026-03-08T01:59:59", "2026-03-08T06:59:59Z"),
        ("2026-03-08T03:00:00", "2026-03-08T07:00:00Z"),
        ("2026-03-08T02:30:00", "R004"),
        ("2026-11-01T00:59:59", "2026-11-01T04:59:59Z"),
        ("2026-11-01T01:30:00", "R005"),
        ("2026-11-01T02:00:00", "2026-11-01T07:00:00Z"),
        ("2026-11-01T01:30:00-05:00", "2026-11-01T06:30:00Z"),
        ("1998-12-31T18:59:60", "1998-12-31T23:59:59Z"),
        ("1998-12-31T23:59:60", "R004"),
    ])
    func newYorkZone(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.newYork)) == expected)
    }

    @Test func clockChangesAreExplained() throws {
        let gap = try coerce("2026-03-08T02:30:00", Self.newYork)
        #expect(reason(gap).contains("does not exist in America/New_York"))
        let overlap = try coerce("2026-11-01T01:30:00", Self.newYork)
        #expect(reason(overlap).contains("2026-11-01T05:30:00Z or 2026-11-01T06:30:00Z"))
    }

    @Test(arguments: [
        ("03/08/2026 02:30", "R004"),
        ("11/01/2026 01:30", "R005"),
        ("11/01/2026 08:15", "2026-11-01T13:15:00Z"),
        ("07/04/2026 12:00", "2026-07-04T16:00:00Z"),
    ])
    func patternsInNewYork(raw: String, expected: String) throws {
        let coercer = Coercer(type: .date, formats: ["MM/dd/yyyy HH:mm"], timezone: "America/New_York")
        #expect(try outcome(coerce(raw, coercer)) == expected)
    }

    @Test(arguments: [
        ("03/04/2026", "R005"),
        ("12/11/2026", "R005"),
        ("13/04/2026", "2026-04-13T00:00:00Z"),
        ("04/13/2026", "2026-04-13T00:00:00Z"),
        // both formats agree on the instant, so nothing is ambiguous
        ("04/04/2026", "2026-04-04T00:00:00Z"),
        ("31/31/2026", "R004"),
        ("2026-04-03", "R004"),
    ])
    func ambiguousFormats(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.bothOrders)) == expected)
    }

    @Test func ambiguityNamesBothReadings() throws {
        let result = try coerce("03/04/2026", Self.bothOrders)
        #expect(reason(result) == "'03/04/2026' is ambiguous: 'MM/dd/yyyy' reads 2026-03-04T00:00:00Z but 'dd/MM/yyyy' reads "
            + "2026-04-03T00:00:00Z; keep only one of these formats")
    }

    @Test(arguments: [
        ("2026-01-31T08:00:00Z", "2026-01-31T08:00:00Z"),
        ("31.01.2026", "2026-01-31T00:00:00Z"),
        ("31.01.26 8:05 pm", "2026-01-31T20:05:00Z"),
        ("2026-01-31 08:00:00 +0100", "2026-01-31T07:00:00Z"),
        ("2026-01-31 08:00:00.125 -01:30", "2026-01-31T09:30:00.125Z"),
        ("01/31/2026", "R004"),
    ])
    func formatsInOrder(raw: String, expected: String) throws {
        let coercer = Coercer(
            type: .date,
            formats: ["iso8601", "dd.MM.yyyy", "dd.MM.yy h:mm a", "yyyy-MM-dd HH:mm:ss Z", "yyyy-MM-dd HH:mm:ss.SSS XXX"],
            timezone: "UTC")
        #expect(try outcome(coerce(raw, coercer)) == expected)
    }

    @Test func zonedPatternsIgnoreTheSpecZone() throws {
        let coercer = Coercer(type: .date, formats: ["yyyy-MM-dd HH:mm:ss Z"], timezone: "America/New_York")
        #expect(try outcome(coerce("2026-01-15 09:00:00 +0100", coercer)) == "2026-01-15T08:00:00Z")
    }

    @Test func rejectNamesTheFormatsTried() throws {
        let result = try coerce("31.01.2026", Self.bothOrders)
        #expect(reason(result) == "'31.01.2026' matches none of the date formats 'MM/dd/yyyy', 'dd/MM/yyyy'")
        let spaced = try coerce("2026-01-31 08:00:00", Self.iso)
        #expect(reason(spaced).contains("needs a 'T' between date and time"))
    }

    @Test func datesCanBePatternChecked() throws {
        let coercer = Coercer(type: .date, pattern: "20\\d\\d-.*")
        #expect(try outcome(coerce("2026-01-31", coercer)) == "2026-01-31T00:00:00Z")
        #expect(try outcome(coerce("1999-01-31", coercer)) == "R008")
    }
}
