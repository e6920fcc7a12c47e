import Foundation

/// A validated five-field cron schedule, evaluated in UTC, with each field expanded to the values it allows.
public struct CronExpression: Sendable, Equatable {
    /// Why a cron expression was rejected, and where in the original text.
    public struct ParseError: Error, Equatable {
        /// Human-readable explanation that names the field and the offending text.
        public let message: String
        /// 0-based index of the offending field, or nil when the expression as a whole is wrong.
        public let fieldIndex: Int?
        /// 0-based character offset of the offending field (or macro) in the original text.
        public let offset: Int

        /// Creates an error from its parts.
        public init(message: String, fieldIndex: Int?, offset: Int) {
            self.message = message
            self.fieldIndex = fieldIndex
            self.offset = offset
        }
    }

    /// Minutes (0-59) at which the schedule fires.
    public let minutes: Set<Int>
    /// Hours (0-23) at which the schedule fires.
    public let hours: Set<Int>
    /// Days of the month (1-31) allowed by the day-of-month field.
    public let daysOfMonth: Set<Int>
    /// Months (1-12) in which the schedule fires.
    public let months: Set<Int>
    /// Days of the week (0 = Sunday ... 6 = Saturday) allowed by the day-of-week field; 7 is folded into 0.
    public let daysOfWeek: Set<Int>
    /// Whether the day-of-month field restricts days (does not start with `*`).
    public let isDayOfMonthRestricted: Bool
    /// Whether the day-of-week field restricts days (does not start with `*`).
    public let isDayOfWeekRestricted: Bool
    private let normalizedFields: [String]

    /// Canonical spelling for plans: macros expanded, names turned into numbers, single spaces between fields.
    public var normalized: String { normalizedFields.joined(separator: " ") }

    private static let fieldNames = ["minute", "hour", "day-of-month", "month", "day-of-week"]
    private static let ranges: [ClosedRange<Int>] = [0...59, 0...23, 1...31, 1...12, 0...7]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let shape = "intake expects 5 fields: minute hour day-of-month month day-of-week (no seconds, no year)"

    /// Parses a 5-field cron expression or one of the `@yearly`…`@hourly` macros.
    public init(parsing text: String) throws(ParseError) {
        var fields = Self.split(text)
        if let first = fields.first, first.text.hasPrefix("@") {
            let name = first.text.lowercased()
            if name == "@reboot" {
                throw ParseError(
                    message: "'@reboot' is not supported: intake schedules are UTC cron times, not machine start-ups",
                    fieldIndex: nil, offset: first.offset)
            }
            guard let expansion = Self.macros[name] else {
                let known = Self.macros.keys.sorted().joined(separator: ", ")
                throw ParseError(message: "unknown cron macro '\(first.text)'; expected one of \(known)",
                                 fieldIndex: nil, offset: first.offset)
            }
            guard fields.count == 1 else {
                throw ParseError(message: "cron macro '\(first.text)' must be the whole expression, but more text follows",
                                 fieldIndex: nil, offset: fields[1].offset)
            }
            // Every expanded field points at the macro, so later errors (there are none) would still land on it.
            fields = Self.split(expansion).map { (text: $0.text, offset: first.offset) }
        }
        guard fields.count == 5 else {
            if fields.isEmpty {
                throw ParseError(message: "cron expression is empty; \(Self.shape)", fieldIndex: nil, offset: 0)
            }
            let found = "found \(fields.count) field\(fields.count == 1 ? "" : "s")"
            // Point at the first surplus field, or just past the text when fields are missing.
            let offset = fields.count > 5 ? fields[5].offset : fields[fields.count - 1].offset + fields[fields.count - 1].text.count
            throw ParseError(message: "\(found) but \(Self.shape)", fieldIndex: nil, offset: offset)
        }
        var sets: [Set<Int>] = []
        var spelled: [String] = []
        for (index, field) in fields.enumerated() {
            let parsed = try Self.parseField(field.text, index: index, offset: field.offset)
            sets.append(parsed.values)
            spelled.append(parsed.normalized)
        }
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        daysOfWeek = Set(sets[4].map { $0 % 7 })
        // Vixie cron treats any field starting with `*` (including `*/2`) as unrestricted for the either-rule.
        isDayOfMonthRestricted = !fields[2].text.hasPrefix("*")
        isDayOfWeekRestricted = !fields[4].text.hasPrefix("*")
        normalizedFields = spelled
    }

    /// The first minute strictly after `date` (UTC) at which the schedule fires, or nil if none within 5 years.
    public func nextFireDate(after date: Date) -> Date? {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e15 else { return nil }
        let startMinute = Int((seconds / 60).rounded(.down)) + 1
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        var day = Self.floorDiv(startMinute, 1440)
        var from = startMinute - day * 1440
        let lastDay = day + 5 * 366
        while day <= lastDay {
            if matches(day: day) {
                for hour in sortedHours where hour >= from / 60 {
                    let earliest = hour == from / 60 ? from % 60 : 0
                    if let minute = sortedMinutes.first(where: { $0 >= earliest }) {
                        return Date(timeIntervalSince1970: TimeInterval((day * 1440 + hour * 60 + minute) * 60))
                    }
                }
            }
            day += 1
            from = 0
        }
        return nil
    }

    private func matches(day: Int) -> Bool {
        let (_, month, dayOfMonth) = Self.civil(fromDays: day)
        guard months.contains(month) else { return false }
        let weekday = (day % 7 + 7 + 4) % 7  // 1970-01-01 was a Thursday (4).
        let domMatch = daysOfMonth.contains(dayOfMonth)
        let dowMatch = daysOfWeek.contains(weekday)
        if isDayOfMonthRestricted && isDayOfWeekRestricted { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    /// Splits on runs of spaces/tabs, remembering each field's character offset in the original text.
    private static func split(_ text: String) -> [(text: String, offset: Int)] {
        var fields: [(text: String, offset: Int)] = []
        var current = ""
        var start = 0
        var trailingEnd = text.count
        // Trailing whitespace of any kind is trimmed; inside the expression only spaces and tabs separate.
        for character in text.reversed() {
            guard character.isWhitespace else { break }
            trailingEnd -= 1
        }
        for (offset, character) in text.prefix(trailingEnd).enumerated() {
            let separates = character == " " || character == "\t" || (fields.isEmpty && current.isEmpty && character.isWhitespace)
            if separates {
                if !current.isEmpty { fields.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { fields.append((current, start)) }
        return fields
    }

    private static func parseField(_ text: String, index: Int, offset: Int) throws(ParseError) -> (values: Set<Int>, normalized: String) {
        let name = fieldNames[index]
        let range = ranges[index]
        func failure(_ part: String, _ problem: String) -> ParseError {
            let subject = part == text ? "\(name) field '\(text)'" : "\(name) field '\(text)': '\(part)'"
            return ParseError(message: "\(subject) \(problem)", fieldIndex: index, offset: offset)
        }
        func value(_ token: String) throws(ParseError) -> (number: Int, spelled: String) {
            if !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                guard let number = Int(token), range.contains(number) else {
                    throw failure(token, "is out of range \(range.lowerBound)-\(range.upperBound)")
                }
                return (number, token)
            }
            let names = index == 3 ? monthNames : index == 4 ? weekdayNames : []
            if let position = names.firstIndex(of: token.uppercased()) {
                let number = range.lowerBound + position
                return (number, String(number))
            }
            switch index {
            case 3: throw failure(token, "is not a month number (1-12) or name (JAN-DEC)")
            case 4: throw failure(token, "is not a day-of-week number (0-7) or name (SUN-SAT)")
            default: throw failure(token, "is not a number")
            }
        }
        var values = Set<Int>()
        var items: [String] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw failure(text, "has an empty list item") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard stepParts.count <= 2 else { throw failure(item, "has more than one '/' step") }
            var step = 1
            var stepSuffix = ""
            if stepParts.count == 2 {
                let stepText = stepParts[1]
                guard !stepText.isEmpty else { throw failure(item, "is missing the step after '/'") }
                guard stepText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    throw failure(item, "has step '\(stepText)', which is not a number")
                }
                guard let parsed = Int(stepText) else { throw failure(item, "has a step that is too large") }
                guard parsed >= 1 else { throw failure(item, "has step 0; a step must be at least 1") }
                step = parsed
                stepSuffix = "/" + stepText
            }
            let base = stepParts[0]
            var low = range.lowerBound
            var high = range.upperBound
            var spelledBase = "*"
            if base != "*" {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2, !bounds.contains(where: \.isEmpty) else {
                    throw failure(item, "is not a value, a range a-b, or '*'")
                }
                let start = try value(bounds[0])
                low = start.number
                spelledBase = start.spelled
                if bounds.count == 2 {
                    let end = try value(bounds[1])
                    guard start.number <= end.number else {
                        throw failure(item, "is a reversed range; the start must not be after the end")
                    }
                    high = end.number
                    spelledBase += "-" + end.spelled
                } else if stepParts.count == 1 {
                    high = low
                }
            }
            values.formUnion(stride(from: low, through: high, by: step))
            items.append(spelledBase + stepSuffix)
        }
        return (values, items.joined(separator: ","))
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The civil date of a day count since 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        CivilTime.date(days: days)
    }
}
