#if os(Linux)
import Foundation
import Glibc
import Testing

@testable import IntakeRunner

/// Changes set aside that do not read back (the disk under them failed) stop the run with one
/// error, E048, naming the directory, and exit status 1: not a crash, nor a SIGBUS from a
/// mapping of the file. The child is this test binary run again.
@Suite struct StoredChangesFailureTests {
    private static let childVariable = "INTAKE_TEST_CUT_CHANGES"

    /// How the child damages and reads the changes: cut short and read front to back, or one
    /// picked by index (as the reports do); or with the first change's byte count swallowing
    /// the second, read front to back.
    enum Reading: String, CaseIterable {
        case cursor, index, miscounted

        /// What the error says.
        var message: String { self == .miscounted ? "read back" : "were cut short" }
    }

    @Test(arguments: Reading.allCases) func changesCutShortStopTheRunWithE048(_ reading: Reading) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "StoredChangesFailureTests/childReadsChangesCutShort"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: reading.rawValue]) { $1 }
        let errors = Pipe()
        child.standardOutput = FileHandle.nullDevice
        child.standardError = errors
        try child.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationReason == .exit && child.terminationStatus == 1)
        let directory = FileManager.default.temporaryDirectory.path
        #expect(message.contains("error[E048]: "), "\(message)")
        #expect(message.contains("set aside in the temporary directory '\(directory)'") && message.contains(reading.message), "\(message)")
        #expect(!message.contains("Fatal error"), "\(message)")
    }

    /// The child: sets changes aside, cuts their file short and reads them.
    @Test func childReadsChangesCutShort() throws {
        guard let reading = ProcessInfo.processInfo.environment[Self.childVariable].flatMap(Reading.init) else { return }
        let stored = try StoredChanges(directory: FileManager.default.temporaryDirectory)
        try stored.append((0..<5_000).map { n in
            RecordChange(key: "k\(n)", keyFields: ["account_id": "k\(n)"], action: .update, line: n + 2, attributes: ["Region": AttributeChange(old: "a", new: "b\(n)")])
        })
        try stored.seal()
        let descriptor = stored.descriptorForTests
        switch reading {
        case .cursor, .index:
            #expect(ftruncate(descriptor, 100) == 0)
        case .miscounted:
            var first: UInt32 = 0, second: UInt32 = 0
            #expect(pread(descriptor, &first, 4, 0) == 4)
            #expect(pread(descriptor, &second, 4, off_t(4 + first)) == 4)
            var swallowing = first + 4 + second
            #expect(pwrite(descriptor, &swallowing, 4, 0) == 4)
        }
        switch reading {
        case .cursor, .miscounted:
            var cursor = StoredChanges.Cursor(stored, indices: 0..<stored.count)
            while cursor.next() != nil {}
        case .index:
            _ = stored[4_000]
        }
        Issue.record("the changes read back whole")
    }
}
#endif
