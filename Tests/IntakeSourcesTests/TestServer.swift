import Foundation
import IntakeTestSupport


/// A server process started by a test: one of the scripts in Servers/, which prints one JSON
/// line once it listens and exits when its standard input closes.
final class TestServer: @unchecked Sendable {
    /// What the script printed.
    let info: [String: Any]
    private let process: Process
    private let input: Pipe

    /// The folder of the server scripts.
    static let scripts = Fixtures.repositoryRoot.appendingPathComponent("Tests/IntakeSourcesTests/Servers")

    /// Starts `script` with `arguments`; nil, with the reason, when it cannot start here.
    static func start(_ script: String, _ arguments: [String] = []) -> Result<TestServer, ServerUnavailable> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scripts.appendingPathComponent(script).path] + arguments
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(ServerUnavailable("cannot run python3 for \(script): \(error)"))
        }
        // The script prints its JSON line when ready, or exits with the reason on stderr.
        let line = output.fileHandleForReading.readLine()
        guard let line, let data = line.data(using: .utf8),
            let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return .failure(ServerUnavailable("\(script) did not start: \(reason.suffix(600))"))
        }
        // Keep draining stderr so a chatty server never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        return .success(TestServer(info: info, process: process, input: input))
    }

    private init(info: [String: Any], process: Process, input: Pipe) {
        self.info = info
        self.process = process
        self.input = input
    }

    /// The port it listens on.
    var port: Int { info["port"] as? Int ?? 0 }

    /// A string the script reported.
    subscript(_ key: String) -> String { info[key].map { "\($0)" } ?? "" }

    /// Stops the server: closing its input makes it shut down; waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Why a test server could not start; tests skip with this message.
struct ServerUnavailable: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// One line, without its newline; nil at end of file.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            let byte = readData(ofLength: 1)
            guard let first = byte.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
    }
}
