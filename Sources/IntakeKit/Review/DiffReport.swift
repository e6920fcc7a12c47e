import IntakeDiagnostics
import IntakeSpec

/// What `intake diff --base REV` found: the model's changes and each integration's.
public struct DiffReport: Sendable {
    /// The revision as given.
    public var base: String
    /// The commit it names, when it names one.
    public var baseCommit: String?
    /// Problems of the working tree (errors fail the command) and of the request itself.
    public var diagnostics: [Diagnostic]
    /// Problems of the files at the base revision; reported, never failing.
    public var baseDiagnostics: [Diagnostic]
    /// Working-tree file texts for excerpts.
    public var files: [String: SourceFile]
    /// Base-revision file texts for excerpts.
    public var baseFiles: [String: SourceFile]
    /// Changes of the data model.
    public var model: [SemanticChange]
    /// One entry per integration that exists at either side, by name.
    public var integrations: [IntegrationDiff]
    /// Why no state store was consulted, when none was.
    public var stateNote: String?

    /// Every change, destructive first.
    public var changes: [SemanticChange] { (model + integrations.flatMap(\.changes)).ordered() }

    /// The most severe change, or nil when nothing changed.
    public var worst: SemanticChange.Severity? { changes.map(\.severity).max() }

    /// Whether the working tree has errors.
    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// One integration's changes between the base revision and the working tree.
public struct IntegrationDiff: Sendable {
    /// Added, removed, changed, unchanged, or not comparable because a side does not compile.
    public enum Status: String, Sendable, Codable {
        case added, removed, changed, unchanged
        /// The spec does not compile at one side; its diagnostics say why.
        case broken
    }

    /// The integration's name.
    public var name: String
    /// The spec file (working tree, or base when removed).
    public var path: String
    /// What happened to it.
    public var status: IntegrationDiff.Status
    /// Its changes, destructive first.
    public var changes: [SemanticChange]
    /// The old-vs-new run comparison, with `--impact`.
    public var impact: ImpactReport?
    /// Why the impact could not be computed, when asked for and not computed.
    public var impactNote: String?
}

extension Diagnostic {
    /// The same diagnostic, its message saying it is about the files at `revision`.
    public func atRevision(_ revision: String) -> Diagnostic {
        var copy = self
        copy.message = "at \(revision): \(message)"
        return copy
    }
}
