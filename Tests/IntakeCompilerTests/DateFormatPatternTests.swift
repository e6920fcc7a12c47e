import Foundation
import Testing
@testable import IntakeCompiler

@Suite("DateFormatPattern")
struct DateFormatPatternTests {
    typealias T = DateFormatPattern.Token

    struct Valid: Sendable, CustomTestStringConvertible {
        let pattern: String
        let tokens: [T]
        var testDescription: String { "'\(pattern)'" }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let pattern: String
        let fragment: String
        let offset: Int
        var hint: String? = nil
        var testDescription: String { "'\(pattern)'" }
    }

    struct Value: Sendable, CustomTestStringConvertible {
        let pattern: String
        let value: String
        var zone = "UTC"
        let expected: String?
        var testDescription: String { "'\(value)' as '\(pattern)' in \(zone)" }
    }

    static let valid: [Valid] = [
        Valid(pattern: "yyyy-MM-dd", tokens: [.year4, .literal("-"), .month2, .literal("-"), .day2]),
        Valid(pattern: "MM/dd/yyyy", tokens: [.month2, .literal("/"), .day2, .literal("/"), .year4]),
        Valid(pattern: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", tokens: [
            .year4, .literal("-"), .month2, .literal("-"), .day2, .literal("T"), .hour24x2, .literal(":"),
            .minute2, .literal(":"), .second2, .literal("."), .fraction(digits: 3), .zoneISO,
        ]),
        Valid(pattern: "d.M.yy h:mm a", tokens: [
            .day1, .literal("."), .month1, .literal("."), .year2, .literal(" "), .hour12x1, .literal(":"),
            .minute2, .literal(" "), .ampm,
        ]),
        Valid(pattern: "yyyyMMdd'T'HHmmssZ", tokens: [.year4, .month2, .day2, .literal("T"), .hour24x2, .minute2, .second2, .zoneRFC]),
        Valid(pattern: "dd 'o''clock' MM yyyy", tokens: [.day2, .literal(" o'clock "), .month2, .literal(" "), .year4]),
        Valid(pattern: "yyyy''MM''dd H X", tokens: [
            .year4, .literal("'"), .month2, .literal("'"), .day2, .literal(" "), .hour24x1, .literal(" "), .zoneISO,
        ]),
        Valid(pattern: "yyyy-MM-dd HH:mm:ss.SSSSSS", tokens: [
            .year4, .literal("-"), .month2, .literal("-"), .day2, .literal(" "), .hour24x2, .literal(":"),
            .minute2, .literal(":"), .second2, .literal("."), .fraction(digits: 6),
        ]),
        Valid(pattern: "iso8601", tokens: []),
    ]

    @Test("accepts", arguments: valid)
    func accepts(_ entry: Valid) throws {
        let pattern = try DateFormatPattern(parsing: entry.pattern)
        #expect(pattern.tokens == entry.tokens)
        #expect(pattern.isISO8601 == (entry.pattern == "iso8601"))
    }

    static let invalid: [Invalid] = [
        Invalid(pattern: "YYYY-MM-dd", fragment: "'YYYY' is not a supported date format field", offset: 0, hint: "week-based year; use yyyy"),
        Invalid(pattern: "yyyy-MM-DD", fragment: "'DD'", offset: 8, hint: "day of year; use dd"),
        Invalid(pattern: "dd/mm/yyyy", fragment: "no month", offset: 3, hint: "mm is minutes; use MM for month"),
        Invalid(pattern: "yyyy-mm-dd", fragment: "no month", offset: 5, hint: "mm is minutes; use MM for month"),
        Invalid(pattern: "dd/mm/yyyy HH:mm", fragment: "no month", offset: 3, hint: "mm is minutes; use MM for month"),
        Invalid(pattern: "yyyy dd HH:mm", fragment: "has no month (MM or M)", offset: 0),
        Invalid(pattern: "EEE, dd MM yyyy", fragment: "'EEE'", offset: 0, hint: "day-of-week names are not supported"),
        Invalid(pattern: "dd MMM yyyy", fragment: "'MMM'", offset: 3, hint: "month names are not supported"),
        Invalid(pattern: "yyyy-MM-dd HH:mmm", fragment: "'mmm'", offset: 14),
        Invalid(pattern: "yyy-MM-dd", fragment: "'yyy'", offset: 0, hint: "use yyyy"),
        Invalid(pattern: "yyyy-MM-ddTHH:mm", fragment: "'T' is not a supported", offset: 10, hint: "quote literal letters"),
        Invalid(pattern: "ISO8601", fragment: "'I' is not a supported", offset: 0),
        Invalid(pattern: "yyyy-MM-dd SSSSSSSSSS", fragment: "'SSSSSSSSSS'", offset: 11, hint: "at most 9"),
        Invalid(pattern: "yyyy-MM", fragment: "has no day (dd or d)", offset: 0),
        Invalid(pattern: "HH:mm", fragment: "has no year (yyyy or yy)", offset: 0),
        Invalid(pattern: "yyyy-MM-dd hh:mm", fragment: "'hh' is a 12-hour clock hour but the pattern has no AM/PM marker",
                offset: 11, hint: "use HH for the 24-hour clock"),
        Invalid(pattern: "yyyy-MM-dd HH:mm a", fragment: "'a' (AM/PM) needs a 12-hour clock hour", offset: 17,
                hint: "'HH' is the 24-hour clock; use hh with a"),
        Invalid(pattern: "yyyy-MM-dd d", fragment: "'d' repeats the day already given by 'dd' at offset 8", offset: 11),
        Invalid(pattern: "yyyy-MM-dd XX Z", fragment: "repeats the time zone", offset: 14),
        Invalid(pattern: "yyyy-MM-dd 'T", fragment: "never closed", offset: 11),
        Invalid(pattern: "", fragment: "empty", offset: 0),
    ]

    @Test("rejects with message, offset and hint", arguments: invalid)
    func rejects(_ entry: Invalid) {
        do {
            let pattern = try DateFormatPattern(parsing: entry.pattern)
            Issue.record("expected an error, got \(pattern.tokens)")
        } catch {
            #expect(error.message.contains(entry.fragment), "message: \(error.message)")
            #expect(error.offset == entry.offset)
            if let hint = entry.hint {
                #expect(error.hint?.contains(hint) == true, "hint: \(error.hint ?? "nil")")
            }
        }
    }

    static let values: [Value] = [
        Value(pattern: "MM/dd/yyyy", value: "03/04/2026", zone: "America/New_York", expected: "2026-03-04T05:00:00Z"),
        Value(pattern: "MM/dd/yyyy", value: "07/04/2026", zone: "America/New_York", expected: "2026-07-04T04:00:00Z"),
        Value(pattern: "MM/dd/yyyy", value: "03/04/2026", zone: "Asia/Kolkata", expected: "2026-03-03T18:30:00Z"),
        Value(pattern: "MM/dd/yyyy", value: "02/30/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "04/31/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "02/29/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "02/29/2028", expected: "2028-02-29T00:00:00Z"),
        Value(pattern: "MM/dd/yyyy", value: "02/29/1900", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "02/29/2000", expected: "2000-02-29T00:00:00Z"),
        Value(pattern: "MM/dd/yyyy", value: "13/01/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "00/01/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "3/04/2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "03/04/26", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "03/04/2026 ", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "03-04-2026", expected: nil),
        Value(pattern: "MM/dd/yyyy", value: "", expected: nil),
        Value(pattern: "M/d/yyyy", value: "3/4/2026", expected: "2026-03-04T00:00:00Z"),
        Value(pattern: "M/d/yyyy", value: "12/31/2026", expected: "2026-12-31T00:00:00Z"),
        Value(pattern: "M/d/yyyy", value: "123/4/2026", expected: nil),
        Value(pattern: "dd.MM.yy", value: "04.03.69", expected: "2069-03-04T00:00:00Z"),
        Value(pattern: "dd.MM.yy", value: "04.03.70", expected: "1970-03-04T00:00:00Z"),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 12:30 AM", expected: "2026-03-04T00:30:00Z"),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 12:30 pm", expected: "2026-03-04T12:30:00Z"),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 01:05 Pm", expected: "2026-03-04T13:05:00Z"),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 13:00 PM", expected: nil),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 00:30 AM", expected: nil),
        Value(pattern: "yyyy-MM-dd hh:mm a", value: "2026-03-04 12:30 XM", expected: nil),
        Value(pattern: "yyyy-MM-dd h:mm a", value: "2026-03-04 9:15 am", expected: "2026-03-04T09:15:00Z"),
        Value(pattern: "yyyy-MM-dd HH:mm", value: "2026-03-04 24:00", expected: nil),
        Value(pattern: "yyyy-MM-dd HH:mm", value: "2026-03-04 23:60", expected: nil),
        Value(pattern: "yyyy-MM-dd HH:mm", value: "2026-03-04 17:45", zone: "Europe/Paris", expected: "2026-03-04T16:45:00Z"),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00+01:00", zone: "America/New_York",
              expected: "2026-03-04T09:00:00Z"),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00Z", zone: "America/New_York", expected: "2026-03-04T10:00:00Z"),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00+0530", expected: "2026-03-04T04:30:00Z"),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00-03:30", expected: "2026-03-04T13:30:00Z"),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00+1:00", expected: nil),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssXXX", value: "2026-03-04T10:00:00", expected: nil),
        Value(pattern: "yyyy-MM-dd'T'HH:mm:ssZ", value: "2026-03-04T10:00:00-0800", expected: "2026-03-04T18:00:00Z"),
        Value(pattern: "iso8601", value: "2026-03-04", zone: "America/New_York", expected: "2026-03-04T05:00:00Z"),
        Value(pattern: "iso8601", value: "2026-03-04T10:00:00Z", zone: "America/New_York", expected: "2026-03-04T10:00:00Z"),
        Value(pattern: "iso8601", value: "2026-03-04 10:00", zone: "America/New_York", expected: "2026-03-04T15:00:00Z"),
        Value(pattern: "iso8601", value: "2026-03-04T10:00:00+02:00", expected: "2026-03-04T08:00:00Z"),
        Value(pattern: "iso8601", value: "2026-03-04T10", expected: nil),
        Value(pattern: "iso8601", value: "2026-3-4", expected: nil),
        Value(pattern: "iso8601", value: "2026-02-30T10:00:00Z", expected: nil),
    ]

    @Test("parses values strictly", arguments: values)
    func parses(_ entry: Value) throws {
        let pattern = try DateFormatPattern(parsing: entry.pattern)
        let zone = try #require(TimeZone(identifier: entry.zone))
        let expected = entry.expected.flatMap { ISO8601DateFormatter().date(from: $0) }
        #expect(entry.expected == nil || expected != nil, "bad expectation \(entry.expected ?? "")")
        #expect(pattern.parse(entry.value, timeZone: zone) == expected)
    }

    @Test func parsesFractionsOfASecond() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let millis = try DateFormatPattern(parsing: "yyyy-MM-dd HH:mm:ss.SSS").parse("2026-03-04 10:00:00.250", timeZone: utc)
        #expect(millis?.timeIntervalSince1970 == 1_772_618_400.25)
        let iso = try DateFormatPattern(parsing: "iso8601").parse("2026-03-04T10:00:00.5+02:00", timeZone: utc)
        #expect(iso?.timeIntervalSince1970 == 1_772_611_200.5)
        #expect(try DateFormatPattern(parsing: "yyyy-MM-dd HH:mm:ss.SSS").parse("2026-03-04 10:00:00.25", timeZone: utc) == nil)
    }
}
