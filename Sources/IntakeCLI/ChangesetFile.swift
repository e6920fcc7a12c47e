import CPartialFiles
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IntakeRunner

/// `--out FILE`: the changeset streamed into a temporary file beside FILE and renamed over it
/// only when complete, so a failed or interrupted run never leaves half a changeset: the
/// temporary file is removed if the process exits or is stopped by SIGINT, SIGTERM or SIGHUP
/// first (it holds customer data).
final class ChangesetFile {
    /// Where the changeset ends up.
    let target: URL
    private let partial: URL
    private let handle: FileHandle
    private var flusher: WriteBehind
    /// Whether the JSON was already streamed in (by the `--format json` output).
    private(set) var written = false

    /// Creates the temporary file, to be flushed to disk every `window` bytes.
    init(target: URL, window: Int = WriteBehind.window) throws {
        self.target = target
        partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        // Registered before it exists: an interrupt between the two leaves nothing behind.
        guard intake_partial_register(partial.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            intake_partial_done(partial.path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        do {
            handle = try FileHandle(forWritingTo: partial)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            intake_partial_done(partial.path)
            throw error
        }
        flusher = WriteBehind(descriptor: handle.fileDescriptor, window: window)
    }

    /// The first write error (a full disk), thrown by `commit`.
    private var failure: (any Error)?

    /// Appends one chunk of the JSON.
    func write(_ chunk: UnsafeBufferPointer<UInt8>) {
        written = true
        guard failure == nil else { return }
        do {
            try handle.write(contentsOf: UnsafeRawBufferPointer(chunk))
            try flusher.wrote(chunk.count)
        } catch {
            failure = error
        }
    }

    /// Writes `changeset` unless it was streamed already, then moves the file into place.
    func commit(_ changeset: Changeset) throws {
        if !written { ChangesetEncoder.stream(changeset) { self.write($0) } }
        if let failure { throw failure }
        try handle.synchronize()
        try handle.close()
        // rename(2) replaces the target in one step, whether or not it exists.
        guard rename(partial.path, target.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        intake_partial_done(partial.path)
    }

    /// Removes the temporary file.
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: partial)
        intake_partial_done(partial.path)
    }
}
