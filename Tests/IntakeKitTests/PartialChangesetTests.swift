#if os(Linux)
import Foundation
import Glibc
import Testing

@testable import IntakeCLI

/// A changeset file still being written holds customer data: a run that exits, or is stopped,
/// before it finishes leaves nothing of it beside the target. Without a name while written
/// (`O_TMPFILE`), not even `kill -9` leaves it; with one (where the file system cannot make an
/// unnamed file), exit, Ctrl-C, SIGTERM and SIGHUP remove it. Each case runs this test binary
/// again as a child that starts a file and then stops.
@Suite struct PartialChangesetTests {
    private static let childFolder = "INTAKE_TEST_PARTIAL_FOLDER"
    private static let childEnding = "INTAKE_TEST_PARTIAL_ENDING"
    private static let childNamed = "INTAKE_TEST_PARTIAL_NAMED"

    @Test(arguments: [("SIGINT", false), ("SIGKILL", false), ("exit", false), ("SIGINT", true), ("SIGTERM", true), ("SIGHUP", true), ("exit", true)])
    func anUnfinishedFileIsRemoved(ending: String, named: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("partial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "PartialChangesetTests/childStartsAFile"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [Self.childFolder: folder.path, Self.childEnding: ending, Self.childNamed: named ? "1" : "0"]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(120)
        // The child writes `started` once its file holds a chunk.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("started").path) {
            try #require(child.isRunning && Date() < deadline, "the child never started its file")
            usleep(5_000)
        }
        let partials = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
        #expect(partials.count == (named ? 1 : 0), "\(partials)")
        let signals = ["SIGINT": SIGINT, "SIGTERM": SIGTERM, "SIGHUP": SIGHUP, "SIGKILL": SIGKILL]
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
        let environment = ProcessInfo.processInfo.environment
        guard let folder = environment[Self.childFolder].map(URL.init(fileURLWithPath:)), let ending = environment[Self.childEnding] else { return }
        // As a plan started from a shell: a runner started under `nohup` would pass SIGHUP ignored.
        for signal in [SIGINT, SIGTERM, SIGHUP] { Glibc.signal(signal, SIG_DFL) }
        let file = try ChangesetFile(target: folder.appendingPathComponent("changeset.json"), unnamed: environment[Self.childNamed] != "1")
        let chunk = [UInt8](repeating: 0x20, count: 4_096)
        chunk.withUnsafeBufferPointer { file.write($0) }
        FileManager.default.createFile(atPath: folder.appendingPathComponent("started").path, contents: Data([1]))
        guard ending == "exit" else {
            sleep(120)
            return
        }
        // Exits once the parent has seen the folder.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("go").path) { usleep(5_000) }
        exit(3)
    }
}
#endif
