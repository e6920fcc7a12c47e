import IntakeDiagnostics

/// One change of meaning between two versions of the model or a spec, classified for review.
public struct SemanticChange: Sendable, Codable, Equatable {
    /// How much attention a change needs.
    public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
        /// Cannot lose or alter stored data (a mapping added, a schedule moved).
        case safe
        /// Alters what future runs write; read it (a coercion, a source, a mode).
        case review
        /// Can clear, orphan or misread stored data (a default going to delete, a retyped attribute).
        case destructive

        /// Orders safe < review < destructive.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
    }

    /// The classification.
    public var severity: Severity
    /// A stable slug: `mapping-removed`, `default-changed`, `attribute-retyped`, ….
    public var kind: String
    /// The integration, or nil for a model change.
    public var integration: String?
    /// What changed, in words.
    public var message: String
    /// Why it has this severity, when not obvious.
    public var reason: String?
    /// Where it is in the working tree; for something removed, the nearest place that still exists.
    public var location: SourceLocation?
    /// Where it was at the base revision, for removals and moves.
    public var baseLocation: SourceLocation?

    /// Creates a change.
    public init(
        _ severity: Severity, _ kind: String, integration: String?, _ message: String, reason: String? = nil,
        at location: SourceLocation?, base: SourceLocation? = nil
    ) {
        self.severity = severity
        self.kind = kind
        self.integration = integration
        self.message = message
        self.reason = reason
        self.location = location
        self.baseLocation = base
    }
}

extension Array where Element == SemanticChange {
    /// Destructive first, then by place, so the riskiest change leads every listing.
    func ordered() -> [SemanticChange] {
        enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}
