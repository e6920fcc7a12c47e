import CPartialFiles
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IntakeRunner

/// `--out FILE`: the changeset streamed into a temporary file beside FILE and renamed over it
/// only when complete, so a failed or interrupted run never leaves half a changeset (which
/// holds customer data). The file has no name while it is written (`O_TMPFILE`), so nothing of
/// it outlives the process however it ends, even `kill -9`; where the file system cannot make
/// one, it is `.FILE.partial-PID`, removed if the process exits or is stopped by SIGINT,
/// SIGTERM or SIGHUP first.
final class ChangesetFile {
    /// Where the changeset ends up.
    let target: URL
    /// The temporary file's name: from the start when it could not be made without one, else
    /// from `commit`, just before it is renamed over the target.
    private let partial: URL
    /// Whether the temporary file has its name (and is registered for removal at exit).
    private var named: Bool
    private let handle: FileHandle
    private var flusher: WriteBehind
    /// Whether the JSON was already streamed in (by the `--format json` output).
    private(set) var written = false

    /// Creates the temporary file, to be flushed to disk every `window` bytes; with a name
    /// from the start unless `unnamed`.
    init(target: URL, window: Int = WriteBehind.window, unnamed: Bool = true) throws {
        self.target = target
        partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let descriptor = unnamed ? intake_open_unnamed(target.deletingLastPathComponent().path) : -1
        if descriptor >= 0 {
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            named = false
        } else {
            handle = try Self.createNamed(partial, for: target)
            named = true
        }
        flusher = WriteBehind(descriptor: handle.fileDescriptor, window: window)
    }

    /// The temporary file created under `partial`, registered for removal at exit.
    private static func createNamed(_ partial: URL, for target: URL) throws -> FileHandle {
        // Registered before it exists: an interrupt between the two leaves nothing behind.
        guard intake_partial_register(partial.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        do {
            guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
            return try FileHandle(forWritingTo: partial)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            intake_partial_done(partial.path)
            throw error
        }
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
        if !named {
            // link(2) cannot replace a file: the complete file gets its temporary name first
            // (registered, in case the process ends before the rename), then replaces the target.
            guard intake_partial_register(partial.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path]) }
            named = true
            try? FileManager.default.removeItem(at: partial)
            guard intake_link_unnamed(handle.fileDescriptor, partial.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        try handle.close()
        // rename(2) replaces the target in one step, whether or not it exists.
        guard rename(partial.path, target.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        intake_partial_done(partial.path)
    }

    /// Removes the temporary file (one without a name goes with its descriptor).
    func discard() {
        try? handle.close()
        guard named else { return }
        try? FileManager.default.removeItem(at: partial)
        intake_partial_done(partial.path)
    }
}
