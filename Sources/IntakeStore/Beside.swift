import Foundation

/// Work started on another thread beside the caller's, whose error counts as the caller's.
final class Beside: @unchecked Sendable {
    // Written by the worker before `done` is signalled, read by the caller after waiting.
    /// What the work threw, if it did.
    private var failure: (any Error)?
    /// Signalled when the work has ended.
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a pool thread.
    init(_ work: @escaping @Sendable () throws -> Void) {
        DispatchQueue.global().async { [self] in
            do { try work() } catch { failure = error }
            done.signal()
        }
    }

    /// Runs `body`, then waits for the work beside it, whatever `body` did: `body`'s error
    /// first, else the work's.
    func finishing<T>(_ body: () throws -> T) throws -> T {
        let result = Result { try body() }
        done.wait()
        if let failure, case .success = result { throw failure }
        return try result.get()
    }
}
