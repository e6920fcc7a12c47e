import Foundation

/// Canonical dates: ISO 8601 in UTC, `2019-09-17T08:00:00Z`.
public enum CanonicalDate {
    /// The canonical form of an ISO 8601 date or date-time, or nil when the text is not one.
    public static func canonical(_ text: String) -> String? {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? fractional.date(from: text) ?? dateOnly.date(from: text) else { return nil }
        return full.string(from: date)
    }
}
