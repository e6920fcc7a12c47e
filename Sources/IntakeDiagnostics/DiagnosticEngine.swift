import Foundation

/// Collects every diagnostic of a run so that all of them are reported, not only the first.
///
/// Stages emit into the engine; the boundary between stages asks `hasErrors`.
public final class DiagnosticEngine: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    /// Creates an empty engine.
    public init() {}

    /// Records a diagnostic.
    public func emit(_ diagnostic: Diagnostic) {
        lock.withLock { items.append(diagnostic) }
    }

    /// Records a diagnostic built from its parts.
    public func emit(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation?,
        hint: String? = nil, notes: [Diagnostic.Note] = []
    ) {
        emit(Diagnostic(code, message, at: location, hint: hint, notes: notes))
    }

    /// Records several diagnostics.
    public func emit(contentsOf diagnostics: [Diagnostic]) {
        lock.withLock { items.append(contentsOf: diagnostics) }
    }

    /// Every diagnostic so far, sorted by file, line and column; unlocated ones first.
    public var diagnostics: [Diagnostic] {
        lock.withLock { items }.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Whether any error was emitted.
    public var hasErrors: Bool { lock.withLock { items.contains { $0.severity == .error } } }

    /// Whether any warning was emitted.
    public var hasWarnings: Bool { lock.withLock { items.contains { $0.severity == .warning } } }

    /// The number of diagnostics of a severity.
    public func count(of severity: Severity) -> Int {
        lock.withLock { items.filter { $0.severity == severity }.count }
    }
}
