import Foundation

/// Turns a zone-less wall-clock time into an instant in one IANA zone, reporting clock-change gaps and overlaps.
struct ZoneResolver: Sendable {
    /// Where a wall-clock time falls.
    enum Resolution: Equatable {
        /// Exactly one instant (seconds since 1970).
        case instant(Int)
        /// The clocks skipped this time (spring forward).
        case gap
        /// The time occurs twice (fall back): the earlier and the later instant.
        case overlap(Int, Int)
    }

    let zone: TimeZone
    /// UTC needs no zone lookups at all, which keeps the default case cheap.
    let isUTC: Bool

    init(identifier: String?) throws(CoercerError) {
        let identifier = identifier ?? "UTC"
        guard let zone = TimeZone(identifier: identifier) else {
            throw CoercerError("unknown time zone '\(identifier)'; use an IANA name such as America/New_York or UTC")
        }
        self.zone = zone
        isUTC = ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "UCT", "Etc/UCT", "GMT0"]
            .contains(identifier)
    }

    /// The instant(s) of `wall`, a wall-clock time counted as if it were seconds since 1970 in UTC.
    func resolve(_ wall: Int) -> Resolution {
        if isUTC { return .instant(wall) }
        // The offsets a day either side bound the ones that can apply; zones change clocks at most once in that span.
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        let early = wall - before
        let earlyFits = offset(at: early) == before
        if before == after { return earlyFits ? .instant(early) : .gap }
        let late = wall - after
        let lateFits = offset(at: late) == after
        switch (earlyFits, lateFits) {
        case (true, true): return .overlap(min(early, late), max(early, late))
        case (true, false): return .instant(early)
        case (false, true): return .instant(late)
        case (false, false): return .gap
        }
    }

    private func offset(at seconds: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }
}
