import Foundation
import IntakeKit

/// A one-line progress display on stderr for plan and apply: rows, rows/s and an ETA from the
/// bytes read, redrawn at most ten times a second and cleared when the run ends.
final class ProgressBar: @unchecked Sendable {
    /// Seconds between redraws; a terminal cannot show more and redrawing costs the reader.
    static let interval = 0.1
    /// Nothing is drawn before this, so small files finish without a flash of progress.
    static let delay = 0.5

    private let console: Console
    private let colored: Bool
    private let now: @Sendable () -> Double
    private let lock = NSLock()
    private var file: String?
    private var start = 0.0
    private var lastDraw = -Double.infinity
    private var drawn = false

    /// A bar drawing to `console`; `now` is a monotonic clock in seconds (tests pass their own).
    init(console: Console, colored: Bool, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.console = console
        self.colored = colored
        self.now = now
    }

    /// Takes one progress report; redraws when due.
    func update(_ progress: RunProgress) {
        lock.withLock {
            let time = now()
            if progress.file != file {
                file = progress.file
                start = time
            }
            let elapsed = time - start
            guard elapsed >= Self.delay, time - lastDraw >= Self.interval else { return }
            lastDraw = time
            drawn = true
            let line = Self.line(
                file: progress.file, rows: progress.rows, bytesRead: progress.bytesRead, totalBytes: progress.totalBytes,
                elapsed: elapsed, colored: colored)
            console.err("\r\(line)\u{1B}[K")
        }
    }

    /// Clears the line, if anything was drawn, so the report starts on a clean line.
    func finish() {
        lock.withLock {
            if drawn { console.err("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// The text of one redraw, without the carriage return.
    static func line(file: String, rows: Int, bytesRead: Int, totalBytes: Int?, elapsed: Double, colored: Bool) -> String {
        let name = (file as NSString).lastPathComponent
        let rate = elapsed > 0 ? Int((Double(rows) / elapsed).rounded()) : 0
        var parts = ["reading \(name)"]
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytesRead) / Double(totalBytes))
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            var bar = String(repeating: "=", count: filled)
            if filled < width { bar += ">" + String(repeating: " ", count: width - filled - 1) }
            parts.append("[" + (colored ? "\u{1B}[36m\(bar)\u{1B}[0m" : bar) + "]")
            parts.append(String(format: "%3d%%", Int((fraction * 100).rounded(.down))))
        }
        parts.append("\(grouped(rows)) rows")
        parts.append("\(grouped(rate)) rows/s")
        if let totalBytes, totalBytes > 0 {
            if bytesRead > 0, elapsed > 0, bytesRead < totalBytes {
                parts.append("ETA " + duration(elapsed * Double(totalBytes - bytesRead) / Double(bytesRead)))
            } else {
                parts.append("ETA " + (bytesRead >= totalBytes ? "0:00" : "-:--"))
            }
        }
        return parts.joined(separator: "  ")
    }

    /// `1,234,567`, independent of the locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
