import Foundation
import Testing
@testable import IntakeCompiler

@Suite("CronExpression")
struct CronExpressionTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let normalized: String
        var testDescription: String { "'\(text)'" }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let fragment: String
        let fieldIndex: Int?
        let offset: Int
        var testDescription: String { "'\(text)'" }
    }

    struct Next: Sendable, CustomTestStringConvertible {
        let text: String
        let after: String
        let expected: String?
        var testDescription: String { "'\(text)' after \(after)" }
    }

    static let valid: [Valid] = [
        Valid(text: "0 3 * * *", normalized: "0 3 * * *"),
        Valid(text: "  */15\t*   * * *  \n", normalized: "*/15 * * * *"),
        Valid(text: "0 0 1 jan mon", normalized: "0 0 1 1 1"),
        Valid(text: "0 9 * * MON-FRI", normalized: "0 9 * * 1-5"),
        Valid(text: "0 9 * Jan-Mar/2 Sun,sat", normalized: "0 9 * 1-3/2 0,6"),
        Valid(text: "5,10-20/5 0-23/2 1/10 JAN-DEC/3 7", normalized: "5,10-20/5 0-23/2 1/10 1-12/3 7"),
        Valid(text: "05 0 * * *", normalized: "05 0 * * *"),
        Valid(text: "@yearly", normalized: "0 0 1 1 *"),
        Valid(text: "@annually", normalized: "0 0 1 1 *"),
        Valid(text: "@monthly", normalized: "0 0 1 * *"),
        Valid(text: "@weekly", normalized: "0 0 * * 0"),
        Valid(text: " @daily ", normalized: "0 0 * * *"),
        Valid(text: "@midnight", normalized: "0 0 * * *"),
        Valid(text: "@hourly", normalized: "0 * * * *"),
    ]

    @Test("accepts and normalizes", arguments: valid)
    func accepts(_ entry: Valid) throws {
        let cron = try CronExpression(parsing: entry.text)
        #expect(cron.normalized == entry.normalized)
        #expect(try CronExpression(parsing: cron.normalized) == cron)
    }

    static let invalid: [Invalid] = [
        Invalid(text: "61 * * * *", fragment: "minute field '61' is out of range 0-59", fieldIndex: 0, offset: 0),
        Invalid(text: "0 24 * * *", fragment: "hour field '24' is out of range 0-23", fieldIndex: 1, offset: 2),
        Invalid(text: "0 0 0 * *", fragment: "day-of-month field '0' is out of range 1-31", fieldIndex: 2, offset: 4),
        Invalid(text: "0 0 * 13 *", fragment: "month field '13' is out of range 1-12", fieldIndex: 3, offset: 6),
        Invalid(text: "0 0 * * 8", fragment: "day-of-week field '8' is out of range 0-7", fieldIndex: 4, offset: 8),
        Invalid(text: "0  12\t1,40 * *", fragment: "day-of-month field '1,40': '40' is out of range 1-31", fieldIndex: 2, offset: 6),
        Invalid(text: "99999999999999999999 * * * *", fragment: "out of range 0-59", fieldIndex: 0, offset: 0),
        Invalid(text: "5-3 * * * *", fragment: "minute field '5-3' is a reversed range", fieldIndex: 0, offset: 0),
        Invalid(text: "0 0 * * FRI-MON", fragment: "reversed range", fieldIndex: 4, offset: 8),
        Invalid(text: "*/0 * * * *", fragment: "has step 0", fieldIndex: 0, offset: 0),
        Invalid(text: "0 */a * * *", fragment: "step 'a', which is not a number", fieldIndex: 1, offset: 2),
        Invalid(text: "1/ * * * *", fragment: "missing the step", fieldIndex: 0, offset: 0),
        Invalid(text: "1/2/3 * * * *", fragment: "more than one '/'", fieldIndex: 0, offset: 0),
        Invalid(text: "1,,2 * * * *", fragment: "minute field '1,,2' has an empty list item", fieldIndex: 0, offset: 0),
        Invalid(text: "0 1, * * *", fragment: "empty list item", fieldIndex: 1, offset: 2),
        Invalid(text: "0 0 1-/2 * *", fragment: "not a value, a range", fieldIndex: 2, offset: 4),
        Invalid(text: "0 0 * FOO *", fragment: "month field 'FOO' is not a month number (1-12) or name (JAN-DEC)", fieldIndex: 3, offset: 6),
        Invalid(text: "0 0 * * FUNDAY", fragment: "is not a day-of-week number", fieldIndex: 4, offset: 8),
        Invalid(text: "MON * * * *", fragment: "minute field 'MON' is not a number", fieldIndex: 0, offset: 0),
        Invalid(text: "x * * * *", fragment: "minute field 'x' is not a number", fieldIndex: 0, offset: 0),
        Invalid(text: "0 0 ? * *", fragment: "day-of-month field '?' is not a number", fieldIndex: 2, offset: 4),
        Invalid(text: "* * * *", fragment: "found 4 fields but intake expects 5 fields: minute hour day-of-month month day-of-week",
                fieldIndex: nil, offset: 7),
        Invalid(text: "0 0 3 * * *", fragment: "found 6 fields but intake expects 5 fields", fieldIndex: nil, offset: 10),
        Invalid(text: "0 0 3 * * * 2026", fragment: "no seconds, no year", fieldIndex: nil, offset: 10),
        Invalid(text: "   ", fragment: "cron expression is empty", fieldIndex: nil, offset: 0),
        Invalid(text: "@reboot", fragment: "'@reboot' is not supported: intake schedules are UTC cron", fieldIndex: nil, offset: 0),
        Invalid(text: "  @reboot", fragment: "'@reboot' is not supported", fieldIndex: nil, offset: 2),
        Invalid(text: "@every 5m", fragment: "unknown cron macro '@every'", fieldIndex: nil, offset: 0),
        Invalid(text: "@daily 5", fragment: "must be the whole expression", fieldIndex: nil, offset: 7),
    ]

    @Test("rejects with message and position", arguments: invalid)
    func rejects(_ entry: Invalid) {
        do {
            let cron = try CronExpression(parsing: entry.text)
            Issue.record("expected an error, parsed \(cron.normalized)")
        } catch {
            #expect(error.message.contains(entry.fragment), "message: \(error.message)")
            #expect(error.fieldIndex == entry.fieldIndex)
            #expect(error.offset == entry.offset)
        }
    }

    @Test func expandsFieldsToSets() throws {
        let cron = try CronExpression(parsing: "5,10-20/5 0-23/6 1/10 JAN-DEC/3 5-7")
        #expect(cron.minutes == [5, 10, 15, 20])
        #expect(cron.hours == [0, 6, 12, 18])
        #expect(cron.daysOfMonth == [1, 11, 21, 31])
        #expect(cron.months == [1, 4, 7, 10])
        #expect(cron.daysOfWeek == [5, 6, 0])
        #expect(cron.isDayOfMonthRestricted && cron.isDayOfWeekRestricted)
    }

    @Test func starPrefixedDayFieldsAreUnrestricted() throws {
        let cron = try CronExpression(parsing: "0 0 */2 * *")
        #expect(!cron.isDayOfMonthRestricted)
        #expect(!cron.isDayOfWeekRestricted)
        #expect(cron.daysOfMonth.count == 16)
    }

    @Test func macrosEqualTheirExpansion() throws {
        #expect(try CronExpression(parsing: "@daily") == CronExpression(parsing: "0 0 * * *"))
        #expect(try CronExpression(parsing: "30 12 * * 0").daysOfWeek == CronExpression(parsing: "30 12 * * 7").daysOfWeek)
    }

    static let next: [Next] = [
        Next(text: "0 3 * * *", after: "2026-11-26T10:00:00Z", expected: "2026-11-27T03:00:00Z"),
        Next(text: "0 3 * * *", after: "2026-11-26T02:59:30Z", expected: "2026-11-26T03:00:00Z"),
        Next(text: "0 3 * * *", after: "2026-11-26T03:00:00Z", expected: "2026-11-27T03:00:00Z"),
        Next(text: "*/15 * * * *", after: "2026-11-26T10:07:12Z", expected: "2026-11-26T10:15:00Z"),
        Next(text: "*/15 * * * *", after: "2026-12-31T23:50:00Z", expected: "2027-01-01T00:00:00Z"),
        // Both day fields restricted: the Monday (30th) comes before the 1st, then the 1st (a Tuesday) fires too.
        Next(text: "0 0 1 * MON", after: "2026-11-26T10:00:00Z", expected: "2026-11-30T00:00:00Z"),
        Next(text: "0 0 1 * MON", after: "2026-11-30T00:00:00Z", expected: "2026-12-01T00:00:00Z"),
        // `*/2` counts as unrestricted, so both must match: an odd day that is a Monday.
        Next(text: "0 0 */2 * MON", after: "2026-11-26T10:00:00Z", expected: "2026-12-07T00:00:00Z"),
        Next(text: "0 0 29 2 *", after: "2026-11-26T10:00:00Z", expected: "2028-02-29T00:00:00Z"),
        Next(text: "0 0 30 2 *", after: "2026-11-26T10:00:00Z", expected: nil),
        Next(text: "@yearly", after: "2026-11-26T10:00:00Z", expected: "2027-01-01T00:00:00Z"),
        Next(text: "30 23 31 12 *", after: "1969-06-01T00:00:00Z", expected: "1969-12-31T23:30:00Z"),
    ]

    @Test("nextFireDate in UTC", arguments: next)
    func nextFireDate(_ entry: Next) throws {
        let cron = try CronExpression(parsing: entry.text)
        let after = try #require(ISO8601DateFormatter().date(from: entry.after))
        let expected = entry.expected.flatMap { ISO8601DateFormatter().date(from: $0) }
        #expect(cron.nextFireDate(after: after) == expected)
    }
}
