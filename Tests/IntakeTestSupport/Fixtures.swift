import Foundation

/// Paths and shared inputs for tests.
public enum Fixtures {
    /// The repository root, found from this source file's location.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/IntakeTestSupport/Fixtures.swift → repository root.
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared`, where the outside corpora live (read-only).
    public static let shared: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// A small model in the format of DESIGN §4, used by compiler tests.
    public static let model = """
        model: 1
        account:
          attributes:
            Region:         { type: text, default: keep }
            ARR:            { type: currency, default: keep }
            Renewal Date:   { type: date, default: delete }
            Health Segment: { type: list, values: [Healthy, At Risk, Critical], default: { value: Healthy } }
            Last Sync:      { type: date, default: today }
            Employees:      { type: number }
        user:
          attributes:
            Title: { type: text }
        collections:
          Opportunities:
            attributes:
              Stage: { type: text }
              Amount: { type: currency }
        roles: [CSM, AE, Exec-Sponsor]
        licenses: [Spark, Zoe]
        task: { priorities: [Low, Medium, High], statuses: [Open, In Progress, Done] }
        touchpoint: { types: [Call, Meeting, Email] }

        """

    /// Makes an empty temporary folder, which the caller removes; whatever is left goes when
    /// the test process exits.
    public static func temporaryFolder() throws -> URL {
        let url = processFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// This process's folder of temporary folders, removed at exit: a test that fails before its
    /// own cleanup, or whose fixture outlives it, would otherwise leave customer-like files in
    /// the system's temporary directory on every run.
    private static let processFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("intake-test-\(getpid())-\(UUID().uuidString)")
        processFolderPath = url.path
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.processFolderPath) }
        return url
    }()

    /// `processFolder`'s path, for the exit handler, which captures nothing.
    nonisolated(unsafe) private static var processFolderPath = ""

    /// Writes files (relative path → text) under `root`, creating folders.
    public static func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}
