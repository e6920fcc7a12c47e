import Foundation

/// A validated date format pattern (a strict subset of the Unicode/Java letters) with a fast, strict value parser.
public struct DateFormatPattern: Sendable, Equatable {
    /// One element of a pattern, in order.
    public enum Token: Sendable, Equatable {
        /// Year: `yyyy` is exactly four digits; `yy` is two, 00-69 → 2000s and 70-99 → 1900s.
        case year4, year2
        /// Month: `MM` is exactly two digits; `M` is one or two.
        case month2, month1
        /// Day of month: `dd` is exactly two digits; `d` is one or two.
        case day2, day1
        /// 24-hour clock hour (0-23): `HH` is exactly two digits; `H` is one or two.
        case hour24x2, hour24x1
        /// 12-hour clock hour (1-12, needs `a`): `hh` is exactly two digits; `h` is one or two.
        case hour12x2, hour12x1
        /// `mm` minute and `ss` second, each exactly two digits.
        case minute2, second2
        /// `S`…`SSSSSSSSS`: fraction of a second with exactly that many digits.
        case fraction(digits: Int)
        /// `a`: AM or PM, case-insensitive.
        case ampm
        /// Offsets `Z`, `±hh`, `±hhmm` or `±hh:mm`: `zoneISO` is written `X`…`XXX`, `zoneRFC` is written `Z`.
        case zoneISO, zoneRFC
        /// Text matched byte for byte.
        case literal(String)
    }

    /// Why a pattern was rejected, where, and how to fix common mistakes.
    public struct ParseError: Error, Equatable {
        /// Human-readable explanation naming the offending letters.
        public let message: String
        /// 0-based character offset in the pattern.
        public let offset: Int
        /// Suggested fix for a common mistake, if any.
        public let hint: String?

        /// Creates an error from its parts.
        public init(message: String, offset: Int, hint: String? = nil) {
            (self.message, self.offset, self.hint) = (message, offset, hint)
        }
    }

    /// The pattern text as written.
    public let pattern: String
    /// The pattern's tokens; empty for the `iso8601` keyword.
    public let tokens: [Token]

    /// Whether this is the `iso8601` keyword (date, optional time, optional fraction and offset).
    public let isISO8601: Bool

    /// Parses and validates a date format pattern or the `iso8601` keyword.
    public init(parsing text: String) throws(ParseError) {
        pattern = text
        isISO8601 = text == "iso8601"
        if isISO8601 {
            tokens = []
            return
        }
        guard !text.isEmpty else { throw ParseError(message: "date format pattern is empty", offset: 0) }
        var found: [Found] = []
        let characters = Array(text)
        var index = 0
        var quoteStart: Int?
        func appendLiteral(_ character: Character, at offset: Int) {
            if let last = found.last, case .literal(let text) = last.token {
                found[found.count - 1] = (.literal(text + String(character)), last.offset, last.spelled)
            } else {
                found.append((.literal(String(character)), offset, ""))
            }
        }
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                // '' is a literal quote both inside and outside quoted text; a lone quote opens or closes.
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    appendLiteral("'", at: index)
                    index += 2
                } else {
                    quoteStart = quoteStart == nil ? index : nil
                    index += 1
                }
            } else if quoteStart == nil, character.isASCII, character.isLetter {
                var end = index
                while end < characters.count, characters[end] == character { end += 1 }
                let spelled = String(repeating: character, count: end - index)
                guard let token = Self.token(for: character, count: end - index) else {
                    throw ParseError(message: "'\(spelled)' is not a supported date format field", offset: index,
                                     hint: Self.hint(for: character, count: end - index))
                }
                found.append((token, index, spelled))
                index = end
            } else {
                appendLiteral(character, at: index)
                index += 1
            }
        }
        if let quoteStart {
            throw ParseError(message: "quoted text starting here is never closed", offset: quoteStart,
                             hint: "close it with ', or write '' for a literal quote")
        }
        try Self.validate(found)
        tokens = found.map(\.token)
    }

    private typealias Found = (token: Token, offset: Int, spelled: String)

    private static func token(for letter: Character, count: Int) -> Token? {
        switch (letter, count) {
        case ("y", 4): .year4
        case ("y", 2): .year2
        case ("M", 2): .month2
        case ("M", 1): .month1
        case ("d", 2): .day2
        case ("d", 1): .day1
        case ("H", 2): .hour24x2
        case ("H", 1): .hour24x1
        case ("h", 2): .hour12x2
        case ("h", 1): .hour12x1
        case ("m", 2): .minute2
        case ("s", 2): .second2
        case ("S", 1...9): .fraction(digits: count)
        case ("a", 1): .ampm
        case ("X", 1...3): .zoneISO
        case ("Z", 1): .zoneRFC
        default: nil
        }
    }

    private static func hint(for letter: Character, count: Int) -> String {
        switch letter {
        case "Y": "week-based year; use \(count == 2 ? "yy" : "yyyy")"
        case "D": "day of year; use \(count == 1 ? "d" : "dd")"
        case "y": "use yyyy (four digits) or yy (two digits)"
        case "M": "month names are not supported; use MM or M"
        case "m": count > 2 ? "mm is minutes; month names are not supported, use MM for month" : "use mm for minutes or MM for month"
        case "d", "H", "h", "s": "use \(letter)\(letter) (two digits)" + (letter == "s" ? "" : " or \(letter) (one or two digits)")
        case "S": "use S to SSSSSSSSS (at most 9 fraction digits)"
        case "E", "e", "c": "day-of-week names are not supported; quote literal text like 'Mon'"
        case "a": "use a single a"
        case "X", "x", "z", "Z", "O", "V": "use XXX for an offset like +01:00 or Z for +0100"
        case "k", "K": "use HH (0-23) or hh with a (1-12)"
        default: "quote literal letters, e.g. 'T'"
        }
    }

    private enum Field: String { case year, month, day, hour, minute, second, fraction = "fraction of a second", ampm = "AM/PM marker", zone = "time zone" }

    private static let fieldByLetter: [Character: Field] = [
        "y": .year, "M": .month, "d": .day, "H": .hour, "h": .hour, "m": .minute, "s": .second,
        "S": .fraction, "a": .ampm, "X": .zone, "Z": .zone,
    ]

    private static func validate(_ found: [Found]) throws(ParseError) {
        let fields = found.map { $0.spelled.first.flatMap { fieldByLetter[$0] } }
        // `dd/mm/yyyy` is the classic slip; catch it before the repeat/missing checks bury it.
        if !fields.contains(.month) {
            for (position, entry) in found.enumerated() where entry.token == .minute2 {
                let beside = [(position - 1, position - 2), (position + 1, position + 2)]
                let dateLike = beside.contains { literal, other in
                    guard found.indices.contains(other), case .literal(let text) = found[literal].token else { return false }
                    return (text.contains("/") || text.contains("-")) && [.day, .year].contains(fields[other])
                }
                if dateLike {
                    throw ParseError(message: "'mm' stands between date fields but the pattern has no month", offset: entry.offset,
                                     hint: "mm is minutes; use MM for month")
                }
            }
        }
        var seen: [Field: (offset: Int, spelled: String)] = [:]
        for (entry, field) in zip(found, fields) {
            guard let field else { continue }
            if let earlier = seen[field] {
                throw ParseError(message: "'\(entry.spelled)' repeats the \(field.rawValue) already given by '\(earlier.spelled)' at offset \(earlier.offset)",
                                 offset: entry.offset)
            }
            seen[field] = (entry.offset, entry.spelled)
        }
        for (field, letters) in [(Field.year, "yyyy or yy"), (.month, "MM or M"), (.day, "dd or d")] where seen[field] == nil {
            throw ParseError(message: "date format pattern has no \(field.rawValue) (\(letters))", offset: 0)
        }
        let twelveHour = found.first { $0.token == .hour12x2 || $0.token == .hour12x1 }
        if let twelveHour, seen[.ampm] == nil {
            throw ParseError(message: "'\(twelveHour.spelled)' is a 12-hour clock hour but the pattern has no AM/PM marker 'a'",
                             offset: twelveHour.offset, hint: "add a, or use HH for the 24-hour clock")
        }
        if let marker = seen[.ampm], twelveHour == nil {
            throw ParseError(message: "'a' (AM/PM) needs a 12-hour clock hour 'hh' or 'h'", offset: marker.offset,
                             hint: seen[.hour].map { "'\($0.spelled)' is the 24-hour clock; use hh with a" })
        }
    }

    /// Strictly parses `value`; zone-less values are read in `timeZone`. Returns nil for any mismatch or impossible date.
    public func parse(_ value: String, timeZone: TimeZone) -> Date? {
        var value = value
        // UTC is the runner's default zone and needs no calendar at all.
        let zone = ["UTC", "GMT"].contains(timeZone.identifier) ? nil : timeZone
        return value.withUTF8 { parse(bytes: $0, timeZone: zone) }
    }

    /// `parse(value, timeZone: UTC)`, without looking the zone up for every value.
    public func parseUTC(_ value: String) -> Date? {
        var value = value
        return value.withUTF8 { parseUTC(bytes: $0) }
    }

    /// `parseUTC` of a value's UTF-8 bytes.
    public func parseUTC(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        parse(bytes: bytes, timeZone: nil)
    }

    /// Nil `timeZone` is UTC.
    private func parse(bytes: UnsafeBufferPointer<UInt8>, timeZone: TimeZone?) -> Date? {
        var cursor = ByteCursor(bytes: bytes)
        var parts = DateParts()
        if isISO8601 {
            guard cursor.iso8601(into: &parts) else { return nil }
        } else {
            for token in tokens {
                guard cursor.read(token, into: &parts) else { return nil }
            }
        }
        guard cursor.index == bytes.count else { return nil }
        return parts.date(in: timeZone)
    }
}
