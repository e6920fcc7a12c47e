#if os(Linux)
import Foundation
import Glibc
import Testing

@testable import IntakeCLI

/// A changeset file still being written holds customer data: a run that exits, or is stopped
/// by Ctrl-C, SIGTERM or SIGHUP, before it finishes leaves nothing of it beside the target.
/// Each case runs this test binary again as a child that starts a file and then stops.
@Suite struct PartialChangesetTests {
    private static let childFolder = "INTAKE_TEST_PARTIAL_FOLDER"
    private static let childEnding = "INTAKE_TEST_PARTIAL_ENDING"

    @Test(arguments: ["SIGINT", "SIGTERM", "SIGHUP", "exit"])
    func anUnfinishedFileIsRemoved(ending: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("partial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "PartialChangesetTests/childStartsAFile"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childFolder: folder.path, Self.childEnding: ending]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(120)
        // The child writes a byte to `started` once its partial file holds a chunk.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("started").path) {
            try #require(child.isRunning && Date() < deadline, "the child never started its file")
            usleep(5_000)
        }
        let partials = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
        #expect(partials.count == 1, "\(partials)")
        let signals = ["SIGINT": SIGINT, "SIGTERM": SIGTERM, "SIGHUP": SIGHUP]
        if let signal = signals[ending] {
            kill(child.processIdentifier, signal)
        } else {
            FileManager.default.createFile(atPath: folder.appendingPathComponent("go").path, contents: Data([1]))
        }
        child.waitUntilExit()
        if let signal = signals[ending] {
            #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == signal, "dies of the signal, as without the cleanup")
        } else {
            #expect(child.terminationReason == .exit && child.terminationStatus == 3)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "go" } == ["started"])
    }

    /// The child: starts `changeset.json` in the folder given, then waits to be stopped, or
    /// exits when told to.
    @Test func childStartsAFile() throws {
        guard let folder = ProcessInfo.processInfo.environment[Self.childFolder].map(URL.init(fileURLWithPath:)),
            let ending = ProcessInfo.processInfo.environment[Self.childEnding]
        else { return }
        let file = try ChangesetFile(target: folder.appendingPathComponent("changeset.json"))
        let chunk = [UInt8](repeating: 0x20, count: 4_096)
        chunk.withUnsafeBufferPointer { file.write($0) }
        FileManager.default.createFile(atPath: folder.appendingPathComponent("started").path, contents: Data([1]))
        guard ending == "exit" else {
            sleep(120)
            return
        }
        // Exits once the parent has seen the partial file.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("go").path) { usleep(5_000) }
        exit(3)
    }
}
#endif
