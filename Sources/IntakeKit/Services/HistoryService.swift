import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner

/// Reads the run history and the stored records.
public struct HistoryService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Runs, newest first.
    public func runs(integration: String?, limit: Int = 50) -> Result<[RunRecord], Diagnostic> {
        open().flatMap { store in
            Result { () throws(StoreError) in try store.runs(integration: integration, limit: limit) }
                .mapError { Diagnostic(.storeFailure, "state store: \($0.message)", at: nil) }
        }
    }

    /// Every record of an object (`account`, `collection:Opportunities`…), in key order.
    public func records(object: String) -> Result<[StoredRecord], Diagnostic> {
        if let problem = Self.unknownObject(object) { return .failure(problem) }
        return open().flatMap { store in
            Result { () throws(StoreError) in try store.allRecords(in: object) }
                .mapError { Diagnostic(.storeFailure, "state store: \($0.message)", at: nil) }
        }
    }

    /// One record by key (fields joined by ` / ` for composite keys).
    public func record(object: String, key: String) -> Result<StoredRecord?, Diagnostic> {
        if let problem = Self.unknownObject(object) { return .failure(problem) }
        return open().flatMap { store in
            Result { () throws(StoreError) in try store.records(in: object, keys: [key])[key] }
                .mapError { Diagnostic(.storeFailure, "state store: \($0.message)", at: nil) }
        }
    }

    /// A diagnostic when `object` names no stored object (activity events are not records).
    static func unknownObject(_ object: String) -> Diagnostic? {
        let kinds = ObjectKind.allCases.filter { $0 != .usageActivity && $0 != .collection }.map(\.rawValue)
        guard !kinds.contains(object), !object.hasPrefix("collection:") else { return nil }
        return Diagnostic(
            .unknownObject, "'\(object)' holds no records", at: nil,
            hint: object == "usage.activity" ? "activity events are appended, not stored as records" :
                (Suggestions.hint(for: object, in: kinds) ?? "objects: \(kinds.joined(separator: ", ")), collection:NAME"))
    }

    private func open() -> Result<any StateStore, Diagnostic> { StoreLocator.open(project) }
}
